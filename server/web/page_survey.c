/*
 * page_survey.c: the survey list and the answering page (form, save, add and
 * remove table rows). Confirmation, submission and history are in
 * page_response.c. Both render through answer_html.c.
 */
#include "answer_form.h"
#include "answer_html.h"
#include "clock.h"
#include "err.h"
#include "html.h"
#include "http.h"
#include "jsonin.h"
#include "page.h"
#include "page_survey.h"
#include "publication.h"
#include "guard.h"
#include "response.h"
#include "route.h"
#include "survey_store.h"
#include "tpl.h"
#include "revision.h"
#include "workflow.h"

#include <stdlib.h>
#include <string.h>

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

const char *
state_label(const char *state)
{
    if (strcmp(state, "submitted") == 0)
        return "提出済";
    if (strcmp(state, "draft") == 0)
        return "一時保存";
    return "未回答";
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

struct list_ctx {
    struct req *r;
    struct tpl_vars *v;
};

static int
survey_item(const struct survey_row *row, void *arg)
{
    struct list_ctx *c = arg;
    struct tpl_vars *item = tpl_add_item(c->v, "surveys");
    tpl_set(item, "id", row->id);
    tpl_set(item, "title", row->title);
    page_time_vars(item, "opens", row->opens_at);
    page_time_vars(item, "closes", row->closes_at);
    bool has_org = c->r->user.org_code[0] != '\0';
    struct publication pub;
    int rc = publication_get(c->r->db, row->id, &pub);
    if (rc)
        return rc;
    tpl_set_bool(item, "can_see_results", c->r->user.role & (ROLE_MINISTRY | ROLE_PREF));
    tpl_set_bool(item, "published_results", pub.published && c->r->user.role == ROLE_ORG);
    tpl_set_bool(item, "has_org", has_org);
    tpl_set(item, "org_code", c->r->user.org_code);
    if (!has_org)
        return 0;
    struct response resp;
    rc = response_get(c->r->db, row->id, c->r->user.org_code, &resp);
    if (rc)
        return rc;
    int64_t now = clock_now();
    bool closed = now >= row->closes_at;
    const char *label = state_label(resp.state);
    if (closed && strcmp(resp.state, "submitted") != 0)
        label = "締切";
    else if (strcmp(resp.state, "draft") == 0 && resp.submitted_version)
        label = "一時保存（提出済みの版あり）";
    struct workflow_status ws;
    rc = workflow_status(c->r->db, row->id, c->r->user.org_code, &c->r->arena, &ws);
    const char *state_class =
        closed && strcmp(resp.state, "submitted") != 0 ? "closed" : resp.state;
    if (ws.returned) {
        label = "差戻し（修正して再提出してください）";
        state_class = "returned";
        closed = false; /* a return reopens the response for the 団体 */
    } else if (ws.awaiting_approval) {
        label = "承認待ち";
    }
    tpl_set(item, "state_label", label);
    tpl_set(item, "state_class", state_class);
    tpl_set(item, "action_label", closed || now < row->opens_at ? "回答を見る" : "回答する");
    response_cleanup(&resp);
    return rc;
}

static void
page_surveys(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    struct list_ctx c = {r, v};
    tpl_set_list(v, "surveys");
    int rc = survey_each(r->db, survey_item, &c);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "surveys", "照会一覧", v);
}

/* GET /surveys/:id/responses?code=NNNNNN: the Ministry's way to a 団体's response. */
static void
page_survey_pick(struct req *r)
{
    const char *code = form_get(&r->query, "code");
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6) {
        http_send_error(r, 400, "code", "団体コードは6桁の数字で入力してください。");
        return;
    }
    struct buf *to = buf_new_in(&r->arena, 1024);
    if (!to) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    html_lit(to, "/surveys/");
    html_esc_url(to, form_get(&r->path_params, "id"));
    html_lit(to, "/responses/");
    html_esc_url(to, code);
    http_redirect(r, buf_str(to));
}

/* A self-check takes the 三層の対策 model from the 団体's submitted
   sanso-2023 answer until its own is saved (shown, not stored). */
static int
selfcheck_prefill(struct req *r, const struct survey *s, const struct org *org, json_t *answers)
{
    static const char *const source = "sanso-2023";
    if (!survey_question(s, "model") || json_object_get(answers, "model"))
        return 0;
    struct response other;
    int rc = response_get(r->db, source, org->code, &other);
    if (rc == 0 && other.submitted_version) {
        json_t *model = json_object_get(other.answers, "model");
        if (json_is_string(model))
            json_object_set(answers, "model", model);
    }
    response_cleanup(&other);
    return rc;
}

