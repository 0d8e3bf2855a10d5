/*
 * response_http.c: a 団体's response over HTTP, for the browser and the API
 * alike: reading it, saving a draft, the confirmation step, submitting, and
 * the history of versions.
 *
 * Saving and submitting are each one handler behind the page's form and the
 * API's JSON, with the same declared "version" (absent: whichever is newest)
 * and the same operation, so both accept and refuse alike; the page's
 * background save (its script asks for JSON) is that same save and gets the
 * API's answer. Only the rest differs: the API answers JSON, the page shows
 * the answering page again with what was typed, or goes on.
 */
#include "answer_form.h"
#include "answer_html.h"
#include "clock.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "jsonin.h"
#include "page.h"
#include "page_survey.h"
#include "response.h"
#include "response_guard.h"
#include "route.h"
#include "tpl.h"
#include "workflow.h"

#include <stdlib.h>
#include <string.h>

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

/* The version an edit started from: a save may name 0 (nothing saved yet), a
   submission names a saved draft; absent, the newest is meant. */
#define VERSION_PARAM(min)                                                                         \
    {                                                                                              \
        "version", PARAM_BODY, PARAM_INT, false, min, RESPONSE_MAX_VERSION, NULL, "版"            \
    }

static const char save_conflict[] = "他の人が先に保存したため保存できませんでした。最新の内容を"
                                    "読み込んでから、もう一度保存してください。";
static const char submit_conflict[] =
    "提出できませんでした。提出できる一時保存の回答がありません（未保存か、既に提出済みか、確認の"
    "後に他の人が更新しました）。内容を確認してからもう一度提出してください。";

/* The response a request names (:id, :code), with access checked. */
struct target {
    struct survey *s; /* freed with the request */
    struct org org;
    bool proxy; /* the Ministry writes for the 団体 (代理入力) */
};

/* response_target_or_reply into t; false after a reply. */
static bool
target_or_reply(struct req *r, bool write, struct target *t)
{
    t->s = response_target_or_reply(r, write, &t->org, &t->proxy);
    return t->s != NULL;
}

static const char *
answer_page_path(struct req *r, const struct target *t)
{
    /* Survey ids are [a-z0-9_-] and codes six digits (both checked on load). */
    return arena_printf(&r->arena, "/surveys/%s/responses/%s", t->s->id, t->org.code);
}

/* --- reading a response */

static json_t *
response_json(const struct target *t, const struct response *resp, const struct workflow_status *ws)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:O, s:o, s:o, s:b, s:{s:b, s:b, s:s, s:s}}",
                     "survey", t->s->id, "organization", t->org.code, "state", resp->state,
                     "version", (json_int_t)resp->version, "submitted_version",
                     (json_int_t)resp->submitted_version, "answers", resp->answers, "saved_at",
                     clock_iso_json(resp->saved_at), "submitted_at",
                     clock_iso_json(resp->submitted_at), "proxy", resp->proxy, "workflow",
                     "returned", ws->returned, "awaiting_approval", ws->awaiting_approval,
                     "last_event", ws->event, "comment", ws->comment);
}

static void
response_api(struct req *r)
{
    struct target t;
    if (!target_or_reply(r, false, &t))
        return;
    struct response resp;
    struct workflow_status ws;
    if (!response_state_or_reply(r, t.s, t.org.code, &resp, &ws))
        return;
    http_send_json(r, 200, response_json(&t, &resp, &ws));
    response_cleanup(&resp);
}

PARAMS(answer_page_params) = {
    {"saved", PARAM_QUERY, PARAM_TEXT, false, 0, 8, NULL, "保存の表示"},
    {"submitted", PARAM_QUERY, PARAM_TEXT, false, 0, 8, NULL, "提出の表示"},
    {"done", PARAM_QUERY, PARAM_TEXT, false, 0, 16, NULL, "操作の表示"},
    {"edit", PARAM_QUERY, PARAM_BOOL, false, 0, 0, NULL, "修正"},
    PARAMS_END,
};

