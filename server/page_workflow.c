/*
 * page_workflow.c: the workflow in the browser: 回答状況 (progress) for the
 * Ministry and prefecture coordinators, and the forms for 差戻し, approval
 * requests, approving and rejecting. Each form posts here and comes back to
 * the answering page with a message.
 */
#include "agg.h"
#include "buf.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "page.h"
#include "page_survey.h"
#include "progress.h"
#include "reply.h"
#include "response.h"
#include "results.h"
#include "route.h"
#include "survey_store.h"
#include "table.h"
#include "tpl.h"
#include "workflow.h"

#include <string.h>

#define PROGRESS_ROLES (ROLE_MINISTRY | ROLE_PREF)

/* "締切まで 3日 4時間" / "締切を過ぎています" */
static const char *
time_left(struct arena *a, int64_t closes_at)
{
    int64_t left = closes_at - clock_now();
    if (left <= 0)
        return "締切を過ぎています";
    return arena_printf(a, "締切まで %lld日 %lld時間", (long long)(left / 86400),
                        (long long)(left % 86400 / 3600));
}

static void
page_progress(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    const char *scheme = results_scheme(s, form_get(&r->query, "group"));
    struct progress p;
    struct table t;
    struct buf *html = buf_new_in(&r->arena, 0);
    const char *scope = results_scope(r);
    int rc = html ? progress_compute(r->db, s, scheme, scope, &r->arena, &p) : ERR_NOMEM;
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 400, "group", "集計区分が正しくありません。");
        return;
    }
    struct tpl_vars *v = page_vars(r);
    if (rc == 0)
        rc = progress_table(&p, &r->arena, &t);
    if (rc == 0)
        rc = page_scheme_choices(r, v, scheme);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    table_html(html, &t);
    page_survey_vars(v, s, NULL);
    tpl_set(v, "scope", scope ? scope : "");
    tpl_set(v, "time_left", time_left(&r->arena, s->closes_at));
    tpl_set_bool(v, "can_change_period", r->user.role == ROLE_MINISTRY);
    char opens[20], closes[20];
    clock_local_jst(s->opens_at, opens, sizeof(opens));
    clock_local_jst(s->closes_at, closes, sizeof(closes));
    tpl_set(v, "opens_local", opens);
    tpl_set(v, "closes_local", closes);
    tpl_set_html(v, "progress_table", (struct html_safe){buf_str(html)});
    tpl_set_int(v, "n_pending", (long long)p.n_pending);
    tpl_set_list(v, "pending");
    for (size_t i = 0; i < p.n_pending; i++) {
        struct tpl_vars *item = tpl_add_item(v, "pending");
        tpl_set(item, "code", p.pending[i].code);
        tpl_set(item, "name", p.pending[i].name);
        tpl_set(item, "prefecture", p.pending[i].prefecture);
        tpl_set(item, "kind", p.pending[i].kind);
        tpl_set(item, "state", progress_state_labels[p.pending[i].state]);
        tpl_set(item, "emails", p.pending[i].emails);
    }
    page_render(r, 200, "progress", "回答状況", v);
}

/* Where a workflow form comes back to: the answering page, with a message code. */
static void
back_to_answer(struct req *r, const struct survey *s, const struct org *org, const char *done)
{
    http_redirect(
        r, arena_printf(&r->arena, "/surveys/%s/responses/%s?done=%s", s->id, org->code, done));
}

static void
workflow_failed(struct req *r, int rc, const char *conflict)
{
    if (rc == ERR_CONFLICT)
        http_send_error(r, 409, NULL, conflict);
    else if (rc == ERR_INPUT)
        http_send_error(r, 400, "comment", "コメントは2000文字以内にしてください。");
    else
        http_send_err(r, rc);
}

static const char *
form_comment(struct req *r)
{
    const char *c = form_get(&r->form, "comment");
    return c ? c : "";
}

