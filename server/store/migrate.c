/*
 * migrate.c: schema migrations from embedded SQL files (see migrate.h).
 */
#include "migrate.h"
#include "assets.h"
#include "db.h"
#include "entry_key.h"
#include "err.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The NNNN of "migrations/NNNN_name.sql", or -1. */
static int
migration_number(const char *name)
{
    const char *base = name + strlen("migrations/");
    if (strlen(base) < 9 || base[4] != '_')
        return -1;
    for (int i = 0; i < 4; i++)
        if (base[i] < '0' || base[i] > '9')
            return -1;
    return atoi(base);
}

static int
count_latest(const struct asset *a, void *ctx)
{
    int *latest = ctx;
    int n = migration_number(a->name);
    if (n > *latest)
        *latest = n;
    return 0;
}

int
migrate_latest(void)
{
    int latest = 0;
    assets_each("migrations/", count_latest, &latest);
    return latest;
}

/* Steps in C that follow a migration's SQL, in the same transaction, where
   SQL alone cannot do the work (random secrets, hashes of stored rows). */
static const struct {
    int number;
    int (*run)(struct db *db);
} code_steps[] = {
    {9, entry_key_migrate},
};

static int
code_step(struct db *db, int number)
{
    for (size_t i = 0; i < sizeof(code_steps) / sizeof(*code_steps); i++)
        if (code_steps[i].number == number)
            return code_steps[i].run(db);
    return 0;
}

struct migrate_ctx {
    struct db *db;
    int64_t current;
    int64_t target; /* the last migration to apply */
    int applied;
};

static int
apply_one(const struct asset *a, void *arg)
{
    struct migrate_ctx *ctx = arg;
    int n = migration_number(a->name);
    if (n > ctx->target)
        return 0;
    if (n <= ctx->current) {
        /* A number may be skipped (one reserved by a branch that is not merged
           yet), but a file below the database's version must have been
           applied: one that arrives after a later one cannot be. */
        static const char sql_applied[] = "SELECT 1 FROM schema_migrations WHERE version = ?1";
        sqlite3_stmt *st;
        int found = db_first_row(ctx->db, sql_applied, &st, db_int((int64_t)n));
        db_done(st);
        if (found == 0)
            log_event("migration_out_of_order", "file", a->name, NULL);
        return found == 1 ? 0 : found < 0 ? found : ERR_DB;
    }
    int rc = db_begin(ctx->db);
    if (rc)
        return rc;
    rc = db_exec_script(ctx->db, (const char *)a->data);
    if (rc || (rc = code_step(ctx->db, n)))
        goto out;
    static const char sql_record[] = "INSERT INTO schema_migrations(version, name) VALUES (?1, ?2)";
    rc = db_run(ctx->db, sql_record, db_int((int64_t)n), db_text(a->name + strlen("migrations/")));
    if (rc)
        goto out;
    /* PRAGMA takes no parameters; the number is ours, formatted from an int. */
    char pragma[64];
    snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", n);
    rc = db_exec_script(ctx->db, pragma);
    if (rc)
        goto out;
out:
    rc = db_finish(ctx->db, rc);
    if (rc) {
        log_event("migration_failed", "file", a->name, NULL);
        return rc;
    }
    ctx->current = n;
    ctx->applied++;
    return 0;
}

int
migrate_to(struct db *db, int target, int *applied)
{
    struct migrate_ctx ctx = {db, 0, target, 0};
    int rc = db_query_int(db, "PRAGMA user_version", &ctx.current);
    if (rc)
        return rc;
    if (ctx.current > migrate_latest() || target > migrate_latest())
        return ERR_CONFLICT;
    rc = assets_each("migrations/", apply_one, &ctx);
    *applied = ctx.applied;
    return rc;
}

int
migrate_run(struct db *db, int *applied)
{
    return migrate_to(db, migrate_latest(), applied);
}

int
migrate_check(struct db *db)
{
    int64_t v = 0;
    int rc = db_query_int(db, "PRAGMA user_version", &v);
    if (rc)
        return rc;
    return v == migrate_latest() ? 0 : ERR_CONFLICT;
}
