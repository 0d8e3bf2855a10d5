/*
 * grouping.h: a grouping scheme (集計区分) loaded from the database: its
 * groups in report order, and which group a 団体 falls in (by kind, or by
 * prefecture for the "prefecture" scheme).
 */
#ifndef SHOKAI_GROUPING_H
#define SHOKAI_GROUPING_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct db;

#define GROUPING_MAX 64

struct grouping {
    const char *id;    /* "kind6" */
    const char *label; /* "団体区分（6区分）" */
    bool by_prefecture;
    const char *groups[GROUPING_MAX]; /* labels in report order */
    size_t n_groups;
    const char *keys[GROUPING_MAX]; /* kind or prefecture ... */
    size_t group_of[GROUPING_MAX];  /* ... and its group */
    size_t n_keys;
};

/* The ids of the schemes seeds/groupings.json ships, NULL-terminated (the
   choices of a route's ?group=; tests/unit/test_agg.c checks the seeds). */
extern const char *const grouping_scheme_ids[];

/* Loads scheme id (strings in arena a). ERR_NOTFOUND for an unknown scheme. */
int grouping_load(struct db *db, const char *id, struct arena *a, struct grouping *g);
/* The group of a 団体 of this kind in this prefecture, or (size_t)-1. */
size_t grouping_index(const struct grouping *g, const char *kind, const char *prefecture);

#endif
