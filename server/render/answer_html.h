/*
 * answer_html.h: a survey's questions as HTML: the answering form (every
 * question type as an accessible control, errors next to their fields) and
 * the read-only view used for confirmation, submitted answers and history.
 *
 * Markup is built only with html_lit (literals), html_attr, html_esc and
 * html_int, so no answer text can reach the page unescaped.
 */
#ifndef SHOKAI_ANSWER_HTML_H
#define SHOKAI_ANSWER_HTML_H

#include "answer.h"
#include "survey.h"

#include <jansson.h>

struct buf;
struct arena;

struct answer_view {
    const struct survey *s;
    json_t *answers;                    /* values to show */
    const struct answer_issues *issues; /* errors to show next to fields, or NULL */
    json_t *carried; /* {question id: true} carried over from a previous revision, or NULL */
    const char *focus_table; /* a table question whose last row takes the focus (a row
                                was just added or removed), or NULL */
    const char *form_path;   /* where the form posts: the table buttons post there with
                                the fragment of the row to come back to; NULL: none */
    struct arena *arena;
};

/* The fields of every section (no <form> element, no buttons but table rows'). */
void answer_html_form(struct buf *b, const struct answer_view *v);
/* The answers of visible questions, read-only. */
void answer_html_readonly(struct buf *b, const struct answer_view *v);
/* A section's <h2> title and its help. */
void answer_html_section_heading(struct buf *b, const struct survey_section *sec);
/* When q applies, in words (its visible_if), as a <p class="condition">. */
void answer_html_condition(struct buf *b, const struct survey *s, const struct question *q);
/* A list of the problems linking to their fields, for the top of the page. */
void answer_html_issue_summary(struct buf *b, const struct answer_view *v);

#endif
