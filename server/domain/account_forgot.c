/*
 * account_forgot.c: a reset link asked for from the login page (see
 * account_forgot.h).
 */
#include "account_forgot.h"
#include "account_link.h"
#include "audit.h"
#include "db.h"
#include "err.h"
#include "login.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct forgot_target {
    int64_t id;
    char login[65];
};

/* The enabled accounts with an address whose login or address is name. */
static int
targets(struct db *db, const char *name, struct forgot_target *out, size_t *n)
{
    static const char sql[] =
        "SELECT id, login FROM users WHERE disabled = 0 AND email IS NOT NULL AND email <> ''"
        " AND (login = ?1 OR lower(email) = lower(?1)) ORDER BY id LIMIT ?2";
    sqlite3_stmt *st;
    *n = 0;
    int rc = db_first_row(db, sql, &st, db_text(name), db_int(ACCOUNT_FORGOT_MAX_ACCOUNTS));
    for (; rc == 1 && *n < ACCOUNT_FORGOT_MAX_ACCOUNTS; rc = db_step(st)) {
        out[*n].id = sqlite3_column_int64(st, 0);
        snprintf(out[*n].login, sizeof(out[*n].login), "%s", db_column_text(st, 1));
        (*n)++;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
account_forgot(struct db *db, const char *name, const char *ip, const char *request_id, int64_t now,
               int *wait)
{
    char key[96], ip_key[96];
    size_t i = 0;
    i += (size_t)snprintf(key, sizeof(key), "forgot:");
    for (const char *c = name; *c && i + 1 < sizeof(key); c++)
        key[i++] = (char)tolower((unsigned char)*c);
    key[i] = '\0';
    snprintf(ip_key, sizeof(ip_key), "forgot-ip:%.64s", ip ? ip : "-");
    int rc = login_throttle_check(db, key, ip_key, now, wait);
    if (rc == 0)
        rc = db_begin(db);
    if (rc)
        return rc;
    struct forgot_target found[ACCOUNT_FORGOT_MAX_ACCOUNTS];
    size_t n = 0;
    rc = login_throttle_count(db, key, ip_key, now);
    if (rc == 0)
        rc = targets(db, name, found, &n);
    for (size_t k = 0; rc == 0 && k < n; k++) {
        struct audit_actor self = {found[k].id, found[k].login, ip, request_id};
        char token[AUTH_TOKEN_CHARS];
        int64_t expires_at;
        rc = account_link_issue(db, &self, found[k].id, found[k].login, ACCOUNT_LINK_RESET, now,
                                token, &expires_at);
        sodium_memzero(token, sizeof(token));
    }
    return db_finish(db, rc);
}
