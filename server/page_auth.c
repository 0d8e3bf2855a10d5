/*
 * page_auth.c: /login and /logout.
 */
#include "app.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "login.h"
#include "page.h"
#include "route.h"
#include "session.h"
#include "tpl.h"

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
    char token[AUTH_TOKEN_CHARS], csrf[AUTH_TOKEN_CHARS];
    if ((rc = session_create(r->db, u.id, token, csrf))) {
        http_send_err(r, rc);
        return;
    }
    log_event("login", "id", r->id, "ip", r->ip, "user", u.login, "org",
              u.org_code[0] ? u.org_code : "-", NULL);
    session_cookie(r, token, false);
    sodium_memzero(token, sizeof(token));
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

ROUTES(page_auth_routes) = {
    {"GET", "/login", ROLE_PUBLIC, BODY_NONE, page_login_show},
    {"POST", "/login", ROLE_PUBLIC, BODY_FORM, page_login_submit},
    {"POST", "/logout", ROLE_ANY, BODY_FORM, page_logout},
    ROUTES_END,
};
