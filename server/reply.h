/*
 * reply.h: lookups shared by pages and API handlers that answer the client
 * themselves when they fail (Redis's ...OrReply): on NULL / false the
 * response has been sent and the caller only returns.
 */
#ifndef SHOKAI_REPLY_H
#define SHOKAI_REPLY_H

#include "access.h"
#include "answer.h"
#include "audit.h"
#include "survey.h"

#include <stdbool.h>

struct req;

/* Who is acting in this request, for audit rows (points into r). */
struct audit_actor req_actor(const struct req *r);
/* The survey named by the :id path parameter, freed with the request; or 404. */
struct survey *survey_find_or_reply(struct req *r);
/* Checks access to the :code path parameter's response (403/404 sent otherwise). */
bool response_access_or_reply(struct req *r, const struct survey *s, bool write, struct org *org,
                              bool *proxy);
/* Checks the period for writes: the Ministry may always write (代理入力);
   others get 409 with the reason outside the period. */
bool period_open_or_reply(struct req *r, const struct survey *s, const char *org_code);
/* 422 {"errors":[{"question","message"}]} from answer issues (API). */
void answer_issues_reply(struct req *r, const struct answer_issues *is);

#endif
