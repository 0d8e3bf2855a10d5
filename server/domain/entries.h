/*
 * entries.h: 意見・質問 lists: the rows of a survey's entry table question
 * (columns kind, material, page, category, body) from submitted responses,
 * ordered and numbered like the published lists: by 分類 in the definition's
 * order, with 項番 counted separately per 種別 (意見 / 質問). Within a 分類,
 * imported entries come first in the order of the imported file, then the
 * responses' entries in the order of their keys (entry_key.h): never in the
 * order of 団体コード or of submission, which would tell who wrote them.
 */
#ifndef SHOKAI_ENTRIES_H
#define SHOKAI_ENTRIES_H

#include "survey.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct table;
struct audit_actor;

struct entry {
    long no; /* 項番 within its kind */
    const char *kind, *material, *page, *category, *body;
    const char *org_code, *org_name;
    const char *key;         /* "e-" + keyed MAC (entry_key.h): same while the row is unchanged */
    const char *disposition; /* the Ministry's 対応区分, "" when not replied yet */
    const char *reply;       /* 回答・考え方, "" when none */
};

/* The four 対応区分 the Ministry assigns (NULL-terminated: the choices of a
   reply's declared parameter). */
#define ENTRY_DISPOSITIONS 4
extern const char *const entry_dispositions[ENTRY_DISPOSITIONS + 1];
/* The longest 回答・考え方, in characters (and as text, for messages). */
#define ENTRY_REPLY_MAX 4000
#define ENTRY_REPLY_MAX_TEXT "4000"
bool entry_disposition_valid(const char *s);

struct entry_filter {
    const char *kind, *category, *material; /* exact, or NULL */
    const char *text;                       /* substring of 本文, or NULL */
    const char *answered;                   /* one of entry_answered_states, or NULL */
};
/* Whether the Ministry has replied: 未回答 (no 対応区分 yet) or 回答済
   (NULL-terminated: the choices of the filter's declared parameter). */
extern const char *const entry_answered_states[3];

/* The entry question qid of s: a table with at least kind and body columns.
   NULL when qid is not such a question. */
const struct question *entries_question(const struct survey *s, const char *qid);
/* The survey's first entry question, or NULL when it has none. */
const struct question *entries_first_question(const struct survey *s);
/* Collects every entry of question q (of one prefecture's 団体 when prefecture
   is not NULL), ordered and numbered. In arena a. */
int entries_collect(struct db *db, const struct survey *s, const struct question *q,
                    const char *prefecture, struct arena *a, struct entry **out, size_t *n);
/* Position of a category in q's definition of the 分類 column ((size_t)-1:
   unknown, listed last). */
size_t entries_category_rank(const struct question *q, const char *category);
/* Where an entry stands within its 分類: imported entries by their row in the
   Ministry's file (0, 1, ...), the responses' entries after them, in the
   order of their keys. */
#define ENTRIES_SEQ_BY_KEY ((size_t)-1)
/* Hands every entry of q (unordered, unnumbered, without replies; of one
   prefecture's 団体 when prefecture is not NULL) to fn with its place in its
   分類 (seq); e's strings are valid during the call only. A non-zero return
   of fn stops the scan and is returned. */
typedef int (*entries_sink)(void *ctx, const struct entry *e, size_t seq);
int entries_scan(struct db *db, const struct survey *s, const struct question *q,
                 const char *prefecture, entries_sink fn, void *ctx);
/* Whether e passes f (NULL: every entry passes). */
bool entries_match(const struct entry *e, const struct entry_filter *f);
/* The entries matching f (numbers kept), in arena a. */
int entries_filter(const struct entry *all, size_t n_all, const struct entry_filter *f,
                   struct arena *a, struct entry **out, size_t *n);
/* The 項番 of the next entry of kind, counted per 種別 (意見, 質問, others). */
struct entries_counter {
    long last[3];
};
long entries_next_no(struct entries_counter *c, const char *kind);
/* Which columns a list shows (entries_table). */
struct entries_layout {
    bool both_kinds, with_org, with_replies;
};
#define ENTRIES_MAX_COLUMNS 10
/* The headings of l into head (ENTRIES_MAX_COLUMNS); returns how many. */
size_t entries_columns(const struct entries_layout *l, const char **head);
/* The cells of e in l's columns (pointing into e, and into no for its 項番),
   with the 項番 marked numeric. */
void entries_cells(const struct entries_layout *l, const struct entry *e, char no[24],
                   const char **cells, bool *numeric);
/* The list as a table in the published layout (項番, 対象資料, 対象ページ, 分類, 本文; with
   種別 first when both kinds are listed, 団体 when with_org, and 対応区分 and
   回答・考え方 when with_replies: the 「意見と考え方」 layout). */
int entries_table(const struct entry *e, size_t n, bool both_kinds, bool with_org,
                  bool with_replies, struct arena *a, struct table *t);
/* Blanks the 団体 of every entry: the published list names none unless the
   definition marks the question public. */
void entries_hide_orgs(struct entry *e, size_t n);
/* The entry with this key, or NULL. */
const struct entry *entries_find(const struct entry *e, size_t n, const char *key);

/* Records the Ministry's reply to the entry key of question q (audited).
   ERR_INPUT for an unknown 対応区分 or a reply over ENTRY_REPLY_MAX characters. */
int entries_reply(struct db *db, const struct audit_actor *who, const struct survey *s,
                  const struct question *q, const char *key, const char *disposition,
                  const char *reply);
/* Replies to every entry of a 分類 (and 種別, when not NULL) at once; only to
   entries without a reply unless overwrite. *n is how many were set. */
int entries_reply_bulk(struct db *db, const struct audit_actor *who, const struct survey *s,
                       const struct question *q, const struct entry *e, size_t n_e,
                       const char *category, const char *kind, const char *disposition,
                       const char *reply, bool overwrite, size_t *n);
/* The 分類 summary: 意見 and 質問 per 分類 in the definition's order, with a
   row "（分類なし）" only when some entry has none, and the totals. */
struct entries_summary {
    size_t n_rows;
    const char **category;
    int64_t (*counts)[2]; /* [row][0] 意見, [row][1] 質問 */
    int64_t total[2];
};
int entries_summarize(const struct question *q, const struct entry *e, size_t n, struct arena *a,
                      struct entries_summary *out);
/* The summary as a table: 分類, 意見, 質問, 合計, then the 合計 row. */
int entries_summary_table(const struct entries_summary *sum, struct arena *a, struct table *t);
/* As the API's JSON {"rows":[{"category","counts":{"意見","質問"},"合計"}],"total":{...}}. */
json_t *entries_summary_json(const struct entries_summary *sum);

#endif