/* What the answering page says after the step that led to it. */
static const char *
done_message(const struct params *p)
{
    static const struct {
        const char *code, *message;
    } done[] = {{"returned", "差し戻しました。団体に理由が表示されます。"},
                {"requested", "承認を依頼しました。"},
                {"approved", "承認して提出しました。"},
                {"rejected", "担当者に差し戻しました。"},
                {"xlsx", "Excelから読み込みました。内容を確認して提出してください。"}};
    if (param_given(p, "saved"))
        return "一時保存しました。";
    if (param_given(p, "submitted"))
        return "提出しました。ありがとうございました。照会期間中は修正して再提出できます。";
    const char *code = param_text_or_empty(p, "done");
    for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
        if (strcmp(code, done[i].code) == 0)
            return done[i].message;
    return NULL;
}

static void
answer_page(struct req *r)
{
    struct target t;
    if (!target_or_reply(r, false, &t))
        return;
    page_answer_render(r, 200, t.s, &t.org, NULL, NULL, -1, done_message(&r->params), NULL);
}

/* --- saving a draft */

PARAMS(save_params) = {
    VERSION_PARAM(0),
    PARAMS_END,
};
/* The page's form also says which button was pressed: save, confirm, or
   add_row:<question> / remove_row:<question>:<row> of a table. */
PARAMS(page_save_params) = {
    VERSION_PARAM(0),
    {"action", PARAM_BODY, PARAM_TEXT, false, 0, 200, NULL, "操作"},
    PARAMS_END,
};

/* The answers a save carries: the page's form fields, or the API's "answers"
   object (a whole document, which answer_check judges) beside which only
   "version" may be sent. NULL after a 400. In r's arena. */
static json_t *
answers_in_or_reply(struct req *r, const struct survey *s)
{
    if (!r->is_api) {
        json_t *answers = answer_form_read(s, &r->form, &r->arena);
        if (arena_defer(&r->arena, json_decref_cb, answers)) {
            json_decref(answers);
            http_send_err(r, ERR_NOMEM);
            return NULL;
        }
        return answers;
    }
    json_t *answers = json_object_get(r->json, "answers");
    if (!answers) {
        http_send_error(r, 400, "answers",
                        "{\"answers\": {...}, \"version\": n} の形で送信してください。");
        return NULL;
    }
    const char *key;
    json_t *member;
    json_object_foreach(r->json, key, member)
    {
        if (strcmp(key, "answers") != 0 && strcmp(key, "version") != 0) {
            http_send_error(r, 400, key, "answers と version 以外の項目は受け付けません。");
            return NULL;
        }
    }
    return answers;
}

/* The save, the same for the API, the page and its background save: checks
   answers (ERR_INPUT with is), then stores them as a new draft if "version"
   is still the newest (ERR_CONFLICT otherwise). *clean: the checked answers
   (in r's arena); *saved: the new version. */
static int
save_answers(struct req *r, const struct target *t, json_t *answers, struct answer_issues *is,
             json_t **clean, long *saved)
{
    *clean = answer_check(t->s, answers, false, is);
    if (arena_defer(&r->arena, json_decref_cb, *clean)) {
        json_decref(*clean);
        *clean = NULL;
        return ERR_NOMEM;
    }
    if (is->n)
        return ERR_INPUT;
    struct audit_actor who = req_actor(r);
    return response_save(r->db, &who, t->s->id, t->org.code, *clean,
                         param_int(&r->params, "version", RESPONSE_ANY_VERSION), t->proxy, saved);
}

/* The API's answer to a save, and the page script's (r->json_errors). */
static void
save_json_reply(struct req *r, int rc, const struct answer_issues *is, long saved)
{
    if (rc == ERR_INPUT)
        answer_issues_reply(r, is);
    else if (rc == ERR_CONFLICT)
        http_send_error(r, 409, "version", save_conflict);
    else if (rc)
        http_send_err(r, rc);
    else
        http_send_json(r, 200,
                       json_pack("{s:s, s:I}", "state", "draft", "version", (json_int_t)saved));
}

/* The page after a save it did not go on from: the answering page again,
   with what was typed, and why. */
