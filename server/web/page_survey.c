/*
 * page_survey.c: what the survey pages share (see page_survey.h): state
 * labels, times and the survey's variables for templates, and the answering
 * page, rendered through answer_html.c. The routes are in survey_http.c,
 * response_http.c and the other feature files.
 */
#include "page_survey.h"
#include "account.h"
#include "access.h"
#include "answer_html.h"
#include "arena.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "jsonin.h"
#include "page.h"
#include "response.h"
#include "response_guard.h"
#include "revision.h"
#include "selfcheck.h"
#include "survey_store.h"
#include "tpl.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

const char *
state_label(const char *state)
{
    if (strcmp(state, "submitted") == 0)
        return "提出済";
    if (strcmp(state, "draft") == 0)
        return "一時保存";
    return "未回答";
}

struct state_display
response_state_display(const struct response *resp, const struct workflow_status *ws, bool closed)
{
    bool submitted = strcmp(resp->state, "submitted") == 0;
    if (ws->returned)
        return (struct state_display){"差戻し（修正して再提出してください）", "returned"};
    if (ws->awaiting_approval)
        return (struct state_display){"承認待ち", resp->state};
    if (closed && !submitted)
        return (struct state_display){"締切", "closed"};
    if (strcmp(resp->state, "draft") == 0 && resp->submitted_version)
        return (struct state_display){"一時保存（提出済みの版あり）", resp->state};
    return (struct state_display){state_label(resp->state), resp->state};
}

const char *
survey_time_left(struct arena *a, int64_t closes_at)
{
    int64_t left = closes_at - clock_now();
    if (left <= 0)
        return "締切を過ぎています";
    return arena_printf(a, "締切まで %lld日 %lld時間", (long long)(left / 86400),
                        (long long)(left % 86400 / 3600));
}

/* The title of survey id, as people read it; the id when it cannot be read. */
static const char *
survey_title_or_id(struct req *r, const char *id)
{
    struct survey *s;
    if (!id || survey_load(r->db, id, &s))
        return id ? id : "";
    const char *title = arena_strdup(&r->arena, s->title);
    survey_release(s);
    return title ? title : id;
}

void
page_time_vars(struct tpl_vars *v, const char *prefix, int64_t t)
{
    char wareki[64], iso[32], name[64];
    clock_wareki(t, wareki, sizeof(wareki));
    clock_jst(t, iso, sizeof(iso));
    snprintf(name, sizeof(name), "%s_wareki", prefix);
    tpl_set(v, name, wareki);
    snprintf(name, sizeof(name), "%s_iso", prefix);
    tpl_set(v, name, iso);
}

void
page_survey_vars(struct tpl_vars *v, const struct survey *s, const struct org *org)
{
    tpl_set(v, "survey_id", s->id);
    tpl_set(v, "survey_title", s->title);
    tpl_set(v, "description", s->description ? s->description : "");
    page_time_vars(v, "opens", s->opens_at);
    page_time_vars(v, "closes", s->closes_at);
    if (org) {
        tpl_set(v, "org_code", org->code);
        tpl_set(v, "org_name", org->name);
        tpl_set(v, "org_kind", org->kind);
    }
}

/* Progress per clause: items answered (any status) of those that apply. */
static void
selfcheck_progress_vars(struct tpl_vars *v, const struct survey *s, json_t *answers)
{
    tpl_set_bool(v, "is_selfcheck", true);
    tpl_set_list(v, "clauses");
    for (size_t si = 0; si < s->n_sections; si++) {
        const struct survey_section *sec = &s->sections[si];
        long applicable, answered;
        selfcheck_clause_progress(s, si, answers, &answered, &applicable);
        if (!applicable)
            continue;
        struct tpl_vars *item = tpl_add_item(v, "clauses");
        tpl_set(item, "id", sec->id);
        tpl_set(item, "title", sec->title);
        tpl_set_int(item, "answered", answered);
        tpl_set_int(item, "applicable", applicable);
        tpl_set_bool(item, "complete", answered == applicable);
    }
}

/* What one rendering of the answering page shows (page_answer_render's
   arguments, and the table whose last row takes the focus). */
struct answer_page {
    int status;
    const struct survey *s;
    const struct org *org;
    json_t *answers;
    const struct answer_issues *issues;
    long version;
    const char *message, *warning, *focus_table;
};

