/*
 * results_page.h: the results pages, from what results_http.c looked up.
 */
#ifndef SHOKAI_RESULTS_PAGE_H
#define SHOKAI_RESULTS_PAGE_H

#include "results.h"

struct req;

/* 集計結果: the status table, a chart and cross-tab per choice question, the
   numbers and free-text answers, and the publication state and form. */
void results_page_render(struct req *r, const struct agg_result *res);
/* 意見・質問: the 分類 summary, the 過年度 comparison, the filtered list and
   the bulk reply form; replied >= 0 says how many a reply just answered. */
void entries_page_render(struct req *r, const struct entries_view *v, long long replied);
/* The reply form of entry e. */
void reply_page_render(struct req *r, const struct entries_view *v, const struct entry *e);

#endif
