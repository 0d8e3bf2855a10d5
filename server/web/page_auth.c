/*
 * page_auth.c: /login, /logout and changing one's own password (see
 * page_auth.h; the second factor is page_second_factor.c).
 */
#include "app.h"
#include "audit.h"
#include "err.h"
#include "http.h"
#include "local_path.h"
#include "log.h"
#include "login.h"
#include "page.h"
#include "page_auth.h"
#include "guard.h"
#include "route.h"
#include "second_factor.h"
#include "session.h"
#include "tpl.h"
#include "user.h"

#include <string.h>

const char *
page_safe_next(const char *next)
{
    next = local_path_or_root(next);
    return strncmp(next, "/login", 6) == 0 ? "/" : next;
}

static void
login_form(struct req *r, int status, const char *login, const char *next, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "login", login ? login : "");
    tpl_set(v, "next", page_safe_next(next));
    tpl_set(v, "error", error ? error : "");
    page_render(r, status, "login", "ログイン", v);
}

static void
page_login_show(struct req *r)
{
    if (r->authed) {
        http_redirect(r, page_safe_next(form_get(&r->query, "next")));
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

int
page_session_start(struct req *r, const struct user *u, bool second_factor_pending)
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
    int wait = 0;
    int rc = login_check(&r->db, login, password, r->ip, &u, &wait);
    struct login_refusal no;
    if (login_refused(&r->arena, LOGIN_PASSWORD, rc, wait, &no)) {
        log_event(no.event, "id", r->id, "ip", r->ip, "login", login, NULL);
        if (no.retry_after)
            http_add_retry_after(r, no.retry_after);
        login_form(r, no.status, login, next, no.message);
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
    if ((rc = page_session_start(r, &u, pending)))
        return;
    log_event(pending ? "login_password" : "login", "id", r->id, "ip", r->ip, "user", u.login,
              "org", u.org_code[0] ? u.org_code : "-", NULL);
    if (pending)
        http_redirect_next(r, "/login/second-factor", page_safe_next(next));
    else
        http_redirect(r, page_safe_next(next));
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
    int wait = 0;
    char msg[256] = "", hash[crypto_pwhash_STRBYTES];
    int rc = login_check(&r->db, r->user.login, current, r->ip, &u, &wait);
    if (rc == 0)
        rc = login_hash_new(&r->db, fresh, hash, msg, sizeof(msg));
    struct login_refusal no;
    if (login_refused(&r->arena, LOGIN_CURRENT_PASSWORD, rc, wait, &no)) {
        log_event(no.event, "id", r->id, "ip", r->ip, "login", r->user.login, NULL);
        if (no.retry_after)
            http_add_retry_after(r, no.retry_after);
        password_form(r, no.status, "current", no.message);
        return;
    }
    struct audit_actor who = req_actor(r);
    if (rc == 0)
        rc = user_replace_hash(r->db, &who, r->user.login, hash);
    sodium_memzero(hash, sizeof(hash));
    if (rc == ERR_INPUT) {
        password_form(r, 422, "new", msg);
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    if (page_session_start(r, &u, false))
        return;
    http_redirect(r, "/account/password?changed=1");
}

ROUTES(page_auth_routes) = {
    {"GET", "/login", ROLE_PUBLIC, BODY_NONE, page_login_show, NULL},
    {"POST", "/login", ROLE_PUBLIC, BODY_FORM, page_login_submit, NULL},
    {"POST", "/logout", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_FORM, page_logout, NULL},
    {"GET", "/account/password", ROLE_ANY, BODY_NONE, page_password_show, NULL},
    {"POST", "/account/password", ROLE_ANY, BODY_FORM, page_password_submit, NULL},
    ROUTES_END,
};
