/*
 * mail_schedule.h: the mails the server sends by itself, each once per
 * survey (recorded in mail_schedule_done in the transaction that queues
 * them): the 照会開始のお知らせ when a survey's period has opened (and not
 * yet closed), and, with `serve --remind-days 3,1`, a 督促 to the 未提出
 * 団体 that many days before the deadline. When several reminder days are
 * due at once (the server was down), one reminder goes and all are marked.
 */
#ifndef SHOKAI_MAIL_SCHEDULE_H
#define SHOKAI_MAIL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

#define MAIL_REMIND_DAYS_MAX 8

/* The actor of the server's own mails in the audit trail ("system"). */
extern const struct audit_actor mail_schedule_actor;

/* Does one job due at now (the oldest survey's opening notice, else one due
   reminder) and sets *done to 1, or to 0 when nothing is due. days: the
   reminder days (n_days may be 0). Temporary memory in a. */
int mail_schedule_step(struct db *db, int64_t now, const int *days, size_t n_days, struct arena *a,
                       int *done);

#endif
