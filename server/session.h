/*
 * session.h: browser sessions with CSRF tokens, and API bearer tokens.
 *
 * A session is 32 random bytes in the cookie; the database keeps only its
 * hash, the user, a CSRF token and the times that bound its life (30 minutes
 * idle, 12 hours absolute). API tokens are the same kind of secret, revocable.
 */
#ifndef SHOKAI_SESSION_H
#define SHOKAI_SESSION_H

#include "auth.h"
#include "user.h"

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)

struct db;

/* Starts a session for user_id; writes the cookie token and the CSRF token. */
int session_create(struct db *db, int64_t user_id, char token[AUTH_TOKEN_CHARS],
                   char csrf[AUTH_TOKEN_CHARS]);
/* Finds the live session of token, touches it and loads its user and CSRF token.
   ERR_UNAUTH when unknown, expired, or the account is disabled. */
int session_lookup(struct db *db, const char *token, struct user *u, char csrf[AUTH_TOKEN_CHARS]);
/* Ends the session of token (no error if it is already gone). */
int session_end(struct db *db, const char *token);

/* Issues an API token for user_id. */
int api_token_create(struct db *db, int64_t user_id, char token[AUTH_TOKEN_CHARS]);
/* Loads the user of a live API token; ERR_UNAUTH otherwise. */
int api_token_lookup(struct db *db, const char *token, struct user *u);
/* Revokes an API token. */
int api_token_revoke(struct db *db, const char *token);

#endif
