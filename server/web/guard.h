/*
 * guard.h: the _or_reply guards, lookups shared by pages and API handlers
 * that answer the client themselves when they fail (Redis's ...OrReply): on
 * NULL / false the response has been sent and the caller only returns.
 */
#ifndef SHOKAI_GUARD_H
#define SHOKAI_GUARD_H

#include "access.h"
#include "answer.h"
#include "audit.h"
#include "survey.h"

#include <stdbool.h>
#include <stdint.h>

struct req;

/* Who is acting in this request, for audit rows (points into r). */
struct audit_actor req_actor(const struct req *r);
/* The survey named by the :id path parameter, freed with the request; or 404. */
struct survey *survey_find_or_reply(struct req *r);
/* The survey of :id and the 団体 of :code, with access checked (and, for
   writes, the period): the common start of every response handler. NULL when
   a reply has been sent. The survey is freed with the request. */
struct survey *response_target_or_reply(struct req *r, bool write, struct org *org, bool *proxy);
/* The response a 差戻し acts on: the Ministry any, a prefecture coordinator a
   municipality of its prefecture (not its own); 403/404 otherwise. A
   prefecture only while the period is open and the results unpublished (409
   otherwise). *reopen: whether the return also re-opens the response after
   the deadline (the Ministry's). */
struct survey *return_target_or_reply(struct req *r, struct org *org, bool *reopen);
/* The response an approver acts on: an approver account of that very 団体. */
struct survey *approver_target_or_reply(struct req *r, struct org *org);
/* True, after replying 403, when s requires approval and the user may not submit
   directly (staff who are not approvers must request approval instead). */
bool approval_required_or_reply(struct req *r, const struct survey *s);
/* The form's "version" field (>= min); false when a 400 has been sent. */
bool form_version_or_reply(struct req *r, long min, long *version);
/* Sets the survey's answer period (audited); false after a 400 (closes not
   after opens) or another error reply. Shared by the page and the API. */
bool period_set_or_reply(struct req *r, const struct survey *s, int64_t opens, int64_t closes);
/* 422 {"errors":[{"question","message"}]} from answer issues (API). */
void answer_issues_reply(struct req *r, const struct answer_issues *is);

#endif
