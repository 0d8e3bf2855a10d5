/*
 * route.c: route matching, authentication, permission and CSRF checks, body
 * parsing; then the handler (see route.h).
 */
#include "route.h"
#include "api_token.h"
#include "app.h"
#include "buf.h"
#include "db_pool.h"
#include "err.h"
#include "page.h"
#include "export_cache.h"
#include "page_cache.h"
#include "http.h"
#include "jsonin.h"
#include "log.h"
#include "org_find.h"
#include "multipart.h"
#include "param.h"
#include "session.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

extern ROUTES(account_ops_http_routes);
extern ROUTES(account_setup_http_routes);
extern ROUTES(accounts_http_routes);
extern ROUTES(accounts_import_http_routes);
extern ROUTES(auth_http_routes);
extern ROUTES(page_second_factor_routes);
extern ROUTES(page_home_routes);
extern ROUTES(org_http_routes);
extern ROUTES(survey_http_routes);
extern ROUTES(xlsform_http_routes);
extern ROUTES(chohyo_http_routes);
extern ROUTES(chohyo_import_http_routes);
extern ROUTES(print_http_routes);
extern ROUTES(survey_create_http_routes);
extern ROUTES(survey_editor_page_routes);
extern ROUTES(survey_editor_http_routes);
extern ROUTES(response_http_routes);
extern ROUTES(results_http_routes);
extern ROUTES(publication_http_routes);
extern ROUTES(workflow_http_routes);
extern ROUTES(page_audit_routes);
extern ROUTES(page_report_routes);
extern ROUTES(report_xlsx_routes);
extern ROUTES(curation_http_routes);
extern ROUTES(grouping_http_routes);
extern ROUTES(past_round_http_routes);
extern ROUTES(reminder_http_routes);
extern ROUTES(mail_http_routes);
extern ROUTES(page_selfcheck_routes);
extern ROUTES(openapi_http_routes);

/* Every route table; tests/lint checks that none is missing. */
// clang-format off
static const struct route *const route_tables[] = {
    auth_http_routes,
    page_second_factor_routes,
    page_home_routes,
    survey_http_routes,
    /* before response_http_routes: a :code.xlsx route must win over :code */
    xlsform_http_routes,
    chohyo_http_routes,
    chohyo_import_http_routes,
    print_http_routes,
    survey_create_http_routes,
    survey_editor_page_routes,
    survey_editor_http_routes,
    response_http_routes,
    results_http_routes,
    publication_http_routes,
    workflow_http_routes,
    page_audit_routes,
    page_report_routes,
    report_xlsx_routes,
    curation_http_routes,
    grouping_http_routes,
    past_round_http_routes,
    page_selfcheck_routes,
    org_http_routes,
    openapi_http_routes,
    account_setup_http_routes,
    /* before accounts_http_routes, whose /admin/accounts/:account would
       match /admin/accounts/import */
    accounts_import_http_routes,
    accounts_http_routes,
    account_ops_http_routes,
    reminder_http_routes,
    mail_http_routes,
};
// clang-format on

void
route_each(void (*fn)(const struct route *rt, void *ctx), void *ctx)
{
    for (size_t t = 0; t < sizeof(route_tables) / sizeof(route_tables[0]); t++)
        for (const struct route *rt = route_tables[t]; rt->method; rt++)
            fn(rt, ctx);
}

const char *
route_cookie_name(const struct req *r)
{
    return r->app->secure_cookies ? "__Host-shokai" : "shokai_session";
}

/* A 団体 named in a form (param_sources.org_named): found in the database. */
static const char *
org_named(void *ctx, struct arena *a, const char *text, const char **code)
{
    struct req *r = ctx;
    const char *message = NULL;
    int rc = org_find(r->db, a, text, code, &message);
    if (rc == 0)
        return NULL;
    return message ? message
                   : "団体を調べられませんでした。しばらくしてからもう一度お試しください。";
}

/* Matches path against pattern, collecting :params into r->path_params. A
   parameter may end in a literal suffix within its segment (":code.xlsx"):
   the segment must end with it, and the value is what comes before. */
