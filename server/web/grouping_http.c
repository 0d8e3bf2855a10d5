/*
 * grouping_http.c: the grouping schemes (集計区分) over HTTP: every scheme
 * with its groups, and the Ministry composing its own from 団体区分 (and
 * removing it), on a page and through the API with one handler per operation.
 */
#include "agg.h"
#include "err.h"
#include "grouping_compose.h"
#include "guard.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "route.h"
#include "tpl.h"

#include <string.h>

struct scheme_list {
    struct req *r;
    struct tpl_vars *v; /* the page's, or NULL */
    json_t *json;       /* the API's, or NULL */
};

static int
add_scheme(const char *id, const char *label, void *arg)
{
    struct scheme_list *c = arg;
    struct grouping g;
    int rc = grouping_load(c->r->db, id, &c->r->arena, &g);
    if (rc)
        return rc;
    bool composed = grouping_is_composed(c->r->db, id);
    const char *text = g.by_prefecture ? "（都道府県ごと）" : grouping_text(&g, &c->r->arena);
    if (!text)
        return ERR_NOMEM;
    if (c->json) {
        json_t *groups = json_array();
        for (size_t i = 0; i < g.n_groups && !g.by_prefecture; i++) {
            json_t *kinds = json_array();
            for (size_t k = 0; k < g.n_keys; k++)
                if (g.group_of[k] == i)
                    json_array_append_new(kinds, json_string(g.keys[k]));
            json_array_append_new(groups,
                                  json_pack("{s:s, s:o}", "label", g.groups[i], "kinds", kinds));
        }
        json_array_append_new(c->json,
                              json_pack("{s:s, s:s, s:b, s:b, s:o, s:s}", "id", id, "label", label,
                                        "composed", composed, "by_prefecture", g.by_prefecture,
                                        "groups", groups, "text", text));
        return 0;
    }
    struct tpl_vars *item = tpl_add_item(c->v, "schemes");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "id", id);
    tpl_set(item, "label", label);
    tpl_set(item, "text", text);
    tpl_set_bool(item, "composed", composed);
    return 0;
}

static void
schemes_api(struct req *r)
{
    struct scheme_list c = {r, NULL, json_array()};
    int rc = agg_each_scheme(r->db, add_scheme, &c);
    if (rc) {
        json_decref(c.json);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, json_pack("{s:o}", "schemes", c.json));
}

static void
schemes_page(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    struct scheme_list c = {r, v, NULL};
    tpl_set_list(v, "schemes");
    int rc = agg_each_scheme(r->db, add_scheme, &c);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "groupings", "集計区分", v);
}

PARAMS(compose_params) = {
    {"id", PARAM_BODY, PARAM_TEXT, true, 1, GROUPING_ID_MAX, NULL, "集計区分の名前（英数字）"},
    {"label", PARAM_BODY, PARAM_TEXT, true, 1, GROUPING_LABEL_MAX, NULL, "集計区分の表示名"},
    {"groups", PARAM_BODY, PARAM_TEXT, true, 1, GROUPING_TEXT_MAX, NULL, "区分"},
    PARAMS_END,
};
PARAMS(remove_params) = {
    {"scheme", PARAM_PATH, PARAM_TEXT, true, 1, GROUPING_ID_MAX, NULL, "集計区分の名前"},
    PARAMS_END,
};

static void
compose(struct req *r)
{
    struct grouping_spec spec;
    const char *why = NULL;
    const char *id = param_text(&r->params, "id");
    struct audit_actor who = req_actor(r);
    int rc = grouping_parse(param_text(&r->params, "groups"), &r->arena, &spec, &why)
                 ? grouping_compose(r->db, &who, id, param_text(&r->params, "label"), &spec)
                 : ERR_INPUT;
    struct outcome_words words = {
        "この名前は、同梱の集計区分か、結果報告の具体的な内容が使っている集計区分のものです。別の"
        "名前にしてください。",
        why ? "groups" : "id",
        why ? why
            : "集計区分の名前は英小文字・数字・_・- の32文字以内、表示名は60文字以内にしてくださ"
              "い。"};
    outcome_send(r, rc, &words, json_pack("{s:s}", "id", id), "/groupings");
}

static void
remove_scheme(struct req *r)
{
    struct audit_actor who = req_actor(r);
    static const struct outcome_words words = {
        "同梱の集計区分と、結果報告の具体的な内容が使っている集計区分は削除できません。", NULL,
        NULL};
    outcome_send(r, grouping_remove(r->db, &who, param_text(&r->params, "scheme")), &words,
                 json_pack("{s:b}", "deleted", 1), "/groupings");
}

API_DOC(groupings_doc) = {"集計区分の一覧", API_JSON, "Groupings", true, NULL};
API_DOC(grouping_changed_doc) = {"集計区分を作成・変更・削除する", API_JSON, "GroupingChanged",
                                 false, NULL};

// clang-format off
ROUTES(grouping_http_routes) = {
    {"GET", "/groupings", ROLE_MINISTRY, BODY_NONE, schemes_page, NULL},
    {"GET", "/api/v1/groupings", ROLE_MINISTRY, BODY_NONE, schemes_api, NULL, &groupings_doc},
    {"POST", "/groupings", ROLE_MINISTRY, BODY_FORM, compose, compose_params},
    {"POST", "/api/v1/groupings", ROLE_MINISTRY, BODY_JSON, compose, compose_params, &grouping_changed_doc},
    {"POST", "/groupings/:scheme/delete", ROLE_MINISTRY, BODY_FORM, remove_scheme, remove_params},
    {"DELETE", "/api/v1/groupings/:scheme", ROLE_MINISTRY, BODY_NONE, remove_scheme, remove_params, &grouping_changed_doc},
    ROUTES_END,
};
// clang-format on
