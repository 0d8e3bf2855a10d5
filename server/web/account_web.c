/*
 * account_web.c: what the administrator's account pages share (see
 * account_web.h).
 */
#include "account_web.h"
#include "account_import.h"
#include "app.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "page.h"
#include "second_factor.h"
#include "tpl.h"

#include <stdio.h>

bool
account_or_reply(struct req *r, struct account *out)
{
    int rc = account_get(r->db, param_int(&r->params, "account", 0), &r->arena, out);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "account", "そのアカウントはありません。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

const char *
account_location(struct req *r, int64_t id, const char *done)
{
    return arena_printf(&r->arena, "/admin/accounts/%lld%s%s", (long long)id, done ? "?done=" : "",
                        done ? done : "");
}

const char *
account_link_base(struct req *r)
{
    if (r->app->base_url)
        return r->app->base_url;
    const char *host = http_header(r, "Host");
    return arena_printf(&r->arena, "%s://%s", r->app->secure_cookies ? "https" : "http",
                        host ? host : "127.0.0.1");
}

void
account_link_send(struct req *r, const struct user *u, enum account_link_kind kind,
                  const char *token, int64_t expires_at)
{
    const char *url = account_issued_url(&r->arena, account_link_base(r), token);
    if (r->is_api) {
        http_send_json(r, 200,
                       json_pack("{s:I, s:s, s:s, s:s?, s:s}", "id", (json_int_t)u->id, "login",
                                 u->login, "kind", account_link_kind_name(kind), "url", url,
                                 "expires_at", clock_iso_in(&r->arena, expires_at)));
        return;
    }
    struct tpl_vars *v = page_vars(r);
    tpl_set_int(v, "id", u->id);
    tpl_set(v, "login", u->login);
    tpl_set(v, "kind_label", account_link_kind_label(kind));
    tpl_set_bool(v, "sets_up_factor",
                 second_factor_required(u->role) && !u->second_factor_enrolled);
    tpl_set(v, "url", url ? url : "");
    tpl_set(v, "expires", clock_jst_in(&r->arena, expires_at));
    page_render(r, 200, "account_link", "設定用リンクを発行しました", v);
}

const char *
account_link_status(struct req *r, const struct account *a)
{
    if (!a->link_live)
        return "";
    return arena_printf(&r->arena, "%sリンク発行済（期限 %s）",
                        a->link_kind == ACCOUNT_LINK_RESET ? "再設定" : "初期設定",
                        clock_jst_in(&r->arena, a->link_expires_at));
}
