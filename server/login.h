/*
 * login.h: checking a login name and password, shared by the login page and
 * POST /api/v1/tokens, with throttling and no account enumeration; and the
 * second factor's code, throttled alike.
 */
#ifndef SHOKAI_LOGIN_H
#define SHOKAI_LOGIN_H

#include "user.h"

#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_MAX_FAILURES_PER_ACCOUNT 10
#define LOGIN_MAX_FAILURES_PER_ADDRESS 100

struct db;

/* Verifies login and password. 0 and *u on success (a stale hash is upgraded).
   ERR_UNAUTH for an unknown login, a wrong password or a disabled account,
   alike in answer and in work done (a dummy hash is verified for unknown
   names). ERR_THROTTLED when the account name or the address has had too many
   failures in the window: then no password is checked at all. */
int login_check(struct db *db, const char *login, const char *password, const char *ip,
                struct user *u);

struct audit_actor;

/* Verifies the 6-digit code u typed from its authenticator app (half- or
   full-width digits, spaces ignored) against its key, or, when enrolling,
   against enrol_secret, which then becomes its key (second_factor.h). A code
   is accepted once. 0 on success; ERR_INPUT when typed is not 6 digits (not
   counted as a failure); ERR_UNAUTH for a wrong, stale or reused code;
   ERR_THROTTLED, checking nothing, after as many failures for the account or
   the address as a password allows. */
int login_check_code(struct db *db, const struct audit_actor *who, const struct user *u,
                     const unsigned char *enrol_secret, const char *typed, const char *ip);
/* What to tell a person whose code login_check_code refused, with the status
   to answer (422, 401, 429); NULL when rc is not such a refusal. */
const char *login_code_refusal(int rc, int *status);

#endif
