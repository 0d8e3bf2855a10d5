/*
 * page_tokens.c: /account/tokens, where everyone sees the API tokens issued
 * to their own account (name, created, expiry, last use) and revokes them
 * (assessment #15, finding 10). Tokens are issued by POST /api/v1/tokens.
 */
#include "api_token.h"
#include "app.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "route.h"
#include "tpl.h"

#include <stdlib.h>

static int
token_item(const struct api_token_info *t, void *ctx)
{
    struct tpl_vars *item = tpl_add_item(ctx, "tokens");
    if (!item)
        return ERR_NOMEM;
    char created[32], expires[32], used[32];
    clock_jst(t->created_at, created, sizeof(created));
    clock_jst(t->expires_at, expires, sizeof(expires));
    if (t->last_used_at)
        clock_jst(t->last_used_at, used, sizeof(used));
    tpl_set_int(item, "id", t->id);
    tpl_set(item, "name", t->name[0] ? t->name : "（名前なし）");
    tpl_set(item, "created", created);
    tpl_set(item, "expires", expires);
    tpl_set_bool(item, "expired", clock_now() >= t->expires_at);
    tpl_set(item, "last_used", t->last_used_at ? used : "未使用");
    return 0;
}

static void
page_tokens_show(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "tokens");
    tpl_set_bool(v, "revoked", form_get(&r->query, "revoked") != NULL);
    tpl_set_int(v, "token_days", r->app->token_days);
    int rc = api_token_each(r->db, r->user.id, token_item, v);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "tokens", "API トークン", v);
}

/* Revokes one of the account's own tokens; another account's id is 404,
   exactly like one that does not exist. */
static void
page_tokens_revoke(struct req *r)
{
    const char *param = form_get(&r->path_params, "token");
    char *end = NULL;
    long long id = param ? strtoll(param, &end, 10) : 0;
    int rc = !param || !*param || *end || id <= 0
                 ? ERR_NOTFOUND
                 : api_token_revoke_own(r->db, r->user.id, (int64_t)id);
    if (rc == ERR_NOTFOUND) {
        page_error(r, 404,
                   "そのトークンは見つかりません。すでに取り消されているか、"
                   "ほかのアカウントのトークンです。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    log_event("token_revoked", "id", r->id, "user", r->user.login, "token", param, NULL);
    http_redirect(r, "/account/tokens?revoked=1");
}

ROUTES(page_tokens_routes) = {
    {"GET", "/account/tokens", ROLE_ANY, BODY_NONE, page_tokens_show, NULL},
    {"POST", "/account/tokens/:token/revoke", ROLE_ANY, BODY_FORM, page_tokens_revoke, NULL},
    ROUTES_END,
};
