/*
 * account.c: accounts as the administrator manages them (see account.h).
 */
#include "account.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "table.h"

#include <stdio.h>
#include <string.h>

const char *const account_state_names[] = {"active", "unset", "disabled", NULL};
static const enum account_state named_states[] = {ACCOUNT_ACTIVE, ACCOUNT_UNSET, ACCOUNT_DISABLED};

enum account_state
account_state_parse(const char *s)
{
    for (size_t i = 0; s && account_state_names[i]; i++)
        if (strcmp(s, account_state_names[i]) == 0)
            return named_states[i];
    return ACCOUNT_ANY;
}

const char *
account_state_label(enum account_state s)
{
    return s == ACCOUNT_DISABLED ? "停止中" : s == ACCOUNT_UNSET ? "パスワード未設定" : "利用中";
}

/* USER_COLUMNS, then the profile, the state (as enum account_state), the
   creation time and the live link's kind and expiry (NULL when none); ?9 is
   the time now. */
#define ACCOUNT_COLUMNS                                                                            \
    USER_COLUMNS ", u.full_name, u.department, u.phone, coalesce(u.email, ''),"                    \
                 " CASE WHEN u.disabled THEN 3 WHEN u.password_hash = '' THEN 2 ELSE 1 END,"       \
                 " u.created_at, l.kind, l.expires_at"
#define ACCOUNT_FROM                                                                               \
    " FROM users u LEFT JOIN organizations o ON o.code = u.org_code"                               \
    " LEFT JOIN account_links l ON l.id = (SELECT id FROM account_links"                           \
    "   WHERE user_id = u.id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?9"       \
    "   ORDER BY created_at DESC, id DESC LIMIT 1)"
/* ?1 '%q%', ?2 'q%', ?3 q ('' = any), ?4 prefecture, ?5 role, ?6 state (0 = any). */
#define ACCOUNT_WHERE                                                                              \
    " WHERE (?3 = '' OR u.login LIKE ?1 ESCAPE '\\' OR u.full_name LIKE ?1 ESCAPE '\\'"            \
    "        OR u.email LIKE ?1 ESCAPE '\\' OR o.name LIKE ?1 ESCAPE '\\'"                         \
    "        OR u.org_code LIKE ?2 ESCAPE '\\')"                                                   \
    "   AND (?4 = '' OR o.prefecture = ?4) AND (?5 = '' OR u.role = ?5)"                           \
    "   AND (?6 = 0 OR ?6 = CASE WHEN u.disabled THEN 3 WHEN u.password_hash = '' THEN 2 ELSE 1 "  \
    "END)"

static void
account_from_row(sqlite3_stmt *st, struct arena *a, struct account *out)
{
    memset(out, 0, sizeof(*out));
    user_from_row(st, &out->user);
    int c = USER_N_COLUMNS;
    out->profile.full_name = arena_strdup(a, db_column_text(st, c));
    out->profile.department = arena_strdup(a, db_column_text(st, c + 1));
    out->profile.phone = arena_strdup(a, db_column_text(st, c + 2));
    out->profile.email = arena_strdup(a, db_column_text(st, c + 3));
    out->state = (enum account_state)sqlite3_column_int(st, c + 4);
    out->created_at = sqlite3_column_int64(st, c + 5);
    out->link_live = sqlite3_column_type(st, c + 6) != SQLITE_NULL;
    out->link_kind =
        strcmp(db_column_text(st, c + 6), "reset") == 0 ? ACCOUNT_LINK_RESET : ACCOUNT_LINK_SETUP;
    out->link_expires_at = sqlite3_column_int64(st, c + 7);
}

/* q with LIKE's wildcards escaped, as '%q%' and 'q%', in a. */
static int
like_patterns(struct arena *a, const char *q, const char **anywhere, const char **prefix)
{
    size_t n = strlen(q);
    char *esc = arena_alloc(a, 2 * n + 1);
    if (!esc)
        return ERR_NOMEM;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            esc[j++] = '\\';
        esc[j++] = q[i];
    }
    esc[j] = '\0';
    *anywhere = arena_printf(a, "%%%s%%", esc);
    *prefix = arena_printf(a, "%s%%", esc);
    return *anywhere && *prefix ? 0 : ERR_NOMEM;
}

/* Binds ?1..?6 of ACCOUNT_WHERE. */
static int
bind_filter(sqlite3_stmt *st, struct arena *a, const struct account_filter *f)
{
    const char *q = f->q ? f->q : "", *anywhere, *prefix;
    int rc = like_patterns(a, q, &anywhere, &prefix);
    if (rc)
        return rc;
    if (db_bind_text(st, 1, anywhere) || db_bind_text(st, 2, prefix) || db_bind_text(st, 3, q) ||
        db_bind_text(st, 4, f->prefecture ? f->prefecture : "") ||
        db_bind_text(st, 5, f->role ? role_name(f->role) : "") ||
        db_bind_int64(st, 6, (int64_t)f->state))
        return ERR_DB;
    return 0;
}

/* Steps st, already bound, collecting every row into out->items. */
static int
collect(sqlite3_stmt *st, struct arena *a, size_t cap, struct account_list *out)
{
    out->items = arena_alloc(a, (cap ? cap : 1) * sizeof(*out->items));
    if (!out->items)
        return ERR_NOMEM;
    int rc;
    while ((rc = db_step(st)) == 1 && out->n < cap)
        account_from_row(st, a, &out->items[out->n++]);
    return rc < 0 ? rc : 0;
}

