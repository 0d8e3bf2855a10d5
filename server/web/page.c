/*
 * page.c: page rendering into the common layout (see page.h).
 */
#include "page.h"
#include "org.h"
#include "page_cache.h"
#include "agg.h"
#include "app.h"
#include "err.h"
#include "buf.h"
#include "http.h"
#include "log.h"
#include "tpl.h"

#include <string.h>

struct tpl_vars *
page_vars(struct req *r)
{
    return tpl_vars_new(&r->arena, NULL);
}

struct scheme_choice {
    struct tpl_vars *v;
    const char *selected;
};

static int
add_scheme_choice(const char *id, const char *label, void *arg)
{
    struct scheme_choice *c = arg;
    struct tpl_vars *item = tpl_add_item(c->v, "schemes");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "id", id);
    tpl_set(item, "label", label);
    tpl_set_bool(item, "selected", strcmp(id, c->selected) == 0);
    return 0;
}

int
page_scheme_choices(struct req *r, struct tpl_vars *v, const char *selected)
{
    struct scheme_choice c = {v, selected};
    return agg_each_scheme(r->db, add_scheme_choice, &c);
}

static int
add_org_choice(const struct org_row *o, void *ctx)
{
    struct tpl_vars *item = tpl_add_item(ctx, "org_choices");
    if (!item)
        return ERR_NOMEM;
    tpl_setf(item, "choice", "%s（%s）", o->name, o->code);
    tpl_setf(item, "reading", "%s %s", o->prefecture, o->kana);
    return 0;
}

int
page_org_choices(struct req *r, struct tpl_vars *v)
{
    tpl_set_list(v, "org_choices");
    struct org_query q = {.prefecture = r->user.role == ROLE_PREF ? r->user.prefecture : NULL};
    return org_each(r->db, &q, add_org_choice, v);
}

void
page_paging_vars(struct tpl_vars *v, long long page, long long page_rows, int64_t total)
{
    long long offset = (page - 1) * page_rows, shown = (long long)total - offset;
    shown = shown < 0 ? 0 : shown > page_rows ? page_rows : shown;
    tpl_set_int(v, "total", (long long)total);
    tpl_set_int(v, "first", shown ? offset + 1 : 0);
    tpl_set_int(v, "last", shown ? offset + shown : 0);
    tpl_set_bool(v, "has_previous", page > 1);
    tpl_set_int(v, "previous", page - 1);
    tpl_set_bool(v, "has_next", offset + shown < (long long)total && shown > 0);
    tpl_set_int(v, "next", page + 1);
}

/* Sets the layout's values: who is logged in and the navigation for the role. */
static void
layout_vars(struct req *r, struct tpl_vars *v, const char *title)
{
    tpl_set(v, "title", title);
    tpl_set_bool(v, "authed", r->authed);
    tpl_set(v, "csrf", r->authed || r->second_factor_pending ? r->csrf : "");
    tpl_set(v, "user_login", r->authed ? r->user.login : "");
    tpl_set(v, "role_label", r->authed ? role_label(r->user.role) : "");
    tpl_set(v, "user_org_name", r->authed ? r->user.org_name : "");
    tpl_set_bool(v, "is_ministry", r->authed && r->user.role == ROLE_MINISTRY);
    tpl_set_bool(v, "can_answer", r->authed && r->user.role != ROLE_ADMIN);
    tpl_set_bool(v, "is_admin", r->authed && r->user.role == ROLE_ADMIN);
    tpl_set_bool(v, "can_audit",
                 r->authed && (r->user.role == ROLE_MINISTRY || r->user.role == ROLE_ADMIN));
}

/* A rendering fault: a 500, never partial output. */
static void
render_failed(struct req *r, const char *name)
{
    log_event("render_failed", "id", r->id, "template", name, NULL);
    static const char fallback[] = "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\">"
                                   "<title>エラー</title><p>内部エラーが発生しました。</p></html>";
    http_send(r, 500, "text/html; charset=utf-8", fallback, sizeof(fallback) - 1);
}

/* Renders the layout with vars (body set) and sends it. */
static void
send_layout(struct req *r, int status, struct tpl_vars *vars, const char *name)
{
    const struct tpl *layout = app_template(r->app, "layout");
    struct buf page;
    buf_init(&page, 0);
    if (layout && tpl_render(layout, vars, &page) == 0)
        http_send_html(r, status, &page);
    else
        render_failed(r, name);
    buf_cleanup(&page);
}

void
page_render(struct req *r, int status, const char *name, const char *title, struct tpl_vars *vars)
{
    const struct tpl *body_tpl = app_template(r->app, name);
    struct buf body;
    buf_init(&body, 0);
    int rc = body_tpl && vars ? 0 : -1;
    if (rc == 0) {
        layout_vars(r, vars, title);
        if (r->page_capture)
            tpl_set(vars, "csrf", page_cache_csrf(r));
        rc = tpl_render(body_tpl, vars, &body);
    }
    if (rc == 0 && status == 200 && r->page_capture) {
        page_cache_store(r, &body);
        tpl_set(vars, "csrf", r->csrf);
    }
    if (rc == 0) {
        tpl_set_markup(vars, "body", &body);
        send_layout(r, status, vars, name);
    } else {
        render_failed(r, name);
    }
    buf_cleanup(&body);
}

void
page_render_body(struct req *r, int status, const char *title, const struct buf *body)
{
    struct tpl_vars *vars = page_vars(r);
    layout_vars(r, vars, title);
    tpl_set_markup(vars, "body", body);
    send_layout(r, status, vars, "layout");
}

void
page_error(struct req *r, int status, const char *message)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "message", message);
    tpl_set(v, "request_id", r->id);
    tpl_set_bool(v, "need_login", status == 401);
    page_render(r, status, "error", "エラー", v);
}
