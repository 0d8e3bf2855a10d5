/*
 * accounts_import_http.c: bulk issuance of accounts, for the browser and the
 * API alike: one handler takes the CSV (account_import.h), from the page's
 * file upload (multipart/form-data) or the API's text/csv body. A refusal
 * names every bad row on both (400). On success the API answers every
 * account with its setup link; the page shows what was created and offers,
 * for IMPORT_STORE_SECONDS, the links CSV and the printable 通知書 per 団体
 * (import_store.h says why they are kept in memory and for whom).
 */
#include "account_web.h"
#include "clock.h"
#include "download.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "import_store.h"
#include "page.h"
#include "route.h"
#include "table.h"
#include "tpl.h"

#include <stdlib.h>
#include <string.h>

/* The next line of the problems (one bad row each) and its length, moving
 *p past it; NULL at the end. */
static const char *
next_line(const char **p, size_t *len)
{
    if (!**p)
        return NULL;
    const char *line = *p, *eol = strchr(line, '\n');
    *len = eol ? (size_t)(eol - line) : strlen(line);
    *p = line + *len + (eol != NULL);
    return line;
}

static void
import_form(struct req *r, int status, const struct account_import_result *res)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "header", ACCOUNT_IMPORT_HEADER);
    tpl_set_int(v, "days", ACCOUNT_LINK_DAYS);
    tpl_set_list(v, "problems");
    tpl_set_int(v, "n_problems", res ? (long long)res->n_problems : 0);
    const char *p = res && res->problems ? res->problems : "", *line;
    size_t len;
    while ((line = next_line(&p, &len)))
        tpl_set(tpl_add_item(v, "problems"), "text", arena_strndup(&r->arena, line, len));
    page_render(r, status, "accounts_import", "アカウントの一括発行", v);
}

static void
import_show(struct req *r)
{
    import_form(r, 200, NULL);
}

static void
refused_api(struct req *r, int status, const struct account_import_result *res)
{
    json_t *errors = json_array();
    const char *p = res->problems ? res->problems : "", *line;
    size_t len;
    while ((line = next_line(&p, &len)))
        json_array_append_new(errors,
                              json_pack("{s:s, s:s%}", "field", "file", "message", line, len));
    http_send_json(r, status, json_pack("{s:o}", "errors", errors));
}

static void
done_api(struct req *r, const struct account_import_result *res, const char *base)
{
    json_t *list = json_array();
    for (size_t i = 0; i < res->n; i++) {
        const struct account_issued *x = &res->items[i];
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:s, s:s, s:s}", "login", x->login, "role",
                                        role_name(x->role), "organization", x->org_code, "url",
                                        account_issued_url(&r->arena, base, x->token), "expires_at",
                                        clock_iso_in(&r->arena, x->expires_at)));
    }
    http_send_json(r, 200,
                   json_pack("{s:I, s:o}", "created", (json_int_t)res->n, "accounts", list));
}

static void
done_page(struct req *r, const struct account_import_result *res, const char *base)
{
    char batch[AUTH_TOKEN_CHARS] = "";
    int rc = r->session_token
                 ? import_store_put(r->session_token, res->items, res->n, base, clock_now(), batch)
                 : ERR_NOTFOUND;
    struct tpl_vars *v = page_vars(r);
    tpl_set_int(v, "created", (long long)res->n);
    tpl_set(v, "batch", rc == 0 ? batch : "");
    tpl_set_int(v, "minutes", IMPORT_STORE_SECONDS / 60);
    tpl_set_int(v, "days", ACCOUNT_LINK_DAYS);
    tpl_set_list(v, "accounts");
    for (size_t i = 0; i < res->n; i++) {
        const struct account_issued *x = &res->items[i];
        struct tpl_vars *item = tpl_add_item(v, "accounts");
        tpl_set(item, "login", x->login);
        tpl_set(item, "role", role_label(x->role));
        tpl_set(item, "org",
                x->org_code[0] ? arena_printf(&r->arena, "%s %s", x->org_code, x->org_name) : "");
        tpl_set(item, "full_name", x->full_name);
    }
    page_render(r, 200, "accounts_imported", "アカウントを発行しました", v);
}

/* The one operation behind the page's upload and the API's CSV. */
static void
import_run(struct req *r)
{
    struct account_import_result res;
    struct audit_actor who = req_actor(r);
    int rc = r->upload && r->upload_len ? account_import(r->db, &who, r->upload, r->upload_len,
                                                         clock_now(), &r->arena, &res)
                                        : ERR_INPUT;
    if (!r->upload || !r->upload_len) {
        memset(&res, 0, sizeof(res));
        res.problems = "CSV ファイルを選んでください。";
        res.n_problems = 1;
    }
    if (rc == ERR_INPUT || rc == ERR_TOOBIG) {
        int status = rc == ERR_TOOBIG ? 413 : 400;
        if (r->is_api)
            refused_api(r, status, &res);
        else
            import_form(r, status, &res);
    } else if (rc) {
        http_send_err(r, rc);
    } else {
        const char *base = account_link_base(r);
        if (r->is_api)
            done_api(r, &res, base);
        else
            done_page(r, &res, base);
    }
    for (size_t i = 0; i < res.n; i++)
        sodium_memzero(res.items[i].token, sizeof(res.items[i].token));
}

