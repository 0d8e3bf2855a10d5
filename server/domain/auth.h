/*
 * auth.h: password hashing and random tokens with libsodium.
 *
 * Passwords are argon2id (crypto_pwhash_str, INTERACTIVE limits: 64 MiB and
 * about 0.1 s each), so at most one hash per core runs at a time; further
 * callers wait in a bounded queue (RELIABILITY finding 8), and are refused
 * with ERR_OVERLOADED when it is full, so that a burst of logins cannot hold
 * every worker thread (assessment finding 8). Callers hold no database
 * connection while they hash (login.c). Tokens are 32 random bytes in base64url;
 * only their BLAKE2b-256 hash is ever stored.
 */
#ifndef SHOKAI_AUTH_H
#define SHOKAI_AUTH_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#define AUTH_TOKEN_BYTES 32
#define AUTH_TOKEN_CHARS 44 /* base64url of 32 bytes, no padding, plus NUL */
#define AUTH_HASH_BYTES 32
#define AUTH_PASSWORD_MIN 12
#define AUTH_PASSWORD_MAX 128
/* Callers that may wait for a hashing slot, per slot (one slot per core):
   about four hashes' time, half a second, at most. */
#define AUTH_HASH_WAITING_PER_SLOT 4
/* What a caller refused with ERR_OVERLOADED is told, and when to retry. */
#define AUTH_OVERLOADED_RETRY_SECONDS 2
#define AUTH_OVERLOADED_MESSAGE                                                                    \
    "ただいまログインが集中しています。数秒待ってから、もう一度お試しください。"

/* Initializes libsodium and the hashing limit; computes the dummy hash. */
int auth_init(void);

/* Lowers the queue's bound so that hashing (running or waiting) never holds
   more than half of the server's threads worker threads. */
void auth_limit_waiting(long threads);

/* NULL if pw is acceptable, else a Japanese message saying why not. */
const char *auth_password_problem(const char *pw);
/* Hashes pw into out. Returns 0, ERR_OVERLOADED when the hashing queue is
   full, or ERR_NOMEM. */
int auth_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES]);
/* 0 if pw matches hash (and sets *needs_rehash), ERR_OVERLOADED when the
   hashing queue is full (nothing checked), ERR_UNAUTH otherwise. */
int auth_verify_password(const char *hash, const char *pw, bool *needs_rehash);
/* Spends the same work as a verification, for logins that do not exist, and
   answers as a wrong password would: ERR_UNAUTH, or ERR_OVERLOADED. */
int auth_verify_dummy(const char *pw);

/* A new random token, base64url, into out[AUTH_TOKEN_CHARS]. */
void auth_new_token(char out[AUTH_TOKEN_CHARS]);
/* BLAKE2b-256 of a token, as stored. */
void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES]);
/* Constant-time equality of two strings of the same length; false if lengths differ. */
bool auth_token_equal(const char *a, const char *b);

#endif
