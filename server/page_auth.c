/*
 * page_auth.c: /login, the second factor of Ministry and admin accounts
 * (/login/second-factor), /logout and changing one's own password.
 */
#include "app.h"
#include "audit.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "login.h"
#include "page.h"
#include "qr_svg.h"
#include "reply.h"
#include "route.h"
#include "second_factor.h"
#include "session.h"
#include "tpl.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

/* The path to go to after login: a same-origin path, else "/". */
static const char *
safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
        strncmp(next, "/login", 6) == 0)
        return "/";
    return next;
}

static void
login_form(struct req *r, int status, const char *login, const char *next, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "login", login ? login : "");
    tpl_set(v, "next", safe_next(next));
    tpl_set(v, "error", error ? error : "");
    page_render(r, status, "login", "ログイン", v);
}

static void
page_login_show(struct req *r)
{
    if (r->authed) {
        http_redirect(r, safe_next(form_get(&r->query, "next")));
        return;
    }
    login_form(r, 200, NULL, form_get(&r->query, "next"), NULL);
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

/* Creates a session for u and sets its cookie; on failure answers the
   request with the error and returns it. */
static int
session_start(struct req *r, const struct user *u, bool second_factor_pending)
{
    char token[AUTH_TOKEN_CHARS], csrf[AUTH_TOKEN_CHARS];
    int rc = session_create(r->db, u->id, second_factor_pending, token, csrf);
    if (rc) {
        http_send_err(r, rc);
        return rc;
    }
    session_cookie(r, token, false);
    sodium_memzero(token, sizeof(token));
    return 0;
}

static void
page_login_submit(struct req *r)
{
    const char *login = form_get(&r->form, "login");
    const char *password = form_get(&r->form, "password");
    const char *next = form_get(&r->form, "next");
    if (!login || !password || form_count(&r->form, "login") > 1 ||
        form_count(&r->form, "password") > 1) {
        login_form(r, 400, login, next, "ログイン名とパスワードを入力してください。");
        return;
    }
    struct user u;
    int rc = login_check(r->db, login, password, r->ip, &u);
    if (rc == ERR_UNAUTH || rc == ERR_THROTTLED) {
        log_event(rc == ERR_UNAUTH ? "login_failed" : "login_throttled", "id", r->id, "ip", r->ip,
                  "login", login, NULL);
        login_form(r, rc == ERR_UNAUTH ? 401 : 429, login, next,
                   rc == ERR_UNAUTH
                       ? "ログイン名またはパスワードが正しくありません。"
                       : "ログインの試行が多すぎます。15分ほど待ってから再度お試しください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    /* A session that existed before login is never reused (fixation). */
    if (r->session_token || http_cookie(r, route_cookie_name(r)))
        session_end(r->db,
                    r->session_token ? r->session_token : http_cookie(r, route_cookie_name(r)));
    bool pending = second_factor_required(u.role);
    if ((rc = session_start(r, &u, pending)))
        return;
    log_event(pending ? "login_password" : "login", "id", r->id, "ip", r->ip, "user", u.login,
              "org", u.org_code[0] ? u.org_code : "-", NULL);
    if (!pending) {
        http_redirect(r, safe_next(next));
        return;
    }
    struct buf to;
    buf_init(&to, 4096);
    buf_puts(&to, "/login/second-factor?next=");
    html_esc_url(&to, safe_next(next));
    http_redirect(r, buf_err(&to) ? "/login/second-factor" : buf_str(&to));
    buf_cleanup(&to);
}

/* The enrolment key of this pending session: the one already shown, or a
   new one. */
static int
enrol_secret(struct req *r, unsigned char secret[TOTP_SECRET_BYTES])
{
    int rc = session_enrol_secret(r->db, r->session_token, false, secret);
    if (rc == ERR_NOTFOUND)
        rc = session_enrol_secret(r->db, r->session_token, true, secret);
    return rc;
}

/* The key as an otpauth:// URI (the format authenticator apps scan) and
   in groups of four characters for typing. */
static void
enrol_vars(struct req *r, struct tpl_vars *v, const unsigned char secret[TOTP_SECRET_BYTES])
{
    char b32[TOTP_BASE32_CHARS], grouped[TOTP_BASE32_CHARS + TOTP_BASE32_CHARS / 4];
    totp_base32(secret, b32);
    size_t n = 0;
    for (size_t i = 0; b32[i]; i++) {
        if (i && i % 4 == 0)
            grouped[n++] = ' ';
        grouped[n++] = b32[i];
    }
    grouped[n] = '\0';
    struct buf uri, svg;
    buf_init(&uri, 256);
    buf_init(&svg, 16384);
    buf_puts(&uri, "otpauth://totp/shokai:");
    html_esc_url(&uri, r->user.login);
    buf_puts(&uri, "?secret=");
    buf_puts(&uri, b32);
    buf_puts(&uri, "&issuer=shokai&algorithm=SHA1&digits=6&period=30");
    if (!buf_err(&uri) && qr_svg(&svg, buf_str(&uri), "認証アプリで読み取るQRコード") == 0 &&
        !buf_err(&svg))
        tpl_set_html(v, "qr", (struct html_safe){arena_strdup(&r->arena, buf_str(&svg))});
    tpl_set(v, "secret_text", grouped);
    sodium_memzero(b32, sizeof(b32));
    sodium_memzero(grouped, sizeof(grouped));
    buf_cleanup(&uri);
    buf_cleanup(&svg);
}

static void
second_factor_form(struct req *r, int status, const char *next, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    bool enrolling = !r->user.second_factor_enrolled;
    tpl_set_bool(v, "enrolling", enrolling);
    tpl_set(v, "next", safe_next(next));
    tpl_set(v, "error", error ? error : "");
    if (enrolling) {
        unsigned char secret[TOTP_SECRET_BYTES];
        int rc = enrol_secret(r, secret);
        if (rc) {
            http_send_err(r, rc);
            return;
        }
        enrol_vars(r, v, secret);
        sodium_memzero(secret, sizeof(secret));
    }
    page_render(r, status, "second_factor", enrolling ? "二要素認証の設定" : "確認コードの入力", v);
}

static void
page_second_factor_show(struct req *r)
{
    if (r->authed) {
        http_redirect(r, safe_next(form_get(&r->query, "next")));
        return;
    }
    second_factor_form(r, 200, form_get(&r->query, "next"), NULL);
}

/* Checks the code; on success the pending session is replaced by a full
   one (a new token: nothing learnt before the code opens the account). */
static void
page_second_factor_submit(struct req *r)
{
    const char *next = form_get(&r->form, "next");
    if (r->authed) {
        http_redirect(r, safe_next(next));
        return;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    bool enrolling = !r->user.second_factor_enrolled;
    int rc = enrolling ? session_enrol_secret(r->db, r->session_token, false, secret) : 0;
    if (rc == ERR_NOTFOUND) {
        second_factor_form(r, 409, next,
                           "設定用のコードの有効期限が切れました。表示し直した QR コードを"
                           "認証アプリで読み取ってから、確認コードを入力してください。");
        return;
    }
    struct audit_actor who = req_actor(r);
    if (rc == 0)
        rc = login_check_code(r->db, &who, &r->user, enrolling ? secret : NULL,
                              form_count(&r->form, "code") == 1 ? form_get(&r->form, "code") : NULL,
                              r->ip);
    sodium_memzero(secret, sizeof(secret));
    if (rc == ERR_INPUT || rc == ERR_UNAUTH || rc == ERR_THROTTLED) {
        log_event(rc == ERR_THROTTLED ? "login_throttled" : "second_factor_failed", "id", r->id,
                  "ip", r->ip, "user", r->user.login, NULL);
        second_factor_form(
            r,
            rc == ERR_INPUT    ? 422
            : rc == ERR_UNAUTH ? 401
                               : 429,
            next,
            rc == ERR_INPUT ? "確認コードは認証アプリに表示されている6桁の数字で入力してください。"
            : rc == ERR_UNAUTH
                ? "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力して"
                  "ください（一度使ったコードは使えません）。"
                : "確認コードの試行が多すぎます。15分ほど待ってから再度お試しください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    session_end(r->db, r->session_token);
    if (session_start(r, &r->user, false))
        return;
    log_event("login", "id", r->id, "ip", r->ip, "user", r->user.login, "second_factor",
              enrolling ? "enrolled" : "code", NULL);
    http_redirect(r, safe_next(next));
}

static void
page_logout(struct req *r)
{
    if (r->session_token)
        session_end(r->db, r->session_token);
    log_event("logout", "id", r->id, "user", r->user.login, NULL);
    session_cookie(r, NULL, true);
    http_redirect(r, "/login");
}

static void
password_form(struct req *r, int status, const char *field, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_bool(v, "changed", !error && form_get(&r->query, "changed"));
    tpl_set(v, "error", error ? error : "");
    tpl_set(v, "error_field", field ? field : "");
    tpl_set(v, "user_login", r->user.login);
    page_render(r, status, "password", "パスワードの変更", v);
}

static void
page_password_show(struct req *r)
{
    password_form(r, 200, NULL, NULL);
}

/* Needs the current password (checked, and throttled, as a login is); the
   new one replaces it, every other session and API token of the account
   ends, and this browser gets a new session. */
static void
page_password_submit(struct req *r)
{
    const char *current = form_get(&r->form, "current");
    const char *fresh = form_get(&r->form, "new");
    const char *confirm = form_get(&r->form, "confirm");
    if (!current || !fresh || !confirm || !*current) {
        password_form(r, 400, "current", "現在のパスワードと新しいパスワードを入力してください。");
        return;
    }
    if (strcmp(fresh, confirm) != 0) {
        password_form(r, 422, "confirm", "新しいパスワードと確認用の入力が一致しません。");
        return;
    }
    struct user u;
    int rc = login_check(r->db, r->user.login, current, r->ip, &u);
    if (rc == ERR_UNAUTH || rc == ERR_THROTTLED) {
        log_event(rc == ERR_UNAUTH ? "login_failed" : "login_throttled", "id", r->id, "ip", r->ip,
                  "login", r->user.login, NULL);
        password_form(r, rc == ERR_UNAUTH ? 422 : 429, "current",
                      rc == ERR_UNAUTH
                          ? "現在のパスワードが正しくありません。"
                          : "試行が多すぎます。15分ほど待ってから再度お試しください。");
        return;
    }
    char msg[256] = "";
    struct audit_actor who = req_actor(r);
    if (rc == 0)
        rc = user_set_password(r->db, &who, r->user.login, fresh, msg, sizeof(msg));
    if (rc == ERR_INPUT) {
        password_form(r, 422, "new", msg);
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    if (session_start(r, &u, false))
        return;
    http_redirect(r, "/account/password?changed=1");
}

ROUTES(page_auth_routes) = {
    {"GET", "/login", ROLE_PUBLIC, BODY_NONE, page_login_show},
    {"POST", "/login", ROLE_PUBLIC, BODY_FORM, page_login_submit},
    {"GET", "/login/second-factor", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_NONE,
     page_second_factor_show},
    {"POST", "/login/second-factor", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_FORM,
     page_second_factor_submit},
    {"POST", "/logout", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_FORM, page_logout},
    {"GET", "/account/password", ROLE_ANY, BODY_NONE, page_password_show},
    {"POST", "/account/password", ROLE_ANY, BODY_FORM, page_password_submit},
    ROUTES_END,
};
