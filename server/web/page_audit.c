/*
 * page_audit.c: the audit trail for the Ministry and administrators: who did
 * what, when, on whose behalf; filterable, and exportable as CSV or JSON.
 */
#include "audit.h"
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

/* The filters, as the page's form and the API's query name them; the dates
   are days (2025-02-04), whole in JST. */
PARAMS(audit_params) = {
    {"action", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "操作"},
    {"actor", PARAM_QUERY, PARAM_TEXT, false, 0, 128, NULL, "操作者"},
    {"target", PARAM_QUERY, PARAM_TEXT, false, 0, 128, NULL, "対象"},
    {"on_behalf", PARAM_QUERY, PARAM_TEXT, false, 0, 16, NULL, "代理入力の団体"},
    {"from", PARAM_QUERY, PARAM_TEXT, false, 0, 0, NULL, "開始日"},
    {"to", PARAM_QUERY, PARAM_TEXT, false, 0, 0, NULL, "終了日"},
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
filter_or_reply(struct req *r, struct audit_filter *f)
{
    memset(f, 0, sizeof(*f));
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

static bool
audit_or_reply(struct req *r, struct table *t)
{
    struct audit_filter f;
    if (!filter_or_reply(r, &f))
        return false;
    int rc = audit_table(r->db, &f, &r->arena, t);
    return http_ok_or_send_err(r, rc);
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
    if (!audit_or_reply(r, &t))
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
    tpl_set_markup(v, "audit_table", html);
    page_render(r, 200, "audit", "監査ログ", v);
}

static void
api_audit(struct req *r)
{
    struct table t;
    if (audit_or_reply(r, &t))
        http_send_json(r, 200, table_json(&t));
}

static void
api_audit_csv(struct req *r)
{
    struct table t;
    if (audit_or_reply(r, &t))
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
