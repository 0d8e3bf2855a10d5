/*
 * login_refusal.h: how a refused login attempt is answered, the same for the
 * login page, the password change, the second factor's page and
 * POST /api/v1/tokens. The domain (login.h) says why it refused (an err and
 * the seconds to wait); the status, the Retry-After and the Japanese words
 * are chosen here.
 */
#ifndef SHOKAI_LOGIN_REFUSAL_H
#define SHOKAI_LOGIN_REFUSAL_H

#include <stdbool.h>

struct req;

/* What was being checked. */
enum login_kind { LOGIN_PASSWORD, LOGIN_CURRENT_PASSWORD, LOGIN_CODE };

/* A page's form shown again with status and message (the API answers
   {"errors"} instead). */
typedef void login_form_fn(struct req *r, int status, const char *message);

/* When rc (and wait) from login_check or login_check_code is a refusal
   (a wrong password or code, a malformed code, throttling, a full hashing
   queue): logs it under who (the login name typed, or the account), adds
   Retry-After when there is something to wait for, answers the API with
   field and the message, a page with page_form, and returns true. False,
   having answered nothing, for any other rc. */
bool login_refusal_reply(struct req *r, enum login_kind kind, int rc, int wait, const char *who,
                         const char *field, login_form_fn *page_form);

#endif
