/*
 * user.c: account storage (see user.h).
 */
#include "user.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "clock.h"
#include "err.h"

#include <stdio.h>
#include <string.h>

static const struct {
    enum role role;
    const char *name;
    const char *label;
} roles[] = {
    {ROLE_ORG, "org", "団体職員"},
    {ROLE_PREF, "pref", "都道府県取りまとめ"},
    {ROLE_MINISTRY, "ministry", "総務省"},
    {ROLE_ADMIN, "admin", "システム管理者"},
};

enum role
role_parse(const char *s)
{
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (strcmp(s, roles[i].name) == 0)
            return roles[i].role;
    return 0;
}

const char *
role_name(enum role r)
{
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (roles[i].role == r)
            return roles[i].name;
    return "?";
}

const char *
role_label(enum role r)
{
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (roles[i].role == r)
            return roles[i].label;
    return "?";
}

bool
user_login_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '@' || *s == '-'))
            return false;
    return true;
}

/* Columns 0..8 of every user query, in this order. */
#define USER_COLUMNS                                                                               \
    "u.id, u.login, u.role, coalesce(u.org_code, ''), coalesce(o.name, ''),"                       \
    " coalesce(o.prefecture, ''), u.disabled, u.approver, u.totp_secret IS NOT NULL"

static void
user_from_row(sqlite3_stmt *st, struct user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = sqlite3_column_int64(st, 0);
    snprintf(u->login, sizeof(u->login), "%s", db_column_text(st, 1));
    u->role = role_parse(db_column_text(st, 2));
    snprintf(u->org_code, sizeof(u->org_code), "%s", db_column_text(st, 3));
    snprintf(u->org_name, sizeof(u->org_name), "%s", db_column_text(st, 4));
    snprintf(u->prefecture, sizeof(u->prefecture), "%s", db_column_text(st, 5));
    u->disabled = sqlite3_column_int(st, 6) != 0;
    u->approver = sqlite3_column_int(st, 7) != 0;
    u->second_factor_enrolled = sqlite3_column_int(st, 8) != 0;
}

