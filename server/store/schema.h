/*
 * schema.h: is a database's schema the one shokai's migrations create?
 *
 * A database file is trusted only as far as its schema goes: a table, index,
 * trigger or view that the migrations do not create (a trigger planted in a
 * backup, an unrelated database that happens to carry the right
 * user_version) would run with the server's rights. Restore, `serve` and
 * /healthz refuse such a file (SECURITY.md).
 */
#ifndef SHOKAI_SCHEMA_H
#define SHOKAI_SCHEMA_H

#include <stddef.h>

struct db;

/* Compares db's sqlite_master (type, name, tbl_name, sql of every table,
   index, trigger and view) with that of a new in-memory database migrated to
   the same PRAGMA user_version. 0 when they are equal; ERR_CONFLICT when the
   user_version is not one this binary has (1 to migrate_latest()); ERR_INPUT when they
   differ, with why naming the first difference; another err when a database
   cannot be read. */
int schema_check(struct db *db, char *why, size_t why_len);

/* schema_check, skipped while PRAGMA schema_version (which SQLite changes with
   every change of the schema) is the value last found sound in this process:
   cheap enough for every /healthz. Thread-safe. */
int schema_check_cached(struct db *db, char *why, size_t why_len);
/* For /healthz: ERR_DB when the database does not answer a query, ERR_CONFLICT
   (why set) when its schema is not the expected one (schema_check_cached). */
int schema_health(struct db *db, char *why, size_t why_len);

#endif
