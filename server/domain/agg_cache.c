/*
 * agg_cache.c: a small table of counted results (see agg_cache.h).
 *
 * A fixed number of entries under one mutex: a lookup is a key compare and a
 * memcpy, far below the cost it saves, and the busiest scheme fits easily.
 * When full, the least recently used entry is replaced. One request counts a
 * missing entry while the others asking for it wait (after a submission, 500
 * analysts' requests must not all count the same table at once).
 */
#include "agg_cache.h"
#include "arena.h"
#include "db.h"
#include "err.h"
#include "survey.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define AGG_CACHE_ENTRIES 64
#define AGG_CACHE_BYTES                                                                            \
    (16u << 20) /* all entries together; the largest, the                                          \
                   national 意見 list, is about 2 MiB */

struct entry {
    char *key; /* NULL: free */
    struct agg_generation gen;
    int64_t *slots; /* NULL until first stored */
    size_t n_slots;
    unsigned long used; /* the tick of its last use */
    bool filling;       /* a request is counting it at filling_gen */
    struct agg_generation filling_gen;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t filled;
    struct entry entries[AGG_CACHE_ENTRIES];
    unsigned long tick;
    size_t bytes; /* held by all entries' slots */
    bool disabled;
    struct agg_cache_stats stats;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER, .filled = PTHREAD_COND_INITIALIZER};

static bool
same_generation(const struct agg_generation *a, const struct agg_generation *b)
{
    return a->master == b->master && a->survey == b->survey;
}

/* The survey token of survey_id (the master token comes with the survey:
   struct survey's master_generation); ERR_NOTFOUND when it has none. */
