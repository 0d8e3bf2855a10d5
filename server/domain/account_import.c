/*
 * account_import.c: bulk issuance of accounts from a CSV (see
 * account_import.h).
 */
#include "account_import.h"
#include "account_link.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "csvread.h"
#include "db.h"
#include "encoding.h"
#include "err.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_ORG, COL_LOGIN, COL_ROLE, COL_NAME, COL_DEPT, COL_PHONE, COL_EMAIL, N_COLS };

static const char *const header[N_COLS] = {"団体コード", "ログイン名", "役割",  "氏名",
                                           "所属",       "電話番号",   "メール"};

enum role
account_import_role(const char *s)
{
    static const struct {
        const char *label;
        enum role role;
    } labels[] = {{"団体", ROLE_ORG},
                  {"都道府県", ROLE_PREF},
                  {"総務省", ROLE_MINISTRY},
                  {"管理者", ROLE_ADMIN}};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(s, labels[i].label) == 0)
            return labels[i].role;
    return role_parse(s);
}

struct import_row {
    size_t row_no;
    size_t dup_of; /* the earlier row with the same login, or 0 */
    char *f[N_COLS];
};

struct import_problem {
    size_t row_no, seq;
    const char *text;
};

struct import_state {
    struct db *db;
    struct arena *a;
    struct import_row *rows;
    size_t n_rows, cap;
    struct import_problem problems[ACCOUNT_IMPORT_MAX_PROBLEMS];
    size_t n_problems;
    bool header_ok;
};

/* Names a bad row (the first ACCOUNT_IMPORT_MAX_PROBLEMS found; the rest are
   counted). */
static void
problem(struct import_state *s, size_t row_no, const char *what)
{
    if (s->n_problems < ACCOUNT_IMPORT_MAX_PROBLEMS)
        s->problems[s->n_problems] =
            (struct import_problem){row_no, s->n_problems, arena_strdup(s->a, what)};
    s->n_problems++;
}

static int
by_row(const void *x, const void *y)
{
    const struct import_problem *a = x, *b = y;
    if (a->row_no != b->row_no)
        return a->row_no < b->row_no ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The problems in row order, one line each, into out. */
static void
problems_write(struct import_state *s, struct buf *out)
{
    size_t n =
        s->n_problems < ACCOUNT_IMPORT_MAX_PROBLEMS ? s->n_problems : ACCOUNT_IMPORT_MAX_PROBLEMS;
    qsort(s->problems, n, sizeof(s->problems[0]), by_row);
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%zu行目: %s\n", s->problems[i].row_no,
                   s->problems[i].text ? s->problems[i].text : "");
    if (s->n_problems > ACCOUNT_IMPORT_MAX_PROBLEMS)
        buf_printf(out, "ほかに %zu 件の問題があります。\n",
                   s->n_problems - ACCOUNT_IMPORT_MAX_PROBLEMS);
}

/* s without the spaces around it, in place. */
static char *
trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static int
on_row(size_t row_no, char **fields, size_t n_fields, void *ctx)
{
    struct import_state *s = ctx;
    if (row_no == 1) {
        s->header_ok = n_fields == N_COLS;
        for (size_t c = 0; s->header_ok && c < N_COLS; c++)
            s->header_ok = strcmp(trim(fields[c]), header[c]) == 0;
        return 0;
    }
    if (!s->header_ok)
        return 0;
    bool blank = true;
    for (size_t c = 0; c < n_fields; c++)
        blank = blank && !*trim(fields[c]);
    if (blank)
        return 0;
    if (n_fields != N_COLS) {
        char what[96];
        snprintf(what, sizeof(what), "列の数が %zu です（7列にしてください）。", n_fields);
        problem(s, row_no, what);
        return 0;
    }
    if (s->n_rows == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        struct import_row *more = arena_alloc(s->a, cap * sizeof(*more));
        if (!more)
            return ERR_NOMEM;
        if (s->n_rows)
            memcpy(more, s->rows, s->n_rows * sizeof(*more));
        s->rows = more;
        s->cap = cap;
    }
    struct import_row *r = &s->rows[s->n_rows++];
    r->row_no = row_no;
    r->dup_of = 0;
    for (size_t c = 0; c < N_COLS; c++)
        if (!(r->f[c] = arena_strdup(s->a, trim(fields[c]))))
            return ERR_NOMEM;
    return 0;
}

static int
by_login(const void *x, const void *y)
{
    const struct import_row *const *a = x, *const *b = y;
    int c = strcmp((*a)->f[COL_LOGIN], (*b)->f[COL_LOGIN]);
    return c ? c : (*a)->row_no < (*b)->row_no ? -1 : 1;
}

