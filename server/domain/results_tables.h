/*
 * results_tables.h: the tables of a survey's results, as every output shows
 * them (pages, CSV, XLSX, the report): the grouping scheme counted by, the
 * free-text answers, the full set of one export, and the 過年度 comparison.
 */
#ifndef SHOKAI_RESULTS_TABLES_H
#define SHOKAI_RESULTS_TABLES_H

#include "agg.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct db;
struct table;

#define RESULTS_DEFAULT_SCHEME "kind6"

/* The grouping scheme results are counted by: asked when given (not empty),
   else the survey's default_group, else RESULTS_DEFAULT_SCHEME. */
const char *results_scheme(const struct survey *s, const char *asked);
/* Whether a 団体 account may see the published results of s by scheme: only
   by the survey's own scheme (results_scheme(s, NULL)), since the groups one
   scheme hides could come back as the difference of two schemes' groups
   (kind4 中核市・特別区 − kind6 中核市 = kind6 特別区, issue #15). */
bool results_scheme_open_to_orgs(const struct survey *s, const char *scheme);

/* The answers to free-text question q as a table (text_answers.h), of the
   results' scope; with_org adds the 団体 (never in exports). In arena a. */
int results_text_table(struct db *db, const struct agg_result *res, const struct question *q,
                       bool with_org, struct arena *a, struct table *t);
/* Every table of a survey's results for one export: the response status, one
   cross-tab per choice question, each free-text question's answers (no
   団体), and for each entry question its 分類 summary and its list. In arena a. */
int results_tables(struct db *db, const struct agg_result *res, struct arena *a, struct table **out,
                   size_t *n);

/* 過年度: every survey that has a question with id qid (a choice question, or
   an entry table), oldest first, side by side in one table: respondents and
   the total counts (choice), or entries and the 団体 that sent them (entries).
   *n_surveys says how many surveys share the question. */
int results_compare_table(struct db *db, const char *qid, const char *prefecture, struct arena *a,
                          struct table *t, size_t *n_surveys);

#endif
