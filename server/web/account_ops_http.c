/*
 * account_ops_http.c: what the administrator does to one account, for the
 * browser and the API alike: disable and enable it, change its role or 団体,
 * make it an approver (課長決裁, DESIGN.md) or not, remove a lost
 * authenticator, edit the person behind it, and issue a reset link. Each
 * operation is one handler behind a page's form and the API's JSON with the
 * same declared parameters; the page goes back to the account, the API
 * answers the account as JSON. Every change is audited by the domain.
 */
#include "account_web.h"
#include "clock.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "outcome.h"
#include "route.h"
#include "second_factor.h"

#include <string.h>

PARAMS(account_params) = {
    ACCOUNT_PATH_PARAM,
    PARAMS_END,
};
PARAMS(role_params) = {
    ACCOUNT_PATH_PARAM,
    {"role", PARAM_BODY, PARAM_CHOICE, true, 0, 0, role_names, "役割"},
    {"organization", PARAM_BODY, PARAM_ORG, false, 0, 0, NULL, "団体コード"},
    PARAMS_END,
};
PARAMS(approver_params) = {
    ACCOUNT_PATH_PARAM,
    {"approver", PARAM_BODY, PARAM_BOOL, true, 0, 0, NULL, "承認者"},
    PARAMS_END,
};
PARAMS(profile_params) = {
    ACCOUNT_PATH_PARAM,
    {"full_name", PARAM_BODY, PARAM_TEXT, true, 0, USER_FULL_NAME_MAX, NULL, "氏名"},
    {"department", PARAM_BODY, PARAM_TEXT, true, 0, USER_DEPARTMENT_MAX, NULL, "所属"},
    {"phone", PARAM_BODY, PARAM_TEXT, true, 0, USER_PHONE_MAX, NULL, "電話番号"},
    {"email", PARAM_BODY, PARAM_TEXT, true, 0, USER_EMAIL_MAX, NULL, "メール"},
    PARAMS_END,
};

/* After an operation: the account as JSON (read again), or its page with
   what was done. */
static void
ops_send(struct req *r, int rc, const struct outcome_words *w, int64_t id, const char *done)
{
    struct account a;
    if (rc == 0)
        rc = account_get(r->db, id, &r->arena, &a);
    if (rc) {
        outcome_fail(r, rc, w);
        return;
    }
    json_t *body =
        json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)id, "login", a.user.login,
                  "role", role_name(a.user.role), "state", account_state_names[a.state - 1],
                  "approver", a.user.approver, "second_factor", a.user.second_factor_enrolled);
    outcome_done(r, body, account_location(r, id, done));
}

/* The account, unless it is the administrator's own (which an
   administrator cannot disable or demote: there would be no way back). */
static bool
other_account_or_reply(struct req *r, struct account *a, const char *why)
{
    if (!account_or_reply(r, a))
        return false;
    if (a->user.id != r->user.id)
        return true;
    const struct outcome_words w = {why, NULL, NULL};
    outcome_fail(r, ERR_CONFLICT, &w);
    return false;
}

static void
disable(struct req *r)
{
    struct account a;
    if (!other_account_or_reply(r, &a, "自分のアカウントは停止できません。"))
        return;
    struct audit_actor who = req_actor(r);
    ops_send(r, user_disable(r->db, &who, a.user.login), NULL, a.user.id, "disabled");
}

static void
enable(struct req *r)
{
    struct account a;
    if (!account_or_reply(r, &a))
        return;
    struct audit_actor who = req_actor(r);
    ops_send(r, user_enable(r->db, &who, a.user.login), NULL, a.user.id, "enabled");
}

static void
change_role(struct req *r)
{
    struct account a;
    if (!other_account_or_reply(r, &a, "自分のアカウントの役割は変更できません。"))
        return;
    struct audit_actor who = req_actor(r);
    char msg[256] = "";
    int rc = user_set_role(r->db, &who, a.user.login, role_parse(param_text(&r->params, "role")),
                           param_text_nonblank(&r->params, "organization"), msg, sizeof(msg));
    const struct outcome_words w = {NULL, "organization", msg};
    ops_send(r, rc, &w, a.user.id, "role");
}

static void
set_approver(struct req *r)
{
    struct account a;
    if (!account_or_reply(r, &a))
        return;
    struct audit_actor who = req_actor(r);
    int rc = user_set_approver(r->db, &who, a.user.login, param_int(&r->params, "approver", 0));
    static const struct outcome_words w = {
        "承認者にできるのは団体職員と都道府県の担当者のアカウントだけです。", NULL, NULL};
    ops_send(r, rc == ERR_NOTFOUND ? ERR_CONFLICT : rc, &w, a.user.id, "approver");
}

