/*
 * guard.c: the _or_reply guards (see guard.h).
 */
#include "guard.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "survey_store.h"

#include <stdlib.h>
#include <string.h>

struct audit_actor
req_actor(const struct req *r)
{
    struct audit_actor who = {r->user.id, r->user.login, r->ip, r->id};
    return who;
}

struct survey *
survey_find_or_reply(struct req *r)
{
    struct survey *s = NULL;
    int rc = survey_load(r->db, form_get(&r->path_params, "id"), &s);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "survey", "その照会はありません。");
        return NULL;
    }
    if (rc || arena_defer(&r->arena, survey_release_cb, s)) {
        survey_release(s);
        http_send_err(r, rc ? rc : ERR_NOMEM);
        return NULL;
    }
    return s;
}

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
    if (r->user.role == ROLE_MINISTRY)
        return true;
    const char *why;
    int rc = survey_accepting(r->db, s, org_code, clock_now(), &why);
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
    if (r->user.role == ROLE_PREF && strcmp(r->user.org_code, org->code) == 0) {
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
    if (!r->user.approver || strcmp(r->user.org_code, org->code) != 0) {
        http_send_error(r, 403, "code", "この団体の承認者だけが承認・差戻しできます。");
        return NULL;
    }
    return s;
}

bool
approval_required_or_reply(struct req *r, const struct survey *s)
{
    if (!s->approval || r->user.role == ROLE_MINISTRY || r->user.approver)
        return false;
    http_send_error(r, 403, "approval",
                    "この照会は承認者（課長等）が提出します。「承認を依頼する」を使ってください。");
    return true;
}

bool
form_version_or_reply(struct req *r, long min, long *version)
{
    const char *text = form_get(&r->form, "version");
    char *end = NULL;
    *version = text ? strtol(text, &end, 10) : -1;
    if (!text || !*text || *end || *version < min) {
        http_send_error(r, 400, "version",
                        "フォームが正しくありません。ページを読み込み直してください。");
        return false;
    }
    return true;
}

void
answer_issues_reply(struct req *r, const struct answer_issues *is)
{
    json_t *errors = json_array();
    for (size_t i = 0; i < is->n; i++)
        json_array_append_new(errors, json_pack("{s:s, s:s}", "question", is->items[i].question,
                                                "message", is->items[i].message));
    http_send_json(r, 422, json_pack("{s:o}", "errors", errors));
}

bool
period_set_or_reply(struct req *r, const struct survey *s, int64_t opens, int64_t closes)
{
    struct audit_actor who = req_actor(r);
    int rc = survey_set_period(r->db, &who, s->id, opens, closes);
    if (rc == ERR_INPUT)
        http_send_error(r, 400, "closes", "終了は開始より後にしてください。");
    else if (rc)
        http_send_err(r, rc);
    return rc == 0;
}
