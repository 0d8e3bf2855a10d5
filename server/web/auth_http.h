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

#endif
