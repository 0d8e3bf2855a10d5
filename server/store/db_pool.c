/*
 * db_pool.c: a fixed number of connections behind a mutex (see db_pool.h).
 */
#include "db_pool.h"
#include "db.h"
#include "log.h"
#include "xmalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static struct {
    pthread_mutex_t lock;
    pthread_cond_t returned;
    char *path;
    struct db **idle; /* a stack of free connections */
    int n_idle, n_open, size;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .returned = PTHREAD_COND_INITIALIZER};

void
db_pool_open(const char *path, int size)
{
    pthread_mutex_lock(&pool.lock);
    pool.path = xstrdup(path);
    pool.idle = xmalloc((size_t)size * sizeof(*pool.idle));
    pool.size = size;
    pool.n_idle = pool.n_open = 0;
    pthread_mutex_unlock(&pool.lock);
}

void
db_pool_close(void)
{
    pthread_mutex_lock(&pool.lock);
    for (int i = 0; i < pool.n_idle; i++)
        db_close(pool.idle[i]);
    free(pool.idle);
    free(pool.path);
    pool.idle = NULL;
    pool.path = NULL;
    pool.n_idle = pool.n_open = pool.size = 0;
    pthread_mutex_unlock(&pool.lock);
}

struct db *
db_pool_acquire(void)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += DB_POOL_WAIT_MS / 1000;
    pthread_mutex_lock(&pool.lock);
    int waited = 0;
    while (pool.n_idle == 0 && pool.n_open == pool.size && waited != ETIMEDOUT)
        waited = pthread_cond_timedwait(&pool.returned, &pool.lock, &until);
    struct db *db = NULL;
    if (pool.n_idle > 0) {
        db = pool.idle[--pool.n_idle];
    } else if (pool.n_open < pool.size) {
        pool.n_open++; /* reserved; opened outside the lock */
        pthread_mutex_unlock(&pool.lock);
        if (db_open(pool.path, false, &db) == 0)
            return db;
        log_event("db_open_failed", "path", pool.path, NULL);
        pthread_mutex_lock(&pool.lock);
        pool.n_open--;
        pthread_cond_signal(&pool.returned);
    } else {
        log_event("db_pool_exhausted", NULL);
    }
    pthread_mutex_unlock(&pool.lock);
    return db;
}

void
db_pool_release(struct db *db)
{
    if (!db)
        return;
    db_reset_all(db);
    pthread_mutex_lock(&pool.lock);
    pool.idle[pool.n_idle++] = db;
    pthread_cond_signal(&pool.returned);
    pthread_mutex_unlock(&pool.lock);
}
