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
};

/* "org" -> ROLE_ORG etc.; 0 for anything else. */
enum role role_parse(const char *s);
const char *role_name(enum role r);
/* The Japanese label of a role, for pages. */
const char *role_label(enum role r);
/* True if s is 3-64 characters of A-Z a-z 0-9 . _ @ -. */
bool user_login_valid(const char *s);

/* Creates an account (password hashed here) with an audit row, in one
   transaction. ERR_INPUT with msg set for a bad login, role, org or password;
   ERR_CONFLICT if the login exists. */
int user_add(struct db *db, const struct audit_actor *who, const char *login, enum role role,
             const char *org_code, const char *email, const char *password, int64_t *id, char *msg,
             size_t msglen);
/* Loads a user by login (disabled ones too) and its stored hash. ERR_NOTFOUND if none. */
int user_find(struct db *db, const char *login, struct user *u, char hash[crypto_pwhash_STRBYTES]);
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
/* Calls fn for every account in login order. */
int user_each(struct db *db, int (*fn)(const struct user *u, void *ctx), void *ctx);

#endif
