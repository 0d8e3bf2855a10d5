/*
 * guard.h: the _or_reply guards, lookups shared by pages and API handlers
 * that answer the client themselves when they fail (Redis's ...OrReply): on
 * NULL / false the response has been sent and the caller only returns.
 */
#ifndef SHOKAI_GUARD_H
#define SHOKAI_GUARD_H

#include "audit.h"
#include "survey.h"

#include <stdbool.h>
#include <stdint.h>

struct req;

/* Who is acting in this request, for audit rows (points into r). */
struct audit_actor req_actor(const struct req *r);
/* The survey named by the :id path parameter, freed with the request; or 404. */
struct survey *survey_find_or_reply(struct req *r);

#endif
