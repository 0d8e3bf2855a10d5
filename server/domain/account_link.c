/*
 * account_link.c: one-time setup and reset links (see account_link.h).
 */
#include "account_link.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mail_template.h"

#include <stdio.h>

#include <string.h>

static const char *const kind_names[] = {"setup", "reset"};

const char *
account_link_kind_name(enum account_link_kind kind)
{
    return kind_names[kind == ACCOUNT_LINK_RESET];
}

const char *
account_link_kind_label(enum account_link_kind kind)
{
    return kind == ACCOUNT_LINK_RESET ? "パスワード再設定" : "初期設定";
}

static enum account_link_kind
kind_parse(const char *s)
{
    return strcmp(s, "reset") == 0 ? ACCOUNT_LINK_RESET : ACCOUNT_LINK_SETUP;
}

int
account_link_revoke(struct db *db, int64_t user_id, int64_t now)
{
    static const char sql[] = "UPDATE account_links SET revoked_at = ?2"
                              " WHERE user_id = ?1 AND used_at IS NULL AND revoked_at IS NULL";
    return db_run(db, sql, db_int(user_id), db_int(now));
}

/* The mail that carries a new link, queued in the issuing transaction, for
   an account with an e-mail address — when links can be written out at all
   (serve --base-url; without it there is no address to send). The body is
   sensitive: erased once sent, never listed. */
static int
link_mail_enqueue(struct db *db, int64_t user_id, const char *login, enum account_link_kind kind,
                  const char *token, int64_t expires_at)
{
    static const char sql[] = "SELECT coalesce(email, ''), coalesce(full_name, '') FROM users"
                              " WHERE id = ?1";
    const char *base = outbox_base_url();
    if (!*base)
        return 0;
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_int(user_id));
    if (rc == 1 && *db_column_text(st, 0)) {
        char url[512], until[48];
        snprintf(url, sizeof(url), "%s" ACCOUNT_LINK_PATH "%s", base, token);
        clock_wareki(expires_at, until, sizeof(until));
        const struct mail_var vars[] = {{"login", login},
                                        {"name", db_column_text(st, 1)},
                                        {"url", url},
                                        {"until", until},
                                        {NULL, NULL}};
        const struct outbox_mail m = {.to = db_column_text(st, 0),
                                      .cause =
                                          kind == ACCOUNT_LINK_RESET ? "reset_link" : "setup_link",
                                      .ref = login,
                                      .sensitive = true};
        rc = mail_template_enqueue(
            db, kind == ACCOUNT_LINK_RESET ? "account_reset" : "account_setup", vars, &m);
        /* An address the outbox will not send to still leaves the link to
           the administrator (the account's page, the 通知書). */
        if (rc == ERR_INPUT)
            rc = 0;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
account_link_issue(struct db *db, const struct audit_actor *who, int64_t user_id, const char *login,
                   enum account_link_kind kind, int64_t now, char token_out[AUTH_TOKEN_CHARS],
                   int64_t *expires_at)
{
    static const char sql[] = "INSERT INTO account_links(token_hash, user_id, kind, created_at,"
                              " expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
    unsigned char hash[AUTH_HASH_BYTES];
    auth_new_token(token_out);
    auth_token_hash(token_out, hash);
    *expires_at = now + ACCOUNT_LINK_SECONDS;
    int rc = account_link_revoke(db, user_id, now);
    if (rc == 0)
        rc = db_run(db, sql, db_blob(hash, AUTH_HASH_BYTES), db_int(user_id),
                    db_text(account_link_kind_name(kind)), db_int(now), db_int(*expires_at));
    if (rc == 0)
        rc = audit_record(db, who,
                          kind == ACCOUNT_LINK_RESET ? "user.link.reset" : "user.link.setup", login,
                          NULL, NULL);
    if (rc == 0)
        rc = link_mail_enqueue(db, user_id, login, kind, token_out, *expires_at);
    return rc;
}

/* The live link row of token: its id, user and kind; 1, 0 or an err. */
static int
live_row(struct db *db, const char *token, int64_t now, int64_t *link_id, int64_t *user_id,
         enum account_link_kind *kind, int64_t *expires_at)
{
    static const char sql[] = "SELECT id, user_id, kind, expires_at FROM account_links"
                              " WHERE token_hash = ?1 AND used_at IS NULL AND revoked_at IS NULL"
                              " AND expires_at > ?2";
    if (strlen(token) != AUTH_TOKEN_CHARS - 1)
        return 0;
    unsigned char hash[AUTH_HASH_BYTES];
    auth_token_hash(token, hash);
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_blob(hash, AUTH_HASH_BYTES), db_int(now));
    if (rc == 1) {
        *link_id = sqlite3_column_int64(st, 0);
        *user_id = sqlite3_column_int64(st, 1);
        *kind = kind_parse(db_column_text(st, 2));
        *expires_at = sqlite3_column_int64(st, 3);
    }
    db_done(st);
    return rc;
}

int
account_link_find(struct db *db, const char *token, int64_t now, struct user *u,
                  enum account_link_kind *kind, int64_t *expires_at)
{
    int64_t link_id, user_id;
    int rc = db_found(live_row(db, token, now, &link_id, &user_id, kind, expires_at));
    if (rc == 0)
        rc = user_get(db, user_id, u);
    return rc == 0 && u->disabled ? ERR_NOTFOUND : rc;
}

int
account_link_use(struct db *db, const char *token, const char *hash, int64_t now, const char *ip,
                 const char *request_id, struct user *u)
{
    static const char sql_used[] =
        "UPDATE account_links SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL"
        " AND revoked_at IS NULL";
    int rc = db_begin(db);
    if (rc)
        return rc;
    int64_t link_id, user_id, expires_at;
    enum account_link_kind kind;
    rc = db_found(live_row(db, token, now, &link_id, &user_id, &kind, &expires_at));
    if (rc == 0)
        rc = user_get(db, user_id, u);
    if (rc == 0 && u->disabled)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = db_run(db, sql_used, db_int(link_id), db_int(now));
    if (rc == 0 && db_changes(db) != 1)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = account_link_revoke(db, user_id, now);
    if (rc == 0)
        rc = user_store_hash(db, user_id, hash);
    if (rc == 0)
        rc = user_end_sessions(db, user_id);
    if (rc == 0) {
        struct audit_actor self = {u->id, u->login, ip, request_id};
        rc = audit_record(db, &self, "user.link.used", u->login, NULL,
                          kind == ACCOUNT_LINK_RESET ? "{\"kind\":\"reset\"}"
                                                     : "{\"kind\":\"setup\"}");
    }
    return db_finish(db, rc);
}

int
account_link_live(struct db *db, int64_t user_id, int64_t now, enum account_link_kind *kind,
                  int64_t *expires_at)
{
    static const char sql[] = "SELECT kind, expires_at FROM account_links WHERE user_id = ?1"
                              " AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?2"
                              " ORDER BY created_at DESC, id DESC LIMIT 1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_int(user_id), db_int(now));
    if (rc == 1) {
        *kind = kind_parse(db_column_text(st, 0));
        *expires_at = sqlite3_column_int64(st, 1);
    }
    db_done(st);
    return db_found(rc);
}
