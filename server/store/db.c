/*
 * db.c: SQLite connections, the statement cache and transactions (see db.h).
 */
#include "db.h"
#include "err.h"
#include "log.h"
#include "xmalloc.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DB_CACHE_SIZE 128
#define DB_BUSY_TIMEOUT_MS 5000

struct cached_stmt {
    const char *sql;
    sqlite3_stmt *st;
};

struct db {
    sqlite3 *h;
    char *path;
    struct cached_stmt cache[DB_CACHE_SIZE];
    int n_cache;
};

int
db_err(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return ERR_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ERR_BUSY;
    case SQLITE_FULL:
    case SQLITE_IOERR:
        return ERR_FULL;
    case SQLITE_CONSTRAINT:
        return ERR_CONFLICT;
    case SQLITE_NOMEM:
        return ERR_NOMEM;
    default:
        return ERR_DB;
    }
}

int
db_open(const char *path, bool create, struct db **out)
{
    int rc = ERR_OK;
    struct db *db = xmalloc(sizeof(*db));
    memset(db, 0, sizeof(*db));
    db->path = xstrdup(path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (!create && access(path, F_OK) != 0) {
        rc = ERR_NOTFOUND;
        goto out;
    }
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        rc = ERR_IO;
        goto out;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
    rc = db_exec_script(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                            "PRAGMA synchronous=FULL; PRAGMA trusted_schema=OFF;");
    if (rc)
        goto out;
    int64_t fk = 0;
    rc = db_query_int(db, "PRAGMA foreign_keys", &fk);
    if (rc == 0 && fk != 1)
        rc = ERR_DB;
out:
    if (rc) {
        db_close(db);
        db = NULL;
    }
    *out = db;
    return rc;
}

void
db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->n_cache; i++)
        sqlite3_finalize(db->cache[i].st);
    sqlite3_close(db->h);
    free(db->path);
    free(db);
}

bool
db_reset_all(struct db *db)
{
    bool left = false;
    for (int i = 0; i < db->n_cache; i++)
        if (sqlite3_stmt_busy(db->cache[i].st)) {
            sqlite3_reset(db->cache[i].st);
            left = true;
        }
    if (!sqlite3_get_autocommit(db->h)) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        left = true;
    }
    if (left)
        log_event("db_left_open", "error", "a statement or transaction was left open", NULL);
    return left;
}

int
db_prepare(struct db *db, sqlite3_stmt **st, const char *sql)
{
    for (int i = 0; i < db->n_cache; i++) {
        if (db->cache[i].sql == sql) {
            *st = db->cache[i].st;
            sqlite3_reset(*st);
            sqlite3_clear_bindings(*st);
            return ERR_OK;
        }
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        log_event("sql_prepare_failed", "error", sqlite3_errmsg(db->h), NULL);
        *st = NULL;
        return db_err(rc) ? db_err(rc) : ERR_DB;
    }
    if (db->n_cache < DB_CACHE_SIZE) {
        db->cache[db->n_cache].sql = sql;
        db->cache[db->n_cache].st = s;
        db->n_cache++;
    } else {
        /* The cache is sized above the number of statements in the program;
           reaching this is a bug, so fail loudly rather than leak. */
        sqlite3_finalize(s);
        log_event("sql_cache_full", NULL);
        *st = NULL;
        return ERR_DB;
    }
    *st = s;
    return ERR_OK;
}

int
db_step(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    int err = db_err(rc);
    if (err != ERR_CONFLICT)
        log_event("sql_step_failed", "error", sqlite3_errmsg(sqlite3_db_handle(st)), NULL);
    sqlite3_reset(st);
    return err ? err : ERR_DB;
}

void
db_done(sqlite3_stmt *st)
{
    if (st)
        sqlite3_reset(st);
}

int
db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    int rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, idx);
    return db_err(rc);
}

int
db_bind_blob(sqlite3_stmt *st, int idx, const void *p, int n)
{
    return db_err(sqlite3_bind_blob(st, idx, p, n, SQLITE_TRANSIENT));
}

int
db_bind_int64(sqlite3_stmt *st, int idx, int64_t v)
{
    return db_err(sqlite3_bind_int64(st, idx, v));
}

int
db_bind_null(sqlite3_stmt *st, int idx)
{
    return db_err(sqlite3_bind_null(st, idx));
}

const char *
db_column_text(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? (const char *)s : "";
}

int
db_exec_script(struct db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_event("sql_exec_failed", "error", msg ? msg : sqlite3_errstr(rc), NULL);
        sqlite3_free(msg);
        return db_err(rc) ? db_err(rc) : ERR_DB;
    }
    return ERR_OK;
}

