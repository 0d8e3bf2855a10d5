/*
 * session.h: browser sessions with CSRF tokens (API bearer tokens: api_token.h).
 *
 * A session is 32 random bytes in the cookie; the database keeps only its
 * hash, the user, a CSRF token and the times that bound its life (30 minutes
 * idle, 12 hours absolute).
 */
#ifndef SHOKAI_SESSION_H
#define SHOKAI_SESSION_H

#include "auth.h"
#include "db.h"
#include "totp.h"
#include "user.h"

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)

struct db;

/* Starts a session for user_id; writes the cookie token and the CSRF token.
   A session still waiting for the account's second factor is pending
   (second_factor.h): it may only finish that or log out. */
int session_create(struct db *db, int64_t user_id, bool second_factor_pending,
                   char token[AUTH_TOKEN_CHARS], char csrf[AUTH_TOKEN_CHARS]);
/* Finds the live session of token, touches it and loads its user, CSRF token
   and whether it is pending. ERR_UNAUTH when unknown, expired, or the account
   is disabled. */
int session_lookup(struct db *db, const char *token, struct user *u, char csrf[AUTH_TOKEN_CHARS],
                   bool *second_factor_pending);
/* The key offered for enrolment on the pending session of token: loads it
   (ERR_NOTFOUND when none was offered yet), or offers a new one and keeps it
   with the session, so that the page shows the same key until a code from it
   is entered. */
int session_enrol_secret(struct db *db, const char *token, bool make_new,
                         unsigned char secret[TOTP_SECRET_BYTES]);
/* Hashes token into hash and steps sql, whose ?1 is a token_hash, to its
   first row: 1 with *st on it, 0 when there is none (or the token has the
   wrong length), or an error. The caller ends *st with db_done(). For the
   lookups of sessions and API tokens. */
int session_token_row(struct db *db, const char *sql, const char *token,
                      unsigned char hash[AUTH_HASH_BYTES], sqlite3_stmt **st);
/* Ends the session of token (no error if it is already gone). */
int session_end(struct db *db, const char *token);

#endif
