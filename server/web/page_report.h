/*
 * page_report.h: what the report's page (page_report.c) and its workbook
 * (report_xlsx.c) share: the report's data with its access rule.
 */
#ifndef SHOKAI_PAGE_REPORT_H
#define SHOKAI_PAGE_REPORT_H

#include "agg.h"
#include "entries.h"
#include "past_round.h"
#include "publication.h"

#include <stdbool.h>
#include <stddef.h>

struct req;

#define REPORT_ROLES (ROLE_MINISTRY | ROLE_PREF | ROLE_ORG)

struct report_ctx {
    struct survey *s;
    struct agg_result res;       /* by the chosen scheme */
    struct agg_result pref_muni; /* 都道府県 / 市区町村 */
    struct publication pub;
    bool anonymous;
    const struct question *entries_q;
    struct entry *entries;
    size_t n_entries;
    struct past_round *rounds; /* 過年度実績 */
    size_t n_rounds;
};

/* The report's data of the :id survey (by ?group=), with the access rule
   (the Ministry at any time, others once published, small groups hidden);
   false after a reply. In the request's arena. */
bool report_or_reply(struct req *r, struct report_ctx *c);

#endif