/* Marks the rows whose login an earlier row of the file has. */
static int
find_duplicates(struct import_state *s)
{
    if (s->n_rows < 2)
        return 0;
    struct import_row **sorted = malloc(s->n_rows * sizeof(*sorted));
    if (!sorted)
        return ERR_NOMEM;
    for (size_t i = 0; i < s->n_rows; i++)
        sorted[i] = &s->rows[i];
    qsort(sorted, s->n_rows, sizeof(*sorted), by_login);
    for (size_t i = 1; i < s->n_rows; i++)
        if (strcmp(sorted[i]->f[COL_LOGIN], sorted[i - 1]->f[COL_LOGIN]) == 0)
            sorted[i]->dup_of =
                sorted[i - 1]->dup_of ? sorted[i - 1]->dup_of : sorted[i - 1]->row_no;
    free(sorted);
    return 0;
}

static bool
login_taken(struct db *db, const char *login, int *rc)
{
    static const char sql[] = "SELECT 1 FROM users WHERE login = ?1";
    sqlite3_stmt *st;
    *rc = db_first_row(db, sql, &st, db_text(login));
    db_done(st);
    bool taken = *rc == 1;
    if (*rc > 0)
        *rc = 0;
    return taken;
}

/* Checks one row against the rules and the database (nothing written). */
static int
check_row(struct import_state *s, const struct import_row *r)
{
    char msg[256];
    int rc = 0;
    const char *login = r->f[COL_LOGIN];
    if (r->dup_of) {
        snprintf(msg, sizeof(msg), "ログイン名 %.64s は %zu行目と重複しています。", login,
                 r->dup_of);
        problem(s, r->row_no, msg);
    } else if (!user_login_valid(login)) {
        snprintf(msg, sizeof(msg),
                 "ログイン名「%.64s」は英数字と . _ @ - の3〜64文字にしてください。", login);
        problem(s, r->row_no, msg);
    } else if (login_taken(s->db, login, &rc)) {
        snprintf(msg, sizeof(msg), "ログイン名 %s は既に使われています。", login);
        problem(s, r->row_no, msg);
    }
    if (rc)
        return rc;
    enum role role = account_import_role(r->f[COL_ROLE]);
    if (!role) {
        snprintf(msg, sizeof(msg),
                 "役割「%.32s」は 団体・都道府県・総務省・管理者 のいずれかで書いてください。",
                 r->f[COL_ROLE]);
        problem(s, r->row_no, msg);
    } else if ((rc = user_role_org_check(s->db, role, r->f[COL_ORG], msg, sizeof(msg))) ==
               ERR_INPUT) {
        problem(s, r->row_no, msg);
        rc = 0;
    }
    if (rc)
        return rc;
    struct user_profile p = {r->f[COL_NAME], r->f[COL_DEPT], r->f[COL_PHONE], r->f[COL_EMAIL]};
    const char *bad = user_profile_problem(&p);
    if (bad)
        problem(s, r->row_no, bad);
    return 0;
}

/* The 団体's name and prefecture for the notice, "" for none. */
static int
org_of(struct db *db, struct arena *a, const char *code, struct account_issued *x)
{
    static const char sql[] = "SELECT name, prefecture FROM organizations WHERE code = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(code));
    x->org_name = arena_strdup(a, rc == 1 ? db_column_text(st, 0) : "");
    x->prefecture = arena_strdup(a, rc == 1 ? db_column_text(st, 1) : "");
    db_done(st);
    return rc < 0 ? rc : x->org_name && x->prefecture ? 0 : ERR_NOMEM;
}

/* Creates every row's account and setup link (inside the transaction). */
static int
create_all(struct import_state *s, const struct audit_actor *who, int64_t now,
           struct account_import_result *out)
{
    out->items = arena_alloc(s->a, s->n_rows * sizeof(*out->items));
    if (!out->items)
        return ERR_NOMEM;
    char msg[256];
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->n_rows; i++) {
        const struct import_row *r = &s->rows[i];
        struct account_issued *x = &out->items[i];
        enum role role = account_import_role(r->f[COL_ROLE]);
        struct user_new n = {r->f[COL_LOGIN],
                             role,
                             r->f[COL_ORG],
                             {r->f[COL_NAME], r->f[COL_DEPT], r->f[COL_PHONE], r->f[COL_EMAIL]}};
        int64_t id;
        *x = (struct account_issued){r->f[COL_LOGIN], r->f[COL_ORG], "", "",
                                     r->f[COL_NAME],  role,          "", 0};
        rc = user_insert(s->db, who, &n, "", &id, msg, sizeof(msg));
        if (rc == 0)
            rc = account_link_issue(s->db, who, id, n.login, ACCOUNT_LINK_SETUP, now, x->token,
                                    &x->expires_at);
        if (rc == 0 && (role == ROLE_ORG || role == ROLE_PREF))
            rc = org_of(s->db, s->a, r->f[COL_ORG], x);
        out->n = i + 1;
    }
    if (rc == 0) {
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"accounts\":%zu}", out->n);
        rc = audit_record(s->db, who, "user.import", NULL, NULL, detail);
    }
    return rc;
}