static void
save_page_reply(struct req *r, int rc, const struct target *t, json_t *answers,
                const struct answer_issues *is)
{
    long version = param_int(&r->params, "version", -1);
    if (rc == ERR_INPUT) {
        page_answer_render(r, 422, t->s, &t->org, answers, is, version, NULL,
                           "保存できませんでした。入力内容を確認してください。");
    } else if (rc == ERR_CONFLICT) {
        struct response cur;
        long latest = response_get(r->db, t->s->id, t->org.code, &cur) == 0 ? cur.version : version;
        response_cleanup(&cur);
        page_answer_render(r, 409, t->s, &t->org, answers, NULL, latest, NULL,
                           "この回答は、あなたが画面を開いた後に他の人が保存しました。入力内容は"
                           "まだ保存されていません。もう一度「一時保存」を押すとこの内容で保存"
                           "されます（相手の内容も履歴に残ります）。");
    } else if (rc == ERR_FULL || rc == ERR_BUSY) {
        /* Nothing was stored; the page keeps what the person typed. */
        page_answer_render(r, 503, t->s, &t->org, answers, NULL, version, NULL,
                           "サーバーの都合で保存できませんでした。入力内容はこの画面に残っています"
                           "。しばらくしてから、もう一度「一時保存」を押してください。");
    } else {
        http_send_err(r, rc);
    }
}

/* "confirm": saved; on to the confirmation if the answers could be submitted,
   else the answering page naming what is missing. */
static void
confirm_next(struct req *r, const struct target *t, json_t *clean, long saved)
{
    struct answer_issues *is = answer_issues_new_or_reply(r);
    if (!is)
        return;
    json_decref(answer_check(t->s, clean, true, is));
    if (is->n)
        page_answer_render(r, 422, t->s, &t->org, clean, is, saved, "一時保存しました。",
                           "提出するには、次の点を直してください。");
    else
        http_redirect(r, arena_printf(&r->arena, "%s/confirm", answer_page_path(r, t)));
}

static void
save(struct req *r)
{
    const char *action = param_text(&r->params, "action");
    if (!action)
        action = "save";
    /* The page's script saves in the background and asks for JSON: it gets
       the API's answers, refusals included. */
    const char *accept = http_header(r, "Accept");
    bool json =
        r->is_api || (strcmp(action, "save") == 0 && accept && strstr(accept, "application/json"));
    r->json_errors = json;
    struct target t;
    if (!target_or_reply(r, true, &t))
        return;
    json_t *answers = answers_in_or_reply(r, t.s);
    if (!answers)
        return;
    const char *table = answer_form_row_action(t.s, answers, action);
    if (table) {
        page_answer_render_rows(r, t.s, &t.org, answers, param_int(&r->params, "version", -1),
                                table);
        return;
    }
    bool confirm = strcmp(action, "confirm") == 0;
    if (!confirm && strcmp(action, "save") != 0) {
        http_send_error(r, 400, "action", "操作が正しくありません。");
        return;
    }
    struct answer_issues *is = answer_issues_new_or_reply(r);
    if (!is)
        return;
    json_t *clean;
    long saved = 0;
    int rc = save_answers(r, &t, answers, is, &clean, &saved);
    if (json)
        save_json_reply(r, rc, is, saved);
    else if (rc)
        save_page_reply(r, rc, &t, answers, is);
    else if (confirm)
        confirm_next(r, &t, clean, saved);
    else
        http_redirect(r, arena_printf(&r->arena, "%s?saved=1", answer_page_path(r, &t)));
}

/* --- confirming and submitting */

/* Renders answers read-only into the "readonly" variable. */
static bool
readonly_vars(struct req *r, struct tpl_vars *v, const struct survey *s, json_t *answers)
{
    struct buf *b = buf_new_in(&r->arena, 0);
    if (!b)
        return false;
    struct answer_view view = {.s = s, .answers = answers, .arena = &r->arena};
    answer_html_readonly(b, &view);
    tpl_set_markup(v, "readonly", b);
    return true;
}

