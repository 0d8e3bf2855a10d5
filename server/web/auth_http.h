/*
 * auth_http.h: what the login feature (auth_http.c) shares with the second
 * factor's page (page_second_factor.c).
 */
#ifndef SHOKAI_AUTH_HTTP_H
#define SHOKAI_AUTH_HTTP_H

#include <stdbool.h>

struct req;
struct user;

/* The path to go to after login: next when it is a path of this site (not
   the login itself), else "/". */
const char *auth_safe_next(const char *next);
/* Creates a session for u and sets its cookie; on failure answers the
   request with the error and returns it. */
int auth_session_start(struct req *r, const struct user *u, bool second_factor_pending);
/* The same for a Ministry or admin account without an authenticator that
   has just used its one-time link: a pending session offered a key to set
   up on the second factor's page even when the server does not let logins
   set keys up (--self-enrol off): the link, handed over by the
   administrator, stands for the key handed over in person. */
int auth_session_start_offering_key(struct req *r, const struct user *u);

/* A new password and its confirmation, as every form that sets one
   declares them (the password change, a one-time link). */
#define NEW_PASSWORD_PARAMS                                                                         \
    {"new", PARAM_BODY, PARAM_TEXT, true, 0, 0, NULL, "新しいパスワード"},                          \
    {                                                                                               \
        "confirm", PARAM_BODY, PARAM_TEXT, true, 0, 0, NULL, "新しいパスワード（確認）" \
    }
/* What those forms say when the two differ. */
#define NEW_PASSWORD_MISMATCH "新しいパスワードと確認用の入力が一致しません。"

#endif
