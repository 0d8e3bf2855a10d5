/*
 * api_token.c: API bearer tokens stored as hashes, with an expiry (see
 * api_token.h).
 */
#include "api_token.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "group_commit.h"
#include "session.h"

#include <string.h>

const char *
api_token_name_problem(const char *name)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return "トークンの名前に改行などの制御文字は使えません。";
        chars += (*p & 0xc0) != 0x80;
    }
    return chars > API_TOKEN_NAME_MAX ? "トークンの名前は50文字以内にしてください。" : NULL;
}

const char *const api_token_scope_names[] = {"full", "read", NULL};

enum api_token_scope
api_token_scope_of(const char *name)
{
    const char *const *scopes = api_token_scope_names;
    return name && strcmp(name, scopes[API_TOKEN_READ]) == 0 ? API_TOKEN_READ : API_TOKEN_FULL;
}

const char *
api_token_scope_label(enum api_token_scope scope)
{
    return scope == API_TOKEN_READ ? "読み取り専用" : "すべての操作";
}

int
api_token_days(long long asked, int max)
{
    return asked <= 0 || asked > max ? max : (int)asked;
}

int
api_token_issue(struct db *db, int64_t user_id, const char *name, int days,
                enum api_token_scope scope, char token[AUTH_TOKEN_CHARS], int64_t *expires_at)
{
    static const char sql[] = "INSERT INTO api_tokens(token_hash, user_id, name, created_at,"
                              " expires_at, scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    unsigned char hash[AUTH_HASH_BYTES];
    int64_t now = clock_now();
    *expires_at = now + (int64_t)days * 86400;
    auth_new_token(token);
    auth_token_hash(token, hash);
    return db_run(db, sql, db_blob(hash, (int)sizeof(hash)), db_int(user_id), db_text(name),
                  db_int(now), db_int(*expires_at), db_text(api_token_scope_names[scope]));
}

int
api_token_create(struct db *db, int64_t user_id, const char *name, int days,
                 char token[AUTH_TOKEN_CHARS], int64_t *expires_at)
{
    return api_token_issue(db, user_id, name, days, API_TOKEN_FULL, token, expires_at);
}

struct token_use {
    int64_t id;
    int64_t now;
};

static int
note_use_unit(struct db *db, void *ctx)
{
    static const char sql[] = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1";
    const struct token_use *use = ctx;
    return db_run(db, sql, db_int(use->id), db_int(use->now));
}

int
api_token_lookup(struct db *db, const char *token, struct user *u)
{
    return api_token_lookup_scoped(db, token, u, NULL);
}

int
api_token_lookup_scoped(struct db *db, const char *token, struct user *u,
                        enum api_token_scope *scope)
{
    static const char sql[] = "SELECT id, user_id, expires_at, coalesce(last_used_at, 0), scope"
                              " FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL";
    unsigned char hash[AUTH_HASH_BYTES];
    sqlite3_stmt *st;
    int rc = session_token_row(db, sql, token, hash, &st);
    struct token_use use = {0, clock_now()};
    int64_t user_id = 0, expires_at = 0, last_used_at = 0;
    if (rc == 1) {
        use.id = sqlite3_column_int64(st, 0);
        user_id = sqlite3_column_int64(st, 1);
        expires_at = sqlite3_column_int64(st, 2);
        last_used_at = sqlite3_column_int64(st, 3);
        if (scope)
            *scope = api_token_scope_of(db_column_text(st, 4));
    }
    db_done(st);
    if (rc <= 0)
        return rc < 0 ? rc : ERR_UNAUTH;
    if (use.now >= expires_at)
        return ERR_EXPIRED;
    rc = user_get(db, user_id, u);
    if (rc)
        return rc == ERR_NOTFOUND ? ERR_UNAUTH : rc;
    if (u->disabled)
        return ERR_UNAUTH;
    /* Noted at most once a minute, through the writer like every other write. */
    if (use.now - last_used_at >= 60)
        return group_commit_run(db, note_use_unit, &use);
    return 0;
}

int
api_token_revoke(struct db *db, const char *token)
{
    static const char sql[] = "UPDATE api_tokens SET revoked_at = ?2 WHERE token_hash = ?1";
    unsigned char hash[AUTH_HASH_BYTES];
    auth_token_hash(token, hash);
    return db_run(db, sql, db_blob(hash, (int)sizeof(hash)), db_int(clock_now()));
}

int
api_token_revoke_own(struct db *db, int64_t user_id, int64_t id)
{
    static const char sql[] = "UPDATE api_tokens SET revoked_at = ?3"
                              " WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL";
    int rc = db_run(db, sql, db_int(id), db_int(user_id), db_int(clock_now()));
    return rc == 0 && db_changes(db) == 0 ? ERR_NOTFOUND : rc;
}

int
api_token_each(struct db *db, int64_t user_id, int (*fn)(const struct api_token_info *t, void *ctx),
               void *ctx)
{
    static const char sql[] = "SELECT id, name, created_at, expires_at, coalesce(last_used_at, 0),"
                              " scope FROM api_tokens WHERE user_id = ?1 AND revoked_at IS NULL"
                              " ORDER BY created_at DESC, id DESC";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc == 0)
        rc = db_bind_int64(st, 1, user_id);
    while (rc == 0 && (rc = db_step(st)) == 1) {
        struct api_token_info t = {
            sqlite3_column_int64(st, 0), db_column_text(st, 1),
            sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
            sqlite3_column_int64(st, 4), api_token_scope_of(db_column_text(st, 5))};
        rc = fn(&t, ctx);
    }
    db_done(st);
    return rc;
}
