/*
 * user.c: account storage (see user.h).
 */
#include "user.h"
#include "account_link.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "clock.h"
#include "err.h"
#include "utf8.h"

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

const char *const role_names[] = {"org", "pref", "ministry", "admin", NULL};

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

void
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
    u->password_set = sqlite3_column_int(st, 9) != 0;
}

static bool
phone_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '(' || c == ')' || c == '+' || c == ' ';
}

/* A plausible address: one @ with text on both sides, a dot in the domain,
   printable ASCII without spaces. Whether it reaches anyone only mail can tell. */
static bool
email_plausible(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.')
        return false;
    for (; *s; s++)
        if (*s <= ' ' || *s > '~')
            return false;
    return s[-1] != '.';
}

static const char *
text_problem(const char *s, size_t max, const char *too_long)
{
    if (!utf8_text_ok(s, strlen(s)) || strchr(s, '\n') || strchr(s, '\r') || strchr(s, '\t'))
        return "改行や制御文字は使えません。";
    return utf8_length(s) > max ? too_long : NULL;
}

const char *
user_profile_problem(const struct user_profile *p)
{
    const char *why;
    if ((why = text_problem(p->full_name ? p->full_name : "", USER_FULL_NAME_MAX,
                            "氏名は64文字以内にしてください。")))
        return why;
    if ((why = text_problem(p->department ? p->department : "", USER_DEPARTMENT_MAX,
                            "所属は128文字以内にしてください。")))
        return why;
    const char *phone = p->phone ? p->phone : "";
    if (strlen(phone) > USER_PHONE_MAX)
        return "電話番号は32文字以内にしてください。";
    for (const char *c = phone; *c; c++)
        if (!phone_char(*c))
            return "電話番号は半角の数字とハイフン（例: 03-5253-5111）で入力してください。";
    const char *email = p->email ? p->email : "";
    if (strlen(email) > USER_EMAIL_MAX)
        return "メールアドレスが長すぎます。";
    if (*email && !email_plausible(email))
        return "メールアドレスの形が正しくありません（例: taro@city.example.lg.jp）。";
    return NULL;
}

int
user_role_org_check(struct db *db, enum role role, const char *org_code, char *msg, size_t msglen)
{
    if (!role) {
        snprintf(msg, msglen, "役割は 団体・都道府県・総務省・管理者 のいずれかです。");
        return ERR_INPUT;
    }
    bool needs_org = role == ROLE_ORG || role == ROLE_PREF;
    if (needs_org != (org_code && *org_code)) {
        snprintf(msg, msglen,
                 needs_org ? "団体職員と都道府県の役割には団体コードが必要です。"
                           : "総務省と管理者の役割に団体コードは指定できません。");
        return ERR_INPUT;
    }
    if (!needs_org)
        return 0;
    static const char sql_org[] = "SELECT kind FROM organizations WHERE code = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql_org, &st, db_text(org_code));
    bool is_pref = rc == 1 && strcmp(db_column_text(st, 0), "都道府県") == 0;
    db_done(st);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        snprintf(msg, msglen, "団体コード %.6s の団体はありません。", org_code);
        return ERR_INPUT;
    }
    if (role == ROLE_PREF && !is_pref) {
        snprintf(msg, msglen, "都道府県の役割には都道府県の団体コードを指定してください。");
        return ERR_INPUT;
    }
    return 0;
}

/* Six digits: the only 団体コード put into an audit row's JSON by hand. */
static bool
user_org_code_shape(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return false;
    return n == 6;
}

static const char *
blank_null(const char *s)
{
    return s && *s ? s : NULL;
}

int
user_insert(struct db *db, const struct audit_actor *who, const struct user_new *n,
            const char *hash, int64_t *id, char *msg, size_t msglen)
{
    if (!user_login_valid(n->login)) {
        snprintf(msg, msglen, "ログイン名は英数字と . _ @ - の3〜64文字にしてください。");
        return ERR_INPUT;
    }
    bool has_org = n->role == ROLE_ORG || n->role == ROLE_PREF;
    const struct user_profile *p = &n->profile;
    static const char sql_add[] =
        "INSERT INTO users(login, role, org_code, email, password_hash, created_at, full_name,"
        " department, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    int rc = db_run(db, sql_add, db_text(n->login), db_text(role_name(n->role)),
                    db_text(has_org ? n->org_code : NULL), db_text(blank_null(p->email)),
                    db_text(hash), db_int(clock_now()), db_text(p->full_name ? p->full_name : ""),
                    db_text(p->department ? p->department : ""), db_text(p->phone ? p->phone : ""));
    if (rc == ERR_CONFLICT)
        snprintf(msg, msglen, "ログイン名 %s は既に使われています。", n->login);
    if (rc)
        return rc;
    *id = db_last_rowid(db);
    return audit_record(db, who, "user.add", n->login, NULL, NULL);
}