/* Progress per clause: items answered (any status) of those that apply. */
static void
selfcheck_progress_vars(struct tpl_vars *v, const struct survey *s, json_t *answers)
{
    tpl_set_bool(v, "is_selfcheck", true);
    tpl_set_list(v, "clauses");
    for (size_t si = 0; si < s->n_sections; si++) {
        const struct survey_section *sec = &s->sections[si];
        long applicable = 0, answered = 0;
        for (size_t k = 0; k < sec->count; k++) {
            const struct question *q = &s->questions[sec->first + k];
            if (q->type != Q_CHECK || !answer_visible(s, q, answers))
                continue;
            applicable++;
            answered += json_object_get(json_object_get(answers, q->id), "status") != NULL;
        }
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

void
page_answer_render(struct req *r, int status, const struct survey *s, const struct org *org,
                   json_t *answers, const struct answer_issues *issues, long version,
                   const char *message, const char *warning)
{
    struct response resp;
    int rc = response_get(r->db, s->id, org->code, &resp);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    struct org org_unused;
    bool proxy = false, writable = false;
    writable = access_response(r->db, &r->user, s, org->code, true, &org_unused, &proxy) == 0;
    const char *why = NULL;
    bool open = r->user.role == ROLE_MINISTRY ||
                survey_accepting(r->db, s, org->code, clock_now(), &why) == 0;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, org);
    const char *label = state_label(resp.state);
    tpl_set(v, "state_label", label);
    tpl_set(v, "state_class", resp.state);
    tpl_setf(v, "version", "%ld", resp.version);
    if (!resp.version)
        tpl_set(v, "version", "");
    page_time_vars(v, "saved", resp.saved_at);
    tpl_setf(v, "form_version", "%ld", version >= 0 ? version : resp.version);
    tpl_set_bool(v, "proxy", proxy);
    tpl_set(v, "message", message ? message : "");
    if (!warning && writable && !open)
        warning = why;
    tpl_set(v, "warning", warning ? warning : "");
    tpl_set_bool(v, "editable", writable && open);
    struct workflow_status ws;
    if ((rc = workflow_status(r->db, s->id, org->code, &r->arena, &ws))) {
        response_cleanup(&resp);
        http_send_err(r, rc);
        return;
    }
    bool own = strcmp(r->user.org_code, org->code) == 0;
    tpl_set_bool(v, "wf_returned", ws.returned);
    tpl_set_bool(v, "wf_awaiting", ws.awaiting_approval);
    tpl_set_bool(v, "wf_rejected",
                 !ws.awaiting_approval && strcmp(ws.event, "reject") == 0 &&
                     strcmp(resp.state, "draft") == 0);
    tpl_set(v, "wf_comment", ws.comment);
    tpl_set_bool(v, "can_approve", s->approval && r->user.approver && own && ws.awaiting_approval);
    const char *no_return;
    tpl_set_bool(v, "can_return",
                 resp.submitted_version && !ws.returned &&
                     (r->user.role == ROLE_MINISTRY || (r->user.role == ROLE_PREF && !own)) &&
                     access_return_now(r->db, &r->user, s, clock_now(), &no_return) == 0);
    json_t *shown = answers ? answers : resp.answers;
    json_t *carried = NULL;
    if (strcmp(s->kind, "selfcheck") == 0) {
        if (!answers && !resp.exists && writable)
            rc = revision_carry_over(r->db, s, org->code, shown, &carried);
        if (rc == 0 && !answers)
            rc = selfcheck_prefill(r, s, org, shown);
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
                                     s->previous, n_carried)
                      : "");
    tpl_set(v, "previous", s->previous ? s->previous : "");
    struct answer_view view = {
        .s = s, .answers = shown, .issues = issues, .arena = &r->arena, .carried = carried};
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

static void
page_answer(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    const char *message = NULL;
    if (form_get(&r->query, "saved"))
        message = "一時保存しました。";
    else if (form_get(&r->query, "submitted"))
        message = "提出しました。ありがとうございました。照会期間中は修正して再提出できます。";
    else if (form_get(&r->query, "done")) {
        static const struct {
            const char *code, *message;
        } done[] = {{"returned", "差し戻しました。団体に理由が表示されます。"},
                    {"requested", "承認を依頼しました。"},
                    {"approved", "承認して提出しました。"},
                    {"rejected", "担当者に差し戻しました。"}};
        for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
            if (strcmp(form_get(&r->query, "done"), done[i].code) == 0)
                message = done[i].message;
    }
    page_answer_render(r, 200, s, &org, NULL, NULL, -1, message, NULL);
}

/* Applies "add_row:<qid>" or "remove_row:<qid>:<n>" to the posted answers. */
static bool
apply_row_action(const struct survey *s, json_t *answers, const char *action)
{
    bool add = strncmp(action, "add_row:", 8) == 0;
    bool remove = strncmp(action, "remove_row:", 11) == 0;
    if (!add && !remove)
        return false;
    char qid[80];
    snprintf(qid, sizeof(qid), "%s", action + (add ? 8 : 11));
    char *colon = strchr(qid, ':');
    long n = -1;
    if (colon) {
        *colon = '\0';
        n = strtol(colon + 1, NULL, 10);
    }
    const struct question *q = survey_question(s, qid);
    if (!q || q->type != Q_TABLE)
        return false;
    json_t *rows = json_object_get(answers, qid);
    if (!rows) {
        rows = json_array();
        json_object_set_new(answers, qid, rows);
    }
    if (add && json_array_size(rows) < (size_t)q->max_rows) {
        if (json_array_size(rows) == 0)
            json_array_append_new(rows, json_object()); /* the empty row the page showed */
        json_array_append_new(rows, json_object());
    }
    if (remove && n >= 0)
        json_array_remove(rows, (size_t)n);
    return true;
}

/* A background save from the page's script: JSON in every outcome, so the
   page can say whether the typed answers are safe. */
static void
autosave_reply(struct req *r, const struct survey *s, const struct org *org, json_t *clean,
               const struct answer_issues *is, long version, bool proxy)
{
    if (is->n) {
        answer_issues_reply(r, is);
        return;
    }
    struct audit_actor who = req_actor(r);
    long saved;
    int rc = response_save(r->db, &who, s->id, org->code, clean, version, proxy, &saved);
    if (rc == ERR_CONFLICT) {
        http_send_error(r, 409, "version",
                        "他の人が先に保存しました。ページを読み込み直してください（入力中の内容は画"
                        "面に残っています）。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, json_pack("{s:s, s:I}", "state", "draft", "version", (json_int_t)saved));
}

static void
page_answer_post(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    const char *action = form_get(&r->form, "action");
    long version;
    if (!form_version_or_reply(r, 0, &version))
        return;
    if (!action)
        action = "save";
    json_t *answers = answer_form_read(s, &r->form, &r->arena);
    arena_defer(&r->arena, json_decref_cb, answers);
    if (apply_row_action(s, answers, action)) {
        page_answer_render(r, 200, s, &org, answers, NULL, version,
                           "行を変更しました（まだ保存されていません）。", NULL);
        return;
    }
    if (strcmp(action, "save") != 0 && strcmp(action, "confirm") != 0) {
        http_send_error(r, 400, "action", "操作が正しくありません。");
        return;
    }
    struct answer_issues *is = arena_alloc(&r->arena, sizeof(*is));
    if (!is) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    answer_issues_init(is, &r->arena);
    json_t *clean = answer_check(s, answers, false, is);
    arena_defer(&r->arena, json_decref_cb, clean);
    /* The page's script saves in the background and asks for JSON. */
    const char *accept = http_header(r, "Accept");
    bool background = accept && strstr(accept, "application/json") && strcmp(action, "save") == 0;
    if (background) {
        autosave_reply(r, s, &org, clean, is, version, proxy);
        return;
    }
    if (is->n) {
        page_answer_render(r, 422, s, &org, answers, is, version, NULL,
                           "保存できませんでした。入力内容を確認してください。");
        return;
    }
    struct audit_actor who = req_actor(r);
    long saved;
    int rc = response_save(r->db, &who, s->id, org.code, clean, version, proxy, &saved);
    if (rc == ERR_CONFLICT) {
        struct response cur;
        long latest = response_get(r->db, s->id, org.code, &cur) == 0 ? cur.version : version;
        response_cleanup(&cur);
        page_answer_render(
            r, 409, s, &org, answers, NULL, latest, NULL,
            "この回答は、あなたが画面を開いた後に他の人が保存しました。入力内容はまだ"
            "保存されていません。もう一度「一時保存」を押すとこの内容で保存されます"
            "（相手の内容も履歴に残ります）。");
        return;
    }
    if (rc == ERR_FULL || rc == ERR_BUSY) {
        /* Nothing was stored; the page keeps what the person typed. */
        page_answer_render(
            r, 503, s, &org, answers, NULL, version, NULL,
            "サーバーの都合で保存できませんでした。入力内容はこの画面に残っています。"
            "しばらくしてから、もう一度「一時保存」を押してください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    char *base = arena_printf(&r->arena, "/surveys/%s/responses/%s", s->id, org.code);
    if (strcmp(action, "save") == 0) {
        http_redirect(r, arena_printf(&r->arena, "%s?saved=1", base));
        return;
    }
    answer_issues_init(is, &r->arena);
    json_t *final = answer_check(s, clean, true, is);
    json_decref(final);
    if (is->n) {
        page_answer_render(r, 422, s, &org, clean, is, saved, "一時保存しました。",
                           "提出するには、次の点を直してください。");
        return;
    }
    http_redirect(r, arena_printf(&r->arena, "%s/confirm", base));
}

ROUTES(page_survey_routes) = {
    {"GET", "/surveys", SURVEY_ROLES, BODY_NONE, page_surveys, NULL},
    {"GET", "/surveys/:id/responses", ROLE_MINISTRY, BODY_NONE, page_survey_pick, NULL},
    {"GET", "/surveys/:id/responses/:code", SURVEY_ROLES, BODY_NONE, page_answer, NULL},
    {"POST", "/surveys/:id/responses/:code", SURVEY_ROLES, BODY_FORM, page_answer_post, NULL},
    ROUTES_END,
};
