/*
 * agg_cache.c: a small table of counted results (see agg_cache.h).
 *
 * A fixed number of entries under one mutex: a lookup is a key compare and a
 * memcpy, far below the cost it saves, and the busiest scheme fits easily.
 * When full, the least recently used entry is replaced.
 */
#include "agg_cache.h"
#include "arena.h"
#include "db.h"
#include "err.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define AGG_CACHE_ENTRIES 64

struct entry {
    char *key; /* NULL: free */
    struct agg_generation gen;
    int64_t *slots;
    size_t n_slots;
    unsigned long used; /* the tick of its last use */
};

static struct {
    pthread_mutex_t lock;
    struct entry entries[AGG_CACHE_ENTRIES];
    unsigned long tick;
    bool disabled;
    struct agg_cache_stats stats;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

int
agg_generation_survey(struct db *db, const char *survey_id, int64_t *out)
{
    static const char sql[] = "SELECT token FROM data_generations WHERE id = 'survey:' || ?1";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    db_bind_text(st, 1, survey_id);
    rc = db_step(st);
    *out = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return rc == 1 ? 0 : rc < 0 ? rc : ERR_NOTFOUND;
}

void
agg_cache_enable(bool on)
{
    pthread_mutex_lock(&cache.lock);
    cache.disabled = !on;
    pthread_mutex_unlock(&cache.lock);
}

static struct entry *
find(const char *key)
{
    for (size_t i = 0; i < AGG_CACHE_ENTRIES; i++)
        if (cache.entries[i].key && strcmp(cache.entries[i].key, key) == 0)
            return &cache.entries[i];
    return NULL;
}

const int64_t *
agg_cache_get(const char *key, const struct agg_generation *gen, struct arena *a, size_t *n_slots)
{
    int64_t *copy = NULL;
    pthread_mutex_lock(&cache.lock);
    struct entry *e = cache.disabled ? NULL : find(key);
    if (e && e->gen.master == gen->master && e->gen.survey == gen->survey &&
        (copy = arena_alloc(a, e->n_slots * sizeof(*copy) + 1))) {
        memcpy(copy, e->slots, e->n_slots * sizeof(*copy));
        *n_slots = e->n_slots;
        e->used = ++cache.tick;
        cache.stats.hits++;
    } else {
        cache.stats.misses++;
    }
    pthread_mutex_unlock(&cache.lock);
    return copy;
}

void
agg_cache_put(const char *key, const struct agg_generation *gen, const int64_t *slots,
              size_t n_slots)
{
    int64_t *copy = xmalloc(n_slots * sizeof(*copy) + 1);
    memcpy(copy, slots, n_slots * sizeof(*copy));
    pthread_mutex_lock(&cache.lock);
    if (cache.disabled) {
        pthread_mutex_unlock(&cache.lock);
        free(copy);
        return;
    }
    struct entry *e = find(key);
    if (!e) { /* a free entry, else the least recently used */
        e = &cache.entries[0];
        for (size_t i = 1; i < AGG_CACHE_ENTRIES && e->key; i++)
            if (!cache.entries[i].key || cache.entries[i].used < e->used)
                e = &cache.entries[i];
    }
    if (!e->key || strcmp(e->key, key) != 0) {
        free(e->key);
        e->key = xstrdup(key);
    }
    free(e->slots);
    e->slots = copy;
    e->n_slots = n_slots;
    e->gen = *gen;
    e->used = ++cache.tick;
    pthread_mutex_unlock(&cache.lock);
}

void
agg_cache_stats(struct agg_cache_stats *out)
{
    pthread_mutex_lock(&cache.lock);
    *out = cache.stats;
    pthread_mutex_unlock(&cache.lock);
}
