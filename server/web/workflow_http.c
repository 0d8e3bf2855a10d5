/*
 * workflow_http.c: the workflow over HTTP, for the browser and the API alike:
 * 回答状況 (progress) with the 団体 that have not submitted, the answer period,
 * re-opening one 団体, 差戻し, and approval inside a 団体.
 *
 * Each operation is one handler behind two routes, a page's form and the
 * API's JSON, with the same declared parameters (param.h) and the same
 * refusals (outcome.h); only a success differs: the API answers JSON, the
 * page goes back to where the form was.
 */
#include "app.h"
#include "clock.h"
#include "download.h"
#include "err.h"
#include "http.h"
#include "org.h"
#include "outcome.h"
#include "page.h"
#include "page_survey.h"
#include "progress.h"
#include "guard.h"
#include "response.h"
#include "response_guard.h"
#include "results.h"
#include "route.h"
#include "survey_store.h"
#include "table.h"
#include "tpl.h"
#include "workflow.h"

#include <string.h>

#define PROGRESS_ROLES (ROLE_MINISTRY | ROLE_PREF)
#define APPROVAL_ROLES (ROLE_ORG | ROLE_PREF)

/* --- progress (回答状況) */

PARAMS(progress_params) = {
    RESULTS_GROUP_PARAM,
    RESULTS_SCOPE_PARAM,
    PARAMS_END,
};
/* The page also says how many reminders were just queued (reminder_http.c). */
PARAMS(progress_page_params) = {
    RESULTS_GROUP_PARAM,
    RESULTS_SCOPE_PARAM,
    {"reminded", PARAM_QUERY, PARAM_INT, false, 0, INT32_MAX, NULL, "送信待ちにした督促メール"},
    PARAMS_END,
};
PARAMS(pending_csv_params) = {
    RESULTS_GROUP_PARAM,
    RESULTS_SCOPE_PARAM,
    DOWNLOAD_ENCODING_PARAM,
    PARAMS_END,
};

static bool
progress_or_reply(struct req *r, struct progress *p, struct survey **s)
{
    *s = survey_find_or_reply(r);
    if (!*s)
        return false;
    const char *scheme = results_scheme(*s, param_text(&r->params, "group"));
    int rc = progress_compute(r->db, *s, scheme, results_scope(r), &r->arena, p);
    static const struct outcome_words words = {NULL, "group", RESULTS_SCHEME_UNKNOWN};
    if (rc) {
        outcome_fail(r, rc == ERR_NOTFOUND ? ERR_INPUT : rc, &words);
        return false;
    }
    return true;
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
progress_api(struct req *r)
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
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code",
                                        p.pending[i].code, "name", p.pending[i].name, "prefecture",
                                        p.pending[i].prefecture, "kind", p.pending[i].kind, "state",
                                        progress_state_labels[p.pending[i].state], "emails",
                                        p.pending[i].emails, "contacts", p.pending[i].contacts));
    const char *scope = results_scope(r);
    http_send_json(r, 200,
                   json_pack("{s:s, s:s?, s:o, s:o, s:o}", "survey", s->id, "prefecture", scope,
                             "groups", groups, "total", counts_json(p.counts[p.n_groups]),
                             "pending", pending));
}

static void
progress_pending_csv(struct req *r)
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
    download_csv(r, &t, param_text(&r->params, "encoding"),
                 arena_printf(&r->arena, "%s_pending.csv", s->id));
}

static void
progress_page(struct req *r)
{
    struct progress p;
    struct survey *s;
    if (!progress_or_reply(r, &p, &s))
        return;
    const char *scheme = results_scheme(s, param_text(&r->params, "group"));
    struct table t;
    struct buf *html = buf_new_in(&r->arena, 0);
    struct tpl_vars *v = page_vars(r);
    int rc = html ? progress_table(&p, &r->arena, &t) : ERR_NOMEM;
    if (rc == 0)
        rc = page_scheme_choices(r, v, scheme);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    table_html(html, &t);
    page_survey_vars(v, s, NULL);
    const char *scope = results_scope(r);
    tpl_set(v, "scope", scope ? scope : "");
    tpl_set(v, "time_left", survey_time_left(&r->arena, s->closes_at));
    tpl_set_bool(v, "can_change_period", r->user.role == ROLE_MINISTRY);
    if (r->user.role == ROLE_MINISTRY && (rc = page_org_choices(r, v))) {
        http_send_err(r, rc);
        return;
    }
    char opens[20], closes[20];
    clock_local_jst(s->opens_at, opens, sizeof(opens));
    clock_local_jst(s->closes_at, closes, sizeof(closes));
    tpl_set(v, "opens_local", opens);
    tpl_set(v, "closes_local", closes);
    tpl_set_markup(v, "progress_table", html);
    tpl_set_int(v, "n_pending", (long long)p.n_pending);
    tpl_set_bool(v, "has_pending", p.n_pending > 0);
    tpl_set_bool(v, "reminded_flag", param_given(&r->params, "reminded"));
    tpl_set_int(v, "reminded", param_int(&r->params, "reminded", 0));
    tpl_set_bool(v, "smtp", r->app->mail_delivering);
    tpl_set_list(v, "pending");
    for (size_t i = 0; i < p.n_pending; i++) {
        struct tpl_vars *item = tpl_add_item(v, "pending");
        tpl_set(item, "code", p.pending[i].code);
        tpl_set(item, "name", p.pending[i].name);
        tpl_set(item, "prefecture", p.pending[i].prefecture);
        tpl_set(item, "kind", p.pending[i].kind);
        tpl_set(item, "state", progress_state_labels[p.pending[i].state]);
        tpl_set(item, "contacts", p.pending[i].contacts);
    }
    page_render(r, 200, "progress", "回答状況", v);
}

