/*
 * html.h: one escaper per output context (cgit html.c vocabulary, reversed
 * default: nothing here writes raw text).
 *
 * struct html_safe marks markup our own code produced; only it may be printed
 * unescaped by a template ({{{name}}}). A plain const char * never can.
 */
#ifndef SHOKAI_HTML_H
#define SHOKAI_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct buf;

struct html_safe {
    const char *html;
};

/* Appends a string literal of markup. Only a literal compiles here (""-concatenation),
   so data can never reach the page through it. */
#define html_lit(b, literal) buf_append((b), "" literal "", sizeof(literal) - 1)
/* Appends ` name="value"` with the value escaped. */
void html_attr(struct buf *b, const char *name, const char *value);
/* Appends a number as text. */
void html_int(struct buf *b, long long n);

/* Escapes & < > " ' so the text is safe in element content and quoted attributes. */
void html_esc(struct buf *b, const char *s);
/* Percent-encodes everything but unreserved characters (RFC 3986). */
void html_esc_url(struct buf *b, const char *s);

#endif
