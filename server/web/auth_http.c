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
/* What a new token is: its name, days to live (at most serve --token-days)
   and scope; the same for the API's POST /api/v1/tokens and the page. */
#define TOKEN_NEW_PARAMS                                                                               \
    {"name", PARAM_BODY, PARAM_TEXT, false, 0, API_TOKEN_NAME_MAX, NULL, "トークンの名前"},            \
        {"days", PARAM_BODY, PARAM_INT, false, 1, API_TOKEN_DAYS_MAX, NULL, "有効期間（日）"},         \
    {                                                                                                  \
        "scope", PARAM_BODY, PARAM_CHOICE, false, 0, 0, api_token_scope_names, "トークンの種類" \
    }

PARAMS(token_issue_params) = {
    CREDENTIAL_PARAMS,
    TOKEN_NEW_PARAMS,
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

/* A new token of the account u, as the declared name, days and scope ask
   (full when no scope is given); false after answering a refusal. */
struct token_new {
    char secret[AUTH_TOKEN_CHARS];
    const char *name;
    enum api_token_scope scope;
    int64_t expires_at;
};

/* The declared name, when it can label a token; false after 400. */
static bool
token_name_ok_or_reply(struct req *r)
{
    const char *bad_name = api_token_name_problem(param_text_or_empty(&r->params, "name"));
    if (bad_name)
        http_send_error(r, 400, "name", bad_name);
    return !bad_name;
}

/* (The caller has checked the name with token_name_ok_or_reply first.) */
static bool
token_new_or_reply(struct req *r, const struct user *u, struct token_new *t)
{
    t->name = param_text_or_empty(&r->params, "name");
    t->scope = api_token_scope_of(param_text(&r->params, "scope"));
    int days = api_token_days(param_int(&r->params, "days", 0), r->app->token_days);
    int rc = api_token_issue(r->db, u->id, t->name, days, t->scope, t->secret, &t->expires_at);
    if (!http_ok_or_send_err(r, rc))
        return false;
    char expires[32];
    clock_iso(t->expires_at, expires, sizeof(expires));
    log_event("token_issued", "id", r->id, "ip", r->ip, "user", u->login, "expires", expires,
              "scope", api_token_scope_names[t->scope], NULL);
    return true;
}

/* POST /api/v1/tokens: a bearer token for the login name and password,
   optionally named, read-only and shorter-lived than serve --token-days. */
static void
token_issue(struct req *r)
{
    struct user u;
    if (!token_name_ok_or_reply(r))
        return; /* before the password is tried: a bad name costs no attempt */
    if (!credentials_or_reply(r, &u))
        return;
    if (second_factor_required(u.role) && !api_second_factor_or_reply(r, &u))
        return;
    struct token_new t;
    if (!token_new_or_reply(r, &u, &t))
        return;
    http_send_json(r, 200,
                   json_pack("{s:s, s:s, s:s, s:s}", "token", t.secret, "name", t.name, "scope",
                             api_token_scope_names[t.scope], "expires_at",
                             clock_iso_in(&r->arena, t.expires_at)));
    sodium_memzero(t.secret, sizeof(t.secret));
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

/* The expiry choices of the page's form: these days, up to and with
   serve --token-days. */
static void
token_days_vars(struct tpl_vars *v, int max)
{
    static const int offered[] = {7, 30, 90, 365};
    tpl_set_list(v, "day_choices");
    for (size_t i = 0; i < sizeof(offered) / sizeof(offered[0]); i++) {
        int days = offered[i] < max ? offered[i] : max;
        struct tpl_vars *item = tpl_add_item(v, "day_choices");
        tpl_set_int(item, "days", days);
        tpl_set_bool(item, "selected", days == (max < 30 ? max : 30));
        if (days == max)
            break;
    }
}

/* The page: the account's tokens, the form for a new one (error: why the
   last one was refused, or NULL), and the secret of the one just issued
   (fresh; NULL: none), which is shown this once. */
static void
tokens_render(struct req *r, int status, const char *error, const struct token_new *fresh)
{
    struct token_list l;
    if (!tokens_or_reply(r, &l))
        return;
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "tokens");
    tpl_set_bool(v, "revoked", !fresh && param_given(&r->params, "revoked"));
    tpl_set_int(v, "token_days", r->app->token_days);
    tpl_set(v, "error", error ? error : "");
    token_days_vars(v, r->app->token_days);
    tpl_set_bool(v, "issued", fresh != NULL);
    if (fresh) {
        tpl_set(v, "issued_secret", fresh->secret);
        tpl_set(v, "issued_name", fresh->name[0] ? fresh->name : "（名前なし）");
        tpl_set(v, "issued_scope", api_token_scope_label(fresh->scope));
        tpl_set(v, "issued_expires", clock_jst_in(&r->arena, fresh->expires_at));
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct api_token_info *t = &l.items[i];
        struct tpl_vars *item = tpl_add_item(v, "tokens");
        tpl_set_int(item, "id", t->id);
        tpl_set(item, "name", t->name[0] ? t->name : "（名前なし）");
        tpl_set(item, "scope", api_token_scope_label(t->scope));
        tpl_set(item, "created", clock_jst_in(&r->arena, t->created_at));
        tpl_set(item, "expires", clock_jst_in(&r->arena, t->expires_at));
        tpl_set_bool(item, "expired", clock_now() >= t->expires_at);
        tpl_set(item, "last_used",
                t->last_used_at ? clock_jst_in(&r->arena, t->last_used_at) : "未使用");
    }
    page_render(r, status, "tokens", "API トークン", v);
}

static void
tokens_page(struct req *r)
{
    tokens_render(r, 200, NULL, NULL);
}

/* The form again, saying why the password was refused. */
static void
tokens_form(struct req *r, int status, const char *error)
{
    tokens_render(r, status, error, NULL);
}

PARAMS(token_create_params) = {
    {"password", PARAM_BODY, PARAM_TEXT, true, 1, 512, NULL, "パスワード"},
    TOKEN_NEW_PARAMS,
    PARAMS_END,
};

/* POST /account/tokens: a token of the signed-in account, issued from the
   page and shown once. A token outlives the session (up to serve
   --token-days), so the password is asked again, and checked (and
   throttled) as a password change checks it. */
static void
token_create(struct req *r)
{
    struct user u;
    int wait = 0;
    if (!token_name_ok_or_reply(r))
        return; /* before the password is tried: a bad name costs no attempt */
    int rc =
        login_check(&r->db, r->user.login, param_text(&r->params, "password"), r->ip, &u, &wait);
    if (login_refusal_reply(r, LOGIN_CURRENT_PASSWORD, rc, wait, r->user.login, "password",
                            tokens_form) ||
        !http_ok_or_send_err(r, rc))
        return;
    struct token_new t;
    if (!token_new_or_reply(r, &u, &t))
        return;
    tokens_render(r, 200, NULL, &t);
    sodium_memzero(t.secret, sizeof(t.secret));
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
            a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id, "name",
                         t->name, "scope", api_token_scope_names[t->scope], "created_at",
                         clock_iso_in(&r->arena, t->created_at), "expires_at",
                         clock_iso_in(&r->arena, t->expires_at), "last_used_at",
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

API_DOC(token_issue_doc) = {"API トークンを発行する（ログイン名とパスワードで）", API_JSON,
                            "TokenIssued", false, NULL};
API_DOC(tokens_doc) = {"自分の API トークンの一覧", API_JSON, "Tokens", true, NULL};
API_DOC(token_current_doc) = {"使っているトークンを無効にする", NULL, NULL, true, NULL};
API_DOC(token_revoke_doc) = {"自分のトークンを 1 つ取り消す", API_JSON, "TokenRevoked", false,
                             NULL};

// clang-format off
ROUTES(auth_http_routes) = {
    {"GET", "/login", ROLE_PUBLIC, BODY_NONE, login_show, login_show_params},
    {"POST", "/login", ROLE_PUBLIC, BODY_FORM, login_submit, login_params},
    {"POST", "/api/v1/tokens", ROLE_PUBLIC, BODY_JSON, token_issue, token_issue_params, &token_issue_doc},
    {"POST", "/logout", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_FORM, logout, NULL},
    {"GET", "/account/password", ROLE_ANY, BODY_NONE, password_show, password_show_params},
    {"POST", "/account/password", ROLE_ANY, BODY_FORM, password_submit, password_params},
    {"GET", "/account/tokens", ROLE_ANY, BODY_NONE, tokens_page, tokens_show_params},
    {"POST", "/account/tokens", ROLE_ANY, BODY_FORM, token_create, token_create_params},
    {"GET", "/api/v1/tokens", ROLE_ANY, BODY_NONE, tokens_api, NULL, &tokens_doc},
    /* "current" before :token, which would match it too */
    {"DELETE", "/api/v1/tokens/current", ROLE_ANY, BODY_NONE, token_revoke_current, NULL, &token_current_doc},
    {"POST", "/account/tokens/:token/revoke", ROLE_ANY, BODY_FORM, token_revoke, token_revoke_params},
    {"DELETE", "/api/v1/tokens/:token", ROLE_ANY, BODY_NONE, token_revoke, token_revoke_params, &token_revoke_doc},
    ROUTES_END,
};
// clang-format on
