/*
 * account_link.h: one-time links that set an account's password.
 *
 * A setup link goes with a new account (bulk import, or created by an
 * administrator) that has no password yet; a reset link replaces a forgotten
 * one (issued by an administrator, or asked for from the login page). A link
 * is /account/setup?token=<32 random bytes, base64url>; only the token's
 * BLAKE2b-256 hash is stored (as for sessions and API tokens), so the raw
 * token exists only in the answer to whoever issued it. A link is good for
 * ACCOUNT_LINK_DAYS, once, and only while it is the account's newest.
 */
#ifndef SHOKAI_ACCOUNT_LINK_H
#define SHOKAI_ACCOUNT_LINK_H

#include "auth.h"
#include "user.h"

#include <stdint.h>

struct db;
struct audit_actor;

#define ACCOUNT_LINK_DAYS 14
#define ACCOUNT_LINK_SECONDS (ACCOUNT_LINK_DAYS * 24 * 3600)
/* The path of a link, before its token. */
#define ACCOUNT_LINK_PATH "/account/setup?token="

enum account_link_kind { ACCOUNT_LINK_SETUP, ACCOUNT_LINK_RESET };

/* "setup" / "reset", as stored. */
const char *account_link_kind_name(enum account_link_kind kind);
/* 「初期設定」 / 「パスワード再設定」, for pages. */
const char *account_link_kind_label(enum account_link_kind kind);

/* Issues a link for the account user_id (login: for the audit row), inside
   the caller's transaction: revokes its earlier live link, stores the new
   token's hash, valid until now + ACCOUNT_LINK_SECONDS (*expires_at), and
   records "user.link.setup" or "user.link.reset". The raw token is written
   to token_out; the caller hands it over once and forgets it.
   Every link is issued here and nowhere else: here the mail that carries
   the link is queued (mail_template.h), in the same transaction, for an
   account with an address. */
int account_link_issue(struct db *db, const struct audit_actor *who, int64_t user_id,
                       const char *login, enum account_link_kind kind, int64_t now,
                       char token_out[AUTH_TOKEN_CHARS], int64_t *expires_at);

/* The live link of token: 0 with the account in *u, its kind and expiry.
   ERR_NOTFOUND when the token is unknown, used, revoked or expired, or the
   account is disabled. */
int account_link_find(struct db *db, const char *token, int64_t now, struct user *u,
                      enum account_link_kind *kind, int64_t *expires_at);

/* Uses the link of token: in one transaction, and only if it is still live
   (of two requests racing, one wins; the other gets ERR_NOTFOUND), marks it
   used, stores hash as the account's password, ends the account's sessions
   and API tokens, and records "user.link.used" by the account itself (ip and
   request_id for the audit row). *u is the account. */
int account_link_use(struct db *db, const char *token, const char *hash, int64_t now,
                     const char *ip, const char *request_id, struct user *u);

/* Revokes the account's live link, if any (inside the caller's transaction):
   a disabled account's link must not come back to life with the account. */
int account_link_revoke(struct db *db, int64_t user_id, int64_t now);

/* The account's live link, if any: 0 with its kind and expiry, or
   ERR_NOTFOUND. */
int account_link_live(struct db *db, int64_t user_id, int64_t now, enum account_link_kind *kind,
                      int64_t *expires_at);

#endif
