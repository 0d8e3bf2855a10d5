/*
 * page_selfcheck.c: self-check views: a 団体's summary (scores per chapter and
 * clause, open items, comparison with its 区分 and the country, printable),
 * and the Ministry's national view (必須 実施率 by chapter × 区分 as a heat
 * map and a table, the weakest items), with exports.
 */
#include "access.h"
#include "app.h"
#include "agg.h"
#include "buf.h"
#include "chart_svg.h"
#include "download.h"
#include "err.h"
#include "export_cache.h"
#include "grouping.h"
#include "html.h"
#include "http.h"
#include "page.h"
#include "param.h"
#include "page_survey.h"
#include "guard.h"
#include "response.h"
#include "response_guard.h"
#include "results.h"
#include "revision.h"
#include "route.h"
#include "selfcheck.h"
#include "table.h"
#include "tpl.h"

#include <string.h>

#define SELFCHECK_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

static struct survey *
selfcheck_or_reply(struct req *r, struct survey *s)
{
    if (s && strcmp(s->kind, "selfcheck") != 0) {
        http_send_error(r, 404, "survey", "その照会は自己点検ではありません。");
        return NULL;
    }
    return s;
}

static const char *
rate_text(struct req *r, double rate)
{
    return rate < 0 ? "-" : arena_printf(&r->arena, "%.1f", rate);
}

static int
peer_vars(struct req *r, struct tpl_vars *v, const struct survey *s, const struct org *org)
{
    struct sc_peer *groups, national;
    size_t n_groups;
    struct grouping g;
    int rc = selfcheck_peers(r->db, s, "kind6", &r->arena, &groups, &n_groups, &national);
    if (rc == 0)
        rc = grouping_load(r->db, "kind6", &r->arena, &g);
    if (rc)
        return rc;
    size_t own = grouping_index(&g, org->kind, org->prefecture);
    const struct sc_peer *show[2] = {own < n_groups ? &groups[own] : NULL, &national};
    tpl_set_list(v, "peers");
    for (int i = 0; i < 2; i++) {
        if (!show[i])
            continue;
        struct tpl_vars *item = tpl_add_item(v, "peers");
        double q1, med, q3;
        bool shown = selfcheck_quartiles(show[i], r->app->peer_min, &q1, &med, &q3);
        tpl_set(item, "group",
                i == 0 ? arena_printf(&r->arena, "同じ区分（%s）", show[i]->group) : "全国");
        tpl_set_bool(item, "shown", shown);
        tpl_set(item, "median", shown ? arena_printf(&r->arena, "%.0f", med) : "");
        tpl_set(item, "q1", shown ? arena_printf(&r->arena, "%.0f", q1) : "");
        tpl_set(item, "q3", shown ? arena_printf(&r->arena, "%.0f", q3) : "");
        tpl_set_int(item, "n", (long long)show[i]->n);
    }
    tpl_set_int(v, "peer_min", (long long)r->app->peer_min);
    return 0;
}

static void
open_items_vars(struct tpl_vars *v, const struct survey *s, json_t *answers)
{
    tpl_set_list(v, "open_items");
    long n = 0;
    for (int pass = 0; pass < 2; pass++) /* 必須 first, then 推奨 */
        for (size_t si = 0; si < s->n_sections; si++) {
            const struct survey_section *sec = &s->sections[si];
            for (size_t k = 0; k < sec->count; k++) {
                const struct question *q = &s->questions[sec->first + k];
                if (q->type != Q_CHECK || (strcmp(q->level, "必須") == 0) != (pass == 0))
                    continue;
                enum sc_state st = sc_item_state(s, q, answers);
                if (st == SC_DONE || st == SC_NOT_APPLICABLE)
                    continue;
                struct tpl_vars *item = tpl_add_item(v, "open_items");
                const char *note =
                    json_string_value(json_object_get(json_object_get(answers, q->id), "note"));
                tpl_set(item, "clause", sec->title);
                tpl_set(item, "label", q->label);
                tpl_set(item, "level", question_level_label(q));
                tpl_set(item, "state", sc_state_labels[st]);
                tpl_set(item, "note", note ? note : "");
                n++;
            }
        }
    tpl_set_int(v, "n_open", n);
}

