/*
 * auth_http.c: signing in and the account's own credentials, for the browser
 * and the API alike: the login page and POST /api/v1/tokens (one check of
 * the login name and password, refused alike), logging out, changing one's
 * own password, and the account's API tokens: issued by the API, listed and
 * revoked by one handler behind the page /account/tokens and /api/v1/tokens.
 * The second factor's page is page_second_factor.c.
 */
#include "api_token.h"
#include "app.h"
#include "audit.h"
#include "auth_http.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "local_path.h"
#include "log.h"
#include "login.h"
#include "login_refusal.h"
#include "outcome.h"
#include "page.h"
#include "param.h"
#include "guard.h"
#include "route.h"
#include "second_factor.h"
#include "session.h"
#include "tpl.h"
#include "user.h"

#include <stdlib.h>
#include <string.h>

const char *
auth_safe_next(const char *next)
{
    next = local_path_or_root(next);
    return strncmp(next, "/login", 6) == 0 ? "/" : next;
}

static void
session_cookie(struct req *r, const char *token, bool clear)
{
    const char *name = route_cookie_name(r);
    const char *secure = r->app->secure_cookies ? "; Secure" : "";
    char *value = clear
                      ? arena_printf(&r->arena, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
                                     name, secure)
                      : arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name,
                                     token, secure);
    if (value)
        http_add_header(r, "Set-Cookie", value);
}

/* A new session for u, its cookie set; with offer_key, a pending session
   that is offered an authenticator key to set up (auth_http.h). */
static int
session_start(struct req *r, const struct user *u, bool second_factor_pending, bool offer_key)
{
    char token[AUTH_TOKEN_CHARS], csrf[AUTH_TOKEN_CHARS];
    unsigned char secret[TOTP_SECRET_BYTES];
    int rc = session_create(r->db, u->id, second_factor_pending, token, csrf);
    if (rc == 0 && offer_key)
        rc = session_enrol_secret(r->db, token, true, secret);
    sodium_memzero(secret, sizeof(secret));
    if (rc) {
        http_send_err(r, rc);
        return rc;
    }
    session_cookie(r, token, false);
    sodium_memzero(token, sizeof(token));
    return 0;
}

int
auth_session_start(struct req *r, const struct user *u, bool second_factor_pending)
{
    return session_start(r, u, second_factor_pending, false);
}

int
auth_session_start_offering_key(struct req *r, const struct user *u)
{
    return session_start(r, u, true, true);
}

/* --- the login name and password: the page's form and the API's JSON */

#define CREDENTIAL_PARAMS                                                                          \
    {"login", PARAM_BODY, PARAM_TEXT, true, 0, 0, NULL, "ログイン名"},                             \
    {                                                                                              \
        "password", PARAM_BODY, PARAM_TEXT, true, 0, 0, NULL, "パスワード"                    \
    }

PARAMS(login_show_params) = {
    {"next", PARAM_QUERY, PARAM_TEXT, false, 0, 0, NULL, "ログイン後の行き先"},
    PARAMS_END,
};
PARAMS(login_params) = {
    CREDENTIAL_PARAMS,
    {"next", PARAM_BODY, PARAM_TEXT, false, 0, 0, NULL, "ログイン後の行き先"},
    PARAMS_END,
};
PARAMS(token_issue_params) = {
    CREDENTIAL_PARAMS,
    {"name", PARAM_BODY, PARAM_TEXT, false, 0, API_TOKEN_NAME_MAX, NULL, "トークンの名前"},
    {"code", PARAM_BODY, PARAM_TEXT, false, 0, 32, NULL, "確認コード"},
    PARAMS_END,
};

static void
login_form(struct req *r, int status, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "login", param_text_or_empty(&r->params, "login"));
    tpl_set(v, "next", auth_safe_next(param_text(&r->params, "next")));
    tpl_set(v, "error", error ? error : "");
    page_render(r, status, "login", "ログイン", v);
}

