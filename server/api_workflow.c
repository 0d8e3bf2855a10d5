/*
 * api_workflow.c: /api/v1 for the workflow: progress (回答状況) with the list
 * of 団体 that have not submitted, 差戻し, and approval inside a 団体.
 */
#include "clock.h"
#include "csv_out.h"
#include "org.h"
#include "survey_store.h"
#include "err.h"
#include "http.h"
#include "progress.h"
#include "reply.h"
#include "response.h"
#include "results.h"
#include "route.h"
#include "table.h"
#include "workflow.h"

#include <string.h>

#define PROGRESS_ROLES (ROLE_MINISTRY | ROLE_PREF)
#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

static bool
progress_or_reply(struct req *r, struct progress *p, struct survey **s)
{
    *s = survey_find_or_reply(r);
    if (!*s)
        return false;
    const char *scheme = results_scheme(*s, form_get(&r->query, "group"));
    int rc = progress_compute(r->db, *s, scheme, results_scope(r), &r->arena, p);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 400, "group",
                        "group は kind6, kind4, pref_muni, prefecture のいずれかです。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

static json_t *
counts_json(const int64_t *counts)
{
    static const char *const keys[P_STATES] = {"none", "draft", "awaiting_approval", "returned",
                                               "submitted"};
    json_t *o = json_object();
    int64_t all = 0;
    for (size_t i = 0; i < P_STATES; i++) {
        json_object_set_new(o, keys[i], json_integer(counts[i]));
        all += counts[i];
    }
    json_object_set_new(o, "organizations", json_integer(all));
    return o;
}

static void
api_progress(struct req *r)
{
    struct progress p;
    struct survey *s;
    if (!progress_or_reply(r, &p, &s))
        return;
    json_t *groups = json_array(), *pending = json_array();
    for (size_t g = 0; g < p.n_groups; g++) {
        json_t *row = counts_json(p.counts[g]);
        json_object_set_new(row, "group", json_string(p.groups[g]));
        json_array_append_new(groups, row);
    }
    for (size_t i = 0; i < p.n_pending; i++)
        json_array_append_new(pending,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", p.pending[i].code,
                                        "name", p.pending[i].name, "prefecture",
                                        p.pending[i].prefecture, "kind", p.pending[i].kind, "state",
                                        progress_state_labels[p.pending[i].state], "emails",
                                        p.pending[i].emails));
    const char *scope = results_scope(r);
    http_send_json(r, 200,
                   json_pack("{s:s, s:s?, s:o, s:o, s:o}", "survey", s->id, "prefecture", scope,
                             "groups", groups, "total", counts_json(p.counts[p.n_groups]),
                             "pending", pending));
}

static void
api_progress_pending_csv(struct req *r)
{
    struct progress p;
    struct survey *s;
    if (!progress_or_reply(r, &p, &s))
        return;
    struct table t;
    int rc = progress_pending_table(&p, &r->arena, &t);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    results_send_csv(r, &t, arena_printf(&r->arena, "%s_pending.csv", s->id));
}

/* The "comment" member of the JSON body ("" when absent); NULL after a 400. */
static const char *
comment_or_reply(struct req *r)
{
    json_t *c = r->json ? json_object_get(r->json, "comment") : NULL;
    if (r->json && !json_is_object(r->json)) {
        http_send_error(r, 400, NULL, "{\"comment\": \"...\"} の形で送信してください。");
        return NULL;
    }
    if (c && !json_is_string(c)) {
        http_send_error(r, 400, "comment", "comment は文字列にしてください。");
        return NULL;
    }
    return c ? json_string_value(c) : "";
}

static void
workflow_reply(struct req *r, int rc, const char *done_state, const char *conflict)
{
    if (rc == ERR_CONFLICT)
        http_send_error(r, 409, NULL, conflict);
    else if (rc == ERR_INPUT)
        http_send_error(r, 400, "comment", "コメントは2000文字以内にしてください。");
    else if (rc)
        http_send_err(r, rc);
    else
        http_send_json(r, 200, json_pack("{s:s}", "state", done_state));
}

static void
api_return(struct req *r)
{
    struct org org;
    struct survey *s;
    const char *comment;
    if (!(s = return_target_or_reply(r, &org)) || !(comment = comment_or_reply(r)))
        return;
    struct audit_actor who = req_actor(r);
    workflow_reply(r, workflow_return(r->db, &who, s, org.code, comment), "returned",
                   "提出されていない回答は差し戻せません。");
}

