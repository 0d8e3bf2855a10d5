/*
 * audit.c: appends to the audit table (see audit.h).
 */
#include "audit.h"
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

int
audit_table(struct db *db, const struct audit_filter *f, struct arena *a, struct table *t)
{
    static const char sql[] =
        "SELECT at, action, actor, coalesce(target, ''), coalesce(on_behalf, ''),"
        " coalesce(detail, ''), coalesce(ip, ''), coalesce(request_id, '') FROM audit"
        " WHERE (?1 IS NULL OR substr(action, 1, length(?1)) = ?1)"
        " AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR instr(target, ?3) > 0)"
        " AND (?4 IS NULL OR on_behalf = ?4) AND (?5 = 0 OR at >= ?5) AND (?6 = 0 OR at < ?6)"
        " ORDER BY id DESC LIMIT ?7";
    int rc = table_init(t, a, "監査ログ", "新しい順。日時は日本時間", 8);
    if (rc)
        return rc;
    static const char *const heads[] = {"日時",           "操作", "実行者", "対象",
                                        "代理入力の団体", "詳細", "IP",     "リクエスト"};
    for (size_t c = 0; c < 8; c++)
        table_head(t, c, heads[c]);
    sqlite3_stmt *st;
    if ((rc = db_prepare(db, &st, sql)))
        return rc;
    db_bind_text(st, 1, f->action);
    db_bind_text(st, 2, f->actor);
    db_bind_text(st, 3, f->target);
    db_bind_text(st, 4, f->on_behalf);
    db_bind_int64(st, 5, f->from);
    db_bind_int64(st, 6, f->to);
    db_bind_int64(st, 7, (int64_t)(f->limit ? f->limit : 1000));
    while ((rc = db_step(st)) == 1) {
        size_t row = table_row(t);
        if (row == (size_t)-1) {
            rc = ERR_NOMEM;
            break;
        }
        char when[32];
        clock_jst(sqlite3_column_int64(st, 0), when, sizeof(when));
        table_text(t, row, 0, when);
        for (int c = 1; c < 8; c++)
            table_text(t, row, (size_t)c, db_column_text(st, c));
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
