/*
 * login.h: checking a login name and password, shared by the login page and
 * POST /api/v1/tokens, with throttling and no account enumeration.
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

#endif
