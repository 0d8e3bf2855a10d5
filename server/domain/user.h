/*
 * user.h: accounts (org, pref, ministry, admin) and their roles.
 */
#ifndef SHOKAI_USER_H
#define SHOKAI_USER_H

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct audit_actor;

enum role {
    ROLE_ORG = 1,
    ROLE_PREF = 2,
    ROLE_MINISTRY = 4,
    ROLE_ADMIN = 8,
};
#define ROLE_ANY (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY | ROLE_ADMIN)

struct user {
    int64_t id;
    char login[65];
    enum role role;
    char org_code[7];    /* "" for ministry and admin */
    char org_name[128];  /* the 団体's name, "" when none */
    char prefecture[32]; /* the 団体's prefecture, "" when none */
    bool disabled;
    bool approver;               /* may approve and submit for its 団体 (課長決裁) */
    bool second_factor_enrolled; /* has an authenticator app's key (second_factor.h) */
    bool password_set;           /* false until its one-time setup link is used (account_link.h) */
};

/* The person behind an account (all "" when unknown): shown to the Ministry
   beside each 団体 so that it knows whom to call. */
struct user_profile {
    const char *full_name;  /* 氏名 */
    const char *department; /* 所属（部署） */
    const char *phone;      /* 電話番号 */
    const char *email;      /* メール */
};
#define USER_FULL_NAME_MAX 64   /* characters */
#define USER_DEPARTMENT_MAX 128 /* characters */
#define USER_PHONE_MAX 32       /* characters */
#define USER_EMAIL_MAX 254      /* characters (RFC 5321) */

/* A new account: who it is, what it may do, and where. */
struct user_new {
    const char *login;
    enum role role;
    const char *org_code; /* for org and pref; NULL or "" otherwise */
    struct user_profile profile;
};

/* The role names role_parse knows, NULL-terminated (a declared choice). */
extern const char *const role_names[];
/* "org" -> ROLE_ORG etc.; 0 for anything else. */
enum role role_parse(const char *s);
const char *role_name(enum role r);
/* The Japanese label of a role, for pages. */
const char *role_label(enum role r);
/* True if s is 3-64 characters of A-Z a-z 0-9 . _ @ -. */
bool user_login_valid(const char *s);

/* NULL when the profile's fields are acceptable, else a Japanese message
   naming the first that is not (length, characters, the shape of a phone
   number or an e-mail address). */
const char *user_profile_problem(const struct user_profile *p);
/* Checks that role and org_code go together: org and pref need an existing
   団体 (pref: a prefecture's), ministry and admin none. ERR_INPUT with a
   Japanese message in msg; reads the 団体 master. */
int user_role_org_check(struct db *db, enum role role, const char *org_code, char *msg,
                        size_t msglen);
/* Inside the caller's transaction: stores an account checked by the two
   above, with hash ("" = no password yet: no login succeeds until one is
   set) and its audit row "user.add". ERR_CONFLICT, with msg, when the login
   is taken; ERR_INPUT for a malformed login. */
int user_insert(struct db *db, const struct audit_actor *who, const struct user_new *n,
                const char *hash, int64_t *id, char *msg, size_t msglen);

/* Creates an account (password hashed here) with an audit row, in one
   transaction. ERR_INPUT with msg set for a bad login, role, org or password;
   ERR_CONFLICT if the login exists. */
int user_add(struct db *db, const struct audit_actor *who, const char *login, enum role role,
             const char *org_code, const char *email, const char *password, int64_t *id, char *msg,
             size_t msglen);
/* Loads a user by login (disabled ones too) and its stored hash. ERR_NOTFOUND if none. */
int user_find(struct db *db, const char *login, struct user *u, char hash[crypto_pwhash_STRBYTES]);
/* The columns user_from_row reads, first in a query over users u LEFT JOIN
   organizations o (ON o.code = u.org_code). */
#define USER_COLUMNS                                                                               \
    "u.id, u.login, u.role, coalesce(u.org_code, ''), coalesce(o.name, ''),"                       \
    " coalesce(o.prefecture, ''), u.disabled, u.approver, u.totp_secret IS NOT NULL,"              \
    " u.password_hash <> ''"
#define USER_N_COLUMNS 10
struct sqlite3_stmt;
/* Fills u from a row whose first columns are USER_COLUMNS. */
void user_from_row(struct sqlite3_stmt *st, struct user *u);
/* Loads a user by id. */
int user_get(struct db *db, int64_t id, struct user *u);
/* Sets a new password and ends every session and API token of the account.
   ERR_INPUT with a Japanese message in msg when the password is refused. */
int user_set_password(struct db *db, const struct audit_actor *who, const char *login,
                      const char *password, char *msg, size_t msglen);
/* Checks a new password (ERR_INPUT, why in msg) and hashes it into hash
   (ERR_OVERLOADED when the hashing queue is full); no database. */
int user_password_hash(const char *password, char hash[crypto_pwhash_STRBYTES], char *msg,
                       size_t msglen);
/* The second half of user_set_password: stores hash as login's password,
   ends its sessions and tokens, audited, in one transaction. */
int user_replace_hash(struct db *db, const struct audit_actor *who, const char *login,
                      const char *hash);
/* Ends every session and API token of a user (inside the caller's transaction). */
int user_end_sessions(struct db *db, int64_t id);
/* Stores an already computed hash (rehash on login); no audit. */
int user_store_hash(struct db *db, int64_t id, const char *hash);
/* Makes an org or pref account an approver of its 団体, or not; audited. */
int user_set_approver(struct db *db, const struct audit_actor *who, const char *login, bool on);
/* Disables an account and ends its sessions and tokens. */
int user_disable(struct db *db, const struct audit_actor *who, const char *login);
/* Enables a disabled account again; audited. */
int user_enable(struct db *db, const struct audit_actor *who, const char *login);
/* Gives an account another role and 団体 (checked as user_role_org_check:
   ERR_INPUT with msg), ending its sessions and tokens; an account that is
   no longer org or pref stops being an approver. Audited with both. */
int user_set_role(struct db *db, const struct audit_actor *who, const char *login, enum role role,
                  const char *org_code, char *msg, size_t msglen);
/* Replaces the account's profile (checked: ERR_INPUT with msg); audited. */
int user_set_profile(struct db *db, const struct audit_actor *who, const char *login,
                     const struct user_profile *p, char *msg, size_t msglen);
/* Calls fn for every account in login order. */
int user_each(struct db *db, int (*fn)(const struct user *u, void *ctx), void *ctx);

#endif
