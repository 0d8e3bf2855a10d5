/*
 * response_guard.c: the guards of a 団体's response (see response_guard.h).
 */
#include "response_guard.h"
#include "arena.h"
#include "clock.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "page_survey.h"

#include <string.h>

/* Checks access to the :code path parameter's response (403/404 sent otherwise). */
static bool
response_access_or_reply(struct req *r, const struct survey *s, bool write, struct org *org,
                         bool *proxy)
{
    int rc =
        access_response(r->db, &r->user, s, form_get(&r->path_params, "code"), write, org, proxy);
    if (rc == ERR_FORBIDDEN) {
        http_send_error(r, 403, "code", "この団体の回答を扱う権限がありません。");
        return false;
    }
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "code", "その団体はないか、この照会の対象ではありません。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

/* Checks the period for writes: the Ministry may always write (代理入力);
   others get 409 with the reason outside the period. */
static bool
period_open_or_reply(struct req *r, const struct survey *s, const char *org_code)
{
    const char *why;
    int rc = access_write_now(r->db, &r->user, s, org_code, clock_now(), &why);
    if (rc == ERR_CONFLICT) {
        http_send_error(r, 409, "period", why);
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

struct survey *
response_target_or_reply(struct req *r, bool write, struct org *org, bool *proxy)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s || !response_access_or_reply(r, s, write, org, proxy) ||
        (write && !period_open_or_reply(r, s, org->code)))
        return NULL;
    return s;
}

/* 409 with the reason when the user may not return a response of s now. */
static bool
return_now_or_reply(struct req *r, const struct survey *s)
{
    const char *why;
    int rc = access_return_now(r->db, &r->user, s, clock_now(), &why);
    if (rc == ERR_CONFLICT) {
        http_send_error(r, 409, "period", why);
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

struct survey *
return_target_or_reply(struct req *r, struct org *org, bool *reopen)
{
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, org, &proxy);
    if (!s)
        return NULL;
    if (!access_return(&r->user, org->code)) {
        http_send_error(r, 403, "code", "自団体の回答は差し戻せません。");
        return NULL;
    }
    if (!return_now_or_reply(r, s))
        return NULL;
    *reopen = r->user.role == ROLE_MINISTRY;
    return s;
}

struct survey *
approver_target_or_reply(struct req *r, struct org *org)
{
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, org, &proxy);
    if (!s)
        return NULL;
    if (!access_approve(&r->user, org->code)) {
        http_send_error(r, 403, "code", "この団体の承認者だけが承認・差戻しできます。");
        return NULL;
    }
    return s;
}

bool
approval_required_or_reply(struct req *r, const struct survey *s)
{
    if (access_submit_directly(&r->user, s))
        return false;
    http_send_error(r, 403, "approval",
                    "この照会は承認者（課長等）が提出します。「承認を依頼する」を使ってください。");
    return true;
}

bool
response_state_or_reply(struct req *r, const struct survey *s, const char *org_code,
                        struct response *resp, struct workflow_status *ws)
{
    int rc = response_get(r->db, s->id, org_code, resp);
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    rc = workflow_status(r->db, s->id, org_code, &r->arena, ws);
    if (rc) {
        response_cleanup(resp);
        http_send_err(r, rc);
    }
    return rc == 0;
}

struct answer_issues *
answer_issues_new_or_reply(struct req *r)
{
    struct answer_issues *is = arena_alloc(&r->arena, sizeof(*is));
    if (!is) {
        http_send_err(r, ERR_NOMEM);
        return NULL;
    }
    answer_issues_init(is, &r->arena);
    return is;
}

void
answer_issues_reply(struct req *r, const struct answer_issues *is)
{
    /* The one error shape (field, message); "question" stays for the
       clients that read it before. */
    json_t *errors = json_array();
    for (size_t i = 0; i < is->n; i++) {
        const struct answer_issue *item = &is->items[i];
        json_t *e = json_pack("{s:s, s:s, s:s}", "field", item->question, "message", item->message,
                              "question", item->question);
        /* A table's problem also names its row (0-based, as in the answers) and column. */
        if (e && item->row >= 0)
            json_object_set_new(e, "row", json_integer(item->row));
        if (e && item->column)
            json_object_set_new(e, "column", json_string(item->column));
        json_array_append_new(errors, e);
    }
    http_send_json(r, 422, json_pack("{s:o}", "errors", errors));
}

void
answer_issues_send(struct req *r, const struct survey *s, const struct org *org,
                   const struct answer_issues *is, const char *warning)
{
    if (r->is_api)
        answer_issues_reply(r, is);
    else
        page_answer_render(r, 422, s, org, NULL, is, -1, NULL, warning);
}
