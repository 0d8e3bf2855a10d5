/*
 * page_audit.c: the audit trail for the Ministry and administrators: who did
 * what, when, on whose behalf; filterable, and exportable as CSV or JSON.
 */
#include "audit.h"
#include "audit_words.h"
#include "buf.h"
#include "clock.h"
#include "download.h"
#include "err.h"
#include "html.h"
#include "http.h"
#include "page.h"
#include "param.h"
#include "results.h"
#include "route.h"
#include "table.h"
#include "tpl.h"

#include <string.h>

#define AUDIT_ROLES (ROLE_MINISTRY | ROLE_ADMIN)
/* Rows per page: on the page, and per call of the JSON API (the CSV has all). */
#define AUDIT_PAGE_ROWS 100
#define AUDIT_API_ROWS 1000

/* The filters, as the page's form and the API's query name them; the dates
   are days (2025-02-04), whole in JST. */
PARAMS(audit_params) = {
    {"action", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "操作"},
    {"actor", PARAM_QUERY, PARAM_TEXT, false, 0, 128, NULL, "操作者"},
    {"target", PARAM_QUERY, PARAM_TEXT, false, 0, 128, NULL, "対象"},
    {"on_behalf", PARAM_QUERY, PARAM_ORG, false, 0, 0, NULL, "代理入力の団体"},
    {"from", PARAM_QUERY, PARAM_TEXT, false, 0, 0, NULL, "開始日"},
    {"to", PARAM_QUERY, PARAM_TEXT, false, 0, 0, NULL, "終了日"},
    {"page", PARAM_QUERY, PARAM_INT, false, 1, 1000000, NULL, "ページ"},
    DOWNLOAD_ENCODING_PARAM,
    PARAMS_END,
};

static const char *
query_value(struct req *r, const char *name)
{
    return param_text_nonblank(&r->params, name);
}

/* Reads the filter from the query; false after a 400 for a malformed date. */
static bool
filter_or_reply(struct req *r, struct audit_filter *f, size_t page_rows)
{
    memset(f, 0, sizeof(*f));
    if (page_rows) {
        f->limit = page_rows;
        f->offset = (size_t)(param_int(&r->params, "page", 1) - 1) * page_rows;
    }
    f->action = query_value(r, "action");
    f->actor = query_value(r, "actor");
    f->target = query_value(r, "target");
    f->on_behalf = query_value(r, "on_behalf");
    const char *dates[2] = {query_value(r, "from"), query_value(r, "to")};
    int64_t *bounds[2] = {&f->from, &f->to};
    for (int i = 0; i < 2; i++) {
        if (!dates[i])
            continue;
        char iso[40];
        snprintf(iso, sizeof(iso), "%.10sT00:00:00+09:00", dates[i]);
        if (strlen(dates[i]) != 10 || !clock_parse_iso(iso, bounds[i])) {
            http_send_error(r, 400, i ? "to" : "from", "日付は 2025-02-04 の形にしてください。");
            return false;
        }
    }
    if (f->to)
        f->to += 86400; /* the end date counts whole */
    return true;
}

/* Reads one page of rows (page_rows 0: all, up to the CSV's limit) and the
   count of all that match; false after replying with the error. */
static bool
audit_or_reply(struct req *r, struct table *t, size_t page_rows, bool in_words, int64_t *total)
{
    struct audit_filter f;
    if (!filter_or_reply(r, &f, page_rows))
        return false;
    f.in_words = in_words;
    int rc = audit_table(r->db, &f, &r->arena, t);
    if (rc == 0 && total)
        rc = audit_count(r->db, &f, total);
    return http_ok_or_send_err(r, rc);
}

/* The action filter's choices: all, each kind of change, then the groups. */
static void
action_choices_set(struct tpl_vars *v, const char *chosen)
{
    static const struct audit_action_name groups[] = {
        {"response.", "回答に関する操作（すべて）"},
        {"survey.", "照会に関する操作（すべて）"},
        {"user.", "アカウントに関する操作（すべて）"},
    };
    for (const struct audit_action_name *n = audit_action_names; n->code; n++) {
        struct tpl_vars *item = tpl_add_item(v, "actions");
        tpl_set(item, "code", n->code);
        tpl_set(item, "words", n->words);
        tpl_set_bool(item, "chosen", chosen && strcmp(chosen, n->code) == 0);
    }
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        struct tpl_vars *item = tpl_add_item(v, "actions");
        tpl_set(item, "code", groups[i].code);
        tpl_set(item, "words", groups[i].words);
        tpl_set_bool(item, "chosen", chosen && strcmp(chosen, groups[i].code) == 0);
    }
}

static void
page_audit(struct req *r)
{
    struct table t;
    struct buf *html = buf_new_in(&r->arena, 0), *query = buf_new_in(&r->arena, 4096);
    if (!html || !query) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    int64_t total = 0;
    if (!audit_or_reply(r, &t, AUDIT_PAGE_ROWS, true, &total))
        return;
    table_html(html, &t);
    struct tpl_vars *v = page_vars(r);
    static const char *const names[] = {"action", "actor", "target", "on_behalf", "from", "to"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *val = query_value(r, names[i]);
        tpl_set(v, names[i], val ? val : "");
        if (val) {
            if (query->len)
                buf_putc(query, '&');
            buf_puts(query, names[i]);
            buf_putc(query, '=');
            html_esc_url(query, val);
        }
    }
    tpl_set(v, "query", buf_str(query));
    if (page_org_choices(r, v)) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    action_choices_set(v, query_value(r, "action"));
    page_paging_vars(v, param_int(&r->params, "page", 1), AUDIT_PAGE_ROWS, total);
    tpl_set_markup(v, "audit_table", html);
    page_render(r, 200, "audit", "監査ログ", v);
}

static void
api_audit(struct req *r)
{
    struct table t;
    int64_t total = 0;
    if (!audit_or_reply(r, &t, AUDIT_API_ROWS, false, &total))
        return;
    json_t *body = table_json(&t);
    if (body)
        json_object_set_new(body, "total", json_integer(total));
    http_send_json(r, 200, body);
}

static void
api_audit_csv(struct req *r)
{
    struct table t;
    if (audit_or_reply(r, &t, 0, false, NULL))
        download_csv(r, &t, param_text(&r->params, "encoding"), "audit.csv");
}

API_DOC(audit_doc) = {"監査ログ（JSON）", API_JSON, "Table", false, NULL};
API_DOC(audit_csv_doc) = {"監査ログ（CSV）", API_CSV, NULL, false, NULL};

ROUTES(page_audit_routes) = {
    {"GET", "/audit", AUDIT_ROLES, BODY_NONE, page_audit, audit_params},
    {"GET", "/api/v1/audit", AUDIT_ROLES, BODY_NONE, api_audit, audit_params, &audit_doc},
    {"GET", "/api/v1/audit.csv", AUDIT_ROLES, BODY_NONE, api_audit_csv, audit_params,
     &audit_csv_doc},
    ROUTES_END,
};
