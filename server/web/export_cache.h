/*
 * export_cache.h: finished answers of the results and 意見・質問 exports,
 * kept between requests.
 *
 * The counts and lists behind them are cached already (agg_cache.h); what
 * remains per request is building the JSON, CSV or XLSX (a 1 MB CSV for the
 * national 意見 list). An answer is stored under the survey, the request's
 * path and query, the asker's role and scope and the publication state, at
 * the data generations of agg_cache.h, and replayed only while they hold.
 * The same generations make these answers' ETag (export_etag_reply), so an
 * If-None-Match that still holds is answered 304 before anything is built.
 * Only 200 answers are stored, with their type and file name; never a
 * cookie or any other header.
 */
#ifndef SHOKAI_EXPORT_CACHE_H
#define SHOKAI_EXPORT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct survey;

/* After the access checks, for an API read of s whose answer follows from
   s's data generation (agg_cache.h), variant (what else it depends on:
   publication, scope; NULL: no ETag) and the request's path, query and
   viewer: sets the answer's ETag, and answers 304 and returns true when
   If-None-Match names it. */
bool export_etag_reply(struct req *r, const struct survey *s, const char *variant);
/* After the access checks: answers r from the cache and returns true; or
   returns false and has the answer the handler is about to send stored
   (export_cache_finish). scope: the prefecture the asker sees, or NULL. */
bool export_cache_replay(struct req *r, const struct survey *s, const char *scope, bool published,
                         int64_t suppress_below);
/* http_send() hands every answer here (an http_hooks.sent): a 200 of a
   request prepared by export_cache_replay is stored, others pass. */
void export_cache_capture(struct req *r, int status, const char *content_type, const char *body,
                          size_t len);
/* After every request (an http_hooks.ended): a prepared request that sent
   nothing through http_send() lets those waiting for it go on. */
void export_cache_finish(struct req *r);

#endif
