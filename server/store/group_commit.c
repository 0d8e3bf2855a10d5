/*
 * group_commit.c: the writer thread (see group_commit.h).
 */
#include "group_commit.h"
#include "db.h"
#include "err.h"
#include "log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

struct unit {
    group_unit_fn fn;
    void *ctx;
    int rc;
    bool done;
    struct unit *next;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t queued;   /* the writer waits for units */
    pthread_cond_t finished; /* requests wait for their unit's group */
    struct unit *head, *tail;
    bool running, stopping;
    pthread_t thread;
    struct db *db;
    struct group_commit_stats stats;
} writer = {.lock = PTHREAD_MUTEX_INITIALIZER,
            .queued = PTHREAD_COND_INITIALIZER,
            .finished = PTHREAD_COND_INITIALIZER};

/* One unit inside the open group transaction. Returns non-zero when the
   transaction itself is gone (SQLite rolls the whole of it back on a full
   disk or an I/O error), which fails the group. */
static int
run_unit(struct db *db, struct unit *u)
{
    if ((u->rc = db_exec_script(db, "SAVEPOINT unit")))
        return u->rc;
    u->rc = u->fn(db, u->ctx);
    if (sqlite3_get_autocommit(db_handle(db)))
        return u->rc ? u->rc : ERR_DB;
    if (u->rc)
        return db_exec_script(db, "ROLLBACK TO unit; RELEASE unit");
    return db_exec_script(db, "RELEASE unit");
}

/* Runs a batch as one transaction; a unit keeps its own error, and every
   unit that succeeded takes the group's error if the group is not durable. */
static void
run_group(struct db *db, struct unit *batch)
{
    int group_rc = db_begin(db);
    for (struct unit *u = batch; u; u = u->next) {
        if (group_rc)
            u->rc = group_rc;
        else
            group_rc = run_unit(db, u);
    }
    group_rc = db_finish(db, group_rc);
    if (group_rc) {
        for (struct unit *u = batch; u; u = u->next)
            if (u->rc == 0)
                u->rc = group_rc;
    }
}

static void *
writer_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&writer.lock);
    for (;;) {
        while (!writer.head && !writer.stopping)
            pthread_cond_wait(&writer.queued, &writer.lock);
        if (!writer.head)
            break;
        struct unit *batch = writer.head;
        writer.head = writer.tail = NULL;
        pthread_mutex_unlock(&writer.lock);
        run_group(writer.db, batch);
        pthread_mutex_lock(&writer.lock);
        writer.stats.commits++;
        for (struct unit *u = batch; u; u = u->next, writer.stats.units++)
            u->done = true;
        pthread_cond_broadcast(&writer.finished);
    }
    pthread_mutex_unlock(&writer.lock);
    return NULL;
}

int
group_commit_start(const char *db_path)
{
    int rc = db_open(db_path, false, &writer.db);
    if (rc)
        return rc;
    writer.stopping = false;
    if (pthread_create(&writer.thread, NULL, writer_main, NULL) != 0) {
        db_close(writer.db);
        writer.db = NULL;
        return ERR_NOMEM;
    }
    pthread_mutex_lock(&writer.lock);
    writer.running = true;
    pthread_mutex_unlock(&writer.lock);
    return 0;
}

void
group_commit_stop(void)
{
    pthread_mutex_lock(&writer.lock);
    bool was_running = writer.running;
    writer.running = false;
    writer.stopping = true;
    pthread_cond_signal(&writer.queued);
    pthread_mutex_unlock(&writer.lock);
    if (!was_running)
        return;
    pthread_join(writer.thread, NULL);
    char units[24], commits[24];
    snprintf(units, sizeof(units), "%ld", writer.stats.units);
    snprintf(commits, sizeof(commits), "%ld", writer.stats.commits);
    log_event("group_commit_stopped", "units", units, "commits", commits, NULL);
    db_close(writer.db);
    writer.db = NULL;
}

int
group_commit_run(struct db *db, group_unit_fn fn, void *ctx)
{
    struct unit u = {fn, ctx, 0, false, NULL};
    pthread_mutex_lock(&writer.lock);
    if (!writer.running) {
        pthread_mutex_unlock(&writer.lock);
        return db_transaction(db, fn, ctx);
    }
    if (writer.tail)
        writer.tail->next = &u;
    else
        writer.head = &u;
    writer.tail = &u;
    pthread_cond_signal(&writer.queued);
    while (!u.done)
        pthread_cond_wait(&writer.finished, &writer.lock);
    pthread_mutex_unlock(&writer.lock);
    return u.rc;
}

void
group_commit_stats(struct group_commit_stats *out)
{
    pthread_mutex_lock(&writer.lock);
    *out = writer.stats;
    out->queued = 0;
    for (const struct unit *u = writer.head; u; u = u->next)
        out->queued++;
    pthread_mutex_unlock(&writer.lock);
}
