/*
 * schema.c: the schema of a database compared with what the migrations
 * create (see schema.h).
 */
#include "schema.h"
#include "db.h"
#include "err.h"
#include "migrate.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Every schema object in a fixed order. sqlite_stat* tables are SQLite's
   own, made by ANALYZE, and hold only statistics. */
static const char sql_objects[] = "SELECT type, name, tbl_name, sql FROM sqlite_master"
                                  " WHERE name NOT LIKE 'sqlite_stat%'"
                                  " ORDER BY type COLLATE BINARY, name COLLATE BINARY";

/* A row's place in the order of sql_objects: <0, 0 or >0 like strcmp. */
static int
object_order(sqlite3_stmt *a, sqlite3_stmt *b)
{
    int c = strcmp(db_column_text(a, 0), db_column_text(b, 0));
    return c ? c : strcmp(db_column_text(a, 1), db_column_text(b, 1));
}

/* Walks both ordered lists side by side; 0 or ERR_INPUT with the first
   difference in why. */
static int
compare_objects(struct db *db, struct db *expected, int64_t version, char *why, size_t why_len)
{
    sqlite3_stmt *have = NULL, *want = NULL;
    int rc = db_prepare(db, &have, sql_objects);
    if (rc == 0)
        rc = db_prepare(expected, &want, sql_objects);
    if (rc)
        goto out;
    int has = db_step(have), wants = db_step(want);
    while ((has == 1 || wants == 1) && has >= 0 && wants >= 0) {
        int order = has != 1 ? 1 : wants != 1 ? -1 : object_order(have, want);
        if (order < 0) {
            snprintf(why, why_len, "it has a %s %s that shokai's migrations do not create",
                     db_column_text(have, 0), db_column_text(have, 1));
        } else if (order > 0) {
            snprintf(why, why_len,
                     "it lacks the %s %s that the migrations up to %" PRId64 " create",
                     db_column_text(want, 0), db_column_text(want, 1), version);
        } else if (strcmp(db_column_text(have, 2), db_column_text(want, 2)) ||
                   strcmp(db_column_text(have, 3), db_column_text(want, 3))) {
            snprintf(why, why_len, "its %s %s differs from what the migrations create",
                     db_column_text(have, 0), db_column_text(have, 1));
        } else {
            has = db_step(have);
            wants = db_step(want);
            continue;
        }
        rc = ERR_INPUT;
        goto out;
    }
    rc = has < 0 ? has : wants < 0 ? wants : 0;
    if (rc)
        snprintf(why, why_len, "its schema cannot be read");
out:
    db_done(have);
    db_done(want);
    return rc;
}

int
schema_check(struct db *db, char *why, size_t why_len)
{
    int64_t version = 0;
    struct db *expected = NULL;
    int applied = 0;
    int rc = db_query_int(db, "PRAGMA user_version", &version);
    if (rc) {
        snprintf(why, why_len, "its schema version cannot be read");
        goto out;
    }
    if (version < 1 || version > migrate_latest()) {
        snprintf(why, why_len, "it has schema version %" PRId64 "; this shokai knows 1 to %d",
                 version, migrate_latest());
        rc = ERR_CONFLICT;
        goto out;
    }
    rc = db_open(":memory:", true, &expected);
    if (rc == 0)
        rc = migrate_to(expected, (int)version, &applied);
    if (rc) {
        snprintf(why, why_len, "the expected schema could not be built");
        goto out;
    }
    rc = compare_objects(db, expected, version, why, why_len);
out:
    db_close(expected);
    return rc;
}

/* The PRAGMA schema_version last found sound, -1 before the first check.
   Process-wide on purpose: every connection sees the same file. */
static _Atomic int64_t sound_schema_version = -1;

int
schema_check_cached(struct db *db, char *why, size_t why_len)
{
    int64_t cookie = 0;
    int rc = db_query_int(db, "PRAGMA schema_version", &cookie);
    if (rc) {
        snprintf(why, why_len, "its schema version cannot be read");
        return rc;
    }
    if (cookie == atomic_load(&sound_schema_version))
        return 0;
    rc = schema_check(db, why, why_len);
    if (rc == 0)
        atomic_store(&sound_schema_version, cookie);
    return rc;
}

int
schema_health(struct db *db, char *why, size_t why_len)
{
    int64_t one = 0;
    if (db_query_int(db, "SELECT 1", &one) != 0 || one != 1)
        return ERR_DB;
    return schema_check_cached(db, why, why_len) ? ERR_CONFLICT : 0;
}