static void
confirm_page(struct req *r)
{
    struct target t;
    if (!target_or_reply(r, true, &t))
        return;
    struct response resp;
    int rc = response_get(r->db, t.s->id, t.org.code, &resp);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    if (strcmp(resp.state, "draft") != 0) {
        response_cleanup(&resp);
        http_redirect(r, answer_page_path(r, &t));
        return;
    }
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, t.s, &t.org);
    tpl_setf(v, "version", "%ld", resp.version);
    tpl_set_bool(v, "needs_approval", !access_submit_directly(&r->user, t.s));
    bool ok = readonly_vars(r, v, t.s, resp.answers);
    response_cleanup(&resp);
    if (!ok) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    page_render(r, 200, "confirm", "提出内容の確認", v);
}

PARAMS(submit_params) = {
    VERSION_PARAM(1),
    PARAMS_END,
};

static void
submit(struct req *r)
{
    struct target t;
    if (!target_or_reply(r, true, &t) || approval_required_or_reply(r, t.s))
        return;
    struct answer_issues *is = answer_issues_new_or_reply(r);
    if (!is)
        return;
    struct audit_actor who = req_actor(r);
    long version;
    int rc = response_submit(r->db, &who, t.s, t.org.code,
                             param_int(&r->params, "version", RESPONSE_ANY_VERSION), t.proxy, is,
                             &version);
    if (rc == ERR_INPUT) {
        answer_issues_send(r, t.s, &t.org, is, "提出するには、次の点を直してください。");
    } else if (rc == ERR_CONFLICT && r->is_api) {
        http_send_error(r, 409, "version", submit_conflict);
    } else if (rc == ERR_CONFLICT) {
        page_answer_render(r, 409, t.s, &t.org, NULL, NULL, -1, NULL, submit_conflict);
    } else if (rc) {
        http_send_err(r, rc);
    } else if (r->is_api) {
        http_send_json(r, 200,
                       json_pack("{s:s, s:I, s:o}", "state", "submitted", "version",
                                 (json_int_t)version, "submitted_at", clock_iso_json(clock_now())));
    } else {
        http_redirect(r, arena_printf(&r->arena, "%s?submitted=1", answer_page_path(r, &t)));
    }
}

/* --- the history of versions */

static int
version_json(const struct response_version_row *v, void *list)
{
    json_t *item = json_pack("{s:I, s:s, s:o, s:s, s:b}", "version", (json_int_t)v->version,
                             "state", v->state, "saved_at", clock_iso_json(v->saved_at), "saved_by",
                             v->saved_by, "proxy", v->proxy);
    return json_array_append_new(list, item) == 0 ? 0 : ERR_NOMEM;
}

static void
versions_api(struct req *r)
{
    struct target t;
    if (!target_or_reply(r, false, &t))
        return;
    json_t *list = json_array();
    int rc = response_each_version(r->db, t.s->id, t.org.code, version_json, list);
    if (rc) {
        json_decref(list);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, json_pack("{s:o}", "versions", list));
}

static int
version_item(const struct response_version_row *row, void *v)
{
    struct tpl_vars *item = tpl_add_item(v, "versions");
    if (!item)
        return ERR_NOMEM;
    tpl_setf(item, "version", "%ld", row->version);
    tpl_set(item, "state_label", state_label(row->state));
    tpl_set_bool(item, "proxy", row->proxy);
    page_time_vars(item, "saved", row->saved_at);
    tpl_set(item, "saved_by", row->saved_by);
    return 0;
}

struct events_ctx {
    struct tpl_vars *v;
    size_t n;
};

static int
event_item(const struct workflow_event *e, void *ctx)
{
    struct events_ctx *c = ctx;
    struct tpl_vars *item = tpl_add_item(c->v, "events");
    c->n++;
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "label", e->label);
    page_time_vars(item, "at", e->at);
    tpl_set(item, "by", e->by);
    tpl_set(item, "comment", e->comment);
    return 0;
}

static void
history_page(struct req *r)
{
    struct target t;
    if (!target_or_reply(r, false, &t))
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, t.s, &t.org);
    tpl_set_list(v, "versions");
    tpl_set_list(v, "events");
    int rc = response_each_version(r->db, t.s->id, t.org.code, version_item, v);
    struct events_ctx events = {v, 0};
    if (rc == 0)
        rc = workflow_events_each(r->db, t.s->id, t.org.code, event_item, &events);
    tpl_set_bool(v, "has_events", events.n > 0);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "history", "回答の履歴", v);
}

