/*
 * tpl.h: compiled templates that escape by default.
 *
 * Syntax:
 *   {{name}}            the value, HTML-escaped (text and quoted attributes)
 *   {{name|url}}        the value, percent-encoded
 *   {{{name}}}          raw markup: only a value set with tpl_set_html()
 *   {{#name}}..{{/name}} a list: the block once per item; a flag: once if true
 *   {{^name}}..{{/name}} the block when the flag is false or the list empty
 * Templates are parsed once at start (tpl_compile) so a syntax error stops the
 * server before it serves. Rendering a name that was not set, or printing a
 * plain string raw, is an error (ERR_INPUT), never silent output.
 */
#ifndef SHOKAI_TPL_H
#define SHOKAI_TPL_H

#include "html.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct tpl;
struct tpl_vars;

/* Compiles src (copied). On error returns NULL and writes a message to errbuf.
   Caller frees with tpl_free(). */
struct tpl *tpl_compile(const char *name, const char *src, size_t n, char *errbuf, size_t errlen);
void tpl_free(struct tpl *t);

/* A variable scope in arena a; parent may be NULL. */
struct tpl_vars *tpl_vars_new(struct arena *a, struct tpl_vars *parent);
void tpl_set(struct tpl_vars *v, const char *name, const char *value);
void tpl_setf(struct tpl_vars *v, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tpl_set_int(struct tpl_vars *v, const char *name, long long value);
void tpl_set_bool(struct tpl_vars *v, const char *name, bool value);
void tpl_set_html(struct tpl_vars *v, const char *name, struct html_safe value);
/* Sets name to the markup in b (NULL: none), for {{{name}}}. Not copied: b
   stays unchanged until the template is rendered (a buf_new_in buffer lives
   as long as the request). b holds only what the render functions wrote
   (html_lit, html_esc, table_html, chart_svg_*, answer_html_*, qr_svg): pages
   hand their markup to templates this way, and only base/ and render/ make a
   struct html_safe themselves (tests/lint). */
void tpl_set_markup(struct tpl_vars *v, const char *name, const struct buf *b);
/* Starts (or continues) list `name` and returns a new item scope for it. */
struct tpl_vars *tpl_add_item(struct tpl_vars *v, const char *name);
/* Declares an empty list, so {{^name}} can test it. */
void tpl_set_list(struct tpl_vars *v, const char *name);

/* Renders into out. Returns 0, ERR_INPUT (unknown name / raw string) or ERR_NOMEM. */
int tpl_render(const struct tpl *t, const struct tpl_vars *v, struct buf *out);

#endif
