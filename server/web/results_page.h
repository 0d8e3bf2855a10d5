/*
 * results_page.h: the results pages, from what results_http.c looked up.
 */
#ifndef SHOKAI_RESULTS_PAGE_H
#define SHOKAI_RESULTS_PAGE_H

#include "results.h"

struct req;
struct tpl_vars;

/* 集計結果: the status table, a chart and cross-tab per choice question, the
   numbers and free-text answers, and the publication state and form. */
void results_page_render(struct req *r, const struct agg_result *res);
/* 意見・質問: the 分類 summary, the 過年度 comparison, the filtered list and
   the bulk reply form; replied >= 0 says how many a reply just answered. */
void entries_page_render(struct req *r, const struct entries_view *v, long long replied);
/* The charts of aggregated question aq into item: "chart_total" (the whole)
   and the list "groups" (group, respondents, chart), a hidden group as a note;
   the SVGs' ids start with id_prefix. For the results page and the report. */
int results_charts_vars(struct req *r, struct tpl_vars *item, const struct agg_result *res,
                        const struct agg_question *aq, const char *id_prefix);
/* The reply form of entry e. */
void reply_page_render(struct req *r, const struct entries_view *v, const struct entry *e);

#endif
