/*
 * progress.h: 回答状況 of a survey: per group of a scheme (and per
 * prefecture), how many 団体 have not started (未着手), have a draft (一時保存),
 * wait for approval (承認待ち), were sent back (差戻し) or submitted (提出済);
 * and the list of 団体 that have not submitted, with their accounts' e-mail.
 * Grouped by each 団体's current kind: this is a view for chasing answers.
 */
#ifndef SHOKAI_PROGRESS_H
#define SHOKAI_PROGRESS_H

#include "survey.h"

#include <stdint.h>

struct arena;
struct db;
struct table;

enum progress_state { P_NONE, P_DRAFT, P_AWAITING, P_RETURNED, P_SUBMITTED, P_STATES };

extern const char *const progress_state_labels[P_STATES];

struct progress_org {
    const char *code, *name, *prefecture, *kind;
    enum progress_state state;
    const char *emails; /* the 団体's active accounts' e-mail, space-separated, or "" */
    /* whom to call: each active account's 氏名（所属） 電話 … mail, " / "-separated, or "" */
    const char *contacts;
};

struct progress {
    const char *scheme_label;
    const char **groups; /* n_groups labels, then "合計" */
    size_t n_groups;
    int64_t (*counts)[P_STATES];  /* [n_groups + 1][state] */
    struct progress_org *pending; /* not submitted, in code order */
    size_t n_pending;
};

/* Computes the progress of s by scheme, over the 団体 the survey is addressed
   to (of one prefecture when prefecture is not NULL). In arena a. */
int progress_compute(struct db *db, const struct survey *s, const char *scheme,
                     const char *prefecture, struct arena *a, struct progress *out);
/* 区分, 対象団体数, then each state, then 提出率（%）. */
int progress_table(const struct progress *p, struct arena *a, struct table *t);
/* The 団体 that have not submitted: 団体コード, 都道府県, 団体名, 区分, 状況, 連絡先. */
int progress_pending_table(const struct progress *p, struct arena *a, struct table *t);

#endif
