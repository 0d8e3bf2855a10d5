/*
 * accounts_http.c: the administrator's accounts, for the browser and the API
 * alike: the list (/admin/accounts and GET /api/v1/admin/accounts, one lookup
 * with declared filters and paging, written as a page or as JSON), its CSV,
 * one account (page and JSON), and creating an account, which gets no
 * password but a one-time setup link shown once (account_web.h). The
 * operations on an account are account_ops_http.c; bulk issuance is
 * accounts_import_http.c.
 */
#include "account_web.h"
#include "clock.h"
#include "download.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "route.h"
#include "table.h"
#include "tpl.h"

#include <string.h>

#define FILTER_PARAMS                                                                              \
    {"q", PARAM_QUERY, PARAM_TEXT, false, 0, 100, NULL, "検索語"},                                 \
        {"prefecture", PARAM_QUERY, PARAM_TEXT, false, 0, 10, NULL, "都道府県"},                   \
        {"role", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, role_names, "役割"},                      \
    {                                                                                              \
        "state", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, account_state_names, "状態"             \
    }

PARAMS(list_params) = {
    FILTER_PARAMS,
    {"page", PARAM_QUERY, PARAM_INT, false, 1, 100000, NULL, "ページ"},
    PARAMS_END,
};
PARAMS(csv_params) = {
    FILTER_PARAMS,
    DOWNLOAD_ENCODING_PARAM,
    PARAMS_END,
};

static struct account_filter
filter_of(struct req *r)
{
    const char *role = param_text(&r->params, "role");
    struct account_filter f = {
        param_text_nonblank(&r->params, "q"), param_text_nonblank(&r->params, "prefecture"),
        role ? role_parse(role) : 0, account_state_parse(param_text(&r->params, "state"))};
    return f;
}

/* The page of accounts the request asks for; false after answering. */
static bool
list_or_reply(struct req *r, struct account_list *l, long long *page)
{
    *page = param_int(&r->params, "page", 1);
    struct account_filter f = filter_of(r);
    return http_ok_or_send_err(r, account_search(r->db, &f, (*page - 1) * ACCOUNT_PAGE_SIZE,
                                                 ACCOUNT_PAGE_SIZE, &r->arena, l));
}

static json_t *
account_json(struct req *r, const struct account *a)
{
    const struct user *u = &a->user;
    json_t *link = a->link_live
                       ? json_pack("{s:s, s:s}", "kind", account_link_kind_name(a->link_kind),
                                   "expires_at", clock_iso_in(&r->arena, a->link_expires_at))
                       : json_null();
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "id",
                     (json_int_t)u->id, "login", u->login, "role", role_name(u->role),
                     "organization", u->org_code, "organization_name", u->org_name, "prefecture",
                     u->prefecture, "full_name", a->profile.full_name, "department",
                     a->profile.department, "phone", a->profile.phone, "email", a->profile.email,
                     "state", account_state_names[a->state - 1], "approver", u->approver,
                     "second_factor", u->second_factor_enrolled, "link", link);
}

static void
list_api(struct req *r)
{
    struct account_list l;
    long long page;
    if (!list_or_reply(r, &l, &page))
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, account_json(r, &l.items[i]));
    http_send_json(r, 200,
                   json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)l.total, "page",
                             (json_int_t)page, "per_page", (json_int_t)ACCOUNT_PAGE_SIZE,
                             "accounts", items));
}

/* The query of this list with another page number, for the pager's links. */
static const char *
page_query(struct req *r, long long page)
{
    static const char *const names[] = {"q", "prefecture", "role", "state"};
    struct buf *b = buf_new_in(&r->arena, 0);
    if (!b)
        return "";
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = param_text_nonblank(&r->params, names[i]);
        if (!v)
            continue;
        buf_printf(b, "%s=", names[i]);
        for (const unsigned char *c = (const unsigned char *)v; *c; c++)
            if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                *c == '-' || *c == '.' || *c == '_')
                buf_putc(b, (char)*c);
            else
                buf_printf(b, "%%%02X", *c);
        buf_putc(b, '&');
    }
    buf_printf(b, "page=%lld", page);
    return buf_err(b) ? "" : buf_str(b);
}

static void
set_choices(struct tpl_vars *v, const char *list, const char *const *values,
            const char *(*label)(size_t i), const char *selected)
{
    tpl_set_list(v, list);
    for (size_t i = 0; values[i]; i++) {
        struct tpl_vars *item = tpl_add_item(v, list);
        tpl_set(item, "value", values[i]);
        tpl_set(item, "label", label(i));
        tpl_set_bool(item, "selected", selected && strcmp(selected, values[i]) == 0);
    }
}

static const char *
role_choice_label(size_t i)
{
    return role_label(role_parse(role_names[i]));
}

static const char *
state_choice_label(size_t i)
{
    return account_state_label(account_state_parse(account_state_names[i]));
}