int
db_begin(struct db *db)
{
    return db_exec_script(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
    int rc = db_exec_script(db, "COMMIT");
    if (rc)
        db_rollback(db);
    return rc;
}

void
db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int
db_finish(struct db *db, int rc)
{
    if (rc == 0)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int
db_transaction(struct db *db, int (*fn)(struct db *db, void *ctx), void *ctx)
{
    int rc = db_begin(db);
    if (rc)
        return rc;
    return db_finish(db, fn(db, ctx));
}

int
db_copy_from(struct db *db, const char *source_path,
             int (*verify)(struct db *source, char *why, size_t why_len), char *why, size_t why_len)
{
    struct db *source = xmalloc(sizeof(*source));
    memset(source, 0, sizeof(*source));
    source->path = xstrdup(source_path);
    sqlite3_backup *copy = NULL;
    int rc =
        sqlite3_open_v2(source_path, &source->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, why_len, "cannot open %s: %s", source_path,
                 source->h ? sqlite3_errmsg(source->h) : sqlite3_errstr(rc));
        rc = ERR_NOTFOUND;
        goto out;
    }
    sqlite3_busy_timeout(source->h, DB_BUSY_TIMEOUT_MS);
    /* One read transaction over the checks and the copy: what is copied is
       what was checked. */
    char check[64] = "";
    if (db_exec_script(source, "PRAGMA trusted_schema=OFF; BEGIN") ||
        db_query_text(source, "PRAGMA quick_check", check, sizeof(check)) ||
        strcmp(check, "ok") != 0) {
        snprintf(why, why_len, "%s is not a sound database (quick_check: %s)", source_path,
                 check[0] ? check : sqlite3_errmsg(source->h));
        rc = ERR_INPUT;
        goto out;
    }
    char reason[384] = "";
    rc = verify(source, reason, sizeof(reason));
    if (rc) {
        snprintf(why, why_len, "%s is not a shokai database: %s", source_path, reason);
        goto out;
    }
    copy = sqlite3_backup_init(db->h, "main", source->h, "main");
    if (!copy) {
        snprintf(why, why_len, "%s", sqlite3_errmsg(db->h));
        rc = ERR_DB;
        goto out;
    }
    /* All pages in one step: the destination changes in a single transaction.
       Busy or locked (a writer is mid-transaction): wait and try again. */
    for (int attempt = 0; attempt < 200; attempt++) {
        rc = sqlite3_backup_step(copy, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(copy);
    if (rc != SQLITE_DONE)
        snprintf(why, why_len, "%s", sqlite3_errstr(rc));
    rc = rc == SQLITE_DONE ? ERR_OK : db_err(rc) ? db_err(rc) : ERR_DB;
out:
    if (source->h)
        db_rollback(source);
    db_close(source);
    return rc;
}

int64_t
db_last_rowid(struct db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

int
db_changes(struct db *db)
{
    return sqlite3_changes(db->h);
}

sqlite3 *
db_handle(struct db *db)
{
    return db->h;
}

int
db_query_int(struct db *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    rc = db_step(st);
    if (rc == 1)
        *out = sqlite3_column_int64(st, 0);
    db_done(st);
    return db_found(rc);
}

int
db_query_text(struct db *db, const char *sql, char *out, size_t len)
{
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    rc = db_step(st);
    snprintf(out, len, "%s", rc == 1 ? db_column_text(st, 0) : "");
    db_done(st);
    return rc == 1 ? 0 : rc < 0 ? rc : ERR_NOTFOUND;
}

/* Binds args to ?1..?n of st in order. */
static int
bind_args(sqlite3_stmt *st, const struct db_arg *args, size_t n)
{
    /* A call that does not match the statement is a programming error. */
    assert((int)n == sqlite3_bind_parameter_count(st));
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int idx = (int)i + 1;
        switch (args[i].type) {
        case 't':
            rc = db_bind_text(st, idx, args[i].text);
            break;
        case 'i':
            rc = db_bind_int64(st, idx, args[i].num);
            break;
        case 'b':
            rc = db_bind_blob(st, idx, args[i].blob, args[i].len);
            break;
        case 'n':
            rc = db_bind_null(st, idx);
            break;
        default:
            rc = ERR_DB;
            break;
        }
    }
    return rc;
}

int
db_first_row_args(struct db *db, const char *sql, sqlite3_stmt **st, const struct db_arg *args,
                  size_t n)
{
    int rc = db_prepare(db, st, sql);
    if (rc) {
        *st = NULL;
        return rc;
    }
    rc = bind_args(*st, args, n);
    return rc ? rc : db_step(*st);
}

int
db_run_args(struct db *db, const char *sql, const struct db_arg *args, size_t n)
{
    sqlite3_stmt *st;
    int rc = db_first_row_args(db, sql, &st, args, n);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
db_query_number_args(struct db *db, const char *sql, int64_t *out, const struct db_arg *args,
                     size_t n)
{
    sqlite3_stmt *st;
    int rc = db_first_row_args(db, sql, &st, args, n);
    if (!st)
        return rc;
    if (rc == 1)
        *out = sqlite3_column_int64(st, 0);
    db_done(st);
    return rc < 0 ? rc : rc == 1 ? 0 : ERR_NOTFOUND;
}

int
db_query_blob_args(struct db *db, const char *sql, void *out, size_t len, const struct db_arg *args,
                   size_t n)
{
    sqlite3_stmt *st;
    int rc = db_first_row_args(db, sql, &st, args, n);
    if (!st)
        return rc;
    const void *blob = rc == 1 ? sqlite3_column_blob(st, 0) : NULL;
    bool found = blob && (size_t)sqlite3_column_bytes(st, 0) == len;
    if (found)
        memcpy(out, blob, len);
    db_done(st);
    return rc < 0 ? rc : found ? 0 : ERR_NOTFOUND;
}