static void
page_return(struct req *r)
{
    struct org org;
    struct survey *s = return_target_or_reply(r, &org);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc = workflow_return(r->db, &who, s, org.code, form_comment(r));
    if (rc)
        workflow_failed(r, rc, "提出されていない回答は差し戻せません。");
    else
        back_to_answer(r, s, &org, "returned");
}

static void
page_request_approval(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    long version;
    if (!s || !form_version_or_reply(r, 1, &version))
        return;
    struct audit_actor who = req_actor(r);
    int rc = workflow_request_approval(r->db, &who, s, org.code, version);
    if (rc)
        workflow_failed(
            r, rc, "承認を依頼できる一時保存の回答がありません（画面が古い可能性があります）。");
    else
        back_to_answer(r, s, &org, "requested");
}

static void
page_approve(struct req *r)
{
    struct org org;
    struct survey *s = approver_target_or_reply(r, &org);
    if (!s)
        return;
    struct answer_issues *is = arena_alloc(&r->arena, sizeof(*is));
    if (!is) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    answer_issues_init(is, &r->arena);
    struct audit_actor who = req_actor(r);
    long version;
    int rc = workflow_approve(r->db, &who, s, org.code, is, &version);
    if (rc == ERR_INPUT)
        page_answer_render(r, 422, s, &org, NULL, is, -1, NULL,
                           "承認待ちの回答に不足があるため提出できません。差し戻してください。");
    else if (rc)
        workflow_failed(r, rc, "承認を待っている回答はありません。");
    else
        back_to_answer(r, s, &org, "approved");
}

static void
page_reject(struct req *r)
{
    struct org org;
    struct survey *s = approver_target_or_reply(r, &org);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc = workflow_reject(r->db, &who, s, org.code, form_comment(r));
    if (rc)
        workflow_failed(r, rc, "承認を待っている回答はありません。");
    else
        back_to_answer(r, s, &org, "rejected");
}

/* A datetime-local form field as JST; false after a 400. */
static bool
local_time_or_reply(struct req *r, const char *name, int64_t *out)
{
    const char *v = form_get(&r->form, name);
    if (!v || !clock_parse_local_jst(v, out)) {
        http_send_error(r, 400, name, "日時を正しく入力してください。");
        return false;
    }
    return true;
}

static void
page_period(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    int64_t opens, closes;
    if (!s || !local_time_or_reply(r, "opens", &opens) ||
        !local_time_or_reply(r, "closes", &closes))
        return;
    if (!period_set_or_reply(r, s, opens, closes))
        return;
    http_redirect(r, arena_printf(&r->arena, "/surveys/%s/progress", s->id));
}

static void
page_reopen(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    int64_t until;
    if (!s || !local_time_or_reply(r, "until", &until))
        return;
    const char *code = form_get(&r->form, "code");
    struct org org;
    if (!code || org_get(r->db, code, &org) != 0) {
        http_send_error(r, 400, "code", "団体コードが正しくありません。");
        return;
    }
    struct audit_actor who = req_actor(r);
    int rc = survey_reopen(r->db, &who, s->id, org.code, until);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_redirect(r, arena_printf(&r->arena, "/surveys/%s/progress", s->id));
}

ROUTES(page_workflow_routes) = {
    {"POST", "/surveys/:id/period", ROLE_MINISTRY, BODY_FORM, page_period},
    {"POST", "/surveys/:id/reopen", ROLE_MINISTRY, BODY_FORM, page_reopen},
    {"GET", "/surveys/:id/progress", PROGRESS_ROLES, BODY_NONE, page_progress},
    {"POST", "/surveys/:id/responses/:code/return", PROGRESS_ROLES, BODY_FORM, page_return},
    {"POST", "/surveys/:id/responses/:code/request-approval", ROLE_ORG | ROLE_PREF, BODY_FORM,
     page_request_approval},
    {"POST", "/surveys/:id/responses/:code/approve", ROLE_ORG | ROLE_PREF, BODY_FORM, page_approve},
    {"POST", "/surveys/:id/responses/:code/reject", ROLE_ORG | ROLE_PREF, BODY_FORM, page_reject},
    ROUTES_END,
};
