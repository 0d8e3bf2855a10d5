/*
 * results.h: the lookups behind the results views (results_http.c) that other
 * features share too (progress, report): who sees which prefecture, the
 * aggregated results and the 意見・質問 list of the :id survey with the
 * publication rule applied, and the free-text answers as page values.
 */
#ifndef SHOKAI_RESULTS_H
#define SHOKAI_RESULTS_H

#include "agg.h"
#include "entries.h"
#include "grouping.h"
#include "results_tables.h"

#include <stdbool.h>

struct req;
struct table;
struct tpl_vars;

/* The declared ?prefecture= that results_scope reads, for every route that
   shows results limited to one prefecture. */
// clang-format off
#define RESULTS_SCOPE_PARAM {"prefecture", PARAM_QUERY, PARAM_TEXT, false, 0, 10, NULL, "都道府県"}
// clang-format on

/* The declared ?group=: a grouping scheme's name — one shipped
   (grouping_scheme_ids) or one the Ministry composed (/groupings); none: the
   survey's own (results_scheme). An unknown name is told
   RESULTS_SCHEME_UNKNOWN by the handler, which looks the scheme up. */
// clang-format off
#define RESULTS_GROUP_PARAM \
    {"group", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "集計区分"}
// clang-format on
/* What an unknown ?group= is told. */
#define RESULTS_SCHEME_UNKNOWN                                                                          \
    "集計区分（group）は kind6, kind5, kind4, pref_muni, prefecture か、集計区分の一覧" \
    "（/groupings）にある名前です。"

/* The prefecture results are limited to: a pref account's own, always; for
   the Ministry, ?prefecture= if given (RESULTS_SCOPE_PARAM). NULL for the
   whole country. */
const char *results_scope(struct req *r);
/* RESULTS_EXPORT: an API export (GET), whose finished answer may come from
   the export cache (export_cache.h) and otherwise is stored there when sent;
   RESULTS_FRESH: anything else (pages carry the asker's session, writes
   change what they read), never from that cache. */
/* FRESH: counted (from agg_cache.h); EXPORT: the answer may come whole from
   export_cache.h; PAGE: the results page, whose body may come from
   page_cache.h. */
enum results_use { RESULTS_FRESH, RESULTS_EXPORT, RESULTS_PAGE };

/* Aggregates the :id survey by results_scheme(s, group); false after
   replying 404 (survey), 403 (an org account before publication) or 400
   (unknown scheme), or when an export was answered from the cache. */
bool results_or_reply(struct req *r, const char *group, struct agg_result *out,
                      enum results_use use);

struct entries_view {
    struct survey *s;
    const struct question *q;
    struct entry_filter filter;
    struct entry *all; /* every entry, numbered */
    size_t n_all;
    struct entry *entries; /* those matching the filter */
    size_t n;
    bool anonymous; /* the published view for org accounts: no 団体 names */
};
/* The entries of the :id survey's entry question qid (NULL or empty:
   "entries"), those matching filter (NULL: all) in v->entries; false after
   replying 404/403, or when an export was answered from the cache. */
/* The checks of entries_or_reply (survey, publication, the export cache,
   the question; v->filter and v->anonymous set) without reading the list,
   for an export that streams it (entries_stream.h). */
bool entries_target_or_reply(struct req *r, const char *qid, const struct entry_filter *filter,
                             struct entries_view *v, enum results_use use);
/* The filter as the query of a link back to the list: "&kind=意見&answered=…"
   (percent-encoded), "" when nothing is filtered. In a. */
const char *entries_filter_query(struct arena *a, const struct entry_filter *f);
bool entries_or_reply(struct req *r, const char *qid, const struct entry_filter *filter,
                      struct entries_view *v, enum results_use use);

/* Sets the list "texts" of v: each free-text question's answers (qid, label,
   count, table); the 団体 are named for the Ministry and coordinators, and for
   org accounts only when the question is public. */
int results_text_vars(struct req *r, struct tpl_vars *v, const struct agg_result *res);

#endif