/* --- what the import left for this session, briefly */

PARAMS(batch_params) = {
    {"batch", PARAM_QUERY, PARAM_TEXT, true, 1, 64, NULL, "発行の番号"},
    PARAMS_END,
};

static bool
batch_or_reply(struct req *r, struct account_issued **items, size_t *n, const char **base)
{
    int rc = r->session_token ? import_store_get(r->session_token, param_text(&r->params, "batch"),
                                                 clock_now(), &r->arena, items, n, base)
                              : ERR_NOTFOUND;
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "batch",
                        "このリンク一覧はもう表示できません。一覧と通知書は一括発行の直後、発行した"
                        "画面からだけ取り出せます。リンクが必要なアカウントには、アカウントの画面"
                        "から再設定リンクを発行してください。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

static void
links_csv(struct req *r)
{
    struct account_issued *items;
    size_t n;
    const char *base;
    struct table t;
    if (!batch_or_reply(r, &items, &n, &base))
        return;
    int rc = account_issued_table(items, n, base, &r->arena, &t);
    if (rc == 0)
        download_csv(r, &t, NULL, "account_links.csv");
    else
        http_send_err(r, rc);
    for (size_t i = 0; i < n; i++)
        sodium_memzero(items[i].token, sizeof(items[i].token));
}

static int
by_org(const void *a, const void *b)
{
    const struct account_issued *const *x = a, *const *y = b;
    int c = strcmp((*x)->org_code, (*y)->org_code);
    return c ? c : *x < *y ? -1 : *x > *y;
}

/* One sheet per 団体, in 団体コード order (ministry and admin accounts: one
   sheet together, first). */
static void
notices(struct req *r)
{
    struct account_issued *items;
    size_t n;
    const char *base;
    if (!batch_or_reply(r, &items, &n, &base))
        return;
    const struct account_issued **order = arena_alloc(&r->arena, (n ? n : 1) * sizeof(*order));
    if (!order) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &items[i];
    qsort(order, n, sizeof(*order), by_org);
    char issued[64];
    clock_wareki(clock_now(), issued, sizeof(issued));
    char *weekday = strstr(issued, "（"); /* the date alone: 令和8年12月2日 */
    if (weekday)
        *weekday = '\0';
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "sheets");
    struct tpl_vars *sheet = NULL;
    const char *sheet_org = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct account_issued *x = order[i];
        if (!sheet || strcmp(sheet_org, x->org_code) != 0) {
            sheet = tpl_add_item(v, "sheets");
            sheet_org = x->org_code;
            tpl_set(sheet, "org_code", x->org_code);
            tpl_set(sheet, "org_name", x->org_code[0] ? x->org_name : "総務省");
            /* 「北海道 札幌市」, but a prefecture once: 「北海道」 */
            tpl_set(sheet, "addressee",
                    !x->org_code[0] ? "総務省"
                    : strcmp(x->prefecture, x->org_name) == 0
                        ? x->org_name
                        : arena_printf(&r->arena, "%s %s", x->prefecture, x->org_name));
            tpl_set(sheet, "issued", issued);
            tpl_set_list(sheet, "accounts");
        }
        struct tpl_vars *item = tpl_add_item(sheet, "accounts");
        tpl_set(item, "login", x->login);
        tpl_set(item, "role", role_label(x->role));
        tpl_set(item, "full_name", x->full_name);
        tpl_set(item, "url", account_issued_url(&r->arena, base, x->token));
        tpl_set(item, "expires", clock_jst_in(&r->arena, x->expires_at));
    }
    tpl_set_int(v, "days", ACCOUNT_LINK_DAYS);
    page_render(r, 200, "account_notices", "アカウント発行通知書", v);
    for (size_t i = 0; i < n; i++)
        sodium_memzero(items[i].token, sizeof(items[i].token));
}

API_DOC(accounts_import_doc) = {"アカウントを CSV で一括発行する（全件か、1 件も作らないか）",
                                API_JSON, "AccountsImported", false, NULL};

// clang-format off
ROUTES(accounts_import_http_routes) = {
    {"GET", "/admin/accounts/import", ROLE_ADMIN, BODY_NONE, import_show, NULL},
    {"POST", "/admin/accounts/import", ROLE_ADMIN, BODY_MULTIPART, import_run, NULL},
    {"POST", "/api/v1/admin/accounts/import", ROLE_ADMIN, BODY_CSV, import_run, NULL, &accounts_import_doc},
    {"GET", "/admin/accounts/import/links.csv", ROLE_ADMIN, BODY_NONE, links_csv, batch_params},
    {"GET", "/admin/accounts/import/notices", ROLE_ADMIN, BODY_NONE, notices, batch_params},
    ROUTES_END,
};
// clang-format on
