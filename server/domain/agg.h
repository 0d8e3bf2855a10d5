/*
 * agg.h: results of a survey, counted per group of a grouping scheme.
 *
 * Only submitted responses count (the newest submitted version of each 団体);
 * a 団体 is grouped by the kind it had when it submitted; a multi question
 * counts a 団体 once per option. Every count states its base: the 団体 that
 * responded (回答団体数) out of the 団体 asked (対象団体数) in the group.
 * Pages, charts, the JSON API and CSV/XLSX exports all render one agg_result.
 */
#ifndef SHOKAI_AGG_H
#define SHOKAI_AGG_H

#include "survey.h"

#include <jansson.h>
#include <stdint.h>

struct arena;
struct db;

struct agg_group {
    const char *label;
    int64_t organizations; /* 対象団体数: 団体 of the group the survey is addressed to */
    int64_t respondents;   /* 回答団体数: 団体 with a submitted response */
    bool suppressed;       /* hidden: too few respondents, or hidden with such a group */
};

/* A choice question (single, multi, check status) counted per group; or a
   single-choice column of a table question, whose rows are counted. */
struct agg_question {
    const struct question *q;
    const struct question *column; /* the table's column, or NULL */
    const char *id;                /* "challenges", or "details.item" for a column */
    const char *label;
    const char **options; /* the options (check: the four statuses) */
    size_t n_options;
    int64_t *counts;   /* [(n_groups + 1) * n_options]: row g, the last row is the total */
    int64_t *answered; /* [n_groups + 1]: respondents who answered (a column: rows) */
    int64_t *shown;    /* [n_groups + 1]: respondents the question was shown to (its
                          visible_if held): the base of its percentages (a column: rows) */
    bool unanswered;   /* 未回答 is a category: the question may be shown and left empty
                          (it has a condition or is not required) */
};

/* A number question: its answers per group, for count, sum, mean and median. */
struct agg_number {
    const struct question *q;
    double **values; /* [n_groups + 1] arrays, sorted once counted */
    size_t *n, *cap;
};

struct agg_result {
    const struct survey *s;
    const char *scheme;       /* "kind6" ... */
    const char *scheme_label; /* "団体区分（6区分）" */
    const char *prefecture;   /* the prefecture counted, or NULL for all */
    struct agg_group *groups; /* n_groups, then one more: the total ("合計") */
    size_t n_groups;
    struct agg_question *questions;
    size_t n_questions;
    struct agg_number *numbers;
    size_t n_numbers;
    int64_t suppress_below; /* groups under this many respondents are hidden (0: none) */
};

/* Counts the results of s by scheme, over every 団体 or (prefecture not NULL)
   over that prefecture's 団体 only. Everything is allocated in arena a.
   ERR_NOTFOUND for an unknown scheme. */
int agg_compute(struct db *db, const struct survey *s, const char *scheme, const char *prefecture,
                struct arena *a, struct agg_result *out);
/* Sum, mean and median of group g (the last index is the total); false when
   nobody answered. */
bool agg_number_stats(const struct agg_number *an, size_t g, double *sum, double *mean,
                      double *median);
/* Hides the groups with 1 to below-1 respondents and, so that no hidden
   figure follows from the total by subtraction, the next smallest group or
   the total (disclosure_suppress, disclosure.h). Every figure of a hidden
   group, its 回答団体数 included, is shown as DISCLOSURE_HIDDEN ("x") in
   tables, null with "suppressed": true in JSON, and left out of charts.
   Scratch space in arena a. */
int agg_suppress(struct agg_result *r, int64_t below, struct arena *a);
/* A count n of group g (the last index is the total) as page text: the
   number, or DISCLOSURE_HIDDEN when the group is hidden. In arena a. */
const char *agg_count_text(const struct agg_result *r, size_t g, int64_t n, struct arena *a);
/* The rule in plain Japanese, for the pages, tables and JSON. */
#define AGG_RULE_SIZE 512
void agg_suppression_rule(int64_t below, char *buf, size_t size);
/* The aggregated question with this id, or NULL (not a choice question). */
const struct agg_question *agg_question(const struct agg_result *r, const char *id);
/* The category of a question shown to a 団体 that left it empty. */
#define AGG_UNANSWERED "未回答"
/* What the base is called: 回答団体数; 集計対象（設問が表示された団体） for a
   question with a condition; 行数 for a table column. */
const char *agg_base_label(const struct agg_question *aq);
/* The base of aq's percentages in group g: the 団体 it was shown to (all
   respondents for a question without a condition; a column: its rows). */
int64_t agg_base(const struct agg_question *aq, size_t g);
/* 未回答 in group g: shown but left empty (0 unless aq->unanswered). */
int64_t agg_unanswered(const struct agg_question *aq, size_t g);
struct chart_bar;
/* Group g's bars of aq: each option, then 未回答 when it is a category; bars
   holds n_options + 1. Returns the number of bars. */
size_t agg_bars(const struct agg_question *aq, size_t g, struct chart_bar *bars);

/* Percent of base, rounded to one decimal, as text ("41.2"); "-" when base is 0. */
const char *agg_percent(struct arena *a, int64_t n, int64_t base);
/* The results as the API's JSON (a new reference). */
json_t *agg_json(const struct agg_result *r);

struct table;
/* 回答状況: 区分, 対象団体数, 回答団体数, 回答率（%）. */
int agg_status_table(const struct agg_result *r, struct arena *a, struct table *t);
/* One question's cross-tab: 区分, its base (回答団体数, or for a question with
   a condition 集計対象（設問が表示された団体）), each option's count (and 未回答
   when it is a category), then each one's percentage of the base (named in
   the note). */
int agg_question_table(const struct agg_result *r, const struct agg_question *aq, struct arena *a,
                       struct table *t);

/* A number question: 区分, 回答数, 合計, 平均, 中央値. */
int agg_number_table(const struct agg_result *r, const struct agg_number *an, struct arena *a,
                     struct table *t);

/* Calls fn for every grouping scheme (id, label). */
int agg_each_scheme(struct db *db, int (*fn)(const char *id, const char *label, void *ctx),
                    void *ctx);

#endif