static void
page_selfcheck_summary(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = selfcheck_or_reply(r, response_target_or_reply(r, false, &org, &proxy));
    if (!s)
        return;
    struct response resp;
    int rc = response_get(r->db, s->id, org.code, &resp);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    struct sc_score sc;
    struct table t;
    struct buf *html = buf_new_in(&r->arena, 0);
    rc = html ? selfcheck_score(s, resp.answers, &r->arena, &sc) : ERR_NOMEM;
    if (rc == 0)
        rc = selfcheck_score_table(&sc, &r->arena, &t);
    struct tpl_vars *v = page_vars(r);
    if (rc == 0)
        rc = peer_vars(r, v, s, &org);
    if (rc) {
        response_cleanup(&resp);
        http_send_err(r, rc);
        return;
    }
    table_html(html, &t);
    page_survey_vars(v, s, &org);
    tpl_set(v, "state_label", state_label(resp.state));
    const struct sc_counts *all = &sc.overall.counts;
    tpl_set(v, "required_rate", rate_text(r, sc_rate(all, SC_REQUIRED)));
    tpl_set_int(v, "required_done", all->n[SC_REQUIRED][SC_DONE]);
    tpl_set_int(v, "required_base", sc_applicable(all, SC_REQUIRED));
    tpl_set(v, "recommended_rate", rate_text(r, sc_rate(all, SC_RECOMMENDED)));
    tpl_set_int(v, "recommended_done", all->n[SC_RECOMMENDED][SC_DONE]);
    tpl_set_int(v, "recommended_base", sc_applicable(all, SC_RECOMMENDED));
    tpl_set_markup(v, "score_table", html);
    open_items_vars(v, s, resp.answers);
    response_cleanup(&resp);
    page_render(r, 200, "selfcheck_summary", "自己点検の結果", v);
}

/* The national matrix for ?group=; false after a reply. */
static bool
matrix_or_reply(struct req *r, struct survey **s, struct sc_matrix *m, const char **scheme)
{
    *s = selfcheck_or_reply(r, survey_find_or_reply(r));
    if (!*s)
        return false;
    /* The exports follow from the answers alone: a 304 needs no count. */
    if (r->is_api && export_etag_reply(r, *s, "selfcheck"))
        return false;
    *scheme = param_text_nonblank(&r->params, "group");
    if (!*scheme)
        *scheme = RESULTS_DEFAULT_SCHEME;
    int rc = selfcheck_matrix(r->db, *s, *scheme, &r->arena, m);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 400, "group", "集計区分が正しくありません。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

static void
page_selfcheck_ministry(struct req *r)
{
    struct survey *s;
    struct sc_matrix m;
    const char *scheme;
    if (!matrix_or_reply(r, &s, &m, &scheme))
        return;
    size_t cols = m.n_groups + 1;
    double *values =
        arena_alloc(&r->arena, (m.n_chapters ? m.n_chapters : 1) * cols * sizeof(double));
    struct buf *heat = buf_new_in(&r->arena, 0), *table = buf_new_in(&r->arena, 0),
               *weak = buf_new_in(&r->arena, 0);
    int rc = values && heat && table && weak ? 0 : ERR_NOMEM;
    for (size_t c = 0; rc == 0 && c < m.n_chapters; c++)
        for (size_t g = 0; g < cols; g++)
            values[c * cols + g] = sc_rate(&m.chapter_cells[c * cols + g], SC_REQUIRED);
    struct table t, w;
    if (rc == 0)
        rc = selfcheck_matrix_table(&m, &r->arena, &t);
    if (rc == 0)
        rc = selfcheck_weakest_table(&m, m.n_groups, 10, &r->arena, &w);
    struct tpl_vars *v = page_vars(r);
    if (rc == 0)
        rc = page_scheme_choices(r, v, scheme);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    chart_svg_heatmap(heat, "heat", "必須項目の実施率（章 × 区分）", m.chapters, m.n_chapters,
                      m.groups, cols, values);
    table_html(table, &t);
    table_html(weak, &w);
    for (size_t g = 0; g < m.n_groups; g++) {
        struct table wg;
        if (selfcheck_weakest_table(&m, g, 3, &r->arena, &wg) == 0 && wg.n_rows)
            table_html(weak, &wg);
    }
    page_survey_vars(v, s, NULL);
    tpl_set(v, "scheme", scheme);
    tpl_set_int(v, "respondents", m.respondents);
    tpl_set_markup(v, "heatmap", heat);
    tpl_set_markup(v, "matrix_table", table);
    tpl_set_markup(v, "weakest", weak);
    page_render(r, 200, "selfcheck_ministry", "自己点検の全国状況", v);
}

static void
api_selfcheck(struct req *r)
{
    struct survey *s;
    struct sc_matrix m;
    const char *scheme;
    struct table t, w;
    if (!matrix_or_reply(r, &s, &m, &scheme))
        return;
    int rc = selfcheck_matrix_table(&m, &r->arena, &t);
    if (rc == 0)
        rc = selfcheck_weakest_table(&m, m.n_groups, 10, &r->arena, &w);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200,
                   json_pack("{s:s, s:s, s:o, s:o}", "survey", s->id, "scheme", scheme,
                             "required_rate", table_json(&t), "weakest", table_json(&w)));
}

