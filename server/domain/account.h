/*
 * account.h: accounts as the administrator manages them (/admin/accounts):
 * found by login, 団体, prefecture, role and state, a page at a time; each
 * with the person behind it (user.h's profile), whether its password is set,
 * and its live one-time link (account_link.h). Creating an account here
 * gives it no password but a setup link.
 */
#ifndef SHOKAI_ACCOUNT_H
#define SHOKAI_ACCOUNT_H

#include "account_link.h"
#include "user.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;
struct table;

/* What an account is doing, as the list filters it. */
enum account_state {
    ACCOUNT_ANY,
    ACCOUNT_ACTIVE,   /* enabled, password set */
    ACCOUNT_UNSET,    /* enabled, no password yet (its setup link not used) */
    ACCOUNT_DISABLED, /* 停止中 */
};
/* "active", "unset", "disabled" (the declared choices of ?state=), NULL-terminated. */
extern const char *const account_state_names[];
/* The state of a name above; ACCOUNT_ANY for NULL or anything else. */
enum account_state account_state_parse(const char *s);
/* 「利用中」「未設定」「停止中」. */
const char *account_state_label(enum account_state s);

struct account {
    struct user user;
    struct user_profile profile; /* strings in the arena of the read */
    enum account_state state;
    int64_t created_at;
    bool link_live; /* a one-time link waits to be used: */
    enum account_link_kind link_kind;
    int64_t link_expires_at;
};

struct account_filter {
    const char *q; /* part of the login, 氏名, e-mail or 団体名, or a 団体コード's start */
    const char *prefecture; /* exact 都道府県名 */
    enum role role;         /* 0: any */
    enum account_state state;
};

#define ACCOUNT_PAGE_SIZE 50

struct account_list {
    struct account *items; /* in the arena */
    size_t n;
    int64_t total; /* how many match the filter in all */
};

/* The accounts that match f, ordered by 団体コード then login, from offset,
   at most limit of them, and how many match in all. In arena a. */
int account_search(struct db *db, const struct account_filter *f, int64_t offset, size_t limit,
                   struct arena *a, struct account_list *out);
/* One account by id. ERR_NOTFOUND when there is none. In arena a. */
int account_get(struct db *db, int64_t id, struct arena *a, struct account *out);
/* The matching accounts as a table (ログイン名, 役割, 団体コード, 都道府県,
   団体名, 氏名, 所属, 電話番号, メール, 状態, 承認者), for the CSV export. */
int account_table(struct db *db, const struct account_filter *f, struct arena *a, struct table *t);

/* One account's person as the Ministry calls them, as SQL over users u:
   氏名（所属） 電話 番号 mail. */
#define ACCOUNT_CONTACT_SQL                                                                        \
    "trim(u.full_name || CASE WHEN u.department <> '' THEN '（' || u.department || '）' ELSE ''" \
    " END || CASE WHEN u.phone <> '' THEN ' 電話 ' || u.phone ELSE '' END"                       \
    " || CASE WHEN u.email IS NOT NULL THEN ' ' || u.email ELSE '' END)"
/* Whom to call at a 団体: each enabled account's contact that says anything,
   " / "-separated ("" when none), in arena a. */
int account_org_contacts(struct db *db, const char *org_code, struct arena *a, const char **out);

/* Creates an account without a password (checked as user_add checks, plus
   the profile: ERR_INPUT or ERR_CONFLICT with msg), makes it an approver when
   asked (org and pref only) and issues its setup link into token_out, in one
   transaction; *id and *expires_at are set. */
int account_create(struct db *db, const struct audit_actor *who, const struct user_new *n,
                   bool approver, int64_t now, int64_t *id, char token_out[AUTH_TOKEN_CHARS],
                   int64_t *expires_at, char *msg, size_t msglen);
/* Issues a new link for the account id in a transaction of its own (an
   administrator's button): a reset link, or a setup link again while the
   account has no password yet (its first link lost or expired); *kind says
   which. ERR_NOTFOUND when there is no such account, ERR_CONFLICT when it is
   disabled. */
int account_issue_link(struct db *db, const struct audit_actor *who, int64_t id, int64_t now,
                       enum account_link_kind *kind, char token_out[AUTH_TOKEN_CHARS],
                       int64_t *expires_at);

#endif
