/*
 * page_home.c: the home page per role, /healthz and /static. The home page
 * lists the surveys in their period with the deadline: a 団体 sees its own
 * state; a prefecture and the Ministry the numbers to act on (未提出,
 * 差戻し中, 承認待ち, and for the Ministry 意見・質問 without a reply — also
 * of closed surveys while any is left).
 */
#include "assets.h"
#include "clock.h"
#include "desk.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "org.h"
#include "page.h"
#include "page_survey.h"
#include "response.h"
#include "route.h"
#include "schema.h"
#include "survey_store.h"
#include "tpl.h"
#include "workflow.h"

#include <string.h>

static int
return_item(const char *survey_id, const char *title, const char *comment, void *ctx)
{
    struct tpl_vars *item = tpl_add_item(ctx, "returns");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "survey_id", survey_id);
    tpl_set(item, "title", title);
    tpl_set(item, "comment", comment);
    return 0;
}

/* A survey's card on the home page: its title and deadline, whoever looks. */
static struct tpl_vars *
desk_card(struct req *r, struct tpl_vars *v, const struct survey_row *row)
{
    struct tpl_vars *item = tpl_add_item(v, "desk");
    tpl_set(item, "id", row->id);
    tpl_set(item, "title", row->title);
    page_time_vars(item, "closes", row->closes_at);
    tpl_set(item, "time_left", survey_time_left(&r->arena, row->closes_at));
    return item;
}

/* A survey's line on a 団体's home page: its own state and the way in. */
static int
org_desk_item(struct req *r, const struct survey_row *row, struct tpl_vars *item)
{
    struct response resp;
    struct workflow_status ws;
    int rc = response_get(r->db, row->id, r->user.org_code, &resp);
    if (rc)
        return rc;
    if ((rc = workflow_status(r->db, row->id, r->user.org_code, &r->arena, &ws)) == 0) {
        struct state_display shown = response_state_display(&resp, &ws, false);
        tpl_set(item, "state_label", shown.label);
        tpl_set(item, "state_class", shown.css);
        tpl_set(item, "org_code", r->user.org_code);
        tpl_set_bool(item, "submitted", strcmp(resp.state, "submitted") == 0 && !ws.returned);
    }
    response_cleanup(&resp);
    return rc;
}

/* A survey's numbers on a prefecture's or the Ministry's home page; none for
   a closed survey with nothing left to act on. */
static int
staff_desk_item(struct req *r, const struct survey_row *row, bool open, struct tpl_vars *v)
{
    struct survey *s;
    int rc = survey_load(r->db, row->id, &s);
    if (rc)
        return rc;
    bool ministry = r->user.role == ROLE_MINISTRY;
    struct desk_counts c;
    rc = desk_counts(r->db, s, ministry ? NULL : r->user.prefecture, ministry, &r->arena, &c);
    survey_release(s);
    if (rc || (!open && c.unanswered == 0))
        return rc;
    struct tpl_vars *item = desk_card(r, v, row);
    tpl_set_bool(item, "open", open);
    tpl_set_int(item, "addressed", (long long)c.addressed);
    tpl_set_int(item, "not_submitted", (long long)c.not_submitted);
    tpl_set_int(item, "returned", (long long)c.returned);
    tpl_set_int(item, "awaiting", (long long)c.awaiting);
    tpl_set_bool(item, "counts_entries", ministry && c.has_entries);
    tpl_set_int(item, "unanswered", (long long)c.unanswered);
    return 0;
}

struct desk_ctx {
    struct req *r;
    struct tpl_vars *v;
};

static int
desk_item(const struct survey_row *row, void *arg)
{
    struct desk_ctx *c = arg;
    struct req *r = c->r;
    int64_t now = clock_now();
    bool open = row->opens_at <= now && now < row->closes_at;
    if (r->user.role == ROLE_ORG) {
        if (!open)
            return 0;
        return org_desk_item(r, row, desk_card(r, c->v, row));
    }
    return staff_desk_item(r, row, open, c->v);
}

static void
page_home(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_bool(v, "role_org", r->user.role == ROLE_ORG);
    tpl_set_bool(v, "role_pref", r->user.role == ROLE_PREF);
    tpl_set_bool(v, "role_ministry", r->user.role == ROLE_MINISTRY);
    tpl_set_bool(v, "role_admin", r->user.role == ROLE_ADMIN);
    tpl_set(v, "prefecture", r->user.prefecture);
    tpl_set(v, "org_name", r->user.org_name);
    tpl_set(v, "org_code", r->user.org_code);
    tpl_set_list(v, "returns");
    tpl_set_list(v, "desk");
    int rc = 0;
    if (r->user.org_code[0])
        rc = workflow_returns_each(r->db, r->user.org_code, return_item, v);
    if (rc == 0 && r->user.role != ROLE_ADMIN) {
        struct desk_ctx c = {r, v};
        rc = survey_each(r->db, desk_item, &c);
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "home", "ホーム", v);
}

static void
page_healthz(struct req *r)
{
    char why[384];
    int rc = schema_health(r->db, why, sizeof(why));
    if (rc == ERR_DB) {
        http_send(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
        return;
    }
    if (rc) {
        log_event("schema_unexpected", "why", why, NULL);
        static const char body[] = "database schema is not the expected one\n";
        http_send(r, 503, "text/plain; charset=utf-8", body, sizeof(body) - 1);
        return;
    }
    http_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

static const char *
static_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (dot && strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (dot && strcmp(dot, ".svg") == 0)
        return "image/svg+xml; charset=utf-8";
    return "application/octet-stream";
}

static void
page_static(struct req *r)
{
    const char *file = form_get(&r->path_params, "file");
    char *name = arena_printf(&r->arena, "static/%s", file);
    const struct asset *a = name ? assets_find(name) : NULL;
    if (!a) {
        http_send_err(r, ERR_NOTFOUND);
        return;
    }
    http_send(r, 200, static_type(file), (const char *)a->data, a->size);
}

ROUTES(page_home_routes) = {
    {"GET", "/", ROLE_ANY, BODY_NONE, page_home, NULL},
    {"GET", "/healthz", ROLE_PUBLIC, BODY_NONE, page_healthz, NULL},
    {"GET", "/static/:file", ROLE_PUBLIC, BODY_NONE, page_static, NULL},
    ROUTES_END,
};
