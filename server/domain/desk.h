/*
 * desk.h: the numbers a prefecture or the Ministry acts on for one survey —
 * 団体 that have not submitted (and of those, sent back or waiting for
 * approval) and 意見・質問 still without the Ministry's reply. The home page
 * shows them for every survey in its period.
 */
#ifndef SHOKAI_DESK_H
#define SHOKAI_DESK_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct survey;

struct desk_counts {
    int64_t addressed;     /* 団体 the survey is addressed to (in the prefecture) */
    int64_t not_submitted; /* of those, without a submitted answer */
    int64_t returned;      /* sent back (差戻し中) */
    int64_t awaiting;      /* waiting for their approver (承認待ち) */
    bool has_entries;      /* the survey collects 意見・質問 */
    int64_t entries;       /* 意見・質問 (with_entries only) */
    int64_t unanswered;    /* of those, without a 対応区分 */
};

/* The counts for s, over one prefecture's 団体 when prefecture is not NULL;
   with_entries also counts unanswered entries (the Ministry's work). In a. */
int desk_counts(struct db *db, const struct survey *s, const char *prefecture, bool with_entries,
                struct arena *a, struct desk_counts *out);

#endif
