/*
 * page_second_factor.c: /login/second-factor, the authenticator code after
 * the password of a Ministry or admin account (second_factor.h): setting the
 * app up the first time (QR code and key), then the code at every login.
 */
#include "app.h"
#include "auth_http.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "login.h"
#include "login_refusal.h"
#include "page.h"
#include "param.h"
#include "qr_svg.h"
#include "guard.h"
#include "route.h"
#include "session.h"
#include "tpl.h"

#include <string.h>

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
    struct buf uri;
    buf_init(&uri, 256);
    struct buf *svg = buf_new_in(&r->arena, 16384); /* read when the page is rendered */
    totp_uri(&uri, r->user.login, secret);
    if (svg && !buf_err(&uri) && qr_svg(svg, buf_str(&uri), "認証アプリで読み取るQRコード") == 0 &&
        !buf_err(svg))
        tpl_set_markup(v, "qr", svg);
    tpl_set(v, "secret_text", grouped);
    sodium_memzero(b32, sizeof(b32));
    sodium_memzero(grouped, sizeof(grouped));
    buf_cleanup(&uri);
}

/* Whether this pending session may set a key up: every account may
   (--self-enrol on), or a one-time link offered this session its key
   (auth_session_start_offering_key). */
static bool
may_enrol(struct req *r)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    bool offered = session_enrol_secret(r->db, r->session_token, false, secret) == 0;
    sodium_memzero(secret, sizeof(secret));
    return r->app->self_enrol || offered;
}

PARAMS(show_params) = {
    {"next", PARAM_QUERY, PARAM_TEXT, false, 0, 0, NULL, "ログイン後の行き先"},
    PARAMS_END,
};
/* A missing code is refused as a malformed one (422, the form again). */
PARAMS(submit_params) = {
    {"code", PARAM_BODY, PARAM_TEXT, false, 0, 32, NULL, "確認コード"},
    {"next", PARAM_BODY, PARAM_TEXT, false, 0, 0, NULL, "ログイン後の行き先"},
    PARAMS_END,
};

static void
second_factor_form(struct req *r, int status, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    bool enrolling = !r->user.second_factor_enrolled;
    tpl_set(v, "next", auth_safe_next(param_text(&r->params, "next")));
    tpl_set(v, "error", error ? error : "");
    bool no_key = enrolling && !may_enrol(r);
    tpl_set_bool(v, "no_key", no_key);
    if (no_key) {
        page_render(r, 403, "second_factor", "二要素認証の設定", v);
        return;
    }
    tpl_set_bool(v, "enrolling", enrolling);
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
    if (r->authed)
        http_redirect(r, auth_safe_next(param_text(&r->params, "next")));
    else
        second_factor_form(r, 200, NULL);
}

/* Checks the code; on success the pending session is replaced by a full
   one (a new token: nothing learnt before the code opens the account). */
static void
page_second_factor_submit(struct req *r)
{
    const char *next = auth_safe_next(param_text(&r->params, "next"));
    if (r->authed) {
        http_redirect(r, next);
        return;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    bool enrolling = !r->user.second_factor_enrolled;
    if (enrolling && !may_enrol(r)) {
        second_factor_form(r, 403, NULL);
        return;
    }
    int rc = enrolling ? session_enrol_secret(r->db, r->session_token, false, secret) : 0;
    if (rc == ERR_NOTFOUND) {
        second_factor_form(r, 409,
                           "設定用のコードの有効期限が切れました。表示し直した QR コードを"
                           "認証アプリで読み取ってから、確認コードを入力してください。");
        return;
    }
    struct audit_actor who = req_actor(r);
    int wait = 0;
    if (rc == 0)
        rc = login_check_code(r->db, &who, &r->user, enrolling ? secret : NULL,
                              param_text(&r->params, "code"), r->ip, &wait);
    sodium_memzero(secret, sizeof(secret));
    if (login_refusal_reply(r, LOGIN_CODE, rc, wait, r->user.login, "code", second_factor_form))
        return;
    if (!http_ok_or_send_err(r, rc))
        return;
    session_end(r->db, r->session_token);
    if (auth_session_start(r, &r->user, false))
        return;
    log_event("login", "id", r->id, "ip", r->ip, "user", r->user.login, "second_factor",
              enrolling ? "enrolled" : "code", NULL);
    http_redirect(r, next);
}

ROUTES(page_second_factor_routes) = {
    {"GET", "/login/second-factor", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_NONE,
     page_second_factor_show, show_params},
    {"POST", "/login/second-factor", ROLE_SECOND_FACTOR_PENDING | ROLE_ANY, BODY_FORM,
     page_second_factor_submit, submit_params},
    ROUTES_END,
};