int
account_search(struct db *db, const struct account_filter *f, int64_t offset, size_t limit,
               struct arena *a, struct account_list *out)
{
    static const char sql_count[] = "SELECT count(*) FROM users u LEFT JOIN organizations o ON "
                                    "o.code = u.org_code" ACCOUNT_WHERE;
    static const char sql[] = "SELECT " ACCOUNT_COLUMNS ACCOUNT_FROM ACCOUNT_WHERE
                              " ORDER BY coalesce(u.org_code, ''), u.login LIMIT ?7 OFFSET ?8";
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql_count);
    if (rc == 0 && (rc = bind_filter(st, a, f)) == 0 && (rc = db_step(st)) == 1)
        out->total = sqlite3_column_int64(st, 0);
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st, sql)))
        return rc;
    rc = bind_filter(st, a, f);
    if (rc == 0 && (db_bind_int64(st, 7, (int64_t)limit) || db_bind_int64(st, 8, offset) ||
                    db_bind_int64(st, 9, clock_now())))
        rc = ERR_DB;
    /* room for the rows there are, not for the limit asked */
    int64_t left = out->total > offset ? out->total - offset : 0;
    if (rc == 0)
        rc = collect(st, a, (size_t)left < limit ? (size_t)left : limit, out);
    db_done(st);
    return rc;
}

int
account_get(struct db *db, int64_t id, struct arena *a, struct account *out)
{
    static const char sql[] = "SELECT " ACCOUNT_COLUMNS ACCOUNT_FROM " WHERE u.id = ?1";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    if (db_bind_int64(st, 1, id) || db_bind_int64(st, 9, clock_now()))
        rc = ERR_DB;
    if (rc == 0 && (rc = db_step(st)) == 1)
        account_from_row(st, a, out);
    db_done(st);
    return db_found(rc);
}

int
account_table(struct db *db, const struct account_filter *f, struct arena *a, struct table *t)
{
    static const char *const heads[] = {"ログイン名", "役割", "団体コード", "都道府県",
                                        "団体名",     "氏名", "所属",       "電話番号",
                                        "メール",     "状態", "承認者"};
    enum { N_HEADS = sizeof(heads) / sizeof(heads[0]) };
    struct account_list l;
    int rc = account_search(db, f, 0, 100000, a, &l);
    if (rc == 0)
        rc = table_init(t, a, "アカウント一覧", NULL, N_HEADS);
    if (rc)
        return rc;
    for (size_t c = 0; c < N_HEADS; c++)
        table_head(t, c, heads[c]);
    for (size_t i = 0; i < l.n; i++) {
        const struct account *x = &l.items[i];
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        const char *cells[N_HEADS] = {x->user.login,
                                      role_label(x->user.role),
                                      x->user.org_code,
                                      x->user.prefecture,
                                      x->user.org_name,
                                      x->profile.full_name,
                                      x->profile.department,
                                      x->profile.phone,
                                      x->profile.email,
                                      account_state_label(x->state),
                                      x->user.approver ? "承認者" : ""};
        for (size_t c = 0; c < N_HEADS; c++)
            table_text(t, row, c, cells[c]);
    }
    return 0;
}

int
account_create(struct db *db, const struct audit_actor *who, const struct user_new *n,
               bool approver, int64_t now, int64_t *id, char token_out[AUTH_TOKEN_CHARS],
               int64_t *expires_at, char *msg, size_t msglen)
{
    static const char sql_approver[] = "UPDATE users SET approver = 1 WHERE id = ?1";
    const char *bad = user_profile_problem(&n->profile);
    if (bad) {
        snprintf(msg, msglen, "%s", bad);
        return ERR_INPUT;
    }
    if (approver && n->role != ROLE_ORG && n->role != ROLE_PREF) {
        snprintf(msg, msglen, "承認者にできるのは団体職員と都道府県の担当者だけです。");
        return ERR_INPUT;
    }
    int rc = user_role_org_check(db, n->role, n->org_code, msg, msglen);
    if (rc == 0)
        rc = db_begin(db);
    if (rc)
        return rc;
    rc = user_insert(db, who, n, "", id, msg, msglen);
    if (rc == 0 && approver && (rc = db_run(db, sql_approver, db_int(*id))) == 0)
        rc = audit_record(db, who, "user.approver", n->login, NULL, NULL);
    if (rc == 0)
        rc = account_link_issue(db, who, *id, n->login, ACCOUNT_LINK_SETUP, now, token_out,
                                expires_at);
    return db_finish(db, rc);
}

int
account_issue_link(struct db *db, const struct audit_actor *who, int64_t id, int64_t now,
                   enum account_link_kind *kind, char token_out[AUTH_TOKEN_CHARS],
                   int64_t *expires_at)
{
    struct user u;
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = user_get(db, id, &u);
    if (rc == 0 && u.disabled)
        rc = ERR_CONFLICT;
    *kind = rc == 0 && u.password_set ? ACCOUNT_LINK_RESET : ACCOUNT_LINK_SETUP;
    if (rc == 0)
        rc = account_link_issue(db, who, id, u.login, *kind, now, token_out, expires_at);
    return db_finish(db, rc);
}

int
account_org_contacts(struct db *db, const char *org_code, struct arena *a, const char **out)
{
    static const char sql[] =
        "SELECT coalesce(group_concat(" ACCOUNT_CONTACT_SQL ", ' / '), '') FROM users u"
        " WHERE u.org_code = ?1 AND u.disabled = 0"
        " AND (u.full_name <> '' OR u.phone <> '' OR u.email IS NOT NULL)";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(org_code));
    *out = arena_strdup(a, rc == 1 ? db_column_text(st, 0) : "");
    db_done(st);
    return rc < 0 ? rc : *out ? 0 : ERR_NOMEM;
}
