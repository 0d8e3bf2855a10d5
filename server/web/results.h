/*
 * results.h: what the results pages and the results API share: reading the
 * survey, scheme and filters from the request, and the full set of tables
 * one export contains.
 */
#ifndef SHOKAI_RESULTS_H
#define SHOKAI_RESULTS_H

#include "agg.h"
#include "entries.h"

#include <stdbool.h>

struct req;
struct table;

#define RESULTS_DEFAULT_SCHEME "kind6"

/* The grouping scheme results are counted by: ?group= when given, else the
   survey's default_group, else RESULTS_DEFAULT_SCHEME. */
const char *results_scheme(const struct survey *s, const char *asked);
/* The prefecture results are limited to: a pref account's own, always; for
   the Ministry, ?prefecture= if given. NULL for the whole country. */
const char *results_scope(struct req *r);
/* RESULTS_EXPORT: an API export (GET), whose finished answer may come from
   the export cache (export_cache.h) and otherwise is stored there when sent;
   RESULTS_FRESH: anything else (pages carry the asker's session, writes
   change what they read), never from that cache. */
enum results_use { RESULTS_FRESH, RESULTS_EXPORT };

/* Aggregates the :id survey by results_scheme(); false after replying
   404 (survey) or 400 (unknown scheme), or when an export was answered
   from the cache. */
bool results_or_reply(struct req *r, struct agg_result *out, enum results_use use);

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
/* The entries of ?question= (default "entries") with ?kind= ?category=
   ?material= ?q= filters; false after replying 404/400. */
bool entries_or_reply(struct req *r, struct entries_view *v, enum results_use use);

/* Sends t as a CSV download in ?encoding= (utf-8 with BOM, or cp932); 400 for
   an unknown encoding, 422 naming a character CP932 cannot hold. */
void results_send_csv(struct req *r, const struct table *t, const char *filename);

/* The answers to free-text question q as a table (text_answers.h), of the
   results' scope; with_org adds the 団体 (never in exports). In arena a. */
int results_text_table(struct db *db, const struct agg_result *res, const struct question *q,
                       bool with_org, struct arena *a, struct table *t);
struct tpl_vars;
/* Sets the list "texts" of v: each free-text question's answers (qid, label,
   count, table); the 団体 are named for the Ministry and coordinators, and for
   org accounts only when the question is public. */
int results_text_vars(struct req *r, struct tpl_vars *v, const struct agg_result *res);
/* Every table of a survey's results for one export: the response status, one
   cross-tab per choice question, each free-text question's answers (no
   団体), and for each entry question its 分類 summary and its list. In arena a. */
int results_tables(struct db *db, const struct agg_result *res, struct arena *a, struct table **out,
                   size_t *n);

/* 過年度: every survey that has a question with id qid (a choice question, or
   an entry table), oldest first, side by side in one table: respondents and
   the total counts (choice), or entries and the 団体 that sent them (entries).
   *n_surveys says how many surveys share the question. */
int results_compare_table(struct db *db, const char *qid, const char *prefecture, struct arena *a,
                          struct table *t, size_t *n_surveys);

#endif
