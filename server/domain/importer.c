/*
 * importer.c: all-or-nothing imports of entry lists and responses (see
 * importer.h). Each runs in one transaction that is rolled back at the first
 * bad row.
 */
#include "importer.h"
#include "answer.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "csvread.h"
#include "db.h"
#include "entries.h"
#include "err.h"
#include "utf8.h"
#include "org.h"
#include "response.h"

#include <stdlib.h>
#include <string.h>

static const char *const entry_header[] = {"種別", "項番", "対象資料",  "対象ページ",
                                           "分類", "本文", "団体コード"};
enum { COL_KIND, COL_NO, COL_MATERIAL, COL_PAGE, COL_CATEGORY, COL_BODY, COL_ORG };

/* The audit row of an import: how many rows, from which file. */
static int
import_audit(struct db *db, const struct audit_actor *who, const char *action,
             const char *survey_id, const char *source, int rows, int64_t replaced)
{
    json_t *d = json_pack("{s:s, s:i, s:I}", "source", source, "rows", rows, "replaced",
                          (json_int_t)replaced);
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    int rc = detail ? audit_record(db, who, action, survey_id, NULL, detail) : ERR_NOMEM;
    free(detail);
    json_decref(d);
    return rc;
}

/* A dash or an empty cell: the published list gave nothing. */
static bool
not_given(const char *s)
{
    static const char *const dashes[] = {"", "ー", "-", "－", "―", "‐", "—"};
    for (size_t i = 0; i < sizeof(dashes) / sizeof(dashes[0]); i++)
        if (strcmp(s, dashes[i]) == 0)
            return true;
    return false;
}

struct entry_import {
    struct db *db;
    const struct survey *s;
    const struct question *q;
    const char *source;
    size_t n_cols;
    int rows;
    int64_t now;
    FILE *progress;
    char *msg;
    size_t msglen;
};

/* Checks a cell against a column of the entry table: an option, or text within its length. */
static bool
cell_ok(struct entry_import *c, size_t row, const char *colname, const struct question *col,
        const char *v, bool required)
{
    if (not_given(v)) {
        if (!required)
            return true;
        snprintf(c->msg, c->msglen, "%zu行目「%s」: 空欄にはできません", row, colname);
        return false;
    }
    if (col && col->type == Q_SINGLE && !question_has_option(col, v)) {
        snprintf(c->msg, c->msglen, "%zu行目「%s」: 「%.80s」は選択肢にありません", row, colname,
                 v);
        return false;
    }
    long max = col && col->type == Q_TEXT ? col->max_length : 4000;
    if ((long)utf8_length(v) > max) {
        snprintf(c->msg, c->msglen, "%zu行目「%s」: %ld文字を超えています", row, colname, max);
        return false;
    }
    return true;
}

static int
entry_row(size_t row, char **f, size_t n, void *arg)
{
    struct entry_import *c = arg;
    if (row == 1) {
        if (n < 6 || n > 7) {
            snprintf(c->msg, c->msglen,
                     "1行目: 見出しは 種別,項番,対象資料,対象ページ,分類,本文[,団体コード] "
                     "にしてください");
            return ERR_INPUT;
        }
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], entry_header[i]) != 0) {
                snprintf(c->msg, c->msglen, "1行目: %zu列目の見出しは「%s」にしてください", i + 1,
                         entry_header[i]);
                return ERR_INPUT;
            }
        c->n_cols = n;
        return 0;
    }
    if (n != c->n_cols) {
        snprintf(c->msg, c->msglen, "%zu行目: 列の数が見出しと違います（%zu列）", row, n);
        return ERR_INPUT;
    }
    const struct question *q = c->q;
    if (!cell_ok(c, row, "種別", question_column(q, "kind"), f[COL_KIND], true) ||
        !cell_ok(c, row, "対象資料", question_column(q, "material"), f[COL_MATERIAL], false) ||
        !cell_ok(c, row, "対象ページ", question_column(q, "page"), f[COL_PAGE], false) ||
        !cell_ok(c, row, "分類", question_column(q, "category"), f[COL_CATEGORY], false) ||
        !cell_ok(c, row, "本文", question_column(q, "body"), f[COL_BODY], true))
        return ERR_INPUT;
    char *end;
    long no = strtol(f[COL_NO], &end, 10);
    if (!not_given(f[COL_NO]) && (*end || no < 1)) {
        snprintf(c->msg, c->msglen, "%zu行目「項番」: 「%.20s」は正の整数ではありません", row,
                 f[COL_NO]);
        return ERR_INPUT;
    }
    const char *org = c->n_cols == 7 && !not_given(f[COL_ORG]) ? f[COL_ORG] : NULL;
    struct org o;
    if (org && (!org_code_valid(org) || org_get(c->db, org, &o) != 0)) {
        snprintf(c->msg, c->msglen, "%zu行目「団体コード」: 「%.20s」はありません", row, org);
        return ERR_INPUT;
    }
    static const char sql[] =
        "INSERT INTO imported_entries(survey_id, question_id, seq, kind, published_no, material,"
        " page, category, body, org_code, imported_at, source)"
        " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    int rc = db_run(c->db, sql, db_text(c->s->id), db_text(q->id), db_int((int64_t)row),
                    db_text(f[COL_KIND]), db_int((int64_t)(not_given(f[COL_NO]) ? 0 : no)),
                    db_text(not_given(f[COL_MATERIAL]) ? "" : f[COL_MATERIAL]),
                    db_text(not_given(f[COL_PAGE]) ? "" : f[COL_PAGE]),
                    db_text(not_given(f[COL_CATEGORY]) ? "" : f[COL_CATEGORY]),
                    db_text(f[COL_BODY]), db_text(org), db_int(c->now), db_text(c->source));
    if (rc)
        return rc;
    c->rows++;
    if (c->progress && c->rows % 1000 == 0)
        fprintf(c->progress, "%d行を取り込みました…\n", c->rows);
    return 0;
}

