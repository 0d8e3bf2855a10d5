/*
 * mail_http.c: the outbox for the Ministry and the administrator: every
 * mail with its state (送信待ち, 送信中, 送信済み, 失敗), tries and the SMTP
 * server's last answer, by state and page (GET /admin/mail, and
 * /api/v1/mail as JSON from the same lookup); and 今すぐ再送 for a failed
 * or waiting mail (one handler for the page's form and the API, audited).
 * Bodies are never shown: a mail may hold an account's one-time link.
 */
#include "app.h"
#include "clock.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "mail_outbox.h"
#include "outcome.h"
#include "page.h"
#include "route.h"
#include "tpl.h"

#include <string.h>

#define MAIL_ROLES (ROLE_MINISTRY | ROLE_ADMIN)
#define MAIL_PAGE_SIZE 50

static const char *const state_choices[] = {"queued", "sending", "sent", "failed", NULL};

// clang-format off
#define LIST_FILTER_PARAMS                                                                         \
    {"state", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, state_choices, "状態"},                     \
    {"page", PARAM_QUERY, PARAM_INT, false, 1, 100000, NULL, "ページ"}
// clang-format on
PARAMS(list_params) = {
    LIST_FILTER_PARAMS,
    PARAMS_END,
};
/* The page also says which mail was just put back in the queue. */
PARAMS(list_page_params) = {
    LIST_FILTER_PARAMS,
    {"retried", PARAM_QUERY, PARAM_INT, false, 1, INT64_MAX, NULL, "再送したメール"},
    PARAMS_END,
};

struct mail_list {
    struct outbox_row *rows;
    size_t n;
    int64_t total, counts[OUTBOX_STATES];
    long long page, pages;
    const char *state;
};

static bool
list_or_reply(struct req *r, struct mail_list *l)
{
    l->state = param_text(&r->params, "state");
    l->page = param_int(&r->params, "page", 1);
    int rc = outbox_list(r->db, l->state, (size_t)(l->page - 1) * MAIL_PAGE_SIZE, MAIL_PAGE_SIZE,
                         &r->arena, &l->rows, &l->n, &l->total, l->counts);
    l->pages = (l->total + MAIL_PAGE_SIZE - 1) / MAIL_PAGE_SIZE;
    return http_ok_or_send_err(r, rc);
}

static void
list_api(struct req *r)
{
    struct mail_list l;
    if (!list_or_reply(r, &l))
        return;
    json_t *mails = json_array(), *counts = json_object();
    for (size_t i = 0; i < l.n; i++) {
        const struct outbox_row *o = &l.rows[i];
        json_array_append_new(
            mails,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
                      (json_int_t)o->id, "to", o->to, "subject", o->subject, "message_id",
                      o->message_id, "state", o->state, "attempts", o->attempts, "last_reply",
                      o->last_reply, "cause", o->cause, "ref", o->ref, "created_at",
                      clock_iso_json(o->created_at), "next_attempt_at",
                      clock_iso_json(strcmp(o->state, "queued") == 0 ? o->next_attempt_at : 0),
                      "sent_at", clock_iso_json(o->sent_at)));
    }
    for (size_t i = 0; i < OUTBOX_STATES; i++)
        json_object_set_new(counts, outbox_states[i], json_integer(l.counts[i]));
    http_send_json(r, 200,
                   json_pack("{s:o, s:o, s:I, s:I, s:I, s:b}", "mails", mails, "counts", counts,
                             "total", (json_int_t)l.total, "page", (json_int_t)l.page, "pages",
                             (json_int_t)l.pages, "smtp", r->app->mail_delivering));
}

