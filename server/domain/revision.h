/*
 * revision.h: a self-check clause set replaced by a new revision (a new
 * survey whose definition names the old one as "previous").
 *
 * When a 団体 opens the new revision without answers of its own, its answers
 * to the previous revision are carried over for every question that did not
 * change (same id, type, text, level and measure), and marked for
 * confirmation. The 新旧対照 lists what was added, removed and changed.
 */
#ifndef SHOKAI_REVISION_H
#define SHOKAI_REVISION_H

#include "survey.h"

#include <jansson.h>

struct arena;
struct db;
struct table;

/* True if q means the same in both revisions (so its answer carries over). */
bool revision_same_question(const struct question *a, const struct question *b);
/* True if every answer stored for old can be read under next: each question
   of old is in next with the same id and type, its options (single, multi)
   and table columns (id and type) are all still there. A shipped definition
   may then replace old in place although it has responses (survey_store). */
bool revision_keeps_answers(const struct survey *old, const struct survey *next);
/* Fills answers (the new revision's, empty) from org_code's newest response to
   s->previous; *carried gets a new object {question id: true} of what was
   taken (caller decrefs; empty when nothing was). */
int revision_carry_over(struct db *db, const struct survey *s, const char *org_code,
                        json_t *answers, json_t **carried);
/* The 新旧対照 of s against its previous revision: 区分 (追加 / 削除 / 変更),
   項目, 旧, 新. ERR_NOTFOUND when s has no previous revision. */
int revision_diff_table(struct db *db, const struct survey *s, struct arena *a, struct table *t);

/* The requirement tables of the 新旧対照 (図表42/43 of the R7 document): each
   check item with a 分類 (category) whose 区分 or 備考 changes from the
   previous revision, or that is new, placed by its 対策基準 clause and figure:
   箇所, 図表, 分類, 対策, 要件, 区分 現行 → 改定案, 備考 現行 → 改定案.
   ERR_NOTFOUND when s has no previous revision. */
int revision_requirements_table(struct db *db, const struct survey *s, struct arena *a,
                                struct table *t);

#endif
