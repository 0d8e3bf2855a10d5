/*
 * report_xlsx.c: the results report as a workbook, laid out like the
 * published document: 概要 (period in 和暦, 提示資料, 回答団体 and 意見・質問
 * senders split 都道府県 / 市区町村), 過年度実績, a sheet per question with a
 * native bar chart beside its table for each 区分, 具体的な内容 in the curated
 * sections (or the rows as entered), the free-text answers, まとめ and the
 * 意見・質問 with their replies.
 */
#include "buf.h"
#include "clock.h"
#include "curation.h"
#include "download.h"
#include "err.h"
#include "grouping.h"
#include "http.h"
#include "page_report.h"
#include "report.h"
#include "results.h"
#include "route.h"
#include "table.h"
#include "xlsx_out.h"

#include <ctype.h>
#include <string.h>

/* "171" as a number, a hidden count as its text. */
static void
count_cell(struct table *t, size_t row, size_t col, const char *text)
{
    if (isdigit((unsigned char)text[0]))
        table_number(t, row, col, text);
    else
        table_text(t, row, col, text);
}

static int
overview_tables(struct req *r, const struct report_ctx *c, struct table *t)
{
    int rc = table_init(&t[0], &r->arena, "意見照会の概要", NULL, 2);
    if (rc)
        return rc;
    char opens[64], closes[64];
    clock_wareki(c->s->opens_at, opens, sizeof(opens));
    clock_wareki(c->s->closes_at, closes, sizeof(closes));
    struct buf *materials = buf_new_in(&r->arena, 0);
    if (!materials)
        return ERR_NOMEM;
    size_t i;
    json_t *m;
    json_array_foreach(c->s->materials, i, m)
        buf_printf(materials, "%s・%s", i ? "\n" : "", json_string_value(m));
    const char *facts[][2] = {
        {"照会", c->s->title},
        {"期間", arena_printf(&r->arena, "%s 〜 %s", opens, closes)},
        {"提示資料", buf_str(materials)},
    };
    table_head(&t[0], 0, "項目");
    table_head(&t[0], 1, "内容");
    for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
        size_t row = table_row(&t[0]);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        table_text(&t[0], row, 0, facts[i][0]);
        table_text(&t[0], row, 1, facts[i][1]);
    }
    if ((rc = table_init(&t[1], &r->arena, "回答団体と意見・質問提出団体", "提出済みの回答による",
                         4)))
        return rc;
    static const char *const heads[] = {"区分", "合計", "都道府県", "市区町村"};
    for (i = 0; i < 4; i++)
        table_head(&t[1], i, heads[i]);
    const struct agg_result *pm = &c->pref_muni;
    size_t total = pm->n_groups;
    size_t row = table_row(&t[1]);
    if (row == (size_t)-1)
        return ERR_NOMEM;
    table_text(&t[1], row, 0, "対象団体");
    table_int(&t[1], row, 1, pm->groups[total].organizations);
    for (size_t g = 0; g < 2 && g < pm->n_groups; g++)
        table_int(&t[1], row, 2 + g, pm->groups[g].organizations);
    if ((row = table_row(&t[1])) == (size_t)-1)
        return ERR_NOMEM;
    table_text(&t[1], row, 0, "回答団体");
    count_cell(&t[1], row, 1, agg_count_text(pm, total, pm->groups[total].respondents, &r->arena));
    for (size_t g = 0; g < 2 && g < pm->n_groups; g++)
        count_cell(&t[1], row, 2 + g, agg_count_text(pm, g, pm->groups[g].respondents, &r->arena));
    if (c->entries_q) {
        int64_t sp, sm;
        report_senders(c->entries, c->n_entries, &sp, &sm);
        if ((row = table_row(&t[1])) == (size_t)-1)
            return ERR_NOMEM;
        table_text(&t[1], row, 0, "意見・質問提出団体");
        table_int(&t[1], row, 1, sp + sm);
        table_int(&t[1], row, 2, sp);
        table_int(&t[1], row, 3, sm);
    }
    return 0;
}

/* 具体的な内容: the curated sections when the Ministry curated them. */
static int
details_sheet(struct req *r, const struct report_ctx *c, struct xlsx_sheet *sheet)
{
    struct curation cur;
    struct grouping g;
    const struct question *q = curation_question(c->s);
    int rc = q ? curation_get(r->db, c->s->id, &r->arena, &cur) : 0;
    if (rc || !q)
        return rc;
    struct table *t;
    size_t n = 0;
    if (cur.scheme) {
        if ((rc = grouping_load(r->db, cur.scheme, &r->arena, &g)))
            return rc;
        t = arena_alloc(&r->arena, (g.n_groups ? g.n_groups : 1) * sizeof(*t));
        for (size_t i = 0; t && rc == 0 && i < g.n_groups; i++) {
            size_t n_bullets;
            const struct curation_section *sec = curation_section(&cur, g.groups[i]);
            curation_section_bullets(&cur, g.groups[i], &n_bullets);
            if (n_bullets || (sec && (*sec->summary || *sec->notes)))
                rc = curation_section_table(&cur, g.groups[i], q->label, &r->arena, &t[n++]);
        }
    } else {
        t = arena_alloc(&r->arena, sizeof(*t));
        if (t && (rc = report_details_table(r->db, &c->res, q, &r->arena, t)) == 0)
            n = 1;
    }
    if (!t)
        return ERR_NOMEM;
    *sheet = (struct xlsx_sheet){"具体的な内容", t, n, 0, 0};
    return rc;
}

