/*
 * audit_words.h: the audit trail in words a civil servant reads. The rows
 * keep their machine codes (response.return, {"comment": …}) for the API and
 * for analysis; the page shows what happened in Japanese.
 */
#ifndef SHOKAI_AUDIT_WORDS_H
#define SHOKAI_AUDIT_WORDS_H

#include <stddef.h>

struct buf;

/* One kind of audited change: its code and what a person calls it. */
struct audit_action_name {
    const char *code;  /* "response.return" */
    const char *words; /* "差戻し" */
};

/* Every action shokai records, in the order the audit page's filter offers
   them; ends with {NULL, NULL}. tests/unit/test_audit_words.c checks that
   every action written in server/ is here. */
extern const struct audit_action_name audit_action_names[];

/* The words for action; the code itself for one not in the list (an action
   written by a newer version, read by an older one). */
const char *audit_action_words(const char *action);

/* Appends the detail object in words: 「理由: 記載漏れ」, 「行数: 264」,
   times in JST, true/false as はい/いいえ. Appends a malformed or non-object
   detail as it is. */
void audit_detail_words(struct buf *out, const char *detail_json);

#endif
