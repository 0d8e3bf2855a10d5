/*
 * db.h: the one wrapper around SQLite (Fossil's Stmt, smaller).
 *
 * Every connection is opened with WAL, foreign keys on, a busy timeout and
 * synchronous=FULL, so an acknowledged write survives a crash or power loss.
 * Statements are prepared from string literals with ?N parameters and cached
 * per connection; values are only ever bound, never formatted into SQL.
 * A connection belongs to one thread (db_thread); never share one.
 */
#ifndef SHOKAI_DB_H
#define SHOKAI_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* Opens path. create=false refuses a missing file. Caller frees with db_close(). */
int db_open(const char *path, bool create, struct db **out);
void db_close(struct db *db);
/* This thread's connection to path, opened on first use (one per worker thread).
   Closed by db_thread_close(). Returns NULL if it cannot be opened. */
struct db *db_thread(const char *path);
void db_thread_close(void);

/* A cached statement for sql (which must be a string literal: its address is the
   cache key), reset and with bindings cleared. Owned by the connection. */
int db_prepare(struct db *db, sqlite3_stmt **st, const char *sql);
/* 1 = a row is ready, 0 = done, <0 = error (the statement is then reset). */
int db_step(sqlite3_stmt *st);
/* Resets a statement after use so it holds no read lock. */
void db_done(sqlite3_stmt *st);
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);
int db_bind_blob(sqlite3_stmt *st, int idx, const void *p, int n);
int db_bind_int64(sqlite3_stmt *st, int idx, int64_t v);
int db_bind_null(sqlite3_stmt *st, int idx);
/* Column text, "" when NULL; valid until the next step. */
const char *db_column_text(sqlite3_stmt *st, int col);

/* Runs one statement that returns no rows, binding the arguments in order by
   `types`: 't' text (const char *, NULL binds NULL), 'i' int64_t, 'b' blob
   (const void *, int length: two arguments), 'n' NULL (no argument).
   Returns 0 or an err (ERR_CONFLICT for a constraint). */
int db_run(struct db *db, const char *sql, const char *types, ...);

/* Runs fixed SQL without parameters (migrations, pragmas): never data. */
int db_exec_script(struct db *db, const char *sql);
int db_begin(struct db *db); /* BEGIN IMMEDIATE: takes the write lock now */
int db_commit(struct db *db);
void db_rollback(struct db *db);
int64_t db_last_rowid(struct db *db);
int db_changes(struct db *db);
sqlite3 *db_handle(struct db *db);
/* Maps a SQLite result code to an enum err. */
int db_err(int sqlite_rc);
/* One integer from a statement with no parameters, e.g. "PRAGMA user_version". */
int db_query_int(struct db *db, const char *sql, int64_t *out);

#endif