static bool
route_match(struct req *r, const char *pattern, const char *path, bool collect)
{
    while (*pattern && *path) {
        if (*pattern == ':') {
            const char *pend = strchr(pattern, '/');
            const char *send = strchr(path, '/');
            size_t plen = pend ? (size_t)(pend - pattern) : strlen(pattern);
            size_t slen = send ? (size_t)(send - path) : strlen(path);
            size_t name_len = strcspn(pattern + 1, "./") + 1;
            size_t suffix_len = plen - name_len;
            if (slen <= suffix_len ||
                strncmp(path + slen - suffix_len, pattern + name_len, suffix_len) != 0)
                return false;
            if (collect)
                form_add(&r->arena, &r->path_params,
                         arena_strndup(&r->arena, pattern + 1, name_len - 1),
                         arena_strndup(&r->arena, path, slen - suffix_len));
            pattern += plen;
            path += slen;
            continue;
        }
        if (*pattern != *path)
            return false;
        pattern++;
        path++;
    }
    return *pattern == '\0' && *path == '\0';
}

struct route_lookup {
    struct req *r;
    const struct route *found;
    bool path_matched;
    struct buf allow;
};

static void
lookup_one(const struct route *rt, void *arg)
{
    struct route_lookup *l = arg;
    if (l->found || !route_match(l->r, rt->pattern, l->r->path, false))
        return;
    l->path_matched = true;
    if (strcmp(rt->method, l->r->method) == 0) {
        l->found = rt;
        return;
    }
    if (l->allow.len)
        buf_puts(&l->allow, ", ");
    buf_puts(&l->allow, rt->method);
}

/* Sets r->authed/user from a bearer token (API) or the session cookie. */
static int
route_authenticate(struct req *r)
{
    const char *authz = http_header(r, "Authorization");
    if (r->is_api && authz) {
        if (strncasecmp(authz, "Bearer ", 7) != 0)
            return ERR_UNAUTH;
        enum api_token_scope scope = API_TOKEN_FULL;
        int rc = api_token_lookup_scoped(r->db, authz + 7, &r->user, &scope);
        if (rc)
            return rc;
        r->authed = r->via_bearer = true;
        r->read_only = scope == API_TOKEN_READ;
        return 0;
    }
    const char *token = http_cookie(r, route_cookie_name(r));
    if (!token)
        return 0;
    bool pending = false;
    int rc = session_lookup(r->db, token, &r->user, r->csrf, &pending);
    if (rc == ERR_UNAUTH)
        return 0; /* a stale cookie makes an anonymous request */
    if (rc)
        return rc;
    r->authed = !pending;
    r->second_factor_pending = pending;
    r->session_token = token;
    return 0;
}

/* Refuses cross-site unsafe requests: Origin must be this host, and
   Sec-Fetch-Site must not say cross-site. */
static bool
route_same_origin(struct req *r)
{
    return route_origin_allowed(http_header(r, "Sec-Fetch-Site"), http_header(r, "Origin"),
                                http_header(r, "Host"));
}

bool
route_origin_allowed(const char *site, const char *origin, const char *host)
{
    if (site && strcmp(site, "cross-site") == 0)
        return false;
    if (!origin)
        return true;
    if (!host)
        return false;
    const char *rest = strncmp(origin, "http://", 7) == 0    ? origin + 7
                       : strncmp(origin, "https://", 8) == 0 ? origin + 8
                                                             : NULL;
    return rest && strcmp(rest, host) == 0;
}