static void
api_request_approval(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    long expected = RESPONSE_ANY_VERSION;
    json_t *v = r->json ? json_object_get(r->json, "version") : NULL;
    if (json_is_integer(v))
        expected = (long)json_integer_value(v);
    struct audit_actor who = req_actor(r);
    workflow_reply(r, workflow_request_approval(r->db, &who, s, org.code, expected),
                   "awaiting_approval", "承認を依頼できる一時保存の回答がありません。");
}

static void
api_approve(struct req *r)
{
    struct org org;
    struct survey *s = approver_target_or_reply(r, &org);
    if (!s)
        return;
    struct answer_issues is;
    answer_issues_init(&is, &r->arena);
    struct audit_actor who = req_actor(r);
    long version;
    int rc = workflow_approve(r->db, &who, s, org.code, &is, &version);
    if (rc == ERR_INPUT) {
        answer_issues_reply(r, &is);
        return;
    }
    workflow_reply(r, rc, "submitted", "承認を待っている回答はありません。");
}

static void
api_reject(struct req *r)
{
    struct org org;
    struct survey *s;
    const char *comment;
    if (!(s = approver_target_or_reply(r, &org)) || !(comment = comment_or_reply(r)))
        return;
    struct audit_actor who = req_actor(r);
    workflow_reply(r, workflow_reject(r->db, &who, s, org.code, comment), "draft",
                   "承認を待っている回答はありません。");
}

/* A time member given as ISO 8601; false after a 400. */
static bool
time_member_or_reply(struct req *r, const char *name, int64_t *out)
{
    const char *v = json_string_value(json_object_get(r->json, name));
    if (!v || !clock_parse_iso(v, out)) {
        http_send_error(r, 400, name, "日時は 2025-02-13T23:59:59+09:00 の形で指定してください。");
        return false;
    }
    return true;
}

static void
api_period(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    int64_t opens, closes;
    if (!s || !time_member_or_reply(r, "opens", &opens) ||
        !time_member_or_reply(r, "closes", &closes))
        return;
    if (!period_set_or_reply(r, s, opens, closes))
        return;
    char o[32], c[32];
    clock_iso(opens, o, sizeof(o));
    clock_iso(closes, c, sizeof(c));
    http_send_json(r, 200, json_pack("{s:s, s:s}", "opens", o, "closes", c));
}

static void
api_reopen(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    int64_t until;
    if (!s || !time_member_or_reply(r, "until", &until))
        return;
    const char *code = json_string_value(json_object_get(r->json, "organization"));
    struct org org;
    if (!code || org_get(r->db, code, &org) != 0) {
        http_send_error(r, 400, "organization", "organization に団体コードを指定してください。");
        return;
    }
    struct audit_actor who = req_actor(r);
    int rc = survey_reopen(r->db, &who, s->id, org.code, until);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    char u[32];
    clock_iso(until, u, sizeof(u));
    http_send_json(r, 200, json_pack("{s:s, s:s}", "organization", org.code, "until", u));
}

ROUTES(api_workflow_routes) = {
    {"PUT", "/api/v1/surveys/:id/period", ROLE_MINISTRY, BODY_JSON, api_period},
    {"POST", "/api/v1/surveys/:id/reopen", ROLE_MINISTRY, BODY_JSON, api_reopen},
    {"GET", "/api/v1/surveys/:id/progress", PROGRESS_ROLES, BODY_NONE, api_progress},
    {"GET", "/api/v1/surveys/:id/progress/pending.csv", PROGRESS_ROLES, BODY_NONE,
     api_progress_pending_csv},
    {"POST", "/api/v1/surveys/:id/responses/:code/return", PROGRESS_ROLES, BODY_JSON_OPTIONAL,
     api_return},
    {"POST", "/api/v1/surveys/:id/responses/:code/request-approval", ROLE_ORG | ROLE_PREF,
     BODY_JSON_OPTIONAL, api_request_approval},
    {"POST", "/api/v1/surveys/:id/responses/:code/approve", ROLE_ORG | ROLE_PREF, BODY_NONE,
     api_approve},
    {"POST", "/api/v1/surveys/:id/responses/:code/reject", ROLE_ORG | ROLE_PREF, BODY_JSON_OPTIONAL,
     api_reject},
    ROUTES_END,
};
