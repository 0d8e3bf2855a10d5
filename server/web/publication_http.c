/*
 * publication_http.c: the Ministry publishes a survey's results (公表), after
 * a confirmation page that says what becomes visible to whom, re-publishes
 * with another threshold, or withdraws. Each operation is one handler behind
 * the page's form and the API (the API call is its own confirmation).
 */
#include "agg.h"
#include "arena.h"
#include "guard.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "page_survey.h"
#include "publication.h"
#include "publication_preview.h"
#include "route.h"
#include "survey.h"
#include "tpl.h"

PARAMS(publish_params) = {
    {"suppress_below", PARAM_BODY, PARAM_INT, false, 0, PUBLICATION_SUPPRESS_MAX, NULL,
     "非表示にする回答団体数"},
    PARAMS_END,
};

static const char *
results_location(struct req *r, const struct survey *s)
{
    return arena_printf(&r->arena, "/surveys/%s/results", s->id);
}

/* The threshold asked for, or the one publishing again keeps (see
   publication_threshold); *pub is the publication in force. */
static int
threshold_asked(struct req *r, const struct survey *s, struct publication *pub, long long *below)
{
    int rc = publication_get(r->db, s->id, pub);
    *below = param_int(&r->params, "suppress_below", publication_threshold(pub));
    return rc;
}

static void
publish(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct publication pub;
    long long below;
    int rc = threshold_asked(r, s, &pub, &below);
    struct audit_actor who = req_actor(r);
    if (rc == 0)
        rc = publication_publish(r->db, &who, s, below);
    static const struct outcome_words words = {
        NULL, "suppress_below", "非表示にする回答団体数は 0〜100 の整数にしてください。"};
    outcome_send(r, rc, &words,
                 json_pack("{s:b, s:I}", "published", 1, "suppress_below", (json_int_t)below),
                 results_location(r, s));
}

/* The confirmation before publishing: what becomes visible to whom. */
PARAMS(publish_confirm_params) = {
    {"suppress_below", PARAM_QUERY, PARAM_INT, false, 0, PUBLICATION_SUPPRESS_MAX, NULL,
     "非表示にする回答団体数"},
    PARAMS_END,
};

static void
publish_confirm(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct publication pub;
    struct publication_preview p;
    long long below;
    int rc = threshold_asked(r, s, &pub, &below);
    if (rc == 0)
        rc = publication_preview(r->db, s, below, &r->arena, &p);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, NULL);
    tpl_set_bool(v, "republish", pub.published);
    tpl_set_int(v, "suppress_below", below);
    tpl_set_int(v, "org_accounts", (long long)p.org_accounts);
    tpl_set_int(v, "pref_accounts", (long long)p.pref_accounts);
    tpl_set_int(v, "respondents", (long long)p.respondents);
    tpl_set(v, "scheme_label", p.scheme_label);
    tpl_set_list(v, "hidden");
    for (size_t i = 0; i < p.n_hidden; i++)
        tpl_set(tpl_add_item(v, "hidden"), "group", p.hidden_groups[i]);
    tpl_set_bool(v, "has_entries", p.has_entries);
    tpl_set_int(v, "entries", (long long)p.entries);
    tpl_set_int(v, "unanswered", (long long)p.unanswered);
    char rule[AGG_RULE_SIZE];
    agg_suppression_rule(below, rule, sizeof(rule));
    tpl_set(v, "rule", rule);
    page_render(r, 200, "publish_confirm", "公表の確認", v);
}

static void
withdraw(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    static const struct outcome_words words = {
        "この照会の結果は公表されていないため、取り消せません。", NULL, NULL};
    outcome_send(r, publication_withdraw(r->db, &who, s->id), &words,
                 json_pack("{s:b}", "published", 0), results_location(r, s));
}

API_DOC(publish_doc) = {"集計結果を団体に公表する", API_JSON, "Publication", false, NULL};
API_DOC(withdraw_doc) = {"公表を取り下げる", API_JSON, "Publication", false, NULL};

// clang-format off
ROUTES(publication_http_routes) = {
    {"GET", "/surveys/:id/publish", ROLE_MINISTRY, BODY_NONE, publish_confirm, publish_confirm_params},
    {"POST", "/surveys/:id/publish", ROLE_MINISTRY, BODY_FORM, publish, publish_params},
    {"POST", "/api/v1/surveys/:id/publish", ROLE_MINISTRY, BODY_JSON_OPTIONAL, publish, publish_params, &publish_doc},
    {"POST", "/surveys/:id/withdraw", ROLE_MINISTRY, BODY_FORM, withdraw, NULL},
    {"DELETE", "/api/v1/surveys/:id/publish", ROLE_MINISTRY, BODY_NONE, withdraw, NULL, &withdraw_doc},
    ROUTES_END,
};
// clang-format on
