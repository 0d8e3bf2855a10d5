/*
 * publication_preview.h: what publishing a survey makes visible, and to whom —
 * the confirmation the Ministry reads before 公表: the accounts that will see
 * the results, the 区分 whose figures stay hidden at the chosen threshold, and
 * the 意見・質問 that go out with (or still without) a 回答・考え方.
 */
#ifndef SHOKAI_PUBLICATION_PREVIEW_H
#define SHOKAI_PUBLICATION_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct survey;

struct publication_preview {
    int64_t org_accounts, pref_accounts; /* active accounts that will see it */
    int64_t respondents;                 /* submitted 団体 counted */
    const char *scheme_label;            /* the survey's own 区分 */
    const char **hidden_groups;          /* labels hidden at the threshold ("合計" too) */
    size_t n_hidden;
    bool has_entries;
    int64_t entries, unanswered; /* 意見・質問, and those without a 対応区分 */
};

/* The preview of publishing s with suppress_below. In arena a. */
int publication_preview(struct db *db, const struct survey *s, int64_t suppress_below,
                        struct arena *a, struct publication_preview *out);

#endif
