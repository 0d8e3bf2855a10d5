/*
 * org_http.c: the 団体 master for the Ministry and the administrator: the
 * 団体一覧 page and GET /api/v1/organizations, filtered by 団体区分,
 * prefecture and a part of the name, reading or code. One lookup with declared
 * parameters behind both; they differ only in how the list is written (the
 * page 100 団体 at a time). And one 団体's page: its response to each survey.
 */
#include "arena.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "org.h"
#include "page.h"
#include "page_survey.h"
#include "response.h"
#include "route.h"
#include "survey_store.h"
#include "tpl.h"
#include "workflow.h"

#include <string.h>

PARAMS(org_params) = {
    {"kind", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, org_kinds, "団体区分"},
    {"prefecture", PARAM_QUERY, PARAM_TEXT, false, 0, 10, NULL, "都道府県"},
    {"q", PARAM_QUERY, PARAM_TEXT, false, 0, 40, NULL, "団体名・よみ・団体コード"},
    {"page", PARAM_QUERY, PARAM_INT, false, 1, 1000, NULL, "ページ"},
    PARAMS_END,
};

#define ORG_PAGE_ROWS 100

static struct org_query
org_query_of(struct req *r)
{
    return (struct org_query){
        .kind = param_text(&r->params, "kind"),
        .prefecture = param_text_nonblank(&r->params, "prefecture"),
        .text = param_text_nonblank(&r->params, "q"),
    };
}

/* Calls fn for each 団体 q selects; false after a reply. */
static bool
orgs_each_or_reply(struct req *r, const struct org_query *q,
                   int (*fn)(const struct org_row *o, void *ctx), void *ctx)
{
    return http_ok_or_send_err(r, org_each(r->db, q, fn, ctx));
}

static int
org_json(const struct org_row *o, void *ctx)
{
    json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", o->code, "name", o->name, "kana",
                             o->kana, "prefecture", o->prefecture, "kind", o->kind);
    return item && json_array_append_new(ctx, item) == 0 ? 0 : ERR_NOMEM;
}

static void
organizations_api(struct req *r)
{
    json_t *list = json_array();
    struct org_query q = org_query_of(r);
    if (!orgs_each_or_reply(r, &q, org_json, list)) {
        json_decref(list);
        return;
    }
    http_send_json(r, 200, list);
}

static int
org_item(const struct org_row *o, void *ctx)
{
    struct tpl_vars *item = tpl_add_item(ctx, "orgs");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "code", o->code);
    tpl_set(item, "prefecture", o->prefecture);
    tpl_set(item, "name", o->name);
    tpl_set(item, "kana", o->kana);
    tpl_set(item, "kind", o->kind);
    return 0;
}

static void
organizations_page(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "orgs");
    struct org_query q = org_query_of(r);
    long long page = param_int(&r->params, "page", 1);
    int64_t total = 0;
    q.limit = ORG_PAGE_ROWS;
    q.offset = (size_t)(page - 1) * ORG_PAGE_ROWS;
    if (!http_ok_or_send_err(r, org_count(r->db, &q, &total)) ||
        !orgs_each_or_reply(r, &q, org_item, v))
        return;
    page_paging_vars(v, page, ORG_PAGE_ROWS, total);
    const char *kind = param_text(&r->params, "kind");
    for (size_t i = 0; org_kinds[i]; i++) {
        struct tpl_vars *k = tpl_add_item(v, "kinds");
        tpl_set(k, "value", org_kinds[i]);
        tpl_set_bool(k, "selected", kind && strcmp(kind, org_kinds[i]) == 0);
    }
    tpl_set(v, "prefecture_filter", param_text_or_empty(&r->params, "prefecture"));
    tpl_set(v, "q", param_text_or_empty(&r->params, "q"));
    tpl_set(v, "kind_filter", kind ? kind : "");
    tpl_set_bool(v, "can_see_responses", r->user.role == ROLE_MINISTRY);
    page_render(r, 200, "organizations", "団体一覧", v);
}

/* --- one 団体: its response to each survey */

PARAMS(org_page_params) = {
    {"code", PARAM_PATH, PARAM_ORG, true, 0, 0, NULL, "団体"},
    PARAMS_END,
};

struct org_surveys {
    struct req *r;
    struct tpl_vars *v;
    const char *code;
};

static int
org_survey_item(const struct survey_row *row, void *arg)
{
    struct org_surveys *c = arg;
    struct response resp;
    struct workflow_status ws;
    int rc = response_get(c->r->db, row->id, c->code, &resp);
    if (rc)
        return rc;
    if ((rc = workflow_status(c->r->db, row->id, c->code, &c->r->arena, &ws)) == 0) {
        bool closed = clock_now() >= row->closes_at && !ws.returned;
        struct state_display shown = response_state_display(&resp, &ws, closed);
        struct tpl_vars *item = tpl_add_item(c->v, "surveys");
        tpl_set(item, "id", row->id);
        tpl_set(item, "title", row->title);
        page_time_vars(item, "closes", row->closes_at);
        tpl_set(item, "state_label", shown.label);
        tpl_set(item, "state_class", shown.css);
    }
    response_cleanup(&resp);
    return rc;
}

static void
organization_page(struct req *r)
{
    const char *code = param_text(&r->params, "code");
    struct org o;
    int rc = org_get(r->db, code, &o);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "code", o.code);
    tpl_set(v, "name", o.name);
    tpl_set(v, "prefecture", o.prefecture);
    tpl_set(v, "kind", o.kind);
    tpl_set_list(v, "surveys");
    struct org_surveys c = {r, v, o.code};
    if ((rc = survey_each(r->db, org_survey_item, &c))) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "organization", arena_printf(&r->arena, "%s%s", o.prefecture, o.name), v);
}
API_DOC(organizations_doc) = {"団体の一覧", API_JSON, "Organizations", true, NULL};

// clang-format off
ROUTES(org_http_routes) = {
    {"GET", "/organizations", ROLE_MINISTRY | ROLE_ADMIN, BODY_NONE, organizations_page, org_params},
    {"GET", "/api/v1/organizations", ROLE_MINISTRY, BODY_NONE, organizations_api, org_params, &organizations_doc},
    {"GET", "/organizations/:code", ROLE_MINISTRY, BODY_NONE, organization_page, org_page_params},
    ROUTES_END,
};
// clang-format on
