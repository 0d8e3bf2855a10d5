/*
 * org_http.c: the 団体 master for the Ministry and the administrator: the
 * 団体一覧 page and GET /api/v1/organizations, filtered by 団体区分 and
 * prefecture. One lookup with declared parameters behind both; they differ
 * only in how the list is written.
 */
#include "err.h"
#include "http.h"
#include "org.h"
#include "page.h"
#include "route.h"
#include "tpl.h"

#include <string.h>

PARAMS(org_params) = {
    {"kind", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, org_kinds, "団体区分"},
    {"prefecture", PARAM_QUERY, PARAM_TEXT, false, 0, 10, NULL, "都道府県"},
    PARAMS_END,
};

/* Calls fn for each 団体 the request's filters select; false after a reply. */
static bool
orgs_each_or_reply(struct req *r, int (*fn)(const struct org_row *o, void *ctx), void *ctx)
{
    const char *pref = param_text(&r->params, "prefecture");
    int rc = org_each(r->db, param_text(&r->params, "kind"), pref && *pref ? pref : NULL, fn, ctx);
    return http_ok_or_send_err(r, rc);
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
    if (!orgs_each_or_reply(r, org_json, list)) {
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
    if (!orgs_each_or_reply(r, org_item, v))
        return;
    const char *kind = param_text(&r->params, "kind");
    for (size_t i = 0; org_kinds[i]; i++) {
        struct tpl_vars *k = tpl_add_item(v, "kinds");
        tpl_set(k, "value", org_kinds[i]);
        tpl_set_bool(k, "selected", kind && strcmp(kind, org_kinds[i]) == 0);
    }
    tpl_set(v, "prefecture_filter", param_text_or_empty(&r->params, "prefecture"));
    page_render(r, 200, "organizations", "団体一覧", v);
}

API_DOC(organizations_doc) = {"団体の一覧", API_JSON, "Organizations", true, NULL};

// clang-format off
ROUTES(org_http_routes) = {
    {"GET", "/organizations", ROLE_MINISTRY | ROLE_ADMIN, BODY_NONE, organizations_page, org_params},
    {"GET", "/api/v1/organizations", ROLE_MINISTRY, BODY_NONE, organizations_api, org_params, &organizations_doc},
    ROUTES_END,
};
// clang-format on
