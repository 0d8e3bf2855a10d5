/*
 * audit.c: appends to the audit table (see audit.h).
 */
#include "audit.h"
#include "audit_words.h"
#include "buf.h"
#include "clock.h"
#include "arena.h"
#include "db.h"
#include "err.h"
#include "table.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>

const struct audit_actor audit_cli = {0, "cli", NULL, NULL};

int
audit_record(struct db *db, const struct audit_actor *who, const char *action, const char *target,
             const char *on_behalf, const char *detail_json)
{
    static const char sql[] =
        "INSERT INTO audit(at, user_id, actor, action, target, on_behalf, detail, ip, request_id)"
        " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    return db_run(db, sql, db_int(clock_now()), db_int(who->user_id),
                  db_text(who->login ? who->login : "-"), db_text(action), db_text(target),
                  db_text(on_behalf), db_text(detail_json), db_text(who->ip),
                  db_text(who->request_id));
}

/* The filter's WHERE clause, shared by the rows and their count: ?1–?6. */
#define AUDIT_WHERE                                                                                \
    " WHERE (?1 IS NULL OR substr(a.action, 1, length(?1)) = ?1)"                                  \
    " AND (?2 IS NULL OR a.actor = ?2) AND (?3 IS NULL OR instr(a.target, ?3) > 0)"                \
    " AND (?4 IS NULL OR a.on_behalf = ?4) AND (?5 = 0 OR a.at >= ?5) AND (?6 = 0 OR a.at < ?6)"

static int
filter_bind(sqlite3_stmt *st, const struct audit_filter *f)
{
    db_bind_text(st, 1, f->action);
    db_bind_text(st, 2, f->actor);
    db_bind_text(st, 3, f->target);
    db_bind_text(st, 4, f->on_behalf);
    db_bind_int64(st, 5, f->from);
    return db_bind_int64(st, 6, f->to);
}

int
audit_count(struct db *db, const struct audit_filter *f, int64_t *count)
{
    return db_query_number(db, "SELECT count(*) FROM audit a" AUDIT_WHERE, count,
                           db_text(f->action), db_text(f->actor), db_text(f->target),
                           db_text(f->on_behalf), db_int(f->from), db_int(f->to));
}

enum { AT, ACTION, ACTOR, TARGET, ON_BEHALF, DETAIL, IP, REQUEST, SURVEY_TITLE, ORG_NAME, ON_NAME };

/* The target as a person names it: 「R7 意見照会 函館市」 for a response,
   the survey's title for a survey, the code itself for anything else. */
static void
target_words(struct buf *out, sqlite3_stmt *st)
{
    const char *title = db_column_text(st, SURVEY_TITLE), *org = db_column_text(st, ORG_NAME);
    if (!*title && !*org) {
        buf_puts(out, db_column_text(st, TARGET));
        return;
    }
    buf_puts(out, title);
    buf_puts(out, *title && *org ? " " : "");
    buf_puts(out, org);
}

static void
on_behalf_words(struct buf *out, sqlite3_stmt *st)
{
    const char *code = db_column_text(st, ON_BEHALF), *name = db_column_text(st, ON_NAME);
    if (*code && *name)
        buf_printf(out, "%s（%s）", name, code);
    else
        buf_puts(out, code);
}

static const char *const heads_in_words[] = {"日時",           "操作", "実行者", "対象",
                                             "代理入力の団体", "詳細", "IP",     "受付番号"};
static const char *const heads_in_codes[] = {
    "日時",       "操作コード", "実行者", "対象コード", "代理入力の団体", "詳細（JSON）", "IP",
    "リクエスト", "操作",       "対象",   "詳細"};

/* Appends one row; false when memory ran out. */
static bool
row_put(struct table *t, sqlite3_stmt *st, bool in_words, struct buf *scratch)
{
    size_t row = table_row(t);
    if (row == (size_t)-1)
        return false;
    char when[32];
    clock_jst(sqlite3_column_int64(st, AT), when, sizeof(when));
    table_text(t, row, 0, when);
    table_text(t, row, 2, db_column_text(st, ACTOR));
    table_text(t, row, 6, db_column_text(st, IP));
    table_text(t, row, 7, db_column_text(st, REQUEST));
    const char *action = db_column_text(st, ACTION), *detail = db_column_text(st, DETAIL);
    size_t words_col = in_words ? 1 : 8;
    table_text(t, row, words_col, audit_action_words(action));
    buf_reset(scratch);
    target_words(scratch, st);
    table_text(t, row, words_col + (in_words ? 2 : 1), buf_str(scratch));
    buf_reset(scratch);
    audit_detail_words(scratch, detail);
    table_text(t, row, words_col + (in_words ? 4 : 2), buf_str(scratch));
    if (in_words) {
        buf_reset(scratch);
        on_behalf_words(scratch, st);
        table_text(t, row, 4, buf_str(scratch));
    } else {
        table_text(t, row, 1, action);
        table_text(t, row, 3, db_column_text(st, TARGET));
        table_text(t, row, 4, db_column_text(st, ON_BEHALF));
        table_text(t, row, 5, detail);
    }
    return buf_err(scratch) == 0;
}

int
audit_table(struct db *db, const struct audit_filter *f, struct arena *a, struct table *t)
{
    static const char sql[] =
        "SELECT a.at, a.action, a.actor, coalesce(a.target, ''), coalesce(a.on_behalf, ''),"
        " coalesce(a.detail, ''), coalesce(a.ip, ''), coalesce(a.request_id, ''),"
        " coalesce((SELECT title FROM surveys WHERE id = CASE WHEN instr(a.target, '/') > 0"
        "   THEN substr(a.target, 1, instr(a.target, '/') - 1) ELSE a.target END), ''),"
        " coalesce((SELECT name FROM organizations"
        "   WHERE code = substr(a.target, instr(a.target, '/') + 1) AND instr(a.target, '/') > 0), "
        "''),"
        " coalesce((SELECT name FROM organizations WHERE code = a.on_behalf), '')"
        " FROM audit a" AUDIT_WHERE " ORDER BY a.id DESC LIMIT ?7 OFFSET ?8";
    size_t columns = f->in_words ? 8 : 11;
    int rc = table_init(t, a, "監査ログ", "新しい順。日時は日本時間", columns);
    if (rc)
        return rc;
    for (size_t c = 0; c < columns; c++)
        table_head(t, c, f->in_words ? heads_in_words[c] : heads_in_codes[c]);
    struct buf *scratch = buf_new_in(a, 0);
    sqlite3_stmt *st;
    if (!scratch)
        return ERR_NOMEM;
    if ((rc = db_prepare(db, &st, sql)))
        return rc;
    filter_bind(st, f);
    db_bind_int64(st, 7, (int64_t)(f->limit ? f->limit : 1000));
    db_bind_int64(st, 8, (int64_t)f->offset);
    while ((rc = db_step(st)) == 1) {
        if (!row_put(t, st, f->in_words, scratch)) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
audit_record_json(struct db *db, const struct audit_actor *who, const char *action,
                  const char *target, json_t *detail)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
    int rc = text ? audit_record(db, who, action, target, NULL, text) : ERR_NOMEM;
    free(text);
    json_decref(detail);
    return rc;
}
