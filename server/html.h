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
/* Appends s to b for a JSON-free plain-text log line: control bytes become \xNN. */
void html_esc_log(struct buf *b, const char *s);

/* What utf8_next returns for bytes that are not well-formed UTF-8. */
#define UTF8_BAD UINT32_MAX

/* True if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* The code point at *p in a NUL-terminated string, moving *p past it;
   UTF8_BAD (moving one byte) where the bytes are not well-formed UTF-8. */
uint32_t utf8_next(const char **p);
/* True for a character that entered text may hold and every export (CSV,
   XLSX's XML) can carry: not a C0 control other than tab, LF and CR, not
   DEL, not a noncharacter (U+FDD0..U+FDEF, U+FFFE, U+FFFF and the last two
   code points of every other plane), not UTF8_BAD. */
bool utf8_char_allowed(uint32_t cp);
/* True if s[0..n) is well-formed UTF-8 made only of utf8_char_allowed
   characters: the check for every text a user enters (answers, replies,
   notes, comments, imported CSV fields). */
bool utf8_text_ok(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