static void
list_page(struct req *r)
{
    struct account_list l;
    long long page;
    if (!list_or_reply(r, &l, &page))
        return;
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "accounts");
    for (size_t i = 0; i < l.n; i++) {
        const struct account *a = &l.items[i];
        struct tpl_vars *item = tpl_add_item(v, "accounts");
        tpl_set_int(item, "id", a->user.id);
        tpl_set(item, "login", a->user.login);
        tpl_set(item, "role", role_label(a->user.role));
        tpl_set(item, "org_code", a->user.org_code);
        tpl_set(item, "org_name", a->user.org_name);
        tpl_set(item, "prefecture", a->user.prefecture);
        tpl_set(item, "full_name", a->profile.full_name);
        tpl_set(item, "state", account_state_label(a->state));
        tpl_set_bool(item, "disabled", a->state == ACCOUNT_DISABLED);
        tpl_set_bool(item, "approver", a->user.approver);
        tpl_set(item, "link", account_link_status(r, a));
    }
    long long pages = (l.total + ACCOUNT_PAGE_SIZE - 1) / ACCOUNT_PAGE_SIZE;
    tpl_set_int(v, "total", l.total);
    tpl_set_int(v, "page", page);
    tpl_set_int(v, "pages", pages ? pages : 1);
    tpl_set_int(v, "from", l.n ? (page - 1) * ACCOUNT_PAGE_SIZE + 1 : 0);
    tpl_set_int(v, "to", (page - 1) * ACCOUNT_PAGE_SIZE + (long long)l.n);
    tpl_set_bool(v, "has_prev", page > 1);
    tpl_set_bool(v, "has_next", page < pages);
    tpl_set(v, "prev_query", page_query(r, page - 1));
    tpl_set(v, "next_query", page_query(r, page + 1));
    tpl_set(v, "csv_query", page_query(r, 1));
    tpl_set(v, "q", param_text_or_empty(&r->params, "q"));
    tpl_set(v, "prefecture_filter", param_text_or_empty(&r->params, "prefecture"));
    set_choices(v, "roles", role_names, role_choice_label, param_text(&r->params, "role"));
    set_choices(v, "states", account_state_names, state_choice_label,
                param_text(&r->params, "state"));
    page_render(r, 200, "accounts", "アカウント管理", v);
}

static void
list_csv(struct req *r)
{
    struct account_filter f = filter_of(r);
    struct table t;
    int rc = account_table(r->db, &f, &r->arena, &t);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    download_csv(r, &t, param_text(&r->params, "encoding"), "accounts.csv");
}

/* --- one account */

PARAMS(account_params) = {
    ACCOUNT_PATH_PARAM,
    PARAMS_END,
};
PARAMS(account_page_params) = {
    ACCOUNT_PATH_PARAM,
    {"done", PARAM_QUERY, PARAM_TEXT, false, 0, 16, NULL, "完了した操作"},
    PARAMS_END,
};

static void
account_api(struct req *r)
{
    struct account a;
    if (account_or_reply(r, &a))
        http_send_json(r, 200, account_json(r, &a));
}

/* What the account page says after an operation (?done=). */
static const char *
done_message(const char *done)
{
    static const struct {
        const char *code, *text;
    } messages[] = {
        {"created", "アカウントを作成しました。"},
        {"disabled",
         "アカウントを停止しました。ログイン中の画面と API トークンも無効になりました。"},
        {"enabled", "アカウントの停止を解除しました。"},
        {"role", "役割と団体を変更しました。ログイン中の画面と API トークンは無効になりました。"},
        {"approver", "承認者の設定を変更しました。"},
        {"factor", "認証アプリの登録を解除しました。再設定リンクを発行して本人に渡すと、"
                   "パスワードの設定に続けて新しい認証アプリを登録できます。"},
        {"profile", "担当者の情報を保存しました。"},
    };
    for (size_t i = 0; done && i < sizeof(messages) / sizeof(messages[0]); i++)
        if (strcmp(done, messages[i].code) == 0)
            return messages[i].text;
    return "";
}

static void
account_page(struct req *r)
{
    struct account a;
    if (!account_or_reply(r, &a))
        return;
    const struct user *u = &a.user;
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "done", done_message(param_text(&r->params, "done")));
    tpl_set_int(v, "id", u->id);
    tpl_set(v, "login", u->login);
    tpl_set(v, "role", role_label(u->role));
    tpl_set(v, "org_code", u->org_code);
    tpl_set(v, "org_name", u->org_name);
    tpl_set(v, "prefecture", u->prefecture);
    tpl_set(v, "full_name", a.profile.full_name);
    tpl_set(v, "department", a.profile.department);
    tpl_set(v, "phone", a.profile.phone);
    tpl_set(v, "email", a.profile.email);
    tpl_set(v, "state", account_state_label(a.state));
    tpl_set(v, "created", clock_jst_in(&r->arena, a.created_at));
    tpl_set(v, "link", account_link_status(r, &a));
    tpl_set_bool(v, "disabled", a.state == ACCOUNT_DISABLED);
    tpl_set_bool(v, "password_set", u->password_set);
    tpl_set_bool(v, "self", u->id == r->user.id);
    tpl_set_bool(v, "can_approve", u->role == ROLE_ORG || u->role == ROLE_PREF);
    tpl_set_bool(v, "approver", u->approver);
    tpl_set_bool(v, "has_factor_role", u->role == ROLE_MINISTRY || u->role == ROLE_ADMIN);
    tpl_set_bool(v, "factor", u->second_factor_enrolled);
    set_choices(v, "roles", role_names, role_choice_label, role_name(u->role));
    page_render(r, 200, "account", arena_printf(&r->arena, "アカウント %s", u->login), v);
}