static void
list_page(struct req *r)
{
    struct mail_list l;
    if (!list_or_reply(r, &l))
        return;
    struct tpl_vars *v = page_vars(r);
    tpl_set_bool(v, "smtp", r->app->mail_delivering);
    tpl_set_bool(v, "has_retried", param_given(&r->params, "retried"));
    tpl_set_int(v, "retried", param_int(&r->params, "retried", 0));
    tpl_set_int(v, "total", (long long)l.total);
    tpl_set(v, "state_label", l.state ? outbox_state_label(l.state) : "");
    tpl_set_list(v, "states");
    for (size_t i = 0; i < OUTBOX_STATES; i++) {
        struct tpl_vars *item = tpl_add_item(v, "states");
        tpl_set(item, "id", outbox_states[i]);
        tpl_set(item, "label", outbox_state_labels[i]);
        tpl_set_int(item, "count", (long long)l.counts[i]);
        tpl_set_bool(item, "selected", l.state && strcmp(l.state, outbox_states[i]) == 0);
    }
    tpl_set_list(v, "mails");
    for (size_t i = 0; i < l.n; i++) {
        const struct outbox_row *o = &l.rows[i];
        struct tpl_vars *item = tpl_add_item(v, "mails");
        tpl_set_int(item, "id", (long long)o->id);
        tpl_set(item, "to", o->to);
        tpl_set(item, "subject", o->subject);
        tpl_set(item, "cause", outbox_cause_label(o->cause));
        tpl_set(item, "state", o->state);
        tpl_set(item, "state_label", outbox_state_label(o->state));
        tpl_set_int(item, "attempts", o->attempts);
        tpl_set(item, "last_reply", o->last_reply);
        tpl_set(item, "created", clock_jst_in(&r->arena, o->created_at));
        tpl_set(item, "sent", o->sent_at ? clock_jst_in(&r->arena, o->sent_at) : "");
        tpl_set(item, "next_try",
                strcmp(o->state, "queued") == 0 ? clock_jst_in(&r->arena, o->next_attempt_at) : "");
        tpl_set_bool(item, "can_retry",
                     strcmp(o->state, "failed") == 0 || strcmp(o->state, "queued") == 0);
    }
    const char *filter = l.state ? arena_printf(&r->arena, "state=%s&", l.state) : "";
    tpl_set_bool(v, "has_prev", l.page > 1);
    tpl_set_bool(v, "has_next", l.page < l.pages);
    tpl_set(v, "prev", arena_printf(&r->arena, "/admin/mail?%spage=%lld", filter, l.page - 1));
    tpl_set(v, "next", arena_printf(&r->arena, "/admin/mail?%spage=%lld", filter, l.page + 1));
    tpl_set_int(v, "page", l.page);
    tpl_set_int(v, "pages", l.pages ? l.pages : 1);
    page_render(r, 200, "mail", "メールの送信状況", v);
}

PARAMS(retry_params) = {
    {"n", PARAM_PATH, PARAM_INT, true, 1, INT64_MAX, NULL, "メール番号"},
    PARAMS_END,
};

static void
retry(struct req *r)
{
    long long id = param_int(&r->params, "n", 0);
    struct audit_actor who = req_actor(r);
    static const struct outcome_words words = {"送信中または送信済みのメールは再送できません。",
                                               NULL, NULL};
    outcome_send(r, outbox_retry_now(r->db, &who, id), &words,
                 json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "queued"),
                 arena_printf(&r->arena, "/admin/mail?retried=%lld", id));
}

API_DOC(mail_list_doc) = {"メールの送信状況", API_JSON, "MailList", false, NULL};
API_DOC(mail_retry_doc) = {"送れなかったメールを今すぐ再送する", API_JSON, "MailRetried", false,
                           NULL};

// clang-format off
ROUTES(mail_http_routes) = {
    {"GET", "/admin/mail", MAIL_ROLES, BODY_NONE, list_page, list_page_params},
    {"GET", "/api/v1/mail", MAIL_ROLES, BODY_NONE, list_api, list_params, &mail_list_doc},
    {"POST", "/admin/mail/:n/retry", MAIL_ROLES, BODY_FORM, retry, retry_params},
    {"POST", "/api/v1/mail/:n/retry", MAIL_ROLES, BODY_NONE, retry, retry_params, &mail_retry_doc},
    ROUTES_END,
};
// clang-format on
