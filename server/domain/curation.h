/*
 * curation.h: 具体的な内容 as the Ministry publishes it. The published R7
 * document does not print the answers as entered: per section (a group of a
 * scheme composed from 団体区分, grouping_compose.h) it lists bullets the
 * Ministry picked from the answers, edited or merged, under a 課題 and then a
 * 項目, with a summary sentence and ※ notes.
 *
 * A curation is one scheme's sections for one survey. A bullet is made from
 * one answer row (its entry key, entry_key.h) and keeps the keys of every row
 * merged into it, so the original answers stay linked and unchanged. The
 * report prints the curated sections when a curation exists, else the rows.
 */
#ifndef SHOKAI_CURATION_H
#define SHOKAI_CURATION_H

#include "agg.h"
#include "grouping.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

#define CURATION_TEXT_MAX 4000  /* a bullet's 具体的な内容 */
#define CURATION_LABEL_MAX 100  /* its 課題 and 項目 */
#define CURATION_NOTE_MAX 10000 /* a section's summary and its ※ notes */
#define CURATION_MAX_BULLETS 2000

/* One answer row of a survey's 具体的な内容 question (report_details_question),
   from a submitted response, with its group in the curation's scheme. */
struct curation_row {
    const char *key; /* entry key of the row */
    size_t group;    /* index in the agg_result's groups */
    const char *org_code, *org_name;
    const char *challenge, *item, *content;
    size_t challenge_rank, item_rank; /* their order among the column's options */
};

struct curation_bullet {
    int64_t id;
    const char *group; /* the section: a group label */
    long position;
    const char *challenge, *item, *body;
    const char **keys; /* the answer rows it was made from */
    size_t n_keys;
};

struct curation_section {
    const char *group;
    const char *summary, *notes;
};

struct curation {
    const char *scheme;              /* NULL when the survey has no curation */
    struct curation_bullet *bullets; /* by section, then position */
    size_t n_bullets;
    struct curation_section *sections;
    size_t n_sections;
};

/* The 具体的な内容 question of s (NULL when it has none). */
const struct question *curation_question(const struct survey *s);
/* Every row of question q in res's scope, grouped by res's scheme (groups in
   order; suppressed groups left out), ordered by 課題 then 項目 in the
   definition's option order. In arena a. */
int curation_rows(struct db *db, const struct agg_result *res, const struct question *q,
                  struct arena *a, struct curation_row **out, size_t *n);
/* The survey's curation (scheme NULL when there is none). In arena a. */
int curation_get(struct db *db, const char *survey_id, struct arena *a, struct curation *out);
/* The bullets of section group in c (*n of them, by position). */
const struct curation_bullet *curation_section_bullets(const struct curation *c, const char *group,
                                                       size_t *n);
/* The section of group in c, or NULL. */
const struct curation_section *curation_section(const struct curation *c, const char *group);

/* One line of a section as the document lays it out: a 課題, a 項目 under it
   and the bullets under both. challenge_rows is the number of lines of its
   課題 on its first line, 0 on the others (a table's rowspan). */
struct curation_line {
    const char *challenge, *item;
    size_t challenge_rows;
    const struct curation_bullet **bullets;
    size_t n_bullets;
};
/* Lays out the bullets of one section (b, by position): grouped by 課題 in the
   order each first appears, then by 項目 likewise, bullets in position order
   within. In arena a. */
int curation_layout(const struct curation_bullet *b, size_t n, struct arena *a,
                    struct curation_line **out, size_t *n_lines);

struct table;
/* Section group of c as a table titled "label（group）": 課題, 項目, 具体的な内容,
   a row per bullet in the layout's order, the summary as its note, and the
   ※ notes as a last row (注記). In arena a. */
int curation_section_table(const struct curation *c, const char *group, const char *label,
                           struct arena *a, struct table *t);

/* The operations, each in one transaction and audited. A first bullet or
   section fixes the curation's scheme: another scheme is ERR_CONFLICT.
   ERR_INPUT for a key that is not a row of group g in rows, or a text over
   its limit; ERR_NOTFOUND for a bullet that is not this survey's. */
int curation_add(struct db *db, const struct audit_actor *who, const char *survey_id,
                 const char *scheme, const char *group, const struct curation_row *row,
                 int64_t *id);
int curation_edit(struct db *db, const struct audit_actor *who, const char *survey_id, int64_t id,
                  const char *challenge, const char *item, const char *body, long position);
/* Merges bullet id into bullet into (same section): into keeps its place,
   gets id's answer rows and id's text after its own; id is removed. */
int curation_merge(struct db *db, const struct audit_actor *who, const char *survey_id, int64_t id,
                   int64_t into);
int curation_remove(struct db *db, const struct audit_actor *who, const char *survey_id,
                    int64_t id);
int curation_section_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                          const char *scheme, const char *group, const char *summary,
                          const char *notes);

#endif
