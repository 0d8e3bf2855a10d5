/*
 * page_cache.h: the body of a page that follows from the data alone (the
 * results page), rendered once per data generation and kept; only the
 * layout around it (the viewer's name) and the CSRF token are written at
 * every send.
 *
 * A body is stored in agg_cache.h under the survey, at its data generations,
 * and under everything else the page shows: the path and query, the
 * viewer's role and scope (a prefecture coordinator's prefecture, the
 * Ministry's ?prefecture=), the publication state, the survey's revision and
 * period, and every other survey's data generation (the 過年度 tables). A
 * CSRF token in the body is stored as a per-process placeholder of the same
 * length and replaced by the viewer's own token when sent.
 */
#ifndef SHOKAI_PAGE_CACHE_H
#define SHOKAI_PAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct buf;
struct req;
struct survey;
struct publication;

/* After the access checks: sends the page from the cache and returns true;
   or returns false and has the page about to be rendered (page_render)
   stored. scope: the prefecture the viewer sees, or NULL. */
bool page_cache_replay(struct req *r, const struct survey *s, const char *scope,
                       const struct publication *pub, const char *title);
/* For page_render, while r->page_capture is set: the placeholder to render
   the body's CSRF token with. */
const char *page_cache_csrf(struct req *r);
/* For page_render: stores the body rendered with page_cache_csrf's
   placeholder when r is to fill the cache, then puts r's own token in. */
void page_cache_store(struct req *r, struct buf *body);
/* After every request (with export_cache_finish): a page that was not
   stored lets those waiting for it go on. */
void page_cache_finish(struct req *r);

#endif