static int
route_read_body(struct req *r, enum body_kind kind)
{
    const char *ctype = http_header(r, "Content-Type");
    const char *length = http_header(r, "Content-Length");
    if (kind == BODY_JSON_OPTIONAL && !ctype && !http_header(r, "Transfer-Encoding") &&
        (!length || strcmp(length, "0") == 0))
        return 0;
    if (kind == BODY_FILE) {
        int rc = http_read_body(r);
        if (rc)
            http_send_error(r, rc == ERR_TOOBIG ? 413 : 400, NULL,
                            rc == ERR_TOOBIG ? "送信内容が大きすぎます。"
                                             : "送信内容を最後まで受け取れませんでした。");
        return rc;
    }
    static const struct {
        const char *type, *message;
    } wants[] = {
        [BODY_FORM] = {"application/x-www-form-urlencoded",
                       "フォーム形式（application/x-www-form-urlencoded）で送信してください。"},
        [BODY_JSON] = {"application/json", "JSON（application/json）で送信してください。"},
        [BODY_JSON_OPTIONAL] = {"application/json", "JSON（application/json）で送信してください。"},
        [BODY_XLSX] = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "Excel ファイル（.xlsx、Content-Type: application/vnd.openxmlformats-"
                       "officedocument.spreadsheetml.sheet）を送信してください。"},
        [BODY_MULTIPART] = {"multipart/form-data", "ファイルの送信フォーム（multipart/form-data）"
                                                   "で送信してください。"},
        [BODY_CSV] = {"text/csv", "CSV ファイル（text/csv）を送信してください。"},
    };
    const char *want = wants[kind].type;
    size_t wlen = strlen(want);
    if (!ctype || strncasecmp(ctype, want, wlen) != 0 || (ctype[wlen] && ctype[wlen] != ';')) {
        http_send_error(r, 415, NULL, wants[kind].message);
        return ERR_INPUT;
    }
    int rc = http_read_body(r);
    if (rc == ERR_TOOBIG) {
        http_send_error(r, 413, NULL, "送信内容が大きすぎます。");
        return rc;
    }
    if (rc) {
        http_send_error(r, 400, NULL, "送信内容を最後まで受け取れませんでした。");
        return rc;
    }
    if (kind == BODY_CSV) {
        r->upload = r->body;
        r->upload_len = r->body_len;
        return 0;
    }
    if (kind == BODY_FORM || kind == BODY_MULTIPART) {
        const char *why = "送信内容を読めません。";
        rc = kind == BODY_FORM ? form_parse(&r->arena, r->body, r->body_len, &r->form, &why)
                               : multipart_parse(&r->arena, ctype, r->body, r->body_len, &r->form,
                                                 &r->uploads, &why);
        if (rc)
            http_send_error(r, rc == ERR_TOOBIG ? 413 : 400, NULL, why);
        /* A form with one file (the accounts' CSV) reads it as r->upload. */
        const struct upload_file *file = rc ? NULL : uploads_find(&r->uploads, "file");
        if (file) {
            r->upload = file->data;
            r->upload_len = file->len;
        }
        return rc;
    }
    if (kind == BODY_XLSX)
        return 0;
    char msg[256];
    r->json = jsonin_parse(r->body, r->body_len, msg, sizeof(msg));
    /* The request's arena owns the body from here on, whatever happens next. */
    if (r->json && arena_defer(&r->arena, json_decref_cb, r->json)) {
        json_decref(r->json);
        r->json = NULL;
        http_send_err(r, ERR_NOMEM);
        return ERR_NOMEM;
    }
    if (!r->json) {
        http_send_error(r, 400, NULL, msg);
        return ERR_INPUT;
    }
    return 0;
}

/* Answers a request whose identity the route does not allow: anonymous pages
   go to the login, pending sessions to the second factor, the rest 401/403. */
static void
route_refuse(struct req *r, unsigned identity)
{
    bool page_view = !r->is_api && strcmp(r->method, "GET") == 0;
    if (identity == 0) {
        if (page_view) {
            http_redirect_next(r, "/login", r->path);
            return;
        }
        if (!r->is_api) { /* a page's form sent after the session ended */
            page_error(r, 401,
                       "ログインの有効期限が切れたため、送信した内容は保存されていません。"
                       "ブラウザの「戻る」で前の画面に戻ると、入力内容が残っています。"
                       "必要なら控えてから、ログインし直して、もう一度送信してください。");
            return;
        }
        if (r->is_api)
            http_add_header(r, "WWW-Authenticate", "Bearer");
        http_send_err(r, ERR_UNAUTH);
        return;
    }
    if (identity == ROLE_SECOND_FACTOR_PENDING) {
        if (page_view)
            http_redirect_next(r, "/login/second-factor", r->path);
        else
            http_send_error(r, 401, "code",
                            "確認コード（二要素認証）の入力が済んでいません。"
                            "ログイン画面から入力してください。");
        return;
    }
    log_event("denied", "id", r->id, "user", r->user.login, "path", r->path, NULL);
    http_send_err(r, ERR_FORBIDDEN);
}

static bool
method_is_unsafe(const char *m)
{
    return strcmp(m, "GET") != 0;
}

