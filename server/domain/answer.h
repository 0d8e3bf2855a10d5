/*
 * answer.h: checking a 団体's answers against a survey definition.
 *
 * Answers are a JSON object {question id: value} with these shapes:
 * single "opt", multi ["a","b"], text "...", number 3, date "2025-02-04",
 * table [{column id: value}], check {"status": "実施済", "note": ""}.
 * Checking drops the answers of questions hidden by visible_if, drops empty
 * values and empty table rows, and reports every problem with the question it
 * belongs to. Required-ness is checked only for submission, never for drafts.
 */
#ifndef SHOKAI_ANSWER_H
#define SHOKAI_ANSWER_H

#include "survey.h"

#include <jansson.h>
#include <stdbool.h>

struct arena;

#define ANSWER_MAX_ISSUES 200

extern const char *const check_statuses[4]; /* 実施済 一部実施 未実施 該当なし */

struct answer_issue {
    const char *question; /* question id ("" for the whole body) */
    const char *message;  /* Japanese */
    long row;             /* a table question's row (0-based), or -1 */
    const char *column;   /* that row's column id, or NULL for the row as a whole */
};

struct answer_issues {
    struct arena *arena; /* messages live here */
    struct answer_issue items[ANSWER_MAX_ISSUES];
    size_t n;
};

void answer_issues_init(struct answer_issues *is, struct arena *a);
void answer_issue_add(struct answer_issues *is, const char *question, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A problem of one row (and column, when not NULL) of table question. */
void answer_issue_add_at(struct answer_issues *is, const char *question, long row,
                         const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The first message about question qid as a whole (not about one of its
   rows), or NULL. */
const char *answer_issue_for(const struct answer_issues *is, const char *qid);

/* True if q is shown given the other answers (visible_if, applied in order):
   a leaf holds only when the question it names is shown; all/any/not combine
   leaves as and/or/not. */
bool answer_visible(const struct survey *s, const struct question *q, json_t *answers);
/* True if v is no answer at all: missing, null, "", [] or {}. */
bool answer_is_empty(json_t *v);
/* True if answer v holds option: a single's value, one of a multi's, a check
   item's status; with option NULL, true if it holds any (a check item's
   status, any other answer not empty). */
bool answer_holds(json_t *v, const char *option);

/* Checks answers; returns a new object (caller decrefs) holding the answers
   of visible questions only, cleaned of empties. Problems go to issues; the
   result is meaningful only when issues->n == 0. NULL only when answers is not
   an object (an issue is added then too). */
json_t *answer_check(const struct survey *s, json_t *answers, bool for_submit,
                     struct answer_issues *issues);

#endif
