/*
 * test_group_commit.c: the writer thread shares one commit among units
 * queued together, rolls back a failing unit alone, acknowledges nothing
 * that is not committed, and without the writer runs each unit on its own.
 */
#include "../tap.h"
#include "db.h"
#include "err.h"
#include "group_commit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define N_UNITS 24

static char db_path[64];

struct insert_unit {
    int64_t n;
    int fail;         /* returned after inserting: the row must not stay */
    long wait_queued; /* hold the transaction until this many units are queued */
    int rc;
    atomic_bool started; /* set when the writer runs it */
};

/* Waits until the writer runs u (10 s at most). */
static void
wait_started(struct insert_unit *u)
{
    for (int waited = 0; !atomic_load(&u->started) && waited < 10000; waited++)
        usleep(1000);
}

/* Inserts the unit's row; a unit with wait_queued holds the writer until
   that many units are queued behind it (10 s at most), so that the test does
   not depend on how fast threads start. */
static int
insert_row(struct db *db, void *ctx)
{
    struct insert_unit *u = ctx;
    atomic_store(&u->started, true);
    int rc = db_run(db, "INSERT INTO t(n) VALUES (?1)", db_int(u->n));
    for (int waited = 0; u->wait_queued && waited < 10000; waited++) {
        struct group_commit_stats now;
        group_commit_stats(&now);
        if (now.queued >= u->wait_queued)
            break;
        usleep(1000);
    }
    return rc ? rc : u->fail;
}

static void *
run_in_thread(void *arg)
{
    struct insert_unit *u = arg;
    struct db *db;
    db_open(db_path, false, &db);
    u->rc = group_commit_run(db, insert_row, u);
    db_close(db);
    return NULL;
}

static int64_t
count_where(struct db *db, const char *sql)
{
    int64_t n = -1;
    db_query_int(db, sql, &n);
    return n;
}

static void
test_grouped(struct db *db)
{
    ok(group_commit_start(db_path) == 0, "the writer starts");
    /* The first unit holds the writer until all the others are queued
       behind it: they must all go into the second group. */
    struct insert_unit units[N_UNITS];
    pthread_t threads[N_UNITS];
    for (int i = 0; i < N_UNITS; i++) {
        units[i] = (struct insert_unit){i, (i % 5 == 3) ? ERR_CONFLICT : 0,
                                        i == 0 ? N_UNITS - 1 : 0, 1, false};
        pthread_create(&threads[i], NULL, run_in_thread, &units[i]);
        if (i == 0)
            wait_started(&units[0]);
    }
    for (int i = 0; i < N_UNITS; i++)
        pthread_join(threads[i], NULL);
    int right = 0;
    for (int i = 0; i < N_UNITS; i++)
        right += units[i].rc == units[i].fail;
    is_int(right, N_UNITS, "every unit gets its own result");
    is_int(count_where(db, "SELECT count(*) FROM t"), N_UNITS - 5, "failed units left no row");
    is_int(count_where(db, "SELECT count(*) FROM t WHERE n % 5 = 3"), 0,
           "the rows of exactly the failed units are gone");
    struct group_commit_stats stats;
    group_commit_stats(&stats);
    is_int(stats.units, N_UNITS, "every unit ran once");
    is_int(stats.commits, 2, "units queued during a commit share the next one");
    group_commit_stop();
}

/* Ends the group's transaction, as SQLite itself does on a full disk or an
   I/O error, after inserting its row. */
static int
insert_then_lose_transaction(struct db *db, void *ctx)
{
    insert_row(db, ctx);
    db_rollback(db);
    return ERR_FULL;
}

struct runner {
    group_unit_fn fn;
    struct insert_unit *unit;
};

static void *
run_fn_in_thread(void *arg)
{
    struct runner *r = arg;
    struct db *db;
    db_open(db_path, false, &db);
    r->unit->rc = group_commit_run(db, r->fn, r->unit);
    db_close(db);
    return NULL;
}

static void
test_lost_transaction(struct db *db)
{
    /* Three units: the first holds the writer; the second (fine) and the third
       (which loses the transaction) then share a group. Nobody in that group
       may be told their write is saved, and nothing of it may stay. */
    ok(group_commit_start(db_path) == 0, "the writer starts again");
    struct insert_unit units[3] = {
        {100, 0, 2, 1, false}, {101, 0, 0, 1, false}, {102, 0, 0, 1, false}};
    struct runner runners[3] = {{insert_row, &units[0]},
                                {insert_row, &units[1]},
                                {insert_then_lose_transaction, &units[2]}};
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        pthread_create(&threads[i], NULL, run_fn_in_thread, &runners[i]);
        if (i == 0)
            wait_started(&units[0]);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    group_commit_stop();
    is_int(units[0].rc, 0, "the unit in the earlier group is saved");
    ok(units[1].rc != 0, "a good unit in the lost group is not acknowledged");
    is_int(units[2].rc, ERR_FULL, "the unit that lost it gets its error");
    is_int(count_where(db, "SELECT count(*) FROM t WHERE n >= 100"), 1,
           "only the acknowledged row is in the database");
}

static void
test_without_writer(struct db *db)
{
    struct insert_unit alone = {200, 0, 0, 1, false};
    is_int(group_commit_run(db, insert_row, &alone), 0, "without the writer a unit runs on db");
    ok(sqlite3_get_autocommit(db_handle(db)), "in a transaction of its own, ended");
    struct insert_unit failing = {201, ERR_INPUT, 0, 1, false};
    is_int(group_commit_run(db, insert_row, &failing), ERR_INPUT, "a failing unit returns its err");
    is_int(count_where(db, "SELECT count(*) FROM t WHERE n >= 200"), 1,
           "and its row is rolled back");
}

int
main(void)
{
    snprintf(db_path, sizeof(db_path), "/tmp/shokai-group-%d.db", (int)getpid());
    struct db *db;
    if (db_open(db_path, true, &db) || db_exec_script(db, "CREATE TABLE t(n INTEGER)")) {
        printf("Bail out! cannot create %s\n", db_path);
        return 1;
    }
    test_grouped(db);
    test_lost_transaction(db);
    test_without_writer(db);
    db_close(db);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char p[80];
        snprintf(p, sizeof(p), "%s%s", db_path, suffixes[i]);
        unlink(p);
    }
    return done_testing();
}
