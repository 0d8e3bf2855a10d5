/*
 * login.c: password check with throttling (see login.h).
 */
#include "login.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "second_factor.h"
#include "totp.h"

#include <stdio.h>
#include <string.h>

static int
failures_since(struct db *db, const char *key, int64_t since, int64_t *count)
{
    static const char sql[] = "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(key), db_int(since));
    *count = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int
failure_record(struct db *db, const char *key, int64_t now)
{
    static const char sql[] = "INSERT INTO login_failures(key, at) VALUES (?1, ?2)";
    static const char sql_prune[] = "DELETE FROM login_failures WHERE at < ?1";
    int rc = db_run(db, sql, db_text(key), db_int(now));
    return rc ? rc : db_run(db, sql_prune, db_int(now - 24 * 3600));
}

static int
failures_clear(struct db *db, const char *key)
{
    static const char sql[] = "DELETE FROM login_failures WHERE key = ?1";
    return db_run(db, sql, db_text(key));
}

/* ERR_THROTTLED when either key has had too many failures in the window. */
static int
throttle_check(struct db *db, const char *account_key, const char *ip_key, int64_t now)
{
    int64_t n_account = 0, n_ip = 0;
    int rc = failures_since(db, account_key, now - LOGIN_WINDOW_SECONDS, &n_account);
    if (rc == 0)
        rc = failures_since(db, ip_key, now - LOGIN_WINDOW_SECONDS, &n_ip);
    if (rc)
        return rc;
    return n_account >= LOGIN_MAX_FAILURES_PER_ACCOUNT || n_ip >= LOGIN_MAX_FAILURES_PER_ADDRESS
               ? ERR_THROTTLED
               : 0;
}

/* Counts a failure against both keys; returns ERR_UNAUTH, or a storage error. */
static int
failure_count(struct db *db, const char *account_key, const char *ip_key, int64_t now)
{
    int rc = failure_record(db, account_key, now);
    if (rc == 0)
        rc = failure_record(db, ip_key, now);
    return rc ? rc : ERR_UNAUTH;
}

int
login_check(struct db *db, const char *login, const char *password, const char *ip, struct user *u)
{
    char login_key[96], ip_key[80];
    snprintf(login_key, sizeof(login_key), "login:%.64s", login);
    snprintf(ip_key, sizeof(ip_key), "ip:%.64s", ip ? ip : "-");
    int64_t now = clock_now();
    int rc = throttle_check(db, login_key, ip_key, now);
    if (rc)
        return rc;

    char hash[crypto_pwhash_STRBYTES];
    bool needs_rehash = false;
    rc = user_find(db, login, u, hash);
    if (rc == ERR_NOTFOUND) {
        auth_verify_dummy(password);
        rc = ERR_UNAUTH;
    } else if (rc == 0) {
        rc = auth_verify_password(hash, password, &needs_rehash);
        if (rc == 0 && u->disabled)
            rc = ERR_UNAUTH;
    }
    if (rc == ERR_UNAUTH)
        return failure_count(db, login_key, ip_key, now);
    if (rc)
        return rc;
    failures_clear(db, login_key);
    if (needs_rehash && auth_hash_password(password, hash) == 0 &&
        user_store_hash(db, u->id, hash) == 0)
        log_event("password_rehashed", "user", u->login, NULL);
    sodium_memzero(hash, sizeof(hash));
    return 0;
}

int
login_check_code(struct db *db, const struct audit_actor *who, const struct user *u,
                 const unsigned char *enrol_secret, const char *typed, const char *ip)
{
    char code[TOTP_DIGITS + 1];
    if (!typed || !totp_code_normalize(typed, code))
        return ERR_INPUT;
    char code_key[96], ip_key[80];
    snprintf(code_key, sizeof(code_key), "code:%.64s", u->login);
    snprintf(ip_key, sizeof(ip_key), "ip:%.64s", ip ? ip : "-");
    int64_t now = clock_now();
    int rc = throttle_check(db, code_key, ip_key, now);
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

const char *
login_code_refusal(int rc, int *status)
{
    switch (rc) {
    case ERR_INPUT:
        *status = 422;
        return "確認コードは認証アプリに表示されている6桁の数字で入力してください。";
    case ERR_UNAUTH:
        *status = 401;
        return "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力して"
               "ください（一度使ったコードは使えません）。";
    case ERR_THROTTLED:
        *status = 429;
        return "確認コードの試行が多すぎます。15分ほど待ってから再度お試しください。";
    default:
        return NULL;
    }
}
