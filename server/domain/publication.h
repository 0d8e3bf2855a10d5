/*
 * publication.h: the Ministry publishes a survey's results. From then org
 * accounts see the national aggregates and the 意見・質問 list with the
 * Ministry's replies, without 団体 names; groups with fewer respondents than
 * the survey's suppression threshold show no counts.
 */
#ifndef SHOKAI_PUBLICATION_H
#define SHOKAI_PUBLICATION_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct audit_actor;
struct survey;

#define PUBLICATION_SUPPRESS_MAX 100
/* The threshold a publication gets when none is given, and the one the
   publish form offers first. */
#define PUBLICATION_SUPPRESS_DEFAULT 3

struct publication {
    bool published;
    int64_t published_at;
    int64_t suppress_below; /* 0 = show every group */
};

int publication_get(struct db *db, const char *survey_id, struct publication *out);
/* The threshold of a publication that names none, and the one the publish
   form offers: the one in force, or PUBLICATION_SUPPRESS_DEFAULT for a first
   publication. So publishing again never lowers a threshold unasked. */
int64_t publication_threshold(const struct publication *p);
/* Publishes (or re-publishes with a new threshold); audited. A first
   publication queues the 回答・考え方 notice to the survey's audience
   (mail_notify.h) in the same transaction. ERR_INPUT when
   suppress_below is outside 0..PUBLICATION_SUPPRESS_MAX. */
int publication_publish(struct db *db, const struct audit_actor *who, const struct survey *s,
                        int64_t suppress_below);
/* Withdraws the publication; audited. ERR_CONFLICT when it was not published. */
int publication_withdraw(struct db *db, const struct audit_actor *who, const char *survey_id);

#endif
