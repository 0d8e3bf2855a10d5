/*
 * second_factor.c: storing authenticator keys and accepted steps (see
 * second_factor.h).
 */
#include "second_factor.h"
#include "audit.h"
#include "db.h"
#include "err.h"

#include <sodium.h>
#include <string.h>

bool
second_factor_required(enum role role)
{
    return role == ROLE_MINISTRY || role == ROLE_ADMIN;
}

int
second_factor_key(struct db *db, int64_t user_id, unsigned char secret[TOTP_SECRET_BYTES])
{
    static const char sql[] = "SELECT totp_secret FROM users WHERE id = ?1";
    return db_query_blob(db, sql, secret, TOTP_SECRET_BYTES, db_int(user_id));
}

struct acceptance {
    const struct audit_actor *who;
    const struct user *u;
    int64_t step;
    const unsigned char *enrol_secret;
};

static int
accept_unit(struct db *db, void *ctx)
{
    static const char sql_step[] =
        "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2";
    static const char sql_enrol[] = "UPDATE users SET totp_last_step = ?2, totp_secret = ?3"
                                    " WHERE id = ?1 AND totp_last_step < ?2";
    const struct acceptance *a = ctx;
    int rc = a->enrol_secret ? db_run(db, sql_enrol, db_int(a->u->id), db_int(a->step),
                                      db_blob(a->enrol_secret, TOTP_SECRET_BYTES))
                             : db_run(db, sql_step, db_int(a->u->id), db_int(a->step));
    if (rc)
        return rc;
    if (db_changes(db) != 1)
        return ERR_UNAUTH;
    return a->enrol_secret ? audit_record(db, a->who, "user.second_factor", a->u->login, NULL,
                                          "{\"how\":\"enrolled at login\"}")
                           : 0;
}

int
second_factor_accept(struct db *db, const struct audit_actor *who, const struct user *u,
                     int64_t step, const unsigned char *enrol_secret)
{
    struct acceptance a = {who, u, step, enrol_secret};
    return db_transaction(db, accept_unit, &a);
}

struct key_change {
    const struct audit_actor *who;
    const char *login;
    const unsigned char *secret; /* NULL: remove the key */
};

static int
key_change_unit(struct db *db, void *ctx)
{
    static const char sql[] = "UPDATE users SET totp_secret = ?2 WHERE id = ?1";
    const struct key_change *k = ctx;
    struct user u;
    char hash[crypto_pwhash_STRBYTES];
    int rc = user_find(db, k->login, &u, hash);
    sodium_memzero(hash, sizeof(hash));
    if (rc)
        return rc;
    if (!second_factor_required(u.role))
        return ERR_INPUT;
    rc = db_run(db, sql, db_int(u.id),
                k->secret ? db_blob(k->secret, TOTP_SECRET_BYTES) : db_null());
    if (rc == 0)
        rc = user_end_sessions(db, u.id);
    return rc ? rc
              : audit_record(db, k->who, "user.second_factor", k->login, NULL,
                             k->secret ? "{\"how\":\"new key from the command line\"}"
                                       : "{\"how\":\"key removed\"}");
}

int
second_factor_set_key(struct db *db, const struct audit_actor *who, const char *login,
                      unsigned char secret[TOTP_SECRET_BYTES])
{
    totp_new_secret(secret);
    struct key_change k = {who, login, secret};
    return db_transaction(db, key_change_unit, &k);
}

int
second_factor_clear(struct db *db, const struct audit_actor *who, const char *login)
{
    struct key_change k = {who, login, NULL};
    return db_transaction(db, key_change_unit, &k);
}
