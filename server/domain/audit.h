/*
 * audit.h: the audit trail. Call inside the transaction of the change it
 * records, so the change and its record commit or roll back together.
 */
#ifndef SHOKAI_AUDIT_H
#define SHOKAI_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct audit_actor {
    int64_t user_id; /* 0 = command line */
    const char *login;
    const char *ip;
    const char *request_id;
};

/* The actor for command-line changes. */
extern const struct audit_actor audit_cli;

/* Appends one audit row. detail_json may be NULL. Returns 0 or an err. */
int audit_record(struct db *db, const struct audit_actor *who, const char *action,
                 const char *target, const char *on_behalf, const char *detail_json);

/* The same with a JSON detail, which it takes over (NULL, as when a
   json_pack failed: ERR_NOMEM). */
int audit_record_json(struct db *db, const struct audit_actor *who, const char *action,
                      const char *target, json_t *detail);

struct arena;
struct table;

/* Which audit rows to read: each field narrows the list when set. */
struct audit_filter {
    const char *action;    /* prefix, e.g. "response." */
    const char *actor;     /* exact login */
    const char *target;    /* substring */
    const char *on_behalf; /* exact 団体 code */
    int64_t from, to;      /* Unix seconds, 0 = open */
    size_t limit;          /* newest first; 0 = 1,000 */
    size_t offset;         /* rows to skip (paging) */
    bool in_words;         /* the page's table rather than the export's */
};

/* The matching rows, newest first, as a table in arena a. In words (for the
   page): 日時, 操作, 実行者, 対象, 代理入力の団体, 詳細, IP, 受付番号. Otherwise
   (API and CSV) the codes first — 日時, 操作コード, 実行者, 対象コード,
   代理入力の団体, 詳細（JSON）, IP, リクエスト — then 操作, 対象, 詳細 in words. */
int audit_table(struct db *db, const struct audit_filter *f, struct arena *a, struct table *t);

/* How many rows match f (its limit and offset aside), into *count. */
int audit_count(struct db *db, const struct audit_filter *f, int64_t *count);

#endif
