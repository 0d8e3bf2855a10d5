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
/* Turns the cache on or off for the process (on by default). */
void agg_cache_enable(bool on);

/* The protocol for counts of a survey: agg_cache_lookup() reads the survey's
   token (before the answers are read: a write in between makes the counts
   newer than the token, never older, and only costs a recount) and returns
   the cached counts of (what, survey, scheme, scope), copied into a, or NULL.
   After a NULL the caller counts and must call agg_cache_store() with its
   counts, or with NULL when counting failed; meanwhile other requests for
   the same key wait for it instead of counting too. */
struct survey;
struct agg_lookup {
    const char *key; /* NULL: not cacheable (a survey not from the store) */
    struct agg_generation gen;
};
/* The generation s's counts are at now (*gen); ERR_NOTFOUND for a survey
   without one (not from the store). */
int agg_cache_generation(struct db *db, const struct survey *s, struct agg_generation *gen);
int agg_cache_lookup(struct db *db, const struct survey *s, const char *what, const char *scheme,
                     const char *scope, struct arena *a, struct agg_lookup *l,
                     const int64_t **cached, size_t *n_slots);
void agg_cache_store(const struct agg_lookup *l, const int64_t *slots, size_t n_slots);
/* Every data generation at once ("master=…,survey:x=…"), in a: for what
   shows other surveys' data too (the results page's 過年度 tables). */
int agg_cache_all_generations(struct db *db, struct arena *a, const char **out);

struct agg_cache_stats {
    long hits, misses;
};
void agg_cache_stats(struct agg_cache_stats *out);

#endif
