/*
 * account_setup_http.c: the pages a person reaches without a password: a
 * one-time link (/account/setup?token=…), which sets the password of a new
 * account or replaces a forgotten one and signs in (a Ministry or admin
 * account then sets up or enters its authenticator on the second factor's
 * page, page_second_factor.c); and 「パスワードを忘れた方」 (/login/forgot),
 * which asks for a reset link and answers alike whether or not the account
 * exists (account_forgot.h).
 */
#include "account_forgot.h"
#include "account_link.h"
#include "auth_http.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "login.h"
#include "page.h"
#include "route.h"
#include "second_factor.h"
#include "session.h"
#include "tpl.h"

#include <string.h>

/* --- the one-time link */

PARAMS(setup_show_params) = {
    {"token", PARAM_QUERY, PARAM_TEXT, true, 1, 64, NULL, "リンク"},
    PARAMS_END,
};
PARAMS(setup_params) = {
    {"token", PARAM_BODY, PARAM_TEXT, true, 1, 64, NULL, "リンク"},
    NEW_PASSWORD_PARAMS,
    PARAMS_END,
};

/* A link that cannot be used: unknown, used, replaced by a newer one,
   expired, or of a disabled account. Which of these is not said. */
static void
link_unusable(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_int(v, "days", ACCOUNT_LINK_DAYS);
    page_render(r, 404, "account_setup_gone", "このリンクは使えません", v);
}

static void
setup_form(struct req *r, int status, const struct user *u, enum account_link_kind kind,
           int64_t expires_at, const char *field, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "token", param_text(&r->params, "token"));
    tpl_set(v, "login", u->login);
    tpl_set(v, "org_name", u->org_name);
    tpl_set(v, "expires", clock_jst_in(&r->arena, expires_at));
    tpl_set_bool(v, "is_setup", kind == ACCOUNT_LINK_SETUP);
    tpl_set_bool(v, "second_factor", second_factor_required(u->role));
    tpl_set(v, "error", error ? error : "");
    tpl_set(v, "error_field", field ? field : "");
    page_render(r, status, "account_setup",
                kind == ACCOUNT_LINK_SETUP ? "アカウントの初期設定" : "パスワードの再設定", v);
}

static void
setup_show(struct req *r)
{
    struct user u;
    enum account_link_kind kind;
    int64_t expires_at;
    int rc = account_link_find(r->db, param_text(&r->params, "token"), clock_now(), &u, &kind,
                               &expires_at);
    if (rc == ERR_NOTFOUND)
        link_unusable(r);
    else if (http_ok_or_send_err(r, rc))
        setup_form(r, 200, &u, kind, expires_at, NULL, NULL);
}

/* Sets the password (the rules of a password change), uses up the link and
   signs in: a new session, pending its second factor for the Ministry and
   admin. */
static void
setup_submit(struct req *r)
{
    const char *token = param_text(&r->params, "token"), *fresh = param_text(&r->params, "new");
    struct user u;
    enum account_link_kind kind;
    int64_t expires_at;
    int rc = account_link_find(r->db, token, clock_now(), &u, &kind, &expires_at);
    if (rc == ERR_NOTFOUND) {
        link_unusable(r);
        return;
    }
    if (!http_ok_or_send_err(r, rc))
        return;
    if (strcmp(fresh, param_text(&r->params, "confirm")) != 0) {
        setup_form(r, 422, &u, kind, expires_at, "confirm", NEW_PASSWORD_MISMATCH);
        return;
    }
    char msg[256] = "", hash[crypto_pwhash_STRBYTES];
    rc = login_hash_new(&r->db, fresh, hash, msg, sizeof(msg));
    if (rc == ERR_INPUT) {
        setup_form(r, 422, &u, kind, expires_at, "new", msg);
        return;
    }
    if (rc == 0)
        rc = account_link_use(r->db, token, hash, clock_now(), r->ip, r->id, &u);
    sodium_memzero(hash, sizeof(hash));
    if (rc == ERR_NOTFOUND) {
        link_unusable(r);
        return;
    }
    if (!http_ok_or_send_err(r, rc))
        return;
    /* Whoever was signed in in this browser is signed out (fixation). */
    const char *old = r->session_token ? r->session_token : http_cookie(r, route_cookie_name(r));
    if (old)
        session_end(r->db, old);
    bool pending = second_factor_required(u.role);
    int started = pending && !u.second_factor_enrolled ? auth_session_start_offering_key(r, &u)
                                                       : auth_session_start(r, &u, pending);
    if (started)
        return;
    log_event("account_setup", "id", r->id, "ip", r->ip, "user", u.login, "kind",
              account_link_kind_name(kind), NULL);
    http_redirect(r, pending ? "/login/second-factor" : "/");
}

/* --- 「パスワードを忘れた方」 */

PARAMS(forgot_params) = {
    {"name", PARAM_BODY, PARAM_TEXT, true, 1, 254, NULL, "ログイン名またはメールアドレス"},
    PARAMS_END,
};

static void
forgot_form(struct req *r, int status, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "error", error ? error : "");
    tpl_set_bool(v, "sent", false);
    page_render(r, status, "forgot", "パスワードを忘れた方", v);
}

static void
forgot_show(struct req *r)
{
    forgot_form(r, 200, NULL);
}

/* The same page and status whether or not the name is an account's. */
static void
forgot_submit(struct req *r)
{
    int wait = 0;
    int rc =
        account_forgot(r->db, param_text(&r->params, "name"), r->ip, r->id, clock_now(), &wait);
    if (rc == ERR_THROTTLED) {
        http_add_retry_after(r, wait);
        forgot_form(
            r, 429,
            arena_printf(&r->arena,
                         "申し込みが続いたため、受け付けを止めています。%d分ほど待ってから、"
                         "もう一度お試しください。",
                         (wait + 59) / 60));
        return;
    }
    if (!http_ok_or_send_err(r, rc))
        return;
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "error", "");
    tpl_set_bool(v, "sent", true);
    tpl_set_int(v, "days", ACCOUNT_LINK_DAYS);
    page_render(r, 200, "forgot", "パスワードを忘れた方", v);
}

// clang-format off
ROUTES(account_setup_http_routes) = {
    {"GET", "/account/setup", ROLE_PUBLIC, BODY_NONE, setup_show, setup_show_params},
    {"POST", "/account/setup", ROLE_PUBLIC, BODY_FORM, setup_submit, setup_params},
    {"GET", "/login/forgot", ROLE_PUBLIC, BODY_NONE, forgot_show, NULL},
    {"POST", "/login/forgot", ROLE_PUBLIC, BODY_FORM, forgot_submit, forgot_params},
    ROUTES_END,
};
// clang-format on
