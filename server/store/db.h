/*
 * db.h: the one wrapper around SQLite (Fossil's Stmt, smaller).
 *
 * Every connection is opened with WAL, foreign keys on, a busy timeout and
 * synchronous=FULL, so an acknowledged write survives a crash or power loss.
 * Statements are prepared from string literals with ?N parameters and cached
 * per connection; values are only ever bound, never formatted into SQL.
 * A connection is used by one thread at a time (db_pool.h lends them out).
 */
#ifndef SHOKAI_DB_H
#define SHOKAI_DB_H

#include "err.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Opens path. create=false refuses a missing file. Caller frees with db_close(). */
int db_open(const char *path, bool create, struct db **out);
void db_close(struct db *db);
/* Resets every statement still running and rolls back a transaction left
   open, so the next user of a shared connection (db_pool.h) starts clean and
   sees current data. True (and a log line) when there was anything: a bug. */
bool db_reset_all(struct db *db);

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

/* One bound value of a statement. Make them with db_text(), db_int(),
   db_blob() and db_null(): each takes exactly its C type, so a value of the
   wrong type for its binding does not compile. */
struct db_arg {
    char type; /* 't', 'i', 'b', 'n' */
    const char *text;
    int64_t num;
    const void *blob;
    int len;
};

static inline struct db_arg
db_text(const char *s)
{
    return (struct db_arg){'t', s, 0, NULL, 0};
}

static inline struct db_arg
db_int(int64_t v)
{
    return (struct db_arg){'i', NULL, v, NULL, 0};
}

static inline struct db_arg
db_blob(const void *p, int len)
{
    return (struct db_arg){'b', NULL, 0, p, len};
}

static inline struct db_arg
db_null(void)
{
    return (struct db_arg){'n', NULL, 0, NULL, 0};
}

/* Runs one statement that returns no rows with args bound to ?1..?n in order
   (n must equal the statement's parameter count). Returns 0 or an err
   (ERR_CONFLICT for a constraint). db_run(db, sql, db_text(a), db_int(b)) is
   the usual form. */
int db_run_args(struct db *db, const char *sql, const struct db_arg *args, size_t n);
#define db_run(db, sql, ...)                                                                       \
    db_run_args((db), (sql), (const struct db_arg[]){__VA_ARGS__},                                 \
                sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))

/* Prepares sql, binds args to ?1..?n and takes the first step: 1 with a row
   to read from *st, 0 when there is none, or an err. The caller then calls
   db_done(st) in every case (*st is NULL when preparing failed). Usual form:
   rc = db_first_row(db, sql, &st, db_text(id)); if (rc == 1) ...; db_done(st); */
int db_first_row_args(struct db *db, const char *sql, sqlite3_stmt **st, const struct db_arg *args,
                      size_t n);
#define db_first_row(db, sql, st, ...)                                                             \
    db_first_row_args((db), (sql), (st), (const struct db_arg[]){__VA_ARGS__},                     \
                      sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))

/* Copies the first column of the first row, a blob of exactly len bytes, to
   out. ERR_NOTFOUND when there is no row, or the value is NULL or of another
   size. Usual form: db_query_blob(db, sql, key, sizeof(key), db_int(id)). */
int db_query_blob_args(struct db *db, const char *sql, void *out, size_t len,
                       const struct db_arg *args, size_t n);
#define db_query_blob(db, sql, out, len, ...)                                                      \
    db_query_blob_args((db), (sql), (out), (len), (const struct db_arg[]){__VA_ARGS__},            \
                       sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))

/* Reads the first column of the first row as an integer into *out (a count,
   a sum). ERR_NOTFOUND when there is no row. Usual form:
   db_query_number(db, "SELECT count(*) FROM t WHERE k = ?1", &n, db_text(k)). */
int db_query_number_args(struct db *db, const char *sql, int64_t *out, const struct db_arg *args,
                         size_t n);
#define db_query_number(db, sql, out, ...)                                                         \
    db_query_number_args((db), (sql), (out), (const struct db_arg[]){__VA_ARGS__},                 \
                         sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))

/* Runs fixed SQL without parameters (migrations, pragmas): never data. */
/* What a read of one row returns once its columns are taken: 0 when there
   was a row (a step's 1), ERR_NOTFOUND when there was none (0), else the err. */
static inline int
db_found(int step_rc)
{
    return step_rc == 1 ? 0 : step_rc == 0 ? ERR_NOTFOUND : step_rc;
}

int db_exec_script(struct db *db, const char *sql);
int db_begin(struct db *db); /* BEGIN IMMEDIATE: takes the write lock now */
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Ends a transaction begun with db_begin: commits when rc is 0 (returning
   the commit's result), else rolls back and returns rc. */
int db_finish(struct db *db, int rc);
/* Runs fn(db, ctx) between db_begin and db_finish: committed when it returns
   0, rolled back otherwise. Returns fn's result or the commit's error. */
int db_transaction(struct db *db, int (*fn)(struct db *db, void *ctx), void *ctx);
int64_t db_last_rowid(struct db *db);
int db_changes(struct db *db);
sqlite3 *db_handle(struct db *db);
/* Replaces the whole content of db with the database file at source_path
   (opened read-only and left untouched), with SQLite's online backup API:
   one transaction, so other connections see the old content or the new,
   never a mix. The source must pass PRAGMA quick_check and verify(source)
   (schema_check), both in the read transaction the copy is made from. On
   failure db is unchanged and why says what went wrong. */
int db_copy_from(struct db *db, const char *source_path,
                 int (*verify)(struct db *source, char *why, size_t why_len), char *why,
                 size_t why_len);
/* Maps a SQLite result code to an enum err. */
int db_err(int sqlite_rc);
/* One integer from a statement with no parameters, e.g. "PRAGMA user_version". */
int db_query_int(struct db *db, const char *sql, int64_t *out);
/* Likewise one text value, copied into out ("" when there is no row). */
int db_query_text(struct db *db, const char *sql, char *out, size_t len);

#endif
