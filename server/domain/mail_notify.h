/*
 * mail_notify.h: the mails that events send to the accounts of 団体, each
 * queued (mail_outbox.h) inside the transaction of its event:
 *
 * - 差戻し: to the accounts of the 団体 whose response was sent back, with
 *   the reason (workflow_return);
 * - 回答・考え方の公表: to the accounts of the survey's audience when its
 *   results are first published (publication_publish);
 * - 照会開始のお知らせ: to the audience when the period opens (the sender's
 *   schedule, mail_schedule.h);
 * - 督促: reminder.h.
 *
 * An account receives mail when it is enabled and its e-mail address is one
 * we send to (mime_address_ok); the others are counted, never guessed at.
 */
#ifndef SHOKAI_MAIL_NOTIFY_H
#define SHOKAI_MAIL_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct survey;

/* One enabled account of a 団体. */
struct mail_account {
    const char *org_code, *org_name, *login, *email; /* email "" when none */
    bool reachable;                                  /* email is an address we send to */
};

/* Calls fn for each enabled account of org_code (NULL: of every 団体 the
   survey s is addressed to; s NULL: every 団体), by 団体 code and login. The
   strings live until fn returns. */
int mail_accounts_each(struct db *db, const struct survey *s, const char *org_code,
                       int (*fn)(const struct mail_account *a, void *ctx), void *ctx);

/* The survey's page for the 団体 (base URL + path), in out. */
void mail_survey_url(const struct survey *s, const char *org_code, char *out, size_t outlen);

/* Queues the 差戻し mail to org_code's accounts; *queued (may be NULL) gets
   how many. Inside the caller's transaction. */
int mail_notify_return(struct db *db, const struct survey *s, const char *org_code,
                       const char *comment, size_t *queued);
/* Queues the 照会開始のお知らせ (template "opening") or the publication
   notice ("published") to every account of the survey's audience. */
int mail_notify_audience(struct db *db, const struct survey *s, const char *template_name,
                         size_t *queued);

#endif
