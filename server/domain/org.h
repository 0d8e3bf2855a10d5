/*
 * org.h: the 団体 master (organizations) and the grouping schemes.
 */
#ifndef SHOKAI_ORG_H
#define SHOKAI_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct audit_actor;

struct org_import_result {
    int added;
    int changed;
    int unchanged;
};

/* True if code is 6 digits whose last is the 総務省 check digit of the first five. */
bool org_code_valid(const char *code);
/* True if code (a valid 団体コード) is a prefecture's: NN000C. */
bool org_code_is_prefecture(const char *code);
/* True if kind is one of 都道府県 政令市 中核市 特別区 市 町 村. */
bool org_kind_valid(const char *kind);
/* The seven kinds of the master, in its order; NULL-terminated. */
extern const char *const org_kinds[];

/* Imports a master CSV (header code,prefecture,name,kana,kind; UTF-8). Inserts
   new 団体, updates changed ones and records each change with today's date in
   organization_changes, all in one transaction with an audit row. On bad input
   nothing is stored and msg says which row is wrong (Japanese). */
int org_import_csv(struct db *db, const struct audit_actor *who, const char *data, size_t len,
                   struct org_import_result *out, char *msg, size_t msglen);

/* Loads grouping schemes from JSON text (seeds/groupings.json), replacing the
   stored ones, in one transaction. */
int org_load_groupings(struct db *db, const char *json, size_t len, char *msg, size_t msglen);

struct org_row {
    const char *code, *prefecture, *name, *kana, *kind;
};

/* Which 団体 to list; each field narrows the list when set. */
struct org_query {
    const char *kind;       /* one of org_kinds */
    const char *prefecture; /* exact */
    const char *text; /* part of the name, the reading or 都道府県+name, or the code's start */
    size_t limit, offset; /* a page of the list; limit 0 = all */
};

/* Calls fn for each 団体 q selects, in code order. The row's strings are valid
   during the call only. */
int org_each(struct db *db, const struct org_query *q,
             int (*fn)(const struct org_row *o, void *ctx), void *ctx);
/* How many 団体 q selects (its limit and offset aside), into *count. */
int org_count(struct db *db, const struct org_query *q, int64_t *count);

struct org {
    char code[7];
    char prefecture[32];
    char name[128];
    char kind[16];
};

/* Loads one 団体 by code. ERR_NOTFOUND if there is none. */
int org_get(struct db *db, const char *code, struct org *out);

#endif