static void
login_show(struct req *r)
{
    if (r->authed)
        http_redirect(r, auth_safe_next(param_text(&r->params, "next")));
    else
        login_form(r, 200, NULL);
}

/* Checks the login name and password the page or the API sent; false after
   answering a refusal (the page's form again, or the API's error). */
static bool
credentials_or_reply(struct req *r, struct user *u)
{
    const char *login = param_text(&r->params, "login");
    int wait = 0;
    int rc = login_check(&r->db, login, param_text(&r->params, "password"), r->ip, u, &wait);
    if (login_refusal_reply(r, LOGIN_PASSWORD, rc, wait, login, NULL, login_form))
        return false;
    return http_ok_or_send_err(r, rc);
}

/* The page: a new session (a second factor still to come for the Ministry
   and admin), then where the person was going. */
static void
login_submit(struct req *r)
{
    struct user u;
    if (!credentials_or_reply(r, &u))
        return;
    /* A session that existed before login is never reused (fixation). */
    const char *old = r->session_token ? r->session_token : http_cookie(r, route_cookie_name(r));
    if (old)
        session_end(r->db, old);
    bool pending = second_factor_required(u.role);
    if (auth_session_start(r, &u, pending))
        return;
    log_event(pending ? "login_password" : "login", "id", r->id, "ip", r->ip, "user", u.login,
              "org", u.org_code[0] ? u.org_code : "-", NULL);
    const char *next = auth_safe_next(param_text(&r->params, "next"));
    if (pending)
        http_redirect_next(r, "/login/second-factor", next);
    else
        http_redirect(r, next);
}

/* The API's second factor travels with the password: "code", checked as the
   page checks it; false after answering. */
static bool
api_second_factor_or_reply(struct req *r, const struct user *u)
{
    if (!u->second_factor_enrolled) {
        http_send_error(r, 403, "code",
                        "このアカウントは二要素認証の設定が必要です。先にブラウザでログインし、"
                        "認証アプリを設定してください。");
        return false;
    }
    const char *code = param_text(&r->params, "code");
    if (!code) {
        http_send_error(r, 401, "code",
                        "このアカウントは code（認証アプリに表示されている6桁の確認コード）も"
                        "必要です。");
        return false;
    }
    struct audit_actor who = {u->id, u->login, r->ip, r->id};
    int wait = 0;
    int rc = login_check_code(r->db, &who, u, NULL, code, r->ip, &wait);
    if (login_refusal_reply(r, LOGIN_CODE, rc, wait, u->login, "code", NULL))
        return false;
    return http_ok_or_send_err(r, rc);
}

/* POST /api/v1/tokens: a bearer token, optionally named, good for
   serve --token-days. */
static void
token_issue(struct req *r)
{
    const char *name = param_text_or_empty(&r->params, "name");
    const char *bad_name = api_token_name_problem(name);
    if (bad_name) {
        http_send_error(r, 400, "name", bad_name);
        return;
    }
    struct user u;
    if (!credentials_or_reply(r, &u))
        return;
    if (second_factor_required(u.role) && !api_second_factor_or_reply(r, &u))
        return;
    char token[AUTH_TOKEN_CHARS], expires[32];
    int64_t expires_at = 0;
    int rc = api_token_create(r->db, u.id, name, r->app->token_days, token, &expires_at);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    clock_iso(expires_at, expires, sizeof(expires));
    log_event("token_issued", "id", r->id, "ip", r->ip, "user", u.login, "expires", expires, NULL);
    http_send_json(
        r, 200, json_pack("{s:s, s:s, s:s}", "token", token, "name", name, "expires_at", expires));
    sodium_memzero(token, sizeof(token));
}

/* --- ending a session or the token in use */

static void
logout(struct req *r)
{
    if (r->session_token)
        session_end(r->db, r->session_token);
    log_event("logout", "id", r->id, "user", r->user.login, NULL);
    session_cookie(r, NULL, true);
    http_redirect(r, "/login");
}