static void
api_selfcheck_csv(struct req *r)
{
    struct survey *s;
    struct sc_matrix m;
    const char *scheme;
    struct table t;
    if (!matrix_or_reply(r, &s, &m, &scheme))
        return;
    int rc = selfcheck_matrix_table(&m, &r->arena, &t);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    download_csv(r, &t, param_text(&r->params, "encoding"),
                 arena_printf(&r->arena, "%s_required_rate_%s.csv", s->id, scheme));
}

static void
api_selfcheck_xlsx(struct req *r)
{
    struct survey *s;
    struct sc_matrix m;
    const char *scheme;
    struct table t[2];
    if (!matrix_or_reply(r, &s, &m, &scheme))
        return;
    int rc = selfcheck_matrix_table(&m, &r->arena, &t[0]);
    if (rc == 0)
        rc = selfcheck_weakest_table(&m, m.n_groups, 20, &r->arena, &t[1]);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    download_xlsx(r, t, 2, arena_printf(&r->arena, "%s_selfcheck_%s.xlsx", s->id, scheme));
}

static void
page_diff(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct table t;
    struct buf *html = buf_new_in(&r->arena, 0);
    int rc = html ? revision_diff_table(r->db, s, &r->arena, &t) : ERR_NOMEM;
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "survey", "この照会には前の版がありません。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    struct table req;
    struct buf *req_html = buf_new_in(&r->arena, 0);
    rc = req_html ? revision_requirements_table(r->db, s, &r->arena, &req) : ERR_NOMEM;
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    table_html(html, &t);
    if (req.n_rows)
        table_html(req_html, &req);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, NULL);
    tpl_set_int(v, "n_changes", (long long)t.n_rows);
    tpl_set_markup(v, "table", html);
    tpl_set_bool(v, "has_requirements", req.n_rows > 0);
    tpl_set_markup(v, "requirements", req_html);
    page_render(r, 200, "diff", "新旧対照", v);
}

PARAMS(matrix_params) = {
    RESULTS_GROUP_PARAM,
    PARAMS_END,
};
PARAMS(matrix_csv_params) = {
    RESULTS_GROUP_PARAM,
    DOWNLOAD_ENCODING_PARAM,
    PARAMS_END,
};

API_DOC(selfcheck_doc) = {"自己点検の集計（JSON）", API_JSON, "Selfcheck", true, NULL};
API_DOC(selfcheck_csv_doc) = {"自己点検の集計（CSV）", API_CSV, NULL, true, NULL};
API_DOC(selfcheck_xlsx_doc) = {"自己点検の集計（Excel）", API_XLSX, NULL, true, NULL};

// clang-format off
ROUTES(page_selfcheck_routes) = {
    {"GET", "/surveys/:id/diff", SELFCHECK_ROLES, BODY_NONE, page_diff, NULL},
    {"GET", "/surveys/:id/responses/:code/summary", SELFCHECK_ROLES, BODY_NONE, page_selfcheck_summary,
     NULL},
    {"GET", "/surveys/:id/selfcheck", ROLE_MINISTRY, BODY_NONE, page_selfcheck_ministry, matrix_params},
    {"GET", "/api/v1/surveys/:id/selfcheck", ROLE_MINISTRY, BODY_NONE, api_selfcheck, matrix_params, &selfcheck_doc},
    {"GET", "/api/v1/surveys/:id/selfcheck.csv", ROLE_MINISTRY, BODY_NONE, api_selfcheck_csv,
     matrix_csv_params, &selfcheck_csv_doc},
    {"GET", "/api/v1/surveys/:id/selfcheck.xlsx", ROLE_MINISTRY, BODY_NONE, api_selfcheck_xlsx,
     matrix_params, &selfcheck_xlsx_doc},
    ROUTES_END,
};
// clang-format on
