/*
 * relevant.h: XLSForm `relevant` expressions ⇄ a question's visible_if.
 *
 * The expressions understood are the ones a survey condition can mean:
 *   selected(${q}, 'x')     → {"question": "q", "any_of": ["x"]}
 *   ${q} = 'x'              → {"question": "q", "equals": "x"}
 *   ${q} != 'x'             → {"question": "q", "none_of": ["x"]}
 *   A and B and …           → {"all": [A, B, …]}   (!= of one question → one none_of)
 *   A or B or …             → {"any": [A, B, …]}   (selected() of one question → one any_of)
 *   not(A)                  → {"not": A}
 * with parentheses for grouping and 'x' or "x" for strings. The values are
 * XLSForm choice names as written; the caller maps them to options. For a
 * multiple choice, = and != mean "x is chosen" / "x is not chosen".
 * relevant_write() writes the expression that relevant_parse() reads back as
 * the same visible_if.
 */
#ifndef SHOKAI_RELEVANT_H
#define SHOKAI_RELEVANT_H

#include <jansson.h>
#include <stddef.h>

struct buf;

/* Parses expr. On success *out is a new visible_if the caller owns
   (json_decref). On failure ERR_INPUT with a Japanese message naming the
   character where it went wrong. */
int relevant_parse(const char *expr, json_t **out, char *msg, size_t msglen);

/* Appends the expression of visible_if vi to out. */
void relevant_write(json_t *vi, struct buf *out);

#endif
