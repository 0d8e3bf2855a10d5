/*
 * response_guard.h: the guards of a 団体's response (Redis's ...OrReply):
 * who may read or write it now, send it back or approve it. On NULL / false
 * the response has been sent and the caller only returns. The rules are the
 * domain's (access.h, survey_store.h); these turn a refusal into its reply.
 */
#ifndef SHOKAI_RESPONSE_GUARD_H
#define SHOKAI_RESPONSE_GUARD_H

#include "access.h"
#include "answer.h"
#include "response.h"
#include "survey.h"
#include "workflow.h"

#include <stdbool.h>

struct req;

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
/* The newest version of org_code's response to s and its workflow state,
   which the page and the API show alike; false after a reply. The caller
   cleans up *resp (response_cleanup); ws's strings are in r's arena. */
bool response_state_or_reply(struct req *r, const struct survey *s, const char *org_code,
                             struct response *resp, struct workflow_status *ws);
/* Empty answer issues in r's arena, or NULL after a 500 (arena full). */
struct answer_issues *answer_issues_new_or_reply(struct req *r);
/* 422 {"errors":[{"field","message","question"}]} from answer issues (the API's
   answer, and the page script's). */
void answer_issues_reply(struct req *r, const struct answer_issues *is);
/* 422 with the answer issues of s's response of org: the API's JSON, or the
   answering page showing them under warning. */
void answer_issues_send(struct req *r, const struct survey *s, const struct org *org,
                        const struct answer_issues *is, const char *warning);

#endif
