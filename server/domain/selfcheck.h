/*
 * selfcheck.h: scores of a self-check (自己点検) response.
 *
 * An item is applicable unless 前提 answers hide it (visible_if) or it is
 * answered 該当なし. Per clause, per chapter and overall, for 必須 and 推奨
 * items apart:
 *   実施率 = 実施済 / applicable items
 * with 一部実施, 未実施 and 未回答 counted apart (an unanswered applicable item
 * stays in the base). docs/selfcheck-scoring.md says the same for users.
 */
#ifndef SHOKAI_SELFCHECK_H
#define SHOKAI_SELFCHECK_H

#include "survey.h"

#include <jansson.h>
#include <stdint.h>

struct arena;
struct db;
struct table;

enum sc_level { SC_REQUIRED, SC_RECOMMENDED, SC_LEVELS };
enum sc_state { SC_DONE, SC_PARTIAL, SC_NOT_DONE, SC_UNANSWERED, SC_NOT_APPLICABLE, SC_STATES };

extern const char *const sc_state_labels[SC_STATES];

struct sc_counts {
    int64_t n[SC_LEVELS][SC_STATES];
};

struct sc_unit {
    const char *label;   /* clause title, chapter, or "全体" */
    const char *chapter; /* a clause's chapter (NULL for chapters and the whole) */
    struct sc_counts counts;
};

struct sc_score {
    struct sc_unit overall;
    struct sc_unit *chapters; /* in order of first appearance */
    size_t n_chapters;
    struct sc_unit *clauses; /* one per section with check items */
    size_t n_clauses;
};

/* Applicable items of a level (everything but 該当なし). */
int64_t sc_applicable(const struct sc_counts *c, enum sc_level level);
/* 実施率 in percent, or -1 when no item of the level applies. */
double sc_rate(const struct sc_counts *c, enum sc_level level);
/* The state of check item q in answers (hidden items are 該当なし). */
enum sc_state sc_item_state(const struct survey *s, const struct question *q, json_t *answers);

/* Scores answers to self-check s (in arena a). */
int selfcheck_score(const struct survey *s, json_t *answers, struct arena *a, struct sc_score *out);
/* The scores per chapter and clause as a table: 区分, then for 必須 and 推奨:
   対象, 実施済, 一部実施, 未実施, 未回答, 実施率（%）. */
int selfcheck_score_table(const struct sc_score *sc, struct arena *a, struct table *t);

/* The 必須 実施率 of every submitted response of s, grouped like kind6 (by the
   kind each 団体 had when it submitted) and nationally. */
struct sc_peer {
    const char *group;
    double *rates; /* sorted */
    size_t n;
};
int selfcheck_peers(struct db *db, const struct survey *s, const char *scheme, struct arena *a,
                    struct sc_peer **groups, size_t *n_groups, struct sc_peer *national);
/* Median and quartiles of a peer group, each rounded to a whole percent;
   false when the group has fewer than min_n 団体 (min_n is raised to
   SC_PEER_MIN_FLOOR). With at least 5 values no quartile lies on the minimum
   or maximum, and with the rounding and the group size the other 団体's
   scores cannot be worked back from the figures (with 3 values, 2×Q1−median
   and 2×Q3−median were the other two scores exactly). */
bool selfcheck_quartiles(const struct sc_peer *p, size_t min_n, double *q1, double *median,
                         double *q3);

/* The smallest peer group `serve --peer-min` accepts, and its default. */
#define SC_PEER_MIN_FLOOR 5
#define SC_PEER_MIN_DEFAULT 10

/* Counts pooled over every submitted response, per group of a scheme (the
   last column is the whole country): per chapter and per item. */
struct sc_matrix {
    const char **groups; /* n_groups labels, then "全国" */
    size_t n_groups;
    const char **chapters;
    size_t n_chapters;
    struct sc_counts *chapter_cells; /* [chapter * (n_groups + 1) + group] */
    const struct question **items;
    const char **item_clauses; /* the clause title of each item */
    size_t n_items;
    struct sc_counts *item_cells; /* [item * (n_groups + 1) + group] */
    int64_t respondents;          /* submitted responses counted */
};
int selfcheck_matrix(struct db *db, const struct survey *s, const char *scheme, struct arena *a,
                     struct sc_matrix *out);
/* 必須 実施率 by chapter × group, as a table (the heat map's numbers). */
int selfcheck_matrix_table(const struct sc_matrix *m, struct arena *a, struct table *t);
/* The n items with the lowest 実施率 in group g (g == n_groups: the country),
   as a table: 項目, 区分, 対象, 実施済, 実施率（%）. */
int selfcheck_weakest_table(const struct sc_matrix *m, size_t g, size_t n, struct arena *a,
                            struct table *t);

/* A self-check takes the 三層の対策 model from the 団体's submitted
   sanso-2023 answer until its own answers name one: sets "model" in answers
   (shown on the page, not stored) when s asks for it and it is not set. */
int selfcheck_prefill(struct db *db, const struct survey *s, const char *org_code, json_t *answers);
/* Progress of clause (section) si while answering: *applicable, its check
   items shown given answers, and *answered, those of them with a status. */
void selfcheck_clause_progress(const struct survey *s, size_t si, json_t *answers, long *answered,
                               long *applicable);

#endif
