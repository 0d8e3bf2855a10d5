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
        " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    return db_run(db, sql, "iittttttt", clock_now(), who->user_id, who->login ? who->login : "-",
                  action, target, on_behalf, detail_json, who->ip, who->request_id);
}
