/*
 * page.h: rendering a page: a template from templates/ inside layout.html,
 * with the values every page shows (title, the user, the CSRF token).
 */
#ifndef SHOKAI_PAGE_H
#define SHOKAI_PAGE_H

struct req;
struct tpl_vars;

/* A new variable scope for a page, in the request arena. */
struct tpl_vars *page_vars(struct req *r);
/* Renders templates/<name>.html with vars into the layout and sends it. A
   rendering fault (unknown name, raw string) becomes a 500, never partial output. */
void page_render(struct req *r, int status, const char *name, const char *title,
                 struct tpl_vars *vars);
/* The error page with a Japanese message. */
void page_error(struct req *r, int status, const char *message);

#endif
