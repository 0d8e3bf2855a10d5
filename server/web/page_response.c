/*
 * page_response.c: the confirmation step, submission, and a response's
 * history of versions.
 */
#include "answer_html.h"
#include "err.h"
#include "http.h"
#include "jsonin.h"
#include "page.h"
#include "page_survey.h"
#include "guard.h"
#include "response.h"
#include "route.h"
#include "tpl.h"

#include <stdlib.h>
#include <string.h>

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

static char *
answer_page_path(struct req *r, const struct survey *s, const struct org *org)
{
    /* Survey ids are [a-z0-9_-] and codes six digits (both checked on load). */
    return arena_printf(&r->arena, "/surveys/%s/responses/%s", s->id, org->code);
}

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
page_confirm(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    struct response resp;
    int rc = response_get(r->db, s->id, org.code, &resp);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    if (strcmp(resp.state, "draft") != 0) {
        response_cleanup(&resp);
        http_redirect(r, answer_page_path(r, s, &org));
        return;
    }
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, &org);
    tpl_setf(v, "version", "%ld", resp.version);
    tpl_set_bool(v, "needs_approval",
                 s->approval && r->user.role != ROLE_MINISTRY && !r->user.approver);
    bool ok = readonly_vars(r, v, s, resp.answers);
    response_cleanup(&resp);
    if (!ok) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    page_render(r, 200, "confirm", "提出内容の確認", v);
}

static void
page_submit(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    long version;
    if (approval_required_or_reply(r, s) || !form_version_or_reply(r, 1, &version))
        return;
    struct answer_issues *is = arena_alloc(&r->arena, sizeof(*is));
    if (!is) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    answer_issues_init(is, &r->arena);
    struct audit_actor who = req_actor(r);
    long submitted;
    int rc = response_submit(r->db, &who, s, org.code, version, proxy, is, &submitted);
    if (rc == ERR_INPUT) {
        page_answer_render(r, 422, s, &org, NULL, is, -1, NULL,
                           "提出するには、次の点を直してください。");
        return;
    }
    if (rc == ERR_CONFLICT) {
        page_answer_render(
            r, 409, s, &org, NULL, NULL, -1, NULL,
            "提出できませんでした。既に提出済みか、確認画面を開いた後に回答が更新されています。"
            "内容を確認してからもう一度提出してください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_redirect(r, arena_printf(&r->arena, "%s?submitted=1", answer_page_path(r, s, &org)));
}

struct history_ctx {
    struct req *r;
    struct tpl_vars *v;
};

static int
history_item(const struct response_version_row *row, void *arg)
{
    struct history_ctx *c = arg;
    struct tpl_vars *item = tpl_add_item(c->v, "versions");
    if (!item)
        return ERR_NOMEM;
    tpl_setf(item, "version", "%ld", row->version);
    tpl_set(item, "state_label", state_label(row->state));
    tpl_set_bool(item, "proxy", row->proxy);
    page_time_vars(item, "saved", row->saved_at);
    tpl_set(item, "saved_by", row->saved_by);
    return 0;
}

static void
page_history(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, &org);
    tpl_set_list(v, "versions");
    struct history_ctx c = {r, v};
    int rc = response_each_version(r->db, s->id, org.code, history_item, &c);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "history", "回答の履歴", v);
}

static void
page_version(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    char *end;
    long version = strtol(form_get(&r->path_params, "n"), &end, 10);
    json_t *answers = NULL;
    char state[16];
    int rc = *end || version < 1
                 ? ERR_NOTFOUND
                 : response_version_answers(r->db, s->id, org.code, version, &answers, state);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    arena_defer(&r->arena, json_decref_cb, answers);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, &org);
    tpl_setf(v, "version", "%ld", version);
    tpl_set(v, "state_label", state_label(state));
    if (!readonly_vars(r, v, s, answers)) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    page_render(r, 200, "version", "回答の版", v);
}

ROUTES(page_response_routes) = {
    {"GET", "/surveys/:id/responses/:code/confirm", SURVEY_ROLES, BODY_NONE, page_confirm, NULL},
    {"POST", "/surveys/:id/responses/:code/submit", SURVEY_ROLES, BODY_FORM, page_submit, NULL},
    {"GET", "/surveys/:id/responses/:code/history", SURVEY_ROLES, BODY_NONE, page_history, NULL},
    {"GET", "/surveys/:id/responses/:code/versions/:n", SURVEY_ROLES, BODY_NONE, page_version,
     NULL},
    ROUTES_END,
};
