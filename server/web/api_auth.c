/*
 * api_auth.c: POST /api/v1/tokens (issue a bearer token, optionally named,
 * good for serve --token-days) and DELETE /api/v1/tokens/current (revoke the
 * token in use). Owners list and revoke theirs at /account/tokens.
 *
 * A Ministry or admin account also sends "code", the 6 digits of its
 * authenticator app (second_factor.h); it enrols in the browser first.
 */
#include "api_token.h"
#include "app.h"
#include "audit.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "login.h"
#include "route.h"
#include "second_factor.h"
#include "session.h"

#include <string.h>

/* Checks the "code" of an account that needs a second factor; answers the
   request and returns nonzero when it does not pass. */
static int
api_second_factor(struct req *r, const struct user *u)
{
    if (!u->second_factor_enrolled) {
        http_send_error(r, 403, "code",
                        "このアカウントは二要素認証の設定が必要です。先にブラウザでログインし、"
                        "認証アプリを設定してください。");
        return ERR_FORBIDDEN;
    }
    json_t *jcode = json_object_get(r->json, "code");
    if (!json_is_string(jcode)) {
        http_send_error(r, 401, "code",
                        "このアカウントは code（認証アプリに表示されている6桁の確認コード）も"
                        "必要です。");
        return ERR_UNAUTH;
    }
    struct audit_actor who = {u->id, u->login, r->ip, r->id};
    int wait = 0;
    int rc = login_check_code(r->db, &who, u, NULL, json_string_value(jcode), r->ip, &wait);
    struct login_refusal no;
    if (login_refused(&r->arena, LOGIN_CODE, rc, wait, &no)) {
        log_event(no.event, "id", r->id, "ip", r->ip, "user", u->login, "via", "api", NULL);
        if (no.retry_after)
            http_add_retry_after(r, no.retry_after);
        http_send_error(r, no.status, "code", no.message);
    } else if (rc) {
        http_send_err(r, rc);
    }
    return rc;
}

static void
api_token_issue(struct req *r)
{
    if (!json_is_object(r->json)) {
        http_send_error(r, 400, NULL,
                        "{\"login\": ..., \"password\": ...} の形で送信してください。");
        return;
    }
    json_t *jlogin = json_object_get(r->json, "login");
    json_t *jpass = json_object_get(r->json, "password");
    if (!json_is_string(jlogin)) {
        http_send_error(r, 400, "login", "login（文字列）が必要です。");
        return;
    }
    if (!json_is_string(jpass)) {
        http_send_error(r, 400, "password", "password（文字列）が必要です。");
        return;
    }
    json_t *jname = json_object_get(r->json, "name");
    const char *name = json_is_string(jname) ? json_string_value(jname) : "";
    const char *bad_name = jname && !json_is_string(jname)
                               ? "name（トークンの名前、文字列）の形が正しくありません。"
                               : api_token_name_problem(name);
    if (bad_name) {
        http_send_error(r, 400, "name", bad_name);
        return;
    }
    struct user u;
    const char *login = json_string_value(jlogin);
    int wait = 0;
    int rc = login_check(&r->db, login, json_string_value(jpass), r->ip, &u, &wait);
    struct login_refusal no;
    if (login_refused(&r->arena, LOGIN_PASSWORD, rc, wait, &no)) {
        log_event(no.event, "id", r->id, "ip", r->ip, "login", login, "via", "api", NULL);
        if (no.retry_after)
            http_add_retry_after(r, no.retry_after);
        http_send_error(r, no.status, NULL, no.message);
        return;
    }
    if (rc == 0 && second_factor_required(u.role) && api_second_factor(r, &u))
        return;
    char token[AUTH_TOKEN_CHARS], expires[32];
    int64_t expires_at = 0;
    if (rc || (rc = api_token_create(r->db, u.id, name, r->app->token_days, token, &expires_at))) {
        http_send_err(r, rc);
        return;
    }
    clock_iso(expires_at, expires, sizeof(expires));
    log_event("token_issued", "id", r->id, "ip", r->ip, "user", u.login, "expires", expires, NULL);
    http_send_json(
        r, 200, json_pack("{s:s, s:s, s:s}", "token", token, "name", name, "expires_at", expires));
    sodium_memzero(token, sizeof(token));
}

static void
api_token_revoke_current(struct req *r)
{
    if (!r->via_bearer) {
        http_send_error(r, 400, NULL,
                        "Authorization: Bearer で送信したトークンだけを無効にできます。");
        return;
    }
    const char *authz = http_header(r, "Authorization");
    int rc = api_token_revoke(r->db, authz + 7);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send(r, 204, "application/json; charset=utf-8", "", 0);
}

ROUTES(api_auth_routes) = {
    {"POST", "/api/v1/tokens", ROLE_PUBLIC, BODY_JSON, api_token_issue, NULL},
    {"DELETE", "/api/v1/tokens/current", ROLE_ANY, BODY_NONE, api_token_revoke_current, NULL},
    ROUTES_END,
};
