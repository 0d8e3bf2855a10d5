/*
 * access.h: who may read or write which 団体's responses (DESIGN.md "Who uses it").
 *
 *   org       its own 団体 only, read and write
 *   pref      writes its own (the prefecture's) responses; reads those and
 *             the municipalities of its prefecture
 *   ministry  reads all; writes any as 代理入力 (proxy entry, audited as such)
 *   admin     no survey content
 */
#ifndef SHOKAI_ACCESS_H
#define SHOKAI_ACCESS_H

#include "org.h"
#include "user.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct survey;

/* Checks u's access to org_code's response; loads the 団体 into org and sets
   *proxy for Ministry writes. ERR_FORBIDDEN, or ERR_NOTFOUND for an unknown
   code or a 団体 the survey (may be NULL) is not addressed to. */
int access_response(struct db *db, const struct user *u, const struct survey *s,
                    const char *org_code, bool write, struct org *org, bool *proxy);

/* Whether u may send a response of s back (差戻し) at time now, besides
   access_response: the Ministry always; a prefecture only while the period is
   open and the results are unpublished, since a return after them would
   re-open a closed or published response (the Ministry's decision alone).
   ERR_CONFLICT with the reason in Japanese (*why) otherwise. */
int access_return_now(struct db *db, const struct user *u, const struct survey *s, int64_t now,
                      const char **why);

/* Whether the period lets u write org_code's response of s at time now: the
   Ministry always (代理入力); others while survey_accepting says so, else
   ERR_CONFLICT with the reason in Japanese (*why). */
int access_write_now(struct db *db, const struct user *u, const struct survey *s,
                     const char *org_code, int64_t now, const char **why);
/* Whether u may send org_code's response back (差戻し), besides
   access_response: the Ministry any, a prefecture coordinator not its own
   (the prefecture's) response. */
bool access_return(const struct user *u, const char *org_code);
/* Whether u approves (or sends back to its staff) org_code's responses: an
   approver account of that very 団体. */
bool access_approve(const struct user *u, const char *org_code);
/* Whether u submits s's responses directly: always without an approval step;
   with one, only the Ministry (代理入力) and approvers; other staff request
   approval instead. */
bool access_submit_directly(const struct user *u, const struct survey *s);

#endif