int
account_import(struct db *db, const struct audit_actor *who, const char *data, size_t len,
               int64_t now, struct arena *a, struct account_import_result *out)
{
    memset(out, 0, sizeof(*out));
    struct import_state *s = arena_alloc(a, sizeof(*s));
    struct buf *problems = buf_new_in(a, 0);
    struct buf converted;
    buf_init(&converted, 0);
    char msg[256] = "";
    const char *text;
    size_t text_len;
    static const struct csv_limits lim = {ACCOUNT_IMPORT_MAX_ROWS + 1, 16, 1024};
    int rc = s && problems ? 0 : ERR_NOMEM;
    if (rc == 0) {
        s->db = db;
        s->a = a;
        rc = encoding_to_utf8(data, len, &converted, &text, &text_len, msg, sizeof(msg));
    }
    if (rc == 0)
        rc = csvread_parse(text, text_len, &lim, on_row, s, msg, sizeof(msg));
    if (rc == 0 && !s->header_ok) {
        snprintf(msg, sizeof(msg),
                 "1行目（見出し）は「" ACCOUNT_IMPORT_HEADER "」にしてください。");
        rc = ERR_INPUT;
    }
    if (rc == 0 && s->n_rows == 0 && s->n_problems == 0) {
        snprintf(msg, sizeof(msg), "取り込むアカウントの行がありません。");
        rc = ERR_INPUT;
    }
    if (rc == 0)
        rc = find_duplicates(s);
    for (size_t i = 0; rc == 0 && i < s->n_rows; i++)
        rc = check_row(s, &s->rows[i]);
    if (rc == 0 && s->n_problems) {
        problems_write(s, problems);
        out->n_problems = s->n_problems;
        rc = ERR_INPUT;
    } else if (rc == ERR_INPUT || rc == ERR_TOOBIG) {
        /* the file as a whole: its encoding, its form, its header */
        buf_printf(problems, "%s\n", msg[0] ? msg : "ファイルを読めませんでした。");
        out->n_problems = 1;
    }
    if (rc == 0 && (rc = db_begin(db)) == 0)
        rc = db_finish(db, create_all(s, who, now, out));
    if (rc == ERR_INPUT || rc == ERR_TOOBIG)
        out->problems = buf_err(problems) ? "ファイルを読めませんでした。" : buf_str(problems);
    if (rc)
        out->n = 0;
    buf_cleanup(&converted);
    return rc;
}

const char *
account_issued_url(struct arena *a, const char *base_url, const char *token)
{
    return arena_printf(a, "%s" ACCOUNT_LINK_PATH "%s", base_url, token);
}

int
account_issued_table(const struct account_issued *items, size_t n, const char *base_url,
                     struct arena *a, struct table *t)
{
    static const char *const heads[] = {"ログイン名", "役割", "団体コード", "都道府県",
                                        "団体名",     "氏名", "設定用URL",  "有効期限"};
    enum { N_HEADS = sizeof(heads) / sizeof(heads[0]) };
    int rc = table_init(t, a, "初期設定用リンク", NULL, N_HEADS);
    if (rc)
        return rc;
    for (size_t c = 0; c < N_HEADS; c++)
        table_head(t, c, heads[c]);
    for (size_t i = 0; i < n; i++) {
        const struct account_issued *x = &items[i];
        size_t row = table_row(t);
        const char *url = account_issued_url(a, base_url, x->token);
        const char *expires = clock_jst_in(a, x->expires_at);
        if (row == (size_t)-1 || !url || !expires)
            return ERR_NOMEM;
        const char *cells[N_HEADS] = {x->login,    role_label(x->role), x->org_code, x->prefecture,
                                      x->org_name, x->full_name,        url,         expires};
        for (size_t c = 0; c < N_HEADS; c++)
            table_text(t, row, c, cells[c]);
    }
    return 0;
}