int
user_add(struct db *db, const struct audit_actor *who, const char *login, enum role role,
         const char *org_code, const char *email, const char *password, int64_t *id, char *msg,
         size_t msglen)
{
    char hash[crypto_pwhash_STRBYTES];
    struct user_new n = {login, role, org_code, {NULL, NULL, NULL, email}};
    if (!user_login_valid(login)) {
        snprintf(msg, msglen, "ログイン名は英数字と . _ @ - の3〜64文字にしてください。");
        return ERR_INPUT;
    }
    const char *bad = user_profile_problem(&n.profile);
    if (bad) {
        snprintf(msg, msglen, "%s", bad);
        return ERR_INPUT;
    }
    int rc = user_role_org_check(db, role, org_code, msg, msglen);
    if (rc == 0)
        rc = user_password_hash(password, hash, msg, msglen);
    if (rc)
        return rc;
    rc = db_begin(db);
    if (rc == 0)
        rc = db_finish(db, user_insert(db, who, &n, hash, id, msg, msglen));
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
        snprintf(hash, crypto_pwhash_STRBYTES, "%s", db_column_text(st, USER_N_COLUMNS));
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
            const char *detail, int (*change)(struct db *db, const struct user *u, const void *ctx),
            const void *ctx)
{
    struct user u;
    char hash[crypto_pwhash_STRBYTES];
    int rc = db_begin(db);
    if (rc)
        return rc;
    if ((rc = user_find(db, login, &u, hash)) == 0 && (rc = change(db, &u, ctx)) == 0 &&
        (rc = user_end_sessions(db, u.id)) == 0)
        rc = audit_record(db, who, action, login, NULL, detail);
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
    return user_change(db, who, login, "user.passwd", NULL, store_hash, hash);
}

static int
mark_disabled(struct db *db, const struct user *u, const void *unused)
{
    (void)unused;
    static const char sql[] = "UPDATE users SET disabled = 1 WHERE id = ?1";
    int rc = db_run(db, sql, db_int(u->id));
    return rc ? rc : account_link_revoke(db, u->id, clock_now());
}

int
user_disable(struct db *db, const struct audit_actor *who, const char *login)
{
    return user_change(db, who, login, "user.disable", NULL, mark_disabled, NULL);
}

static int
mark_enabled(struct db *db, const struct user *u, const void *unused)
{
    (void)unused;
    static const char sql[] = "UPDATE users SET disabled = 0 WHERE id = ?1";
    return db_run(db, sql, db_int(u->id));
}

int
user_enable(struct db *db, const struct audit_actor *who, const char *login)
{
    return user_change(db, who, login, "user.enable", NULL, mark_enabled, NULL);
}

struct role_change {
    enum role role;
    const char *org_code;
    char *msg;
    size_t msglen;
};

static int
change_role(struct db *db, const struct user *u, const void *ctx)
{
    (void)u;
    const struct role_change *c = ctx;
    static const char sql[] = "UPDATE users SET role = ?2, org_code = ?3,"
                              " approver = approver AND ?2 IN ('org', 'pref') WHERE id = ?1";
    int rc = user_role_org_check(db, c->role, c->org_code, c->msg, c->msglen);
    bool has_org = c->role == ROLE_ORG || c->role == ROLE_PREF;
    return rc ? rc
              : db_run(db, sql, db_int(u->id), db_text(role_name(c->role)),
                       db_text(has_org ? c->org_code : NULL));
}

int
user_set_role(struct db *db, const struct audit_actor *who, const char *login, enum role role,
              const char *org_code, char *msg, size_t msglen)
{
    struct role_change c = {role, org_code, msg, msglen};
    bool has_org = role == ROLE_ORG || role == ROLE_PREF;
    char detail[96];
    snprintf(detail, sizeof(detail), "{\"role\":\"%s\",\"org\":\"%.6s\"}", role_name(role),
             has_org && org_code && user_org_code_shape(org_code) ? org_code : "");
    return user_change(db, who, login, "user.role", detail, change_role, &c);
}

int
user_set_profile(struct db *db, const struct audit_actor *who, const char *login,
                 const struct user_profile *p, char *msg, size_t msglen)
{
    const char *bad = user_profile_problem(p);
    if (bad) {
        snprintf(msg, msglen, "%s", bad);
        return ERR_INPUT;
    }
    static const char sql[] = "UPDATE users SET full_name = ?2, department = ?3, phone = ?4,"
                              " email = ?5 WHERE login = ?1";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(login), db_text(p->full_name ? p->full_name : ""),
                db_text(p->department ? p->department : ""), db_text(p->phone ? p->phone : ""),
                db_text(blank_null(p->email)));
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = audit_record(db, who, "user.profile", login, NULL, NULL);
    return db_finish(db, rc);
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
