/*
 * api_token.h: API bearer tokens. Like a session, a token is 32 random bytes
 * of which the database keeps only the hash; unlike one, it lives until its
 * expiry (serve --token-days, 90 days by default) or until it is revoked: by
 * its owner (DELETE /api/v1/tokens/current, or the page /account/tokens that
 * lists them), or with all of the account's when its password changes.
 */
#ifndef SHOKAI_API_TOKEN_H
#define SHOKAI_API_TOKEN_H

#include "auth.h"
#include "user.h"

#include <stdint.h>

#define API_TOKEN_DAYS_DEFAULT 90
#define API_TOKEN_DAYS_MAX 3650
#define API_TOKEN_NAME_MAX 50 /* characters */

struct db;

/* What a token may do: everything its account may (full), or only read the
   analysis views the route table marks (read: route.h api_doc.read_scope;
   migration 0013). */
enum api_token_scope { API_TOKEN_FULL, API_TOKEN_READ };
/* Their names in the API and the database, in enum order, NULL-terminated
   (a PARAM_CHOICE's choices). */
extern const char *const api_token_scope_names[];
/* The scope named name; full for anything but "read". */
enum api_token_scope api_token_scope_of(const char *name);
/* What a scope lets its holder do, in Japanese, for the token list. */
const char *api_token_scope_label(enum api_token_scope scope);

/* One token as its owner's list shows it. */
struct api_token_info {
    int64_t id;
    const char *name; /* valid during the callback only */
    int64_t created_at;
    int64_t expires_at;
    int64_t last_used_at; /* 0: never used */
    enum api_token_scope scope;
};

/* The Japanese message saying why name cannot label a token (too long, a
   control character), or NULL when it can. */
const char *api_token_name_problem(const char *name);
/* How many days a token asked to live asked days lives when the server
   allows at most max (serve --token-days): asked, or max when asked is 0 or
   more than max. */
int api_token_days(long long asked, int max);
/* Issues a token named name (checked with api_token_name_problem first) for
   user_id, good for days days, of scope; writes the secret and *expires_at. */
int api_token_issue(struct db *db, int64_t user_id, const char *name, int days,
                    enum api_token_scope scope, char token[AUTH_TOKEN_CHARS],
                    int64_t *expires_at /* OUT */);
/* api_token_issue of a full token. */
int api_token_create(struct db *db, int64_t user_id, const char *name, int days,
                     char token[AUTH_TOKEN_CHARS], int64_t *expires_at /* OUT */);
/* Loads the user of a live API token and notes its use (to the minute);
   *scope (when not NULL) is what the token may do. ERR_EXPIRED when it is
   past its expiry, ERR_UNAUTH when unknown, revoked or the account is
   disabled. */
int api_token_lookup_scoped(struct db *db, const char *token, struct user *u,
                            enum api_token_scope *scope /* OUT */);
/* api_token_lookup_scoped without the scope. */
int api_token_lookup(struct db *db, const char *token, struct user *u);
/* Revokes the token whose secret is token. */
int api_token_revoke(struct db *db, const char *token);
/* Revokes user_id's token id; ERR_NOTFOUND when user_id has no such live
   token (another account's is never touched). */
int api_token_revoke_own(struct db *db, int64_t user_id, int64_t id);
/* Calls fn for each of user_id's tokens not revoked, newest first (expired
   ones too, so that their owner sees why they stopped working); stops at
   fn's first error (negative) and returns it. */
int api_token_each(struct db *db, int64_t user_id,
                   int (*fn)(const struct api_token_info *t, void *ctx), void *ctx);

#endif
