/*
 * mail_sender.h: the sender thread of `shokai serve`. It takes the mails that
 * are due from the outbox (mail_outbox.h), hands each to the SMTP server
 * (smtp.h) and records the answer; a failure is tried again after a growing
 * wait, and marked failed after the last try. It borrows a database
 * connection only to read and mark the outbox, never during an SMTP
 * conversation, and no request ever waits for it. It also runs the mails
 * the server sends by itself (mail_schedule.h).
 *
 * Without an SMTP server (no --smtp) it sends nothing: mails stay queued
 * and are sent once the server is started with one.
 */
#ifndef SHOKAI_MAIL_SENDER_H
#define SHOKAI_MAIL_SENDER_H

#include "mail_outbox.h"
#include "mail_schedule.h"
#include "smtp.h"

#include <stdbool.h>
#include <stddef.h>

#define MAIL_BACKOFF_DEFAULT_S 60
#define MAIL_BACKOFF_CAP_S 3600
#define MAIL_TRIES_DEFAULT 8
#define MAIL_BATCH 20

struct mail_sender_config {
    bool deliver;            /* false: no SMTP server, nothing is sent */
    struct smtp_config smtp; /* with deliver; its strings outlive the thread */
    struct outbox_policy policy;
    int remind_days[MAIL_REMIND_DAYS_MAX];
    size_t n_remind_days;
    int poll_ms; /* how often it looks for due mails (1000) */
};

/* Starts the thread (after db_pool_open: it borrows from the pool); c is
   copied. ERR_IO when the thread or libcurl cannot start. */
int mail_sender_start(const struct mail_sender_config *c);
/* Stops it, ending an SMTP conversation under way (that mail is tried
   again later), and puts mails it had taken back in the queue. Before
   db_pool_close. */
void mail_sender_stop(void);

#endif
