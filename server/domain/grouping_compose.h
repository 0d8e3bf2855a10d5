/*
 * grouping_compose.h: grouping schemes the Ministry composes from 団体区分:
 * an ordered list of groups, each a set of kinds (都道府県, 政令市, 中核市,
 * 特別区, 市, 町, 村), every kind in exactly one group, so that the groups
 * add up to the whole country. The shipped schemes (seeds/groupings.json)
 * cannot be changed this way; composed ones can be replaced or removed.
 *
 * The groups are written one per line, "label: kind, kind" (a 、 or a space
 * may separate the kinds too): the same text on the page and in the API.
 */
#ifndef SHOKAI_GROUPING_COMPOSE_H
#define SHOKAI_GROUPING_COMPOSE_H

#include "grouping.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct audit_actor;
struct db;

#define GROUPING_ID_MAX 32
#define GROUPING_LABEL_MAX 60
#define GROUPING_TEXT_MAX 2000

/* A scheme as composed: groups in order, each with its kinds. */
struct grouping_spec {
    const char *groups[GROUPING_MAX];
    size_t n_groups;
    const char *kinds[GROUPING_MAX]; /* a kind ... */
    size_t group_of[GROUPING_MAX];   /* ... and the index of its group */
    size_t n_kinds;
};

/* Parses the groups' text into spec (strings in arena a). false with *why (a
   Japanese sentence naming the line) when a line has no label or no kind, a
   label repeats, a kind is unknown or in two groups, or a kind is missing. */
bool grouping_parse(const char *text, struct arena *a, struct grouping_spec *spec,
                    const char **why);
/* The groups of a scheme as that text (in arena a). */
const char *grouping_text(const struct grouping *g, struct arena *a);

/* Stores scheme id (lowercase letters, digits, _ and -) as label with spec's
   groups, replacing a composed scheme of that id; audited. ERR_INPUT for a
   bad id or label, ERR_CONFLICT for a shipped scheme's id or a scheme a
   report curation uses (its sections are that scheme's groups). */
int grouping_compose(struct db *db, const struct audit_actor *who, const char *id,
                     const char *label, const struct grouping_spec *spec);
/* Removes composed scheme id; audited. ERR_NOTFOUND when there is none,
   ERR_CONFLICT for a shipped scheme or one a report curation uses. */
int grouping_remove(struct db *db, const struct audit_actor *who, const char *id);
/* Whether id is a scheme the Ministry composed. */
bool grouping_is_composed(struct db *db, const char *id);

#endif
