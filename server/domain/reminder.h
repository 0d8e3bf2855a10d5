/*
 * reminder.h: 督促 — a reminder by e-mail to the accounts of every 団体 that
 * has not submitted a survey (未提出: 未着手, 一時保存, 承認待ち, 差戻し; the
 * 回答状況 of progress.h), from the Ministry to all, from a prefecture to its
 * own 団体. The same walk previews it (how many 団体 and accounts, the text,
 * the accounts without an address) and sends it: one transaction queues
 * every mail and writes the audit row (survey.remind).
 */
#ifndef SHOKAI_REMINDER_H
#define SHOKAI_REMINDER_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;
struct survey;

#define REMINDER_MESSAGE_MAX 2000

/* An enabled account of a 未提出 団体 that cannot be mailed. */
struct reminder_unreached {
    const char *org_code, *org_name, *login, *email; /* email "" or the unusable text */
};

struct reminder_plan {
    size_t n_orgs;                        /* 未提出 団体 */
    size_t n_orgs_reached;                /* of them, with at least one address */
    size_t n_mails;                       /* accounts mailed (one mail each) */
    struct reminder_unreached *unreached; /* メールアドレス未登録 */
    size_t n_unreached;
    const char *subject, *body; /* the text, as the first 団体 gets it */
};

/* What a reminder of s would do (prefecture NULL: every 団体; else only those
   of that prefecture), with message (NULL or "": none) added to the text.
   In arena a. */
int reminder_preview(struct db *db, const struct survey *s, const char *prefecture,
                     const char *message, struct arena *a, struct reminder_plan *out);
/* Queues it, with its audit row, in one transaction; out says what was
   queued. cause is "reminder" (a person's) or "reminder.auto". ERR_INPUT
   when message is over REMINDER_MESSAGE_MAX characters or not text
   (utf8_text_ok). */
int reminder_send(struct db *db, const struct audit_actor *who, const struct survey *s,
                  const char *prefecture, const char *message, const char *cause, struct arena *a,
                  struct reminder_plan *out);
/* reminder_send's work inside the caller's transaction (the automatic
   reminders record that they were sent in the same one). */
int reminder_queue(struct db *db, const struct audit_actor *who, const struct survey *s,
                   const char *prefecture, const char *message, const char *cause, struct arena *a,
                   struct reminder_plan *out);

#endif