int
import_entries(struct db *db, const struct audit_actor *who, const struct survey *s,
               const char *qid, const char *source, const char *data, size_t len, bool replace,
               FILE *progress, int *rows, char *msg, size_t msglen)
{
    const struct question *q = entries_question(s, qid);
    *rows = 0;
    if (!q) {
        snprintf(msg, msglen, "照会 %s に意見・質問の設問「%s」はありません", s->id, qid);
        return ERR_INPUT;
    }
    struct entry_import c = {db, s, q, source, 0, 0, clock_now(), progress, msg, msglen};
    struct csv_limits lim = {IMPORT_MAX_ROWS + 1, 7, 64 * 1024};
    static const char sql_count[] =
        "SELECT count(*) FROM imported_entries WHERE survey_id = ?1 AND question_id = ?2";
    static const char sql_clear[] =
        "DELETE FROM imported_entries WHERE survey_id = ?1 AND question_id = ?2";
    int rc = db_begin(db);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = db_first_row(db, sql_count, &st, db_text(s->id), db_text(q->id));
    int64_t existing = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (rc < 0)
        goto out;
    if (existing && !replace) {
        snprintf(msg, msglen,
                 "この照会には既に %lld 件が取り込まれています。置き換えるには --replace "
                 "を付けてください",
                 (long long)existing);
        rc = ERR_CONFLICT;
        goto out;
    }
    if ((rc = db_run(db, sql_clear, db_text(s->id), db_text(q->id))))
        goto out;
    if ((rc = csvread_parse(data, len, &lim, entry_row, &c, msg, msglen)))
        goto out;
    if (c.n_cols == 0) {
        snprintf(msg, msglen, "ファイルが空です");
        rc = ERR_INPUT;
        goto out;
    }
    rc = import_audit(db, who, "entries.import", s->id, source, c.rows, existing);
out:
    rc = db_finish(db, rc);
    if (rc == 0)
        *rows = c.rows;
    return rc;
}

struct response_import {
    struct db *db;
    const struct audit_actor *who;
    const struct survey *s;
    char **head;
    size_t n_cols;
    int rows;
    FILE *progress;
    struct arena *arena;
    char *msg;
    size_t msglen;
};

/* The question a column belongs to: "<id>" or "<id>.note" for a check item. */
static const struct question *
column_question(const struct survey *s, const char *name, bool *is_note)
{
    *is_note = false;
    const struct question *q = survey_question(s, name);
    if (q)
        return q;
    size_t n = strlen(name);
    if (n > 5 && strcmp(name + n - 5, ".note") == 0) {
        char id[80];
        snprintf(id, sizeof(id), "%.*s", (int)(n - 5), name);
        q = survey_question(s, id);
        if (q && q->type == Q_CHECK) {
            *is_note = true;
            return q;
        }
    }
    return NULL;
}