/* --- the period, and re-opening one 団体 (the Ministry's) */

PARAMS(period_params) = {
    {"opens", PARAM_BODY, PARAM_TIME, true, 0, 0, NULL, "開始日時"},
    {"closes", PARAM_BODY, PARAM_TIME, true, 0, 0, NULL, "終了日時"},
    PARAMS_END,
};

static const char *
progress_location(struct req *r, const struct survey *s)
{
    return arena_printf(&r->arena, "/surveys/%s/progress", s->id);
}

static void
period(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    int64_t opens = param_int(&r->params, "opens", 0), closes = param_int(&r->params, "closes", 0);
    struct audit_actor who = req_actor(r);
    static const struct outcome_words words = {NULL, "closes", "終了は開始より後にしてください。"};
    outcome_send(r, survey_set_period(r->db, &who, s->id, opens, closes), &words,
                 json_pack("{s:s, s:s}", "opens", clock_iso_in(&r->arena, opens), "closes",
                           clock_iso_in(&r->arena, closes)),
                 progress_location(r, s));
}

PARAMS(reopen_params) = {
    {"organization", PARAM_BODY, PARAM_ORG, true, 0, 0, NULL, "団体"},
    {"until", PARAM_BODY, PARAM_TIME, true, 0, 0, NULL, "再開の期限"},
    PARAMS_END,
};

static void
reopen(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct org org;
    static const struct outcome_words words = {NULL, "organization",
                                               "その団体コードの団体はありません。"};
    int rc = org_get(r->db, param_text(&r->params, "organization"), &org);
    if (rc) {
        outcome_fail(r, rc == ERR_NOTFOUND ? ERR_INPUT : rc, &words);
        return;
    }
    int64_t until = param_int(&r->params, "until", 0);
    struct audit_actor who = req_actor(r);
    outcome_send(
        r, survey_reopen(r->db, &who, s->id, org.code, until), &words,
        json_pack("{s:s, s:s}", "organization", org.code, "until", clock_iso_in(&r->arena, until)),
        progress_location(r, s));
}

/* --- 差戻し and approval */

PARAMS(return_params) = {
    {"comment", PARAM_BODY, PARAM_TEXT, true, 1, 2000, NULL, "差し戻す理由"},
    PARAMS_END,
};
PARAMS(reject_params) = {
    {"comment", PARAM_BODY, PARAM_TEXT, false, 0, 2000, NULL, "差し戻す理由"},
    PARAMS_END,
};
PARAMS(request_approval_params) = {
    {"version", PARAM_BODY, PARAM_INT, false, 1, RESPONSE_MAX_VERSION, NULL, "版"},
    PARAMS_END,
};

/* After a workflow step: the API's new state, or the answering page with a
   message code. */
static void
step_send(struct req *r, int rc, const char *conflict, const struct survey *s,
          const struct org *org, const char *state, const char *done)
{
    const struct outcome_words words = {conflict, NULL, NULL};
    outcome_send(
        r, rc, &words, json_pack("{s:s}", "state", state),
        arena_printf(&r->arena, "/surveys/%s/responses/%s?done=%s", s->id, org->code, done));
}

static void
return_response(struct req *r)
{
    struct org org;
    bool reopen_after;
    struct survey *s = return_target_or_reply(r, &org, &reopen_after);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc =
        workflow_return(r->db, &who, s, org.code, param_text(&r->params, "comment"), reopen_after);
    step_send(r, rc, "提出されていない回答は差し戻せません。", s, &org, "returned", "returned");
}

