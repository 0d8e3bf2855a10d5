/*
 * login.h: checking a login name and password, shared by the login page and
 * POST /api/v1/tokens, with throttling and no account enumeration; and the
 * second factor's code, throttled alike.
 */
#ifndef SHOKAI_LOGIN_H
#define SHOKAI_LOGIN_H

#include "user.h"

#include <stdint.h>

/* Failures are throttled per account name *and* address, so that nobody can
   lock an account out for its owner elsewhere (assessment finding 9): after
   LOGIN_FREE_FAILURES from one address, each further attempt for that name
   from there waits a minute after the last failure, doubling with each
   failure up to an hour; a success clears it. Across all names, an address
   gets LOGIN_MAX_FAILURES_PER_ADDRESS failures per LOGIN_WINDOW_SECONDS.
   Failures are forgotten after LOGIN_MEMORY_SECONDS. */
#define LOGIN_FREE_FAILURES 5
#define LOGIN_DELAY_FIRST_SECONDS 60
#define LOGIN_DELAY_MAX_SECONDS 3600
#define LOGIN_MEMORY_SECONDS (24 * 3600)
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_MAX_FAILURES_PER_ADDRESS 100

struct db;

/* Verifies login and password. 0 and *u on success (a stale hash is upgraded).
   ERR_UNAUTH for an unknown login, a wrong password or a disabled account,
   alike in answer and in work done (a dummy hash is verified for unknown
   names). ERR_THROTTLED, with *wait the seconds left, while this name from
   ip, or ip itself, is held back (see above): then no password is checked at
   all, whether or not the name exists. ERR_OVERLOADED when the hashing queue
   is full (not counted as a failure).
   *db must come from db_pool.h: it is given back while the password is hashed
   and another taken after (no connection is held during argon2id); ERR_BUSY,
   with *db NULL, when none came back. */
int login_check(struct db **db, const char *login, const char *password, const char *ip,
                struct user *u, int *wait);
/* Checks and hashes a new password (user_password_hash: ERR_INPUT with why in
   msg, ERR_OVERLOADED) with no connection held, as login_check does: *db from
   db_pool.h, given back and taken again (ERR_BUSY, *db NULL, when none came). */
int login_hash_new(struct db **db, const char *password, char hash[crypto_pwhash_STRBYTES],
                   char *msg, size_t msglen);
/* The throttle itself, for other attempts held back alike (a password reset
   asked for from the login page): ERR_THROTTLED, with *wait the seconds left,
   while key is in its growing delay after LOGIN_FREE_FAILURES attempts or
   ip_key has reached LOGIN_MAX_FAILURES_PER_ADDRESS in the window; and the
   count of one more attempt against both keys. */
int login_throttle_check(struct db *db, const char *key, const char *ip_key, int64_t now,
                         int *wait);
int login_throttle_count(struct db *db, const char *key, const char *ip_key, int64_t now);
/* The delay after `failures` failures of one name from one address: 0 for the
   first LOGIN_FREE_FAILURES, then 60 s doubling per failure, at most an hour. */
int64_t login_delay(int64_t failures);

struct audit_actor;

/* Verifies the 6-digit code u typed from its authenticator app (half- or
   full-width digits, spaces ignored) against its key, or, when enrolling,
   against enrol_secret, which then becomes its key (second_factor.h). A code
   is accepted once. 0 on success; ERR_INPUT when typed is not 6 digits (not
   counted as a failure); ERR_UNAUTH for a wrong, stale or reused code;
   ERR_THROTTLED, checking nothing, with *wait the seconds left, after wrong
   codes as for a password but counted per account (only someone with the
   password gets this far) and per address. How each refusal is answered is
   the web layer's (login_refusal.h). */
int login_check_code(struct db *db, const struct audit_actor *who, const struct user *u,
                     const unsigned char *enrol_secret, const char *typed, const char *ip,
                     int *wait);
#endif