/* --- a new account */

PARAMS(new_params) = {
    {"login", PARAM_BODY, PARAM_TEXT, true, 1, 64, NULL, "ログイン名"},
    {"role", PARAM_BODY, PARAM_CHOICE, true, 0, 0, role_names, "役割"},
    {"organization", PARAM_BODY, PARAM_ORG, false, 0, 0, NULL, "団体コード"},
    {"full_name", PARAM_BODY, PARAM_TEXT, false, 0, USER_FULL_NAME_MAX, NULL, "氏名"},
    {"department", PARAM_BODY, PARAM_TEXT, false, 0, USER_DEPARTMENT_MAX, NULL, "所属"},
    {"phone", PARAM_BODY, PARAM_TEXT, false, 0, USER_PHONE_MAX, NULL, "電話番号"},
    {"email", PARAM_BODY, PARAM_TEXT, false, 0, USER_EMAIL_MAX, NULL, "メール"},
    {"approver", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "承認者"},
    PARAMS_END,
};

static void
new_form(struct req *r, int status, const char *error)
{
    struct tpl_vars *v = page_vars(r);
    static const char *const fields[] = {"login",      "organization", "full_name",
                                         "department", "phone",        "email"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        tpl_set(v, fields[i], param_text_or_empty(&r->params, fields[i]));
    tpl_set_bool(v, "approver", param_int(&r->params, "approver", 0) == 1);
    tpl_set(v, "error", error ? error : "");
    set_choices(v, "roles", role_names, role_choice_label, param_text(&r->params, "role"));
    page_render(r, status, "account_new", "アカウントの作成", v);
}

static void
new_page(struct req *r)
{
    new_form(r, 200, NULL);
}

/* Creates the account; the page and the API get its setup link once. A
   refusal is the form again (page) or the error (API), with one status. */
static void
create(struct req *r)
{
    struct user_new n = {
        param_text(&r->params, "login"),
        role_parse(param_text(&r->params, "role")),
        param_text_nonblank(&r->params, "organization"),
        {param_text(&r->params, "full_name"), param_text(&r->params, "department"),
         param_text(&r->params, "phone"), param_text(&r->params, "email")},
    };
    struct audit_actor who = req_actor(r);
    char token[AUTH_TOKEN_CHARS], msg[256] = "";
    int64_t id = 0, expires_at = 0;
    int rc = account_create(r->db, &who, &n, param_int(&r->params, "approver", 0) == 1, clock_now(),
                            &id, token, &expires_at, msg, sizeof(msg));
    if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && !r->is_api) {
        new_form(r, http_status_of_err(rc), msg);
    } else if (rc) {
        const struct outcome_words words = {msg, "login", msg};
        outcome_fail(r, rc, &words);
    } else {
        struct user u;
        rc = user_get(r->db, id, &u);
        if (http_ok_or_send_err(r, rc))
            account_link_send(r, &u, ACCOUNT_LINK_SETUP, token, expires_at);
    }
    sodium_memzero(token, sizeof(token));
}

API_DOC(account_list_doc) = {"アカウントの一覧（検索・ページ送り）", API_JSON, "AccountList", false,
                             NULL};
API_DOC(account_list_csv_doc) = {"アカウントの一覧（CSV）", API_CSV, NULL, false, NULL};
API_DOC(account_create_doc) = {"アカウントを作成し、初回設定リンクを発行する", API_JSON,
                               "AccountLink", false, NULL};
API_DOC(account_doc) = {"アカウント 1 件", API_JSON, "Account", false, NULL};

// clang-format off
ROUTES(accounts_http_routes) = {
    {"GET", "/admin/accounts", ROLE_ADMIN, BODY_NONE, list_page, list_params},
    {"GET", "/api/v1/admin/accounts", ROLE_ADMIN, BODY_NONE, list_api, list_params, &account_list_doc},
    {"GET", "/api/v1/admin/accounts.csv", ROLE_ADMIN, BODY_NONE, list_csv, csv_params, &account_list_csv_doc},
    {"GET", "/admin/accounts/new", ROLE_ADMIN, BODY_NONE, new_page, NULL},
    {"POST", "/admin/accounts", ROLE_ADMIN, BODY_FORM, create, new_params},
    {"POST", "/api/v1/admin/accounts", ROLE_ADMIN, BODY_JSON, create, new_params, &account_create_doc},
    {"GET", "/admin/accounts/:account", ROLE_ADMIN, BODY_NONE, account_page, account_page_params},
    {"GET", "/api/v1/admin/accounts/:account", ROLE_ADMIN, BODY_NONE, account_api, account_params, &account_doc},
    ROUTES_END,
};
// clang-format on