static void
request_approval(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc = workflow_request_approval(r->db, &who, s, org.code,
                                       param_int(&r->params, "version", RESPONSE_ANY_VERSION));
    step_send(r, rc, "承認を依頼できる一時保存の回答がありません（画面が古い可能性があります）。",
              s, &org, "awaiting_approval", "requested");
}

static void
approve(struct req *r)
{
    struct org org;
    struct survey *s = approver_target_or_reply(r, &org);
    if (!s)
        return;
    struct answer_issues *is = answer_issues_new_or_reply(r);
    if (!is)
        return;
    struct audit_actor who = req_actor(r);
    long version;
    int rc = workflow_approve(r->db, &who, s, org.code, is, &version);
    if (rc == ERR_INPUT)
        answer_issues_send(r, s, &org, is,
                           "承認待ちの回答に不足があるため提出できません。差し戻してください。");
    else
        step_send(r, rc, "承認を待っている回答はありません。", s, &org, "submitted", "approved");
}

static void
reject(struct req *r)
{
    struct org org;
    struct survey *s = approver_target_or_reply(r, &org);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc = workflow_reject(r->db, &who, s, org.code, param_text_or_empty(&r->params, "comment"));
    step_send(r, rc, "承認を待っている回答はありません。", s, &org, "draft", "rejected");
}

API_DOC(progress_doc) = {"回答状況（JSON）", API_JSON, "Progress", true, NULL};
API_DOC(pending_csv_doc) = {"未提出の団体（CSV）", API_CSV, NULL, true, NULL};
API_DOC(period_doc) = {"回答期間を変更する", API_JSON, "Period", false, NULL};
API_DOC(reopen_doc) = {"1 団体の回答を期限付きで再び受け付ける", API_JSON, "Reopening", false,
                       NULL};
API_DOC(return_doc) = {"提出された回答を差し戻す", API_JSON, "WorkflowState", false, NULL};
API_DOC(request_approval_doc) = {"回答の承認を依頼する", API_JSON, "WorkflowState", false, NULL};
API_DOC(approve_doc) = {"回答を承認して提出する", API_JSON, "WorkflowState", false, NULL};
API_DOC(reject_doc) = {"承認の依頼を差し戻す", API_JSON, "WorkflowState", false, NULL};

// clang-format off
ROUTES(workflow_http_routes) = {
    {"GET", "/surveys/:id/progress", PROGRESS_ROLES, BODY_NONE, progress_page, progress_page_params},
    {"GET", "/api/v1/surveys/:id/progress", PROGRESS_ROLES, BODY_NONE, progress_api, progress_params, &progress_doc},
    {"GET", "/api/v1/surveys/:id/progress/pending.csv", PROGRESS_ROLES, BODY_NONE, progress_pending_csv,
     pending_csv_params, &pending_csv_doc},
    {"POST", "/surveys/:id/period", ROLE_MINISTRY, BODY_FORM, period, period_params},
    {"PUT", "/api/v1/surveys/:id/period", ROLE_MINISTRY, BODY_JSON, period, period_params, &period_doc},
    {"POST", "/surveys/:id/reopen", ROLE_MINISTRY, BODY_FORM, reopen, reopen_params},
    {"POST", "/api/v1/surveys/:id/reopen", ROLE_MINISTRY, BODY_JSON, reopen, reopen_params, &reopen_doc},
    {"POST", "/surveys/:id/responses/:code/return", PROGRESS_ROLES, BODY_FORM, return_response,
     return_params},
    {"POST", "/api/v1/surveys/:id/responses/:code/return", PROGRESS_ROLES, BODY_JSON_OPTIONAL,
     return_response, return_params, &return_doc},
    {"POST", "/surveys/:id/responses/:code/request-approval", APPROVAL_ROLES, BODY_FORM,
     request_approval, request_approval_params},
    {"POST", "/api/v1/surveys/:id/responses/:code/request-approval", APPROVAL_ROLES,
     BODY_JSON_OPTIONAL, request_approval, request_approval_params, &request_approval_doc},
    {"POST", "/surveys/:id/responses/:code/approve", APPROVAL_ROLES, BODY_FORM, approve, NULL},
    {"POST", "/api/v1/surveys/:id/responses/:code/approve", APPROVAL_ROLES, BODY_NONE, approve, NULL, &approve_doc},
    {"POST", "/surveys/:id/responses/:code/reject", APPROVAL_ROLES, BODY_FORM, reject, reject_params},
    {"POST", "/api/v1/surveys/:id/responses/:code/reject", APPROVAL_ROLES, BODY_JSON_OPTIONAL,
     reject, reject_params, &reject_doc},
    ROUTES_END,
};
// clang-format on