int
user_add(struct db *db, const struct audit_actor *who, const char *login, enum role role,
         const char *org_code, const char *email, const char *password, int64_t *id, char *msg,
         size_t msglen)
{
    char hash[crypto_pwhash_STRBYTES];
    if (!user_login_valid(login)) {
        snprintf(msg, msglen, "ログイン名は英数字と . _ @ - の3〜64文字にしてください");
        return ERR_INPUT;
    }
    if (!role) {
        snprintf(msg, msglen, "役割は org, pref, ministry, admin のいずれかです");
        return ERR_INPUT;
    }
    bool needs_org = role == ROLE_ORG || role == ROLE_PREF;
    if (needs_org != (org_code && *org_code)) {
        snprintf(msg, msglen,
                 needs_org ? "org と pref には --org で団体コードが必要です"
                           : "ministry と admin に団体コードは指定できません");
        return ERR_INPUT;
    }
    int rc = user_password_hash(password, hash, msg, msglen);
    if (rc)
        return rc;
    rc = db_begin(db);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    if (needs_org) {
        static const char sql_org[] = "SELECT kind FROM organizations WHERE code = ?1";
        rc = db_first_row(db, sql_org, &st, db_text(org_code));
        bool is_pref = rc == 1 && strcmp(db_column_text(st, 0), "都道府県") == 0;
        db_done(st);
        if (rc < 0)
            goto out;
        if (rc == 0) {
            snprintf(msg, msglen, "団体コード %s はありません", org_code);
            rc = ERR_INPUT;
            goto out;
        }
        if (role == ROLE_PREF && !is_pref) {
            snprintf(msg, msglen, "pref には都道府県の団体コードを指定してください");
            rc = ERR_INPUT;
            goto out;
        }
    }
    static const char sql_add[] = "INSERT INTO users(login, role, org_code, email, password_hash,"
                                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    rc = db_run(db, sql_add, db_text(login), db_text(role_name(role)),
                db_text(needs_org ? org_code : NULL), db_text(email && *email ? email : NULL),
                db_text(hash), db_int(clock_now()));
    if (rc == ERR_CONFLICT) {
        snprintf(msg, msglen, "ログイン名 %s は既に使われています", login);
        goto out;
    }
    if (rc < 0)
        goto out;
    *id = db_last_rowid(db);
    rc = audit_record(db, who, "user.add", login, NULL, NULL);
out:
    rc = db_finish(db, rc);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

int
user_find(struct db *db, const char *login, struct user *u, char hash[crypto_pwhash_STRBYTES])
{
    static const char sql[] =
        "SELECT " USER_COLUMNS ", u.password_hash FROM users u"
        " LEFT JOIN organizations o ON o.code = u.org_code WHERE u.login = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(login));
    if (rc == 1) {
        user_from_row(st, u);
        snprintf(hash, crypto_pwhash_STRBYTES, "%s", db_column_text(st, 9));
    }
    db_done(st);
    return db_found(rc);
}

int
user_get(struct db *db, int64_t id, struct user *u)
{
    static const char sql[] = "SELECT " USER_COLUMNS " FROM users u"
                              " LEFT JOIN organizations o ON o.code = u.org_code WHERE u.id = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_int(id));
    if (rc == 1)
        user_from_row(st, u);
    db_done(st);
    return db_found(rc);
}

int
user_end_sessions(struct db *db, int64_t id)
{
    static const char sql_sessions[] = "DELETE FROM sessions WHERE user_id = ?1";
    static const char sql_tokens[] =
        "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL";
    int rc = db_run(db, sql_sessions, db_int(id));
    return rc ? rc : db_run(db, sql_tokens, db_int(id), db_int(clock_now()));
}

int
user_store_hash(struct db *db, int64_t id, const char *hash)
{
    static const char sql[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
    return db_run(db, sql, db_int(id), db_text(hash));
}

int
user_password_hash(const char *password, char hash[crypto_pwhash_STRBYTES], char *msg,
                   size_t msglen)
{
    const char *problem = auth_password_problem(password);
    if (problem) {
        snprintf(msg, msglen, "%s", problem);
        return ERR_INPUT;
    }
    return auth_hash_password(password, hash);
}

int
user_set_password(struct db *db, const struct audit_actor *who, const char *login,
                  const char *password, char *msg, size_t msglen)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = user_password_hash(password, hash, msg, msglen);
    if (rc == 0)
        rc = user_replace_hash(db, who, login, hash);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

/* In one transaction: finds login, applies change to it, ends its sessions
   and tokens, and records action. */
static int
user_change(struct db *db, const struct audit_actor *who, const char *login, const char *action,
            int (*change)(struct db *db, const struct user *u, const void *ctx), const void *ctx)
{
    struct user u;
    char hash[crypto_pwhash_STRBYTES];
    int rc = db_begin(db);
    if (rc)
        return rc;
    if ((rc = user_find(db, login, &u, hash)) == 0 && (rc = change(db, &u, ctx)) == 0 &&
        (rc = user_end_sessions(db, u.id)) == 0)
        rc = audit_record(db, who, action, login, NULL, NULL);
    sodium_memzero(hash, sizeof(hash));
    return db_finish(db, rc);
}

static int
store_hash(struct db *db, const struct user *u, const void *hash)
{
    return user_store_hash(db, u->id, hash);
}

int
user_replace_hash(struct db *db, const struct audit_actor *who, const char *login, const char *hash)
{
    return user_change(db, who, login, "user.passwd", store_hash, hash);
}

static int
mark_disabled(struct db *db, const struct user *u, const void *unused)
{
    (void)unused;
    static const char sql[] = "UPDATE users SET disabled = 1 WHERE id = ?1";
    return db_run(db, sql, db_int(u->id));
}

int
user_disable(struct db *db, const struct audit_actor *who, const char *login)
{
    return user_change(db, who, login, "user.disable", mark_disabled, NULL);
}

int
user_each(struct db *db, int (*fn)(const struct user *u, void *ctx), void *ctx)
{
    static const char sql[] = "SELECT " USER_COLUMNS " FROM users u"
                              " LEFT JOIN organizations o ON o.code = u.org_code ORDER BY u.login";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == 1) {
        struct user u;
        user_from_row(st, &u);
        if ((rc = fn(&u, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
user_set_approver(struct db *db, const struct audit_actor *who, const char *login, bool on)
{
    static const char sql[] =
        "UPDATE users SET approver = ?2 WHERE login = ?1 AND role IN ('org', 'pref')";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(login), db_int((int64_t)on));
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = audit_record(db, who, on ? "user.approver" : "user.not_approver", login, NULL, NULL);
    rc = db_finish(db, rc);
    return rc;
}
