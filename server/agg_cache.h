/*
 * agg_cache.h: counted results kept between requests.
 *
 * Counting a survey's results reads and parses every submitted answer (about
 * 35 ms for the national R7 set); the tables are asked for far more often
 * than the answers change. An entry is the counts of one survey, grouping
 * scheme and scope, stored with the data generations (migration 0006: random
 * tokens replaced by triggers on every write that results depend on) read
 * before it was counted. It is used only while both tokens are still
 * current, so a write invalidates it before the write's transaction commits.
 */
#ifndef SHOKAI_AGG_CACHE_H
#define SHOKAI_AGG_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* The tokens results are counted at. */
struct agg_generation {
    int64_t master; /* 団体 master, groupings, survey definitions */
    int64_t survey; /* the survey's responses */
};
/* The survey token of survey_id (the master token comes with the survey:
   struct survey's master_generation); ERR_NOTFOUND when it has none. */
int agg_generation_survey(struct db *db, const char *survey_id, int64_t *out);

/* Turns the cache on or off for the process (on by default). */
void agg_cache_enable(bool on);

/* A copy (in a) of the counts stored under key at exactly gen, and their
   number in *n_slots. NULL when there is none: the caller then counts them
   and must end with agg_cache_put() or agg_cache_abandon(); other requests
   for key at gen wait for that instead of counting too. */
const int64_t *agg_cache_get(const char *key, const struct agg_generation *gen, struct arena *a,
                             size_t *n_slots);
/* Stores n_slots counts under key at gen, replacing what was there. */
void agg_cache_put(const char *key, const struct agg_generation *gen, const int64_t *slots,
                   size_t n_slots);

/* Ends a count that will not be stored (it failed). */
void agg_cache_abandon(const char *key);

/* The whole protocol for counts of a survey: agg_cache_lookup() reads the
   survey's token (before the answers are read: a write in between makes the
   counts newer than the token, never older, and only costs a recount) and
   returns the cached counts of (what, survey, scheme, scope) or NULL; after
   a NULL the caller counts and calls agg_cache_store() with its counts, or
   with NULL when counting failed. */
struct survey;
struct agg_lookup {
    const char *key; /* NULL: not cacheable (a survey not from the store) */
    struct agg_generation gen;
};
int agg_cache_lookup(struct db *db, const struct survey *s, const char *what, const char *scheme,
                     const char *scope, struct arena *a, struct agg_lookup *l,
                     const int64_t **cached, size_t *n_slots);
void agg_cache_store(const struct agg_lookup *l, const int64_t *slots, size_t n_slots);

struct agg_cache_stats {
    long hits, misses;
};
void agg_cache_stats(struct agg_cache_stats *out);

#endif