static void
remove_factor(struct req *r)
{
    struct account a;
    if (!account_or_reply(r, &a))
        return;
    struct audit_actor who = req_actor(r);
    int rc = second_factor_clear(r->db, &who, a.user.login);
    static const struct outcome_words w = {
        "認証アプリを使うのは総務省と管理者のアカウントだけです。", NULL, NULL};
    ops_send(r, rc == ERR_INPUT ? ERR_CONFLICT : rc, &w, a.user.id, "factor");
}

static void
set_profile(struct req *r)
{
    struct account a;
    if (!account_or_reply(r, &a))
        return;
    struct user_profile p = {param_text(&r->params, "full_name"),
                             param_text(&r->params, "department"), param_text(&r->params, "phone"),
                             param_text(&r->params, "email")};
    struct audit_actor who = req_actor(r);
    char msg[256] = "";
    int rc = user_set_profile(r->db, &who, a.user.login, &p, msg, sizeof(msg));
    const struct outcome_words w = {NULL, NULL, msg};
    ops_send(r, rc, &w, a.user.id, "profile");
}

/* A reset link for the account (a setup link while it has no password yet),
   shown once (account_web.h). */
static void
reset_link(struct req *r)
{
    struct account a;
    if (!account_or_reply(r, &a))
        return;
    struct audit_actor who = req_actor(r);
    char token[AUTH_TOKEN_CHARS];
    int64_t expires_at = 0;
    enum account_link_kind kind;
    int rc = account_issue_link(r->db, &who, a.user.id, clock_now(), &kind, token, &expires_at);
    static const struct outcome_words w = {
        "停止中のアカウントにはリンクを発行できません。先に停止を解除してください。", NULL, NULL};
    if (rc)
        outcome_fail(r, rc, &w);
    else
        account_link_send(r, &a.user, kind, token, expires_at);
    sodium_memzero(token, sizeof(token));
}

API_DOC(account_changed_doc) = {"アカウントを変更する", API_JSON, "AccountChanged", false, NULL};
API_DOC(account_link_doc) = {"パスワード再設定リンクを発行する", API_JSON, "AccountLink", false,
                             NULL};

// clang-format off
ROUTES(account_ops_http_routes) = {
    {"POST", "/admin/accounts/:account/disable", ROLE_ADMIN, BODY_FORM, disable, account_params},
    {"POST", "/api/v1/admin/accounts/:account/disable", ROLE_ADMIN, BODY_JSON_OPTIONAL, disable,
     account_params, &account_changed_doc},
    {"POST", "/admin/accounts/:account/enable", ROLE_ADMIN, BODY_FORM, enable, account_params},
    {"POST", "/api/v1/admin/accounts/:account/enable", ROLE_ADMIN, BODY_JSON_OPTIONAL, enable,
     account_params, &account_changed_doc},
    {"POST", "/admin/accounts/:account/role", ROLE_ADMIN, BODY_FORM, change_role, role_params},
    {"POST", "/api/v1/admin/accounts/:account/role", ROLE_ADMIN, BODY_JSON, change_role, role_params, &account_changed_doc},
    {"POST", "/admin/accounts/:account/approver", ROLE_ADMIN, BODY_FORM, set_approver,
     approver_params},
    {"POST", "/api/v1/admin/accounts/:account/approver", ROLE_ADMIN, BODY_JSON, set_approver,
     approver_params, &account_changed_doc},
    {"POST", "/admin/accounts/:account/second-factor/remove", ROLE_ADMIN, BODY_FORM, remove_factor,
     account_params},
    {"POST", "/api/v1/admin/accounts/:account/second-factor/remove", ROLE_ADMIN, BODY_JSON_OPTIONAL,
     remove_factor, account_params, &account_changed_doc},
    {"POST", "/admin/accounts/:account/profile", ROLE_ADMIN, BODY_FORM, set_profile, profile_params},
    {"PUT", "/api/v1/admin/accounts/:account/profile", ROLE_ADMIN, BODY_JSON, set_profile,
     profile_params, &account_changed_doc},
    {"POST", "/admin/accounts/:account/reset-link", ROLE_ADMIN, BODY_FORM, reset_link,
     account_params},
    {"POST", "/api/v1/admin/accounts/:account/reset-link", ROLE_ADMIN, BODY_JSON_OPTIONAL,
     reset_link, account_params, &account_link_doc},
    ROUTES_END,
};
// clang-format on
