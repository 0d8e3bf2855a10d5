/*
 * page.h: rendering a page: a template from templates/ inside layout.html,
 * with the values every page shows (title, the user, the CSRF token).
 */
#ifndef SHOKAI_PAGE_H
#define SHOKAI_PAGE_H

struct buf;
#include <stdint.h>

struct req;
struct tpl_vars;

/* A new variable scope for a page, in the request arena. */
struct tpl_vars *page_vars(struct req *r);
/* Renders templates/<name>.html with vars into the layout and sends it. A
   rendering fault (unknown name, raw string) becomes a 500, never partial output. */
void page_render(struct req *r, int status, const char *name, const char *title,
                 struct tpl_vars *vars);
/* Renders a body rendered before (page_cache.h) into the layout and sends it. */
void page_render_body(struct req *r, int status, const char *title, const struct buf *body);
/* Adds the grouping schemes as "schemes" items {id, label, selected} for the
   区分 selector of the results, progress and self-check pages. */
int page_scheme_choices(struct req *r, struct tpl_vars *v, const char *selected);
/* Adds the 団体 the viewer may name as "org_choices" items {choice: 函館市（012025）,
   reading: 北海道 はこだてし} for a form's <datalist id="org-choices">: every
   団体 for the Ministry, a prefecture's own for its staff. */
int page_org_choices(struct req *r, struct tpl_vars *v);
/* A list's paging for its template: total, first and last of the rows
   shown (「全 N 件中 a〜b」; 0 and 0 when none), has_previous/previous and
   has_next/next for the links, on page (from 1) of page_rows rows. */
void page_paging_vars(struct tpl_vars *v, long long page, long long page_rows, int64_t total);
/* The error page with a Japanese message. */
void page_error(struct req *r, int status, const char *message);

#endif