/* One version of a response, named by the :n path segment. */
struct version_view {
    struct target t;
    long version;
    json_t *answers; /* in r's arena */
    char state[16];
};

/* Loads the version the page and the API show; false after a reply (404 for
   a version the response does not have, malformed or not). */
static bool
version_or_reply(struct req *r, struct version_view *out)
{
    if (!target_or_reply(r, false, &out->t))
        return false;
    char *end;
    out->version = strtol(form_get(&r->path_params, "n"), &end, 10);
    int rc = *end || out->version < 1 || out->version > RESPONSE_MAX_VERSION
                 ? ERR_NOTFOUND
                 : response_version_answers(r->db, out->t.s->id, out->t.org.code, out->version,
                                            &out->answers, out->state);
    if (rc == 0 && arena_defer(&r->arena, json_decref_cb, out->answers)) {
        json_decref(out->answers);
        rc = ERR_NOMEM;
    }
    if (rc == ERR_NOTFOUND)
        http_send_error(r, 404, "version", "その版はありません。");
    else if (rc)
        http_send_err(r, rc);
    return rc == 0;
}

static void
version_api(struct req *r)
{
    struct version_view vv;
    if (!version_or_reply(r, &vv))
        return;
    http_send_json(r, 200,
                   json_pack("{s:I, s:s, s:O}", "version", (json_int_t)vv.version, "state",
                             vv.state, "answers", vv.answers));
}

static void
version_page(struct req *r)
{
    struct version_view vv;
    if (!version_or_reply(r, &vv))
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, vv.t.s, &vv.t.org);
    tpl_setf(v, "version", "%ld", vv.version);
    tpl_set(v, "state_label", state_label(vv.state));
    if (!readonly_vars(r, v, vv.t.s, vv.answers)) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    page_render(r, 200, "version", "回答の版", v);
}

API_DOC(response_doc) = {"1 団体の回答（最新の版）", API_JSON, "Response", false, NULL};
API_DOC(save_doc) = {"回答を下書きとして保存する", API_JSON, "Saved", false, "AnswersBody"};
API_DOC(submit_doc) = {"最新の下書きを提出する", API_JSON, "Saved", false, NULL};
API_DOC(versions_doc) = {"回答の版の一覧", API_JSON, "Versions", false, NULL};
API_DOC(version_doc) = {"回答の版 1 つ", API_JSON, "Version", false, NULL};

// clang-format off
ROUTES(response_http_routes) = {
    {"GET", "/surveys/:id/responses/:code", SURVEY_ROLES, BODY_NONE, answer_page, answer_page_params},
    {"GET", "/api/v1/surveys/:id/responses/:code", SURVEY_ROLES, BODY_NONE, response_api, NULL, &response_doc},
    {"POST", "/surveys/:id/responses/:code", SURVEY_ROLES, BODY_FORM, save, page_save_params},
    {"PUT", "/api/v1/surveys/:id/responses/:code", SURVEY_ROLES, BODY_JSON, save, save_params, &save_doc},
    {"GET", "/surveys/:id/responses/:code/confirm", SURVEY_ROLES, BODY_NONE, confirm_page, NULL},
    {"POST", "/surveys/:id/responses/:code/submit", SURVEY_ROLES, BODY_FORM, submit, submit_params},
    {"POST", "/api/v1/surveys/:id/responses/:code/submit", SURVEY_ROLES, BODY_JSON_OPTIONAL, submit,
     submit_params, &submit_doc},
    {"GET", "/surveys/:id/responses/:code/history", SURVEY_ROLES, BODY_NONE, history_page, NULL},
    {"GET", "/api/v1/surveys/:id/responses/:code/versions", SURVEY_ROLES, BODY_NONE, versions_api,
     NULL, &versions_doc},
    {"GET", "/surveys/:id/responses/:code/versions/:n", SURVEY_ROLES, BODY_NONE, version_page, NULL},
    {"GET", "/api/v1/surveys/:id/responses/:code/versions/:n", SURVEY_ROLES, BODY_NONE, version_api,
     NULL, &version_doc},
    ROUTES_END,
};
// clang-format on