static int
summary_table(struct req *r, const struct report_ctx *c, struct table *t)
{
    struct report_notes notes;
    int rc = report_notes_get(r->db, c->s->id, &r->arena, &notes);
    if (rc || (rc = table_init(t, &r->arena, "まとめ", NULL, 2)))
        return rc;
    table_head(t, 0, "項目");
    table_head(t, 1, "内容");
    size_t row = table_row(t);
    table_text(t, row, 0, "考察");
    table_text(t, row, 1, notes.considerations);
    row = table_row(t);
    table_text(t, row, 0, "方向性");
    table_text(t, row, 1, notes.direction);
    return 0;
}

static void
report_xlsx(struct req *r)
{
    struct report_ctx c;
    if (!report_or_reply(r, &c))
        return;
    size_t cap = 6 + c.res.n_questions + c.s->n_questions;
    struct xlsx_sheet *sheets = arena_alloc(&r->arena, cap * sizeof(*sheets));
    struct table *t = arena_alloc(&r->arena, (cap + 2) * sizeof(*t));
    size_t k = 0, n = 0;
    int rc = sheets && t ? overview_tables(r, &c, &t[k]) : ERR_NOMEM;
    if (rc == 0) {
        sheets[n++] = (struct xlsx_sheet){"概要", &t[k], 2, 0, 0};
        k += 2;
    }
    if (rc == 0 && c.entries_q) { /* the current round's senders */
        int64_t sp, sm;
        report_senders(c.entries, c.n_entries, &sp, &sm);
        rc = past_rounds_table(c.rounds, c.n_rounds, "今回の意見照会", sp, sm, &r->arena, &t[k]);
        if (rc == 0)
            sheets[n++] = (struct xlsx_sheet){"過年度実績", &t[k++], 1, 0, 0};
    }
    for (size_t i = 0, q = 0; rc == 0 && i < c.res.n_questions; i++) {
        const struct agg_question *aq = &c.res.questions[i];
        if (aq->column)
            continue; /* table columns are 具体的な内容 */
        rc = agg_question_table(&c.res, aq, &r->arena, &t[k]);
        sheets[n++] = (struct xlsx_sheet){arena_printf(&r->arena, "設問%zu %s", ++q, aq->label),
                                          &t[k++], 1, 2, aq->n_options + aq->unanswered};
    }
    if (rc == 0 && (rc = details_sheet(r, &c, &sheets[n])) == 0 && sheets[n].n_tables)
        n++;
    for (size_t i = 0; rc == 0 && i < c.s->n_questions; i++)
        if (c.s->questions[i].type == Q_TEXT) {
            rc = results_text_table(r->db, &c.res, &c.s->questions[i], false, &r->arena, &t[k]);
            sheets[n++] = (struct xlsx_sheet){
                arena_printf(&r->arena, "自由記述 %s", c.s->questions[i].label), &t[k++], 1, 0, 0};
        }
    if (rc == 0 && (rc = summary_table(r, &c, &t[k])) == 0)
        sheets[n++] = (struct xlsx_sheet){"まとめ", &t[k++], 1, 0, 0};
    if (rc == 0 && c.entries_q &&
        (rc = entries_table(c.entries, c.n_entries, true, false, true, &r->arena, &t[k])) == 0)
        sheets[n++] = (struct xlsx_sheet){"意見・質問と回答・考え方", &t[k++], 1, 0, 0};
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    download_sheets(r, sheets, n, arena_printf(&r->arena, "%s_report.xlsx", c.s->id));
}

PARAMS(report_xlsx_params) = {RESULTS_GROUP_PARAM, PARAMS_END};
API_DOC(report_xlsx_doc) = {
    "結果報告（Excel: 概要・過年度実績・集計と図・具体的な内容・まとめ・意見と考え方）", API_XLSX,
    NULL, true, NULL};

// clang-format off
ROUTES(report_xlsx_routes) = {
    {"GET", "/api/v1/surveys/:id/report.xlsx", REPORT_ROLES, BODY_NONE, report_xlsx, report_xlsx_params, &report_xlsx_doc},
    ROUTES_END,
};
// clang-format on
