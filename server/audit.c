/*
 * audit.c: appends to the audit table (see audit.h).
 */
#include "audit.h"
#include "clock.h"
#include "db.h"

#include <stddef.h>

const struct audit_actor audit_cli = {0, "cli", NULL, NULL};

int
audit_record(struct db *db, const struct audit_actor *who, const char *action, const char *target,
             const char *on_behalf, const char *detail_json)
{
    static const char sql[] =
        "INSERT INTO audit(at, user_id, actor, action, target, on_behalf, detail, ip, request_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    db_bind_int64(st, 1, clock_now());
    if (who->user_id)
        db_bind_int64(st, 2, who->user_id);
    db_bind_text(st, 3, who->login ? who->login : "-");
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, target);
    db_bind_text(st, 6, on_behalf);
    db_bind_text(st, 7, detail_json);
    db_bind_text(st, 8, who->ip);
    db_bind_text(st, 9, who->request_id);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}