void
route_dispatch(struct req *r)
{
    struct route_lookup l = {r, NULL, false, {0}};
    buf_init(&l.allow, 256);
    route_each(lookup_one, &l);
    const struct route *rt = l.found;
    if (!rt) {
        if (l.path_matched) {
            http_add_header(r, "Allow", buf_str(&l.allow));
            http_send_error(r, 405, NULL, "この URL ではその操作（メソッド）は使えません。");
        } else {
            http_send_err(r, ERR_NOTFOUND);
        }
        buf_cleanup(&l.allow);
        return;
    }
    buf_cleanup(&l.allow);
    route_match(r, rt->pattern, r->path, true);

    int rc = route_authenticate(r);
    if (rc == ERR_EXPIRED) {
        log_event("token_expired", "id", r->id, "ip", r->ip, NULL);
        http_add_header(r, "WWW-Authenticate",
                        "Bearer error=\"invalid_token\", error_description=\"expired\"");
        http_send_error(r, 401, "token",
                        "この API トークンは有効期限が切れています。"
                        "POST /api/v1/tokens で新しいトークンを発行してください。");
        return;
    }
    if (rc) {
        if (rc == ERR_UNAUTH)
            http_add_header(r, "WWW-Authenticate", "Bearer");
        http_send_err(r, rc);
        return;
    }
    unsigned identity = r->authed                  ? (unsigned)r->user.role
                        : r->second_factor_pending ? ROLE_SECOND_FACTOR_PENDING
                                                   : 0u;
    if (rt->roles != ROLE_PUBLIC && !(rt->roles & identity)) {
        route_refuse(r, identity);
        return;
    }
    /* A read-only token reads the analysis views only: the routes whose doc
       says so (GETs, and revoking itself), for every handler alike. */
    if (r->read_only && !(rt->doc && rt->doc->read_scope)) {
        log_event("read_only_refused", "id", r->id, "user", r->user.login, "path", r->path, NULL);
        http_send_error(r, 403, "token",
                        "この API トークンは読み取り専用です。集計結果・意見・質問・回答状況などの"
                        "取得にだけ使えます。保存や提出などには、通常のトークンを使ってください。");
        return;
    }
    bool unsafe = method_is_unsafe(r->method);
    if (unsafe && !route_same_origin(r)) {
        log_event("cross_origin_refused", "id", r->id, "path", r->path, NULL);
        http_send_error(r, 403, NULL, "他のサイトからの送信は受け付けられません。");
        return;
    }
    if (rt->body != BODY_NONE) {
        /* A body may take up to --body-timeout to arrive: hold no database
           connection meanwhile, or slow senders would starve the pool. */
        db_pool_release(r->db);
        r->db = NULL;
        if (route_read_body(r, rt->body))
            return;
        if (!(r->db = db_pool_acquire())) {
            http_send_err(r, ERR_BUSY);
            return;
        }
    }
    /* Public routes (login) act on no session, so only Origin protects them. */
    if (unsafe && rt->roles != ROLE_PUBLIC && identity && !r->via_bearer) {
        const char *sent = rt->body == BODY_FORM || rt->body == BODY_MULTIPART
                               ? form_get(&r->form, "csrf")
                               : http_header(r, "X-CSRF-Token");
        if (!sent || !auth_token_equal(sent, r->csrf)) {
            log_event("csrf_refused", "id", r->id, "user", r->user.login, "path", r->path, NULL);
            http_send_error(r, 403, "csrf",
                            "送信を確認できませんでした（画面が古い可能性があります）。"
                            "ページを読み込み直してから、もう一度操作してください。");
            return;
        }
    }
    /* The API's reads answer with an ETag: from the data generation where
       the handler knows it (export_cache.c), else from the body. */
    r->etag_from_body = !unsafe && rt->doc && rt->doc->read_scope;
    const char *field, *message;
    struct param_sources src = {&r->path_params, &r->query, &r->form, r->json, org_named, r};
    rc = params_check(&r->arena, rt->params, &src, &r->params, &field, &message);
    if (rc) {
        if (rc == ERR_INPUT)
            http_send_error(r, 400, field, message);
        else
            http_send_err(r, rc);
        return;
    }
    rt->handler(r);
}

/* After every request: a cache entry this request was to fill and did not
   is let go (export_cache.h, page_cache.h). */
static void
request_ended(struct req *r)
{
    export_cache_finish(r);
    page_cache_finish(r);
}

const struct http_hooks route_http_hooks = {route_dispatch, page_error, export_cache_capture,
                                            request_ended};