static void
token_revoke_current(struct req *r)
{
    if (!r->via_bearer) {
        http_send_error(r, 400, NULL,
                        "Authorization: Bearer で送信したトークンだけを無効にできます。");
        return;
    }
    int rc = api_token_revoke(r->db, http_header(r, "Authorization") + 7);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send(r, 204, "application/json; charset=utf-8", "", 0);
}

/* --- one's own password */

PARAMS(password_show_params) = {
    {"changed", PARAM_QUERY, PARAM_TEXT, false, 0, 8, NULL, "変更済み"},
    PARAMS_END,
};
PARAMS(password_params) = {
    {"current", PARAM_BODY, PARAM_TEXT, true, 1, 512, NULL, "現在のパスワード"},
    NEW_PASSWORD_PARAMS,
    PARAMS_END,
};

static void
password_form_at(struct req *r, int status, const char *field, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_bool(v, "changed", !error && param_given(&r->params, "changed"));
    tpl_set(v, "error", error ? error : "");
    tpl_set(v, "error_field", field ? field : "");
    tpl_set(v, "user_login", r->user.login);
    page_render(r, status, "password", "パスワードの変更", v);
}

/* A refusal of the current password. */
static void
password_form(struct req *r, int status, const char *error)
{
    password_form_at(r, status, "current", error);
}

static void
password_show(struct req *r)
{
    password_form_at(r, 200, NULL, NULL);
}

/* Needs the current password (checked, and throttled, as a login is); the
   new one replaces it, every other session and API token of the account
   ends, and this browser gets a new session. */
static void
password_submit(struct req *r)
{
    const char *fresh = param_text(&r->params, "new");
    if (strcmp(fresh, param_text(&r->params, "confirm")) != 0) {
        password_form_at(r, 422, "confirm", NEW_PASSWORD_MISMATCH);
        return;
    }
    struct user u;
    int wait = 0;
    char msg[256] = "", hash[crypto_pwhash_STRBYTES];
    int rc =
        login_check(&r->db, r->user.login, param_text(&r->params, "current"), r->ip, &u, &wait);
    if (rc == 0)
        rc = login_hash_new(&r->db, fresh, hash, msg, sizeof(msg));
    if (login_refusal_reply(r, LOGIN_CURRENT_PASSWORD, rc, wait, r->user.login, "current",
                            password_form))
        return;
    struct audit_actor who = req_actor(r);
    if (rc == 0)
        rc = user_replace_hash(r->db, &who, r->user.login, hash);
    sodium_memzero(hash, sizeof(hash));
    if (rc == ERR_INPUT) {
        password_form_at(r, 422, "new", msg);
        return;
    }
    if (!http_ok_or_send_err(r, rc) || auth_session_start(r, &u, false))
        return;
    http_redirect(r, "/account/password?changed=1");
}

/* --- the account's API tokens: the page /account/tokens and /api/v1/tokens */

PARAMS(tokens_show_params) = {
    {"revoked", PARAM_QUERY, PARAM_TEXT, false, 0, 8, NULL, "取り消し済み"},
    PARAMS_END,
};

/* The account's tokens, newest first, in the request's arena. */
struct token_list {
    struct arena *a;
    struct api_token_info *items;
    size_t n, cap;
};

static int
token_collect(const struct api_token_info *t, void *ctx)
{
    struct token_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        struct api_token_info *more = arena_alloc(l->a, cap * sizeof(*more));
        if (!more)
            return ERR_NOMEM;
        if (l->n)
            memcpy(more, l->items, l->n * sizeof(*more));
        l->items = more;
        l->cap = cap;
    }
    l->items[l->n] = *t;
    if (!(l->items[l->n].name = arena_strdup(l->a, t->name)))
        return ERR_NOMEM;
    l->n++;
    return 0;
}

/* The list; false after answering an error. */
static bool
tokens_or_reply(struct req *r, struct token_list *l)
{
    *l = (struct token_list){&r->arena, NULL, 0, 0};
    return http_ok_or_send_err(r, api_token_each(r->db, r->user.id, token_collect, l));
}