static int
response_header(struct response_import *c, char **f, size_t n)
{
    if (n < 2 || strcmp(f[0], "団体コード") != 0) {
        snprintf(c->msg, c->msglen,
                 "1行目: 最初の列は「団体コード」、続いて設問 id の列にしてください");
        return ERR_INPUT;
    }
    c->head = arena_alloc(c->arena, n * sizeof(*c->head));
    if (!c->head)
        return ERR_NOMEM;
    for (size_t i = 1; i < n; i++) {
        bool note;
        const struct question *q = column_question(c->s, f[i], &note);
        if (!q) {
            snprintf(c->msg, c->msglen, "1行目 %zu列目: 設問「%.60s」はこの照会にありません", i + 1,
                     f[i]);
            return ERR_INPUT;
        }
        if (q->type == Q_TABLE) {
            snprintf(c->msg, c->msglen, "1行目 %zu列目: 表の設問「%s」は取り込めません", i + 1,
                     f[i]);
            return ERR_INPUT;
        }
        for (size_t k = 1; k < i; k++)
            if (strcmp(c->head[k], f[i]) == 0) {
                snprintf(c->msg, c->msglen, "1行目: 列「%s」が重複しています", f[i]);
                return ERR_INPUT;
            }
        c->head[i] = arena_strdup(c->arena, f[i]);
    }
    c->n_cols = n;
    return 0;
}

/* One cell as the JSON its question takes (numbers parsed, multi split on "|"). */
static json_t *
cell_value(const struct question *q, const char *v)
{
    if (q->type == Q_MULTI) {
        json_t *list = json_array();
        const char *p = v;
        while (*p) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            json_array_append_new(list, json_stringn(p, len));
            p += len + (bar ? 1 : 0);
        }
        return list;
    }
    if (q->type == Q_NUMBER) {
        char *end;
        double d = strtod(v, &end);
        if (*end)
            return json_string(v);
        return d == (double)(long long)d ? json_integer((long long)d) : json_real(d);
    }
    return json_string(v);
}

static int
response_row(size_t row, char **f, size_t n, void *arg)
{
    struct response_import *c = arg;
    if (row == 1)
        return response_header(c, f, n);
    if (n != c->n_cols) {
        snprintf(c->msg, c->msglen, "%zu行目: 列の数が見出しと違います（%zu列）", row, n);
        return ERR_INPUT;
    }
    struct org o;
    if (!org_code_valid(f[0]) || org_get(c->db, f[0], &o) != 0 || !survey_for_kind(c->s, o.kind)) {
        snprintf(c->msg, c->msglen,
                 "%zu行目「団体コード」: 「%.20s」はないか、この照会の対象ではありません", row,
                 f[0]);
        return ERR_INPUT;
    }
    json_t *answers = json_object();
    for (size_t i = 1; i < n; i++) {
        bool note;
        const struct question *q = column_question(c->s, c->head[i], &note);
        if (!*f[i])
            continue;
        if (q->type == Q_CHECK) {
            json_t *item = json_object_get(answers, q->id);
            if (!item) {
                item = json_object();
                json_object_set_new(answers, q->id, item);
            }
            json_object_set_new(item, note ? "note" : "status", json_string(f[i]));
        } else {
            json_object_set_new(answers, q->id, cell_value(q, f[i]));
        }
    }
    struct answer_issues is;
    answer_issues_init(&is, c->arena);
    json_t *clean = answer_check(c->s, answers, true, &is);
    json_decref(answers);
    int rc = 0;
    long version;
    if (is.n)
        rc = ERR_INPUT;
    else
        rc = response_add_submitted_tx(c->db, c->who, c->s->id, f[0], clean, true, &is, &version);
    if (rc == ERR_INPUT && is.n)
        snprintf(c->msg, c->msglen, "%zu行目（%s）: %s", row, f[0], is.items[0].message);
    json_decref(clean);
    if (rc == 0 && ++c->rows % 1000 == 0 && c->progress)
        fprintf(c->progress, "%d行を取り込みました…\n", c->rows);
    return rc;
}

int
import_responses(struct db *db, const struct audit_actor *who, const struct survey *s,
                 const char *source, const char *data, size_t len, FILE *progress, int *rows,
                 char *msg, size_t msglen)
{
    struct arena a;
    arena_init(&a, 0);
    struct response_import c = {db, who, s, NULL, 0, 0, progress, &a, msg, msglen};
    struct csv_limits lim = {IMPORT_MAX_ROWS + 1, IMPORT_MAX_COLUMNS, 64 * 1024};
    *rows = 0;
    int rc = db_begin(db);
    if (rc == 0)
        rc = csvread_parse(data, len, &lim, response_row, &c, msg, msglen);
    if (rc == 0 && c.n_cols == 0) {
        snprintf(msg, msglen, "ファイルが空です");
        rc = ERR_INPUT;
    }
    if (rc == 0)
        rc = import_audit(db, who, "responses.import", s->id, source, c.rows, 0);
    rc = db_finish(db, rc);
    if (rc == 0)
        *rows = c.rows;
    arena_reset(&a);
    return rc;
}
