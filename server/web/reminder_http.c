/*
 * reminder_http.c: 督促 over HTTP (reminder.h). The Ministry, or a
 * prefecture for its own 団体, previews the reminder to every 未提出 団体
 * (how many 団体 and accounts, the text, the accounts without an address)
 * and sends it: one handler behind the page's form and the API's
 * POST /api/v1/surveys/{id}/reminders, which answers the number queued;
 * the preview is one lookup, a page or JSON.
 */
#include "app.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "page_survey.h"
#include "reminder.h"
#include "results.h"
#include "route.h"
#include "tpl.h"

#include <string.h>

#define REMINDER_ROLES (ROLE_MINISTRY | ROLE_PREF)

#define MESSAGE_PARAM                                                                              \
    {                                                                                              \
        "message", PARAM_BODY, PARAM_TEXT, false, 0, REMINDER_MESSAGE_MAX, NULL,                   \
            "追加のメッセージ"                                                             \
    }

PARAMS(preview_params) = {
    RESULTS_SCOPE_PARAM,
    PARAMS_END,
};
PARAMS(send_params) = {
    MESSAGE_PARAM,
    RESULTS_SCOPE_PARAM,
    PARAMS_END,
};
/* The page's form also shows the text with the message first (「文面に反映して
   確認する」), since a message of 2,000 characters does not fit in a URL. */
PARAMS(send_page_params) = {
    MESSAGE_PARAM,
    RESULTS_SCOPE_PARAM,
    {"preview", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "文面の確認"},
    PARAMS_END,
};

static json_t *
plan_json(const struct req *r, const struct reminder_plan *p)
{
    json_t *unreached = json_array();
    for (size_t i = 0; i < p->n_unreached; i++)
        json_array_append_new(
            unreached, json_pack("{s:s, s:s, s:s}", "organization", p->unreached[i].org_code,
                                 "name", p->unreached[i].org_name, "login", p->unreached[i].login));
    return json_pack("{s:I, s:I, s:I, s:o, s:s, s:s, s:b}", "organizations", (json_int_t)p->n_orgs,
                     "organizations_reached", (json_int_t)p->n_orgs_reached, "mails",
                     (json_int_t)p->n_mails, "without_email", unreached, "subject", p->subject,
                     "body", p->body, "smtp", r->app->mail_delivering);
}

static bool
preview_or_reply(struct req *r, struct survey **s, struct reminder_plan *p)
{
    *s = survey_find_or_reply(r);
    if (!*s)
        return false;
    int rc = reminder_preview(r->db, *s, results_scope(r), param_text(&r->params, "message"),
                              &r->arena, p);
    return http_ok_or_send_err(r, rc);
}

static void
preview_api(struct req *r)
{
    struct survey *s;
    struct reminder_plan p;
    if (preview_or_reply(r, &s, &p))
        http_send_json(r, 200, plan_json(r, &p));
}

/* The preview page: what the reminder would do, with the message
   (param "message", if given) in its text. */
static void
preview_page(struct req *r)
{
    struct survey *s;
    struct reminder_plan p;
    if (!preview_or_reply(r, &s, &p))
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, NULL);
    const char *scope = results_scope(r);
    tpl_set(v, "scope", scope ? scope : "");
    tpl_set(v, "message", param_text_or_empty(&r->params, "message"));
    tpl_set_bool(v, "smtp", r->app->mail_delivering);
    tpl_set_int(v, "n_orgs", (long long)p.n_orgs);
    tpl_set_int(v, "n_orgs_reached", (long long)p.n_orgs_reached);
    tpl_set_int(v, "n_mails", (long long)p.n_mails);
    tpl_set_int(v, "n_unreached", (long long)p.n_unreached);
    tpl_set_bool(v, "can_send", p.n_mails > 0);
    tpl_set(v, "subject", p.subject);
    tpl_set(v, "body", p.body);
    tpl_set_list(v, "unreached");
    for (size_t i = 0; i < p.n_unreached; i++) {
        struct tpl_vars *item = tpl_add_item(v, "unreached");
        tpl_set(item, "code", p.unreached[i].org_code);
        tpl_set(item, "name", p.unreached[i].org_name);
        tpl_set(item, "login", p.unreached[i].login);
    }
    page_render(r, 200, "reminders", "督促メール", v);
}

static void
send(struct req *r)
{
    if (param_int(&r->params, "preview", 0)) {
        preview_page(r);
        return;
    }
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct reminder_plan p;
    struct audit_actor who = req_actor(r);
    const char *scope = results_scope(r);
    int rc = reminder_send(r->db, &who, s, scope, param_text(&r->params, "message"), "reminder",
                           &r->arena, &p);
    json_t *body = rc ? NULL
                      : json_pack("{s:I, s:I, s:I, s:b}", "queued", (json_int_t)p.n_mails,
                                  "organizations", (json_int_t)p.n_orgs, "without_email",
                                  (json_int_t)p.n_unreached, "smtp", r->app->mail_delivering);
    const char *location =
        rc ? NULL
           : arena_printf(&r->arena, "/surveys/%s/progress?reminded=%zu%s%s", s->id, p.n_mails,
                          scope && r->user.role == ROLE_MINISTRY ? "&prefecture=" : "",
                          scope && r->user.role == ROLE_MINISTRY ? scope : "");
    outcome_send(r, rc, NULL, body, location);
}

API_DOC(preview_doc) = {"督促メールの確認（送る前に）", API_JSON, "ReminderPreview", false, NULL};
API_DOC(send_doc) = {"未提出の団体に督促メールを送る", API_JSON, "RemindersQueued", false, NULL};

// clang-format off
ROUTES(reminder_http_routes) = {
    {"GET", "/surveys/:id/reminders", REMINDER_ROLES, BODY_NONE, preview_page, preview_params},
    {"GET", "/api/v1/surveys/:id/reminders", REMINDER_ROLES, BODY_NONE, preview_api, preview_params, &preview_doc},
    {"POST", "/surveys/:id/reminders", REMINDER_ROLES, BODY_FORM, send, send_page_params},
    {"POST", "/api/v1/surveys/:id/reminders", REMINDER_ROLES, BODY_JSON_OPTIONAL, send, send_params, &send_doc},
    ROUTES_END,
};
// clang-format on