static void
answer_page_render(struct req *r, const struct answer_page *p)
{
    int status = p->status;
    const struct survey *s = p->s;
    const struct org *org = p->org;
    json_t *answers = p->answers;
    const struct answer_issues *issues = p->issues;
    long version = p->version;
    const char *message = p->message, *warning = p->warning;
    struct response resp;
    struct workflow_status ws;
    if (!response_state_or_reply(r, s, org->code, &resp, &ws))
        return;
    struct org org_unused;
    bool proxy = false, writable = false;
    writable = access_response(r->db, &r->user, s, org->code, true, &org_unused, &proxy) == 0;
    const char *why = NULL;
    bool open = access_write_now(r->db, &r->user, s, org->code, clock_now(), &why) == 0;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, org);
    struct state_display shown_state = response_state_display(&resp, &ws, false);
    tpl_set(v, "state_label", shown_state.label);
    tpl_set(v, "state_class", shown_state.css);
    tpl_setf(v, "version", "%ld", resp.version);
    if (!resp.version)
        tpl_set(v, "version", "");
    page_time_vars(v, "saved", resp.saved_at);
    tpl_setf(v, "form_version", "%ld", version >= 0 ? version : resp.version);
    tpl_set_bool(v, "proxy", proxy);
    /* Whom the Ministry or the prefecture calls about this response. */
    const char *contacts = "";
    if ((r->user.role == ROLE_MINISTRY || r->user.role == ROLE_PREF) &&
        account_org_contacts(r->db, org->code, &r->arena, &contacts))
        contacts = "";
    tpl_set(v, "contacts", contacts);
    tpl_set(v, "message", message ? message : "");
    if (!warning && writable && !open)
        warning = why;
    tpl_set(v, "warning", warning ? warning : "");
    /* A submitted response opens to be read; 修正する (?edit=1) makes it a
       form again, so a stray click cannot turn it into a draft (#19). A
       re-rendered form (answers given) stays a form. */
    bool amendable = writable && open && !answers && !ws.returned &&
                     strcmp(resp.state, "submitted") == 0 && !param_int(&r->params, "edit", 0);
    tpl_set_bool(v, "editable", writable && open && !amendable);
    tpl_set_bool(v, "can_amend", amendable);
    tpl_set_bool(v, "wf_returned", ws.returned);
    tpl_set_bool(v, "wf_awaiting", ws.awaiting_approval);
    tpl_set_bool(v, "wf_rejected",
                 !ws.awaiting_approval && strcmp(ws.event, "reject") == 0 &&
                     strcmp(resp.state, "draft") == 0);
    tpl_set(v, "wf_comment", ws.comment);
    tpl_set_bool(v, "can_approve",
                 s->approval && access_approve(&r->user, org->code) && ws.awaiting_approval);
    const char *no_return;
    tpl_set_bool(v, "can_return",
                 resp.submitted_version && !ws.returned && access_return(&r->user, org->code) &&
                     access_return_now(r->db, &r->user, s, clock_now(), &no_return) == 0);
    json_t *shown = answers ? answers : resp.answers;
    json_t *carried = NULL;
    int rc = 0;
    if (strcmp(s->kind, "selfcheck") == 0) {
        if (!answers && !resp.exists && writable)
            rc = revision_carry_over(r->db, s, org->code, shown, &carried);
        if (rc == 0 && !answers)
            rc = selfcheck_prefill(r->db, s, org->code, shown);
        if (rc) {
            json_decref(carried);
            response_cleanup(&resp);
            http_send_err(r, rc);
            return;
        }
        selfcheck_progress_vars(v, s, shown);
    } else {
        tpl_set_bool(v, "is_selfcheck", false);
    }
    if (carried)
        arena_defer(&r->arena, json_decref_cb, carried);
    size_t n_carried = carried ? json_object_size(carried) : 0;
    tpl_set(v, "carried",
            n_carried ? arena_printf(&r->arena,
                                     "前回の自己点検（%s）から %zu 項目の回答を"
                                     "引き継ぎました。内容を確認してから保存してください。",
                                     survey_title_or_id(r, s->previous), n_carried)
                      : "");
    tpl_set(v, "previous", s->previous ? s->previous : "");
    struct answer_view view = {
        .s = s,
        .answers = shown,
        .issues = issues,
        .arena = &r->arena,
        .carried = carried,
        .focus_table = p->focus_table,
        .form_path = arena_printf(&r->arena, "/surveys/%s/responses/%s", s->id, org->code)};
    struct buf *fields = buf_new_in(&r->arena, 0), *summary = buf_new_in(&r->arena, 0);
    if (!fields || !summary) {
        response_cleanup(&resp);
        http_send_err(r, ERR_NOMEM);
        return;
    }
    answer_html_issue_summary(summary, &view);
    if (writable && open)
        answer_html_form(fields, &view);
    else
        answer_html_readonly(fields, &view);
    tpl_set_markup(v, "issue_summary", summary);
    tpl_set_markup(v, "fields", fields);
    tpl_set_markup(v, "readonly", fields);
    page_render(r, status, "answer", s->title, v);
    response_cleanup(&resp);
}

void
page_answer_render(struct req *r, int status, const struct survey *s, const struct org *org,
                   json_t *answers, const struct answer_issues *issues, long version,
                   const char *message, const char *warning)
{
    const struct answer_page p = {status, s, org, answers, issues, version, message, warning, NULL};
    answer_page_render(r, &p);
}

void
page_answer_render_rows(struct req *r, const struct survey *s, const struct org *org,
                        json_t *answers, long version, const char *table)
{
    const struct answer_page p = {
        200,  s,    org, answers, NULL, version, "行を変更しました（まだ保存されていません）。",
        NULL, table};
    answer_page_render(r, &p);
}
