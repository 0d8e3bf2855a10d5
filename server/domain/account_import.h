/*
 * account_import.h: bulk issuance of accounts from a CSV (the browser's
 * /admin/accounts/import and `shokai user import`).
 *
 * The file is UTF-8 (with or without a BOM) or CP932 from Excel, with the
 * header ACCOUNT_IMPORT_HEADER; 役割 is written 団体, 都道府県, 総務省 or 管理者
 * (or org, pref, ministry, admin). Every row is checked before anything is
 * written and every bad row is named; then all accounts are created in one
 * transaction, each without a password but with a setup link
 * (account_link_issue). No password is hashed, so 1,788 団体 × 3 accounts
 * take well under a second of database work.
 */
#ifndef SHOKAI_ACCOUNT_IMPORT_H
#define SHOKAI_ACCOUNT_IMPORT_H

#include "auth.h"
#include "user.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

#define ACCOUNT_IMPORT_HEADER "団体コード,ログイン名,役割,氏名,所属,電話番号,メール"
#define ACCOUNT_IMPORT_MAX_ROWS 20000
/* Bad rows named one by one; past this many, the rest are counted. */
#define ACCOUNT_IMPORT_MAX_PROBLEMS 200

/* One account created, with its setup link's raw token (never stored). */
struct account_issued {
    const char *login, *org_code, *org_name, *prefecture, *full_name;
    enum role role;
    char token[AUTH_TOKEN_CHARS];
    int64_t expires_at;
};

struct account_import_result {
    struct account_issued *items; /* in the arena, in the file's order */
    size_t n;
    const char *problems; /* when refused: one line per bad row (「3行目: …」) */
    size_t n_problems;
};

/* Imports data[0..len) (see above) in arena a. 0 with every account in out;
   ERR_INPUT (or ERR_TOOBIG) with out->problems when anything is wrong, and
   then nothing is written. */
int account_import(struct db *db, const struct audit_actor *who, const char *data, size_t len,
                   int64_t now, struct arena *a, struct account_import_result *out);

struct table;
/* The issued links as a table for the administrator (ログイン名, 役割, 団体コード,
   都道府県, 団体名, 氏名, 設定用URL, 有効期限 in JST): each URL is base_url
   (no trailing slash; "" for a path alone) + ACCOUNT_LINK_PATH + token. In a. */
int account_issued_table(const struct account_issued *items, size_t n, const char *base_url,
                         struct arena *a, struct table *t);
/* One link's URL in a. */
const char *account_issued_url(struct arena *a, const char *base_url, const char *token);

/* 役割 as the file writes it: 団体/都道府県/総務省/管理者 or the role's name; 0 otherwise. */
enum role account_import_role(const char *s);

#endif
