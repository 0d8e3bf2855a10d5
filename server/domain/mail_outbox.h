/*
 * mail_outbox.h: the durable outbox (#17). A mail is a row of mail_outbox
 * written by outbox_enqueue with the caller's connection, inside the
 * caller's transaction: it exists if and only if the event that causes it
 * (a 督促, a 差戻し, an account's link) was committed. The sender thread
 * (mail_sender.h) delivers it later, so no request waits for SMTP.
 *
 * Delivery is at least once: a mail is marked 'sending' before the SMTP
 * conversation and 'sent' after the server accepted it; a crash between the
 * two leaves it 'sending', and the next start queues it again. Its
 * Message-ID, made here and stored, is the same in both deliveries, so a
 * duplicate is recognisable (docs/operations.md, SECURITY.md).
 */
#ifndef SHOKAI_MAIL_OUTBOX_H
#define SHOKAI_MAIL_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

/* A mail to queue. to must pass mime_address_ok; subject is one line. */
struct outbox_mail {
    const char *to;
    const char *subject;
    const char *body;
    const char *cause; /* what caused it: "reminder", "return", "setup_link" ... */
    const char *ref;   /* what it concerns ("r7-ikenshokai/012025"); NULL: "" */
    bool sensitive;    /* the body holds a one-time link: erased once sent, never listed */
};

/* The server's public address for links in mails ("https://shokai.example.jp",
   no trailing slash), set once before serving; "" when none was given. Its
   host also names the Message-IDs. */
void outbox_set_base_url(const char *base_url);
const char *outbox_base_url(void);

/* Queues m (inside the caller's transaction; it begins none). ERR_INPUT when
   the address is not one we send to or the subject holds a line break.
   *id (may be NULL) gets the new row's id. */
int outbox_enqueue(struct db *db, const struct outbox_mail *m, int64_t *id);

/* --- for the sender */

/* A mail taken for delivery (malloc'd strings; outbox_items_free). */
struct outbox_item {
    int64_t id;
    char *to, *subject, *body, *message_id;
    int64_t created_at;
    int attempts; /* including the one being made */
};
/* How failed deliveries are tried again: after backoff_s, then twice as
   long each time up to backoff_cap_s; 'failed' after max_tries. */
struct outbox_policy {
    int64_t backoff_s;
    int64_t backoff_cap_s;
    int max_tries;
};
/* Takes up to max mails due at now (queued, next_attempt_at <= now), oldest
   first, and marks them 'sending' with one more attempt, in one
   transaction. *items is malloc'd (free with outbox_items_free). */
int outbox_claim(struct db *db, int64_t now, size_t max, struct outbox_item **items, size_t *n);
void outbox_items_free(struct outbox_item *items, size_t n);
/* The server accepted mail id (a sensitive body is erased). */
int outbox_mark_sent(struct db *db, int64_t id, int64_t now, const char *reply);
/* A delivery failed with reply: queued again after the back-off, or
   'failed' after the policy's last try. */
int outbox_mark_retry(struct db *db, int64_t id, int attempts, int64_t now, const char *reply,
                      const struct outbox_policy *p);
/* At start: mails left 'sending' by a stop mid-delivery are queued again
   (they may have arrived: at least once, same Message-ID). *n gets how many. */
int outbox_requeue_interrupted(struct db *db, int *n);

/* --- for the Ministry and the administrator (/admin/mail) */

#define OUTBOX_STATES 4
extern const char *const outbox_states[OUTBOX_STATES]; /* queued, sending, sent, failed */
extern const char *const outbox_state_labels[OUTBOX_STATES]; /* 送信待ち, 送信中, 送信済み, 失敗 */
const char *outbox_state_label(const char *state);
/* What caused a mail, in Japanese: 督促, 督促（自動）, 差戻し, 照会開始, 公表,
   アカウントの初回設定, パスワード再設定; the cause itself otherwise. */
const char *outbox_cause_label(const char *cause);

struct outbox_row {
    int64_t id;
    const char *to, *subject, *message_id, *state, *last_reply, *cause, *ref;
    int attempts;
    int64_t created_at, next_attempt_at, sent_at; /* sent_at 0: not yet */
};
/* One page of mails, newest first, of one state (NULL: all), and *total of
   them; counts (may be NULL) gets the number in each state. In arena a. */
int outbox_list(struct db *db, const char *state, size_t offset, size_t limit, struct arena *a,
                struct outbox_row **rows, size_t *n, int64_t *total, int64_t *counts);
/* Tries a failed (or still queued) mail again now, from its first try;
   audited as mail.retry. ERR_NOTFOUND, or ERR_CONFLICT when it is being
   sent or was sent. */
int outbox_retry_now(struct db *db, const struct audit_actor *who, int64_t id);

#endif
