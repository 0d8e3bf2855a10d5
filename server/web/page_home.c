/*
 * page_home.c: the home page per role, the 団体 list, /healthz and /static.
 */
#include "assets.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "org.h"
#include "page.h"
#include "route.h"
#include "schema.h"
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
    if (r->user.org_code[0]) {
        int rc = workflow_returns_each(r->db, r->user.org_code, return_item, v);
        if (rc) {
            http_send_err(r, rc);
            return;
        }
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
