/*
 * login.c: password check with throttling (see login.h).
 */
#include "login.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "db_pool.h"
#include "err.h"
#include "log.h"
#include "second_factor.h"
#include "totp.h"

#include <stdio.h>
#include <string.h>

/* How many failures key has had since `since`, and the times of the first
   and the last of them. */
static int
failures_since(struct db *db, const char *key, int64_t since, int64_t *count, int64_t *first,
               int64_t *last)
{
    static const char sql[] =
        "SELECT count(*), min(at), max(at) FROM login_failures WHERE key = ?1 AND at > ?2";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(key), db_int(since));
    *count = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    *first = rc == 1 ? sqlite3_column_int64(st, 1) : 0;
    *last = rc == 1 ? sqlite3_column_int64(st, 2) : 0;
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int
failure_record(struct db *db, const char *key, int64_t now)
{
    static const char sql[] = "INSERT INTO login_failures(key, at) VALUES (?1, ?2)";
    static const char sql_prune[] = "DELETE FROM login_failures WHERE at < ?1";
    int rc = db_run(db, sql, db_text(key), db_int(now));
    return rc ? rc : db_run(db, sql_prune, db_int(now - LOGIN_MEMORY_SECONDS));
}

static int
failures_clear(struct db *db, const char *key)
{
    static const char sql[] = "DELETE FROM login_failures WHERE key = ?1";
    return db_run(db, sql, db_text(key));
}

int64_t
login_delay(int64_t failures)
{
    if (failures < LOGIN_FREE_FAILURES)
        return 0;
    int64_t delay = LOGIN_DELAY_FIRST_SECONDS;
    for (int64_t i = LOGIN_FREE_FAILURES; i < failures && delay < LOGIN_DELAY_MAX_SECONDS; i++)
        delay *= 2;
    return delay < LOGIN_DELAY_MAX_SECONDS ? delay : LOGIN_DELAY_MAX_SECONDS;
}

/* ERR_THROTTLED, with *wait the seconds left, while key (an account from one
   address, or a second factor) is in its growing delay or the address has
   reached its ceiling across all accounts. */
int
login_throttle_check(struct db *db, const char *key, const char *ip_key, int64_t now, int *wait)
{
    int64_t n_key, n_ip, first, last, ip_first, ip_last;
    int rc = failures_since(db, key, now - LOGIN_MEMORY_SECONDS, &n_key, &first, &last);
    if (rc == 0)
        rc = failures_since(db, ip_key, now - LOGIN_WINDOW_SECONDS, &n_ip, &ip_first, &ip_last);
    if (rc)
        return rc;
    int64_t until = n_key ? last + login_delay(n_key) : 0;
    if (n_ip >= LOGIN_MAX_FAILURES_PER_ADDRESS && ip_first + LOGIN_WINDOW_SECONDS > until)
        until = ip_first + LOGIN_WINDOW_SECONDS;
    if (until <= now)
        return 0;
    *wait = (int)(until - now);
    return ERR_THROTTLED;
}

int
login_throttle_count(struct db *db, const char *key, const char *ip_key, int64_t now)
{
    int rc = failure_record(db, key, now);
    return rc ? rc : failure_record(db, ip_key, now);
}

/* Counts a failure against both keys; returns ERR_UNAUTH, or a storage error. */
static int
failure_count(struct db *db, const char *key, const char *ip_key, int64_t now)
{
    int rc = login_throttle_count(db, key, ip_key, now);
    return rc ? rc : ERR_UNAUTH;
}

static void
ip_key_of(const char *ip, char out[80])
{
    snprintf(out, 80, "ip:%.64s", ip ? ip : "-");
}

/* argon2id runs with no database connection held (it may first wait in the
   hashing queue): *db goes back to the pool before, and another is taken
   after; rc, or ERR_BUSY, with *db NULL, when none came back. */
static void
connection_give_back(struct db **db)
{
    db_pool_release(*db);
    *db = NULL;
}

static int
connection_take_again(struct db **db, int rc)
{
    *db = db_pool_acquire();
    return *db ? rc : ERR_BUSY;
}

/* Verifies password against hash (the dummy hash when hash is NULL) with no
   connection held; a stale hash is rehashed into hash meanwhile (*rehashed). */
static int
verify_unheld(struct db **db, char *hash, const char *password, bool *rehashed)
{
    connection_give_back(db);
    bool needs_rehash = false;
    int rc =
        hash ? auth_verify_password(hash, password, &needs_rehash) : auth_verify_dummy(password);
    *rehashed = rc == 0 && needs_rehash && auth_hash_password(password, hash) == 0;
    return connection_take_again(db, rc);
}

int
login_hash_new(struct db **db, const char *password, char hash[crypto_pwhash_STRBYTES], char *msg,
               size_t msglen)
{
    connection_give_back(db);
    return connection_take_again(db, user_password_hash(password, hash, msg, msglen));
}

int
login_check(struct db **db, const char *login, const char *password, const char *ip, struct user *u,
            int *wait)
{
    char pair_key[160], ip_key[80];
    snprintf(pair_key, sizeof(pair_key), "login:%.64s@%.64s", login, ip ? ip : "-");
    ip_key_of(ip, ip_key);
    int64_t now = clock_now();
    int rc = login_throttle_check(*db, pair_key, ip_key, now, wait);
    if (rc)
        return rc;

    char hash[crypto_pwhash_STRBYTES];
    bool rehashed = false;
    rc = user_find(*db, login, u, hash);
    if (rc == ERR_NOTFOUND || rc == 0) {
        /* An account without a password yet ('' until its setup link is
           used) is refused after the same work as an unknown name. */
        bool known = rc == 0 && hash[0];
        rc = verify_unheld(db, known ? hash : NULL, password, &rehashed);
        if (rc == 0 && u->disabled)
            rc = ERR_UNAUTH;
    }
    if (rc == ERR_UNAUTH)
        rc = failure_count(*db, pair_key, ip_key, now);
    if (rc == 0) {
        failures_clear(*db, pair_key);
        if (rehashed && user_store_hash(*db, u->id, hash) == 0)
            log_event("password_rehashed", "user", u->login, NULL);
    }
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

int
login_check_code(struct db *db, const struct audit_actor *who, const struct user *u,
                 const unsigned char *enrol_secret, const char *typed, const char *ip, int *wait)
{
    char code[TOTP_DIGITS + 1];
    if (!typed || !totp_code_normalize(typed, code))
        return ERR_INPUT;
    char code_key[96], ip_key[80];
    snprintf(code_key, sizeof(code_key), "code:%.64s", u->login);
    ip_key_of(ip, ip_key);
    int64_t now = clock_now();
    int rc = login_throttle_check(db, code_key, ip_key, now, wait);
    if (rc)
        return rc;
    unsigned char secret[TOTP_SECRET_BYTES];
    if (enrol_secret)
        memcpy(secret, enrol_secret, sizeof(secret));
    else if ((rc = second_factor_key(db, u->id, secret)))
        return rc == ERR_NOTFOUND ? ERR_UNAUTH : rc;
    int64_t step = totp_match(secret, now, code);
    sodium_memzero(secret, sizeof(secret));
    rc = step < 0 ? ERR_UNAUTH : second_factor_accept(db, who, u, step, enrol_secret);
    if (rc == ERR_UNAUTH)
        return failure_count(db, code_key, ip_key, now);
    if (rc == 0)
        failures_clear(db, code_key);
    return rc;
}