static int
agg_generation_survey(struct db *db, const char *survey_id, int64_t *out)
{
    static const char sql[] = "SELECT token FROM data_generations WHERE id = 'survey:' || ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id));
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

/* The entry for key: its own, else a free one, else the least recently used
   that nobody is counting; NULL when every entry is being counted. */
static struct entry *
entry_for(const char *key)
{
    struct entry *e = find(key);
    if (e)
        return e;
    for (size_t i = 0; i < AGG_CACHE_ENTRIES; i++) {
        struct entry *c = &cache.entries[i];
        if (!c->key) {
            e = c;
            break;
        }
        if (!c->filling && (!e || c->used < e->used))
            e = c;
    }
    if (e && (!e->key || strcmp(e->key, key) != 0)) {
        cache.bytes -= e->n_slots * sizeof(*e->slots);
        free(e->key);
        free(e->slots);
        *e = (struct entry){.key = xstrdup(key)};
    }
    return e;
}

/* Drops the least recently used stored counts (never keep's) until the
   entries hold no more than AGG_CACHE_BYTES. */
static void
evict_over_budget(const struct entry *keep)
{
    while (cache.bytes > AGG_CACHE_BYTES) {
        struct entry *old = NULL;
        for (size_t i = 0; i < AGG_CACHE_ENTRIES; i++) {
            struct entry *c = &cache.entries[i];
            if (c != keep && c->slots && (!old || c->used < old->used))
                old = c;
        }
        if (!old)
            return;
        cache.bytes -= old->n_slots * sizeof(*old->slots);
        free(old->slots);
        old->slots = NULL;
        old->n_slots = 0;
    }
}

/* A copy (in a) of the counts stored under key at exactly gen, or NULL: the
   caller then fills the entry (agg_cache_put or agg_cache_abandon). */
static const int64_t *
agg_cache_get(const char *key, const struct agg_generation *gen, struct arena *a, size_t *n_slots)
{
    int64_t *copy = NULL;
    pthread_mutex_lock(&cache.lock);
    struct entry *e = NULL;
    while (!cache.disabled && (e = find(key)) && e->filling &&
           same_generation(&e->filling_gen, gen) && !(e->slots && same_generation(&e->gen, gen)))
        pthread_cond_wait(&cache.filled, &cache.lock); /* another request is counting it */
    if (!cache.disabled && e && e->slots && same_generation(&e->gen, gen) &&
        (copy = arena_alloc(a, e->n_slots * sizeof(*copy) + 1))) {
        memcpy(copy, e->slots, e->n_slots * sizeof(*copy));
        *n_slots = e->n_slots;
        e->used = ++cache.tick;
        cache.stats.hits++;
    } else {
        cache.stats.misses++;
        if (!cache.disabled && (e = entry_for(key))) {
            e->filling = true;
            e->filling_gen = *gen;
        }
    }
    pthread_mutex_unlock(&cache.lock);
    return copy;
}

static void
agg_cache_put(const char *key, const struct agg_generation *gen, const int64_t *slots,
              size_t n_slots)
{
    int64_t *copy = xmalloc(n_slots * sizeof(*copy) + 1);
    memcpy(copy, slots, n_slots * sizeof(*copy));
    pthread_mutex_lock(&cache.lock);
    struct entry *e =
        cache.disabled || n_slots * sizeof(*copy) > AGG_CACHE_BYTES / 2 ? NULL : entry_for(key);
    if (e) {
        cache.bytes -= e->n_slots * sizeof(*e->slots);
        free(e->slots);
        e->slots = copy;
        cache.bytes += n_slots * sizeof(*copy);
        evict_over_budget(e);
        e->n_slots = n_slots;
        e->gen = *gen;
        e->used = ++cache.tick;
        e->filling = false;
        copy = NULL;
    } else if ((e = find(key)))
        e->filling = false; /* too large to keep: counted again next time */
    pthread_cond_broadcast(&cache.filled);
    pthread_mutex_unlock(&cache.lock);
    free(copy);
}

/* Ends a count that will not be stored (it failed). */
static void
agg_cache_abandon(const char *key)
{
    pthread_mutex_lock(&cache.lock);
    struct entry *e = find(key);
    if (e)
        e->filling = false;
    pthread_cond_broadcast(&cache.filled);
    pthread_mutex_unlock(&cache.lock);
}

int
agg_cache_generation(struct db *db, const struct survey *s, struct agg_generation *gen)
{
    *gen = (struct agg_generation){s->master_generation, 0};
    return s->has_generation ? agg_generation_survey(db, s->id, &gen->survey) : ERR_NOTFOUND;
}

int
agg_cache_lookup(struct db *db, const struct survey *s, const char *what, const char *scheme,
                 const char *scope, struct arena *a, struct agg_lookup *l, const int64_t **cached,
                 size_t *n_slots)
{
    *cached = NULL;
    l->gen = (struct agg_generation){s->master_generation, 0};
    l->key = s->has_generation ? arena_printf(a, "%s\x1f%s\x1f%ld\x1f%s\x1f%s", what, s->id,
                                              s->revision, scheme, scope ? scope : "")
                               : NULL;
    if (!l->key)
        return 0;
    int rc = agg_generation_survey(db, s->id, &l->gen.survey);
    if (rc) {
        l->key = NULL;
        return rc == ERR_NOTFOUND ? 0 : rc;
    }
    *cached = agg_cache_get(l->key, &l->gen, a, n_slots);
    return 0;
}

void
agg_cache_store(const struct agg_lookup *l, const int64_t *slots, size_t n_slots)
{
    if (!l->key)
        return;
    if (slots)
        agg_cache_put(l->key, &l->gen, slots, n_slots);
    else
        agg_cache_abandon(l->key); /* the requests waiting for it count themselves */
}

void
agg_cache_stats(struct agg_cache_stats *out)
{
    pthread_mutex_lock(&cache.lock);
    *out = cache.stats;
    pthread_mutex_unlock(&cache.lock);
}

int
agg_cache_all_generations(struct db *db, struct arena *a, const char **out)
{
    static const char sql[] = "SELECT group_concat(id || '=' || token, ',')"
                              " FROM (SELECT id, token FROM data_generations ORDER BY id)";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    rc = db_step(st);
    *out = rc == 1 ? arena_strdup(a, db_column_text(st, 0)) : NULL;
    db_done(st);
    return rc < 0 ? rc : *out ? 0 : ERR_NOMEM;
}
