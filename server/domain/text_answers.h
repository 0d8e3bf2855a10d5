/*
 * text_answers.h: the answers to a free-text question (「その他の意見」 and the
 * like), listed beside the counted results: on the results page, in the
 * report and in the exports (JSON, CSV, XLSX).
 *
 * Only submitted responses count, and only where the question was shown (its
 * visible_if held). The lists in exports and in published views name no 団体,
 * like the published 意見・質問 lists; the Ministry's pages add the 団体.
 */
#ifndef SHOKAI_TEXT_ANSWERS_H
#define SHOKAI_TEXT_ANSWERS_H

#include "survey.h"

#include <jansson.h>
#include <stdbool.h>

struct arena;
struct db;
struct table;

struct text_answer {
    const char *org_code, *org_name, *kind; /* kind: the 団体区分 when it submitted */
    const char *text;
};

/* The non-empty answers to text question q of s, in 団体 code order, of one
   prefecture's 団体 when prefecture is not NULL. In arena a. */
int text_answers_collect(struct db *db, const struct survey *s, const struct question *q,
                         const char *prefecture, struct arena *a, struct text_answer **out,
                         size_t *n);
/* The list as a table: 団体区分, (団体 when with_org,) 回答. In arena a. */
int text_answers_table(const struct question *q, const struct text_answer *items, size_t n,
                       bool with_org, struct arena *a, struct table *t);
/* The list as the API's JSON {"id","label","answers":[{"kind","text"}]} (no 団体). */
json_t *text_answers_json(const struct question *q, const struct text_answer *items, size_t n);

#endif