static void
tokens_page(struct req *r)
{
    struct token_list l;
    if (!tokens_or_reply(r, &l))
        return;
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "tokens");
    tpl_set_bool(v, "revoked", param_given(&r->params, "revoked"));
    tpl_set_int(v, "token_days", r->app->token_days);
    for (size_t i = 0; i < l.n; i++) {
        const struct api_token_info *t = &l.items[i];
        struct tpl_vars *item = tpl_add_item(v, "tokens");
        tpl_set_int(item, "id", t->id);
        tpl_set(item, "name", t->name[0] ? t->name : "（名前なし）");
        tpl_set(item, "created", clock_jst_in(&r->arena, t->created_at));
        tpl_set(item, "expires", clock_jst_in(&r->arena, t->expires_at));
        tpl_set_bool(item, "expired", clock_now() >= t->expires_at);
        tpl_set(item, "last_used",
                t->last_used_at ? clock_jst_in(&r->arena, t->last_used_at) : "未使用");
    }
    page_render(r, 200, "tokens", "API トークン", v);
}

static void
tokens_api(struct req *r)
{
    struct token_list l;
    if (!tokens_or_reply(r, &l))
        return;
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const struct api_token_info *t = &l.items[i];
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id, "name",
                         t->name, "created_at", clock_iso_in(&r->arena, t->created_at),
                         "expires_at", clock_iso_in(&r->arena, t->expires_at), "last_used_at",
                         t->last_used_at ? clock_iso_in(&r->arena, t->last_used_at) : NULL,
                         "expired", clock_now() >= t->expires_at));
    }
    http_send_json(r, 200, json_pack("{s:o}", "tokens", a));
}

PARAMS(token_revoke_params) = {
    {"token", PARAM_PATH, PARAM_TEXT, true, 1, 20, NULL, "トークンの番号"},
    PARAMS_END,
};

/* Revokes one of the account's own tokens; another account's id is 404,
   exactly like one that does not exist. */
static void
token_revoke(struct req *r)
{
    const char *param = param_text(&r->params, "token");
    char *end = NULL;
    long long id = strtoll(param, &end, 10);
    int rc = *end || id <= 0 ? ERR_NOTFOUND : api_token_revoke_own(r->db, r->user.id, id);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "token",
                        "そのトークンは見つかりません。すでに取り消されているか、"
                        "ほかのアカウントのトークンです。");
        return;
    }
    if (rc == 0)
        log_event("token_revoked", "id", r->id, "user", r->user.login, "token", param, NULL);
    outcome_send(r, rc, NULL, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1),
                 "/account/tokens?revoked=1");
}

// clang-format off
ROUTES(auth_http_routes) = {
    {"GET", "/login", ROLE_PUBLIC, BODY_NONE, login_show, login_show_params},
    {"POST", "/login", ROLE_PUBLIC, BODY_FORM, login_submit, login_params},
    {"POST", "/api/v1/tokens", ROLE_PUBLIC, BODY_JSON, token_issue, token_issue_params},
    {"POST", "/logout", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_FORM, logout, NULL},
    {"GET", "/account/password", ROLE_ANY, BODY_NONE, password_show, password_show_params},
    {"POST", "/account/password", ROLE_ANY, BODY_FORM, password_submit, password_params},
    {"GET", "/account/tokens", ROLE_ANY, BODY_NONE, tokens_page, tokens_show_params},
    {"GET", "/api/v1/tokens", ROLE_ANY, BODY_NONE, tokens_api, NULL},
    /* "current" before :token, which would match it too */
    {"DELETE", "/api/v1/tokens/current", ROLE_ANY, BODY_NONE, token_revoke_current, NULL},
    {"POST", "/account/tokens/:token/revoke", ROLE_ANY, BODY_FORM, token_revoke, token_revoke_params},
    {"DELETE", "/api/v1/tokens/:token", ROLE_ANY, BODY_NONE, token_revoke, token_revoke_params},
    ROUTES_END,
};
// clang-format on
