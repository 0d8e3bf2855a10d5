/*
 * account_web.h: what the administrator's account pages share: the account
 * named by the path, a one-time link's URL, and the answer that hands a new
 * link over (the only time its token is shown).
 */
#ifndef SHOKAI_ACCOUNT_WEB_H
#define SHOKAI_ACCOUNT_WEB_H

#include "account.h"

#include <stdbool.h>
#include <stdint.h>

struct req;

/* The declared :account of a route's path. */
#define ACCOUNT_PATH_PARAM                                                                         \
    {                                                                                              \
        "account", PARAM_PATH, PARAM_INT, true, 1, INT64_MAX, NULL, "アカウント番号"        \
    }

/* The account of the :account path parameter (in r's arena); false after
   answering 404 or an error. */
bool account_or_reply(struct req *r, struct account *out);
/* The page of an account. */
const char *account_location(struct req *r, int64_t id, const char *done);
/* The base of the links handed out: serve --base-url, or this request's
   scheme and Host. In r's arena. */
const char *account_link_base(struct req *r);
/* Hands a link that was just issued over: the API's JSON {id, login, kind,
   url, expires_at}, or the page that shows it once (status 200). */
void account_link_send(struct req *r, const struct user *u, enum account_link_kind kind,
                       const char *token, int64_t expires_at);
/* The live link of an account as the pages say it: 「再設定リンク発行済（期限 …）」. */
const char *account_link_status(struct req *r, const struct account *a);

#endif
