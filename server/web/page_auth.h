/*
 * page_auth.h: what the login pages share with the second factor's page.
 */
#ifndef SHOKAI_PAGE_AUTH_H
#define SHOKAI_PAGE_AUTH_H

#include <stdbool.h>

struct req;
struct user;

/* The path to go to after login: next when it is a path of this site (not
   the login itself), else "/". */
const char *page_safe_next(const char *next);
/* Creates a session for u and sets its cookie; on failure answers the
   request with the error and returns it. */
int page_session_start(struct req *r, const struct user *u, bool second_factor_pending);

#endif
