/*
 * session.c: sessions stored as hashes (see session.h).
 */
#include "session.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "group_commit.h"

#include <stdio.h>
#include <string.h>

/* Deletes sessions past their idle or absolute limit: nothing else would
   (a lookup deletes only the one it finds expired), and a pending session may
   hold a key offered for enrolment. */
static int
sessions_purge(struct db *db, int64_t now)
{
    static const char sql[] = "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2";
    return db_run(db, sql, db_int(now - SESSION_IDLE_SECONDS),
                  db_int(now - SESSION_ABSOLUTE_SECONDS));
}

int
session_create(struct db *db, int64_t user_id, bool second_factor_pending,
               char token[AUTH_TOKEN_CHARS], char csrf[AUTH_TOKEN_CHARS])
{
    static const char sql[] = "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at,"
                              " last_seen, second_factor_pending) VALUES (?1, ?2, ?3, ?4, ?4, ?5)";
    unsigned char hash[AUTH_HASH_BYTES];
    int64_t now = clock_now();
    int rc = sessions_purge(db, now);
    if (rc)
        return rc;
    auth_new_token(token);
    auth_new_token(csrf);
    auth_token_hash(token, hash);
    return db_run(db, sql, db_blob(hash, (int)sizeof(hash)), db_int(user_id), db_text(csrf),
                  db_int(now), db_int(second_factor_pending));
}

static int
session_delete_hash(struct db *db, const unsigned char hash[AUTH_HASH_BYTES])
{
    static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?1";
    return db_run(db, sql, db_blob(hash, AUTH_HASH_BYTES));
}

struct session_touch {
    const unsigned char *hash;
    int64_t now;
};

static int
touch_unit(struct db *db, void *ctx)
{
    static const char sql[] = "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1";
    const struct session_touch *t = ctx;
    return db_run(db, sql, db_blob(t->hash, AUTH_HASH_BYTES), db_int(t->now));
}

int
session_token_row(struct db *db, const char *sql, const char *token,
                  unsigned char hash[AUTH_HASH_BYTES], sqlite3_stmt **st)
{
    *st = NULL;
    if (strlen(token) != AUTH_TOKEN_CHARS - 1)
        return 0;
    auth_token_hash(token, hash);
    return db_first_row(db, sql, st, db_blob(hash, AUTH_HASH_BYTES));
}

int
session_lookup(struct db *db, const char *token, struct user *u, char csrf[AUTH_TOKEN_CHARS],
               bool *second_factor_pending)
{
    static const char sql[] = "SELECT user_id, csrf_token, created_at, last_seen,"
                              " second_factor_pending FROM sessions WHERE token_hash = ?1";
    unsigned char hash[AUTH_HASH_BYTES];
    sqlite3_stmt *st;
    int rc = session_token_row(db, sql, token, hash, &st);
    if (rc <= 0) {
        db_done(st);
        return rc < 0 ? rc : ERR_UNAUTH;
    }
    int64_t user_id = sqlite3_column_int64(st, 0);
    snprintf(csrf, AUTH_TOKEN_CHARS, "%s", db_column_text(st, 1));
    int64_t created = sqlite3_column_int64(st, 2), seen = sqlite3_column_int64(st, 3);
    *second_factor_pending = sqlite3_column_int(st, 4) != 0;
    db_done(st);
    int64_t now = clock_now();
    if (now - seen > SESSION_IDLE_SECONDS || now - created > SESSION_ABSOLUTE_SECONDS) {
        session_delete_hash(db, hash);
        return ERR_UNAUTH;
    }
    rc = user_get(db, user_id, u);
    if (rc)
        return rc == ERR_NOTFOUND ? ERR_UNAUTH : rc;
    if (u->disabled)
        return ERR_UNAUTH;
    /* Touch at most once a minute, through the writer like every other
       write (a page view must not wait for the write lock on its own). */
    if (now - seen >= 60)
        return group_commit_run(db, touch_unit, &(struct session_touch){hash, now});
    return 0;
}

int
session_end(struct db *db, const char *token)
{
    unsigned char hash[AUTH_HASH_BYTES];
    auth_token_hash(token, hash);
    return session_delete_hash(db, hash);
}

int
session_enrol_secret(struct db *db, const char *token, bool make_new,
                     unsigned char secret[TOTP_SECRET_BYTES])
{
    static const char sql_get[] = "SELECT enrol_secret FROM sessions WHERE token_hash = ?1";
    static const char sql_set[] = "UPDATE sessions SET enrol_secret = ?2 WHERE token_hash = ?1";
    unsigned char hash[AUTH_HASH_BYTES];
    auth_token_hash(token, hash);
    if (make_new) {
        totp_new_secret(secret);
        return db_run(db, sql_set, db_blob(hash, AUTH_HASH_BYTES),
                      db_blob(secret, TOTP_SECRET_BYTES));
    }
    return db_query_blob(db, sql_get, secret, TOTP_SECRET_BYTES, db_blob(hash, AUTH_HASH_BYTES));
}
