/*
 * workflow.h: what happens to a response besides saving it:
 *
 * - 差戻し (return): a prefecture coordinator (for its municipalities, only
 *   while the period is open and the results unpublished: guard.h) or the
 *   Ministry sends a submitted response back with a comment. The 団体 sees the
 *   comment and may save and submit again: within the period after a
 *   prefecture's return; for 14 days, even after the deadline, after the
 *   Ministry's (re-opening after the period is the Ministry's alone).
 *   Submitting again ends the return. Nothing is deleted.
 * - approval (課長決裁), on surveys whose definition says "approval": true:
 *   staff send their draft to an approver of the same 団体, who submits it to
 *   the Ministry or rejects it with a comment.
 * Every step is one transaction with its audit row and a response event.
 */
#ifndef SHOKAI_WORKFLOW_H
#define SHOKAI_WORKFLOW_H

#include "answer.h"
#include "survey.h"

#include <stdint.h>

struct db;
struct audit_actor;

#define WORKFLOW_RETURN_DAYS 14
#define WORKFLOW_COMMENT_MAX 2000

/* Sends back a submitted response; with reopen (the Ministry's return) the
   団体 may also answer for WORKFLOW_RETURN_DAYS after the deadline.
   ERR_CONFLICT when it has not been submitted. */
int workflow_return(struct db *db, const struct audit_actor *who, const struct survey *s,
                    const char *org_code, const char *comment, bool reopen);
/* Asks for approval of the newest draft. ERR_CONFLICT when there is no draft
   or it is stale (expected_version). */
int workflow_request_approval(struct db *db, const struct audit_actor *who, const struct survey *s,
                              const char *org_code, long expected_version);
/* Submits the draft waiting for approval (checked as a submission: ERR_INPUT
   with issues). ERR_CONFLICT when nothing waits. */
int workflow_approve(struct db *db, const struct audit_actor *who, const struct survey *s,
                     const char *org_code, struct answer_issues *issues, long *new_version);
/* Sends the waiting draft back to the staff with a comment. */
int workflow_reject(struct db *db, const struct audit_actor *who, const struct survey *s,
                    const char *org_code, const char *comment);

struct workflow_status {
    bool returned;          /* sent back and not submitted since */
    bool awaiting_approval; /* a draft waits for the approver */
    const char *event;      /* the latest event ("return", "reject", ...) or "" */
    const char *comment;    /* its comment, or "" */
    int64_t at;
};
/* The workflow state of a response (strings in arena a). */
int workflow_status(struct db *db, const char *survey_id, const char *org_code, struct arena *a,
                    struct workflow_status *out);

/* One step of a response's workflow, for its history. */
struct workflow_event {
    const char *event; /* "return", "approval_request", "approve", "reject" */
    const char *label; /* the same in Japanese: 差戻し, 承認依頼, 承認, 承認者による差戻し */
    int64_t at;
    const char *by; /* the login of who did it, "-" when unknown */
    const char *comment;
};
/* Calls fn for each workflow step of org_code's response to survey_id, newest
   first (差戻し with who, when and why). */
int workflow_events_each(struct db *db, const char *survey_id, const char *org_code,
                         int (*fn)(const struct workflow_event *e, void *ctx), void *ctx);

/* Calls fn for each survey in which org_code's response is sent back, with the
   comment (newest return first). */
int workflow_returns_each(struct db *db, const char *org_code,
                          int (*fn)(const char *survey_id, const char *title, const char *comment,
                                    void *ctx),
                          void *ctx);

#endif
