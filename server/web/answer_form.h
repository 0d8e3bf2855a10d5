/*
 * answer_form.h: the answering page's form fields, to and from the answers
 * JSON that answer_check() takes, so the browser and the API share one set of
 * rules.
 *
 * Field names: "q.<id>" for single, multi (repeated), text, number and date;
 * "q.<id>.status" and "q.<id>.note" for a check item; "q.<id>.<row>.<col>"
 * for a table cell, with "q.<id>.rows" the number of rows the page showed.
 */
#ifndef SHOKAI_ANSWER_FORM_H
#define SHOKAI_ANSWER_FORM_H

#include "form.h"
#include "survey.h"

#include <jansson.h>
#include <stdbool.h>

struct arena;

/* Builds answers from posted fields (a new object; caller decrefs). A number
   that does not parse is kept as the typed string, so the checker reports it
   and the page shows what was typed. Table row counts are capped at the
   question's max_rows + 1 (one more than allowed, so "too many" is reported). */
json_t *answer_form_read(const struct survey *s, const struct form *f, struct arena *a);
/* Applies a table button of the page, "add_row:<qid>" or
   "remove_row:<qid>:<n>", to answers (read back from the form, nothing
   saved). Returns the table question's id, or NULL when action is not one
   for a table question of s. */
const char *answer_form_row_action(const struct survey *s, json_t *answers, const char *action);

#endif
