/*
 * api_org.c: GET /api/v1/organizations[?kind=][&prefecture=] for the Ministry.
 */
#include "err.h"
#include "http.h"
#include "org.h"
#include "route.h"

static int
org_json(const struct org_row *o, void *ctx)
{
    json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", o->code, "name", o->name, "kana",
                             o->kana, "prefecture", o->prefecture, "kind", o->kind);
    return item && json_array_append_new(ctx, item) == 0 ? 0 : ERR_NOMEM;
}

static void
api_organizations(struct req *r)
{
    const char *kind = form_get(&r->query, "kind");
    const char *pref = form_get(&r->query, "prefecture");
    if (form_count(&r->query, "kind") > 1 || form_count(&r->query, "prefecture") > 1) {
        http_send_error(r, 400, NULL, "同じ条件を二度指定することはできません。");
        return;
    }
    if (kind && !org_kind_valid(kind)) {
        http_send_error(r, 400, "kind",
                        "kind は 都道府県, 政令市, 中核市, 特別区, 市, 町, 村 のいずれかです。");
        return;
    }
    json_t *list = json_array();
    int rc = org_each(r->db, kind, pref, org_json, list);
    if (rc) {
        json_decref(list);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, list);
}

ROUTES(api_org_routes) = {
    {"GET", "/api/v1/organizations", ROLE_MINISTRY, BODY_NONE, api_organizations, NULL},
    ROUTES_END,
};
