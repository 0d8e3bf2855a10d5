/*
 * publication.c: publishing results (see publication.h).
 */
#include "publication.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mail_notify.h"
#include "survey.h"

#include <stdio.h>
#include <string.h>

int
publication_get(struct db *db, const char *survey_id, struct publication *out)
{
    static const char sql[] =
        "SELECT published_at, suppress_below FROM survey_publications WHERE survey_id = ?1";
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id));
    if (rc == 1) {
        out->published = true;
        out->published_at = sqlite3_column_int64(st, 0);
        out->suppress_below = sqlite3_column_int64(st, 1);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int64_t
publication_threshold(const struct publication *p)
{
    return p->published ? p->suppress_below : PUBLICATION_SUPPRESS_DEFAULT;
}

int
publication_publish(struct db *db, const struct audit_actor *who, const struct survey *s,
                    int64_t suppress_below)
{
    const char *survey_id = s->id;
    static const char sql[] =
        "INSERT INTO survey_publications(survey_id, published_at, published_by, suppress_below)"
        " VALUES (?1, ?2, nullif(?3, 0), ?4) ON CONFLICT(survey_id) DO UPDATE SET"
        " published_at = excluded.published_at, published_by = excluded.published_by,"
        " suppress_below = excluded.suppress_below";
    if (suppress_below < 0 || suppress_below > PUBLICATION_SUPPRESS_MAX)
        return ERR_INPUT;
    int rc = db_begin(db);
    if (rc)
        return rc;
    char detail[48];
    snprintf(detail, sizeof(detail), "{\"suppress_below\":%lld}", (long long)suppress_below);
    /* The audience hears of the first publication (again after a withdrawal),
       not of a changed threshold. */
    struct publication before;
    rc = publication_get(db, survey_id, &before);
    if (rc == 0)
        rc = db_run(db, sql, db_text(survey_id), db_int(clock_now()), db_int(who->user_id),
                    db_int(suppress_below));
    if (rc == 0)
        rc = audit_record(db, who, "survey.publish", survey_id, NULL, detail);
    if (rc == 0 && !before.published)
        rc = mail_notify_audience(db, s, "published", NULL);
    rc = db_finish(db, rc);
    return rc == ERR_CONFLICT ? ERR_NOTFOUND : rc;
}

int
publication_withdraw(struct db *db, const struct audit_actor *who, const char *survey_id)
{
    static const char sql[] = "DELETE FROM survey_publications WHERE survey_id = ?1";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(survey_id));
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_CONFLICT;
    if (rc == 0)
        rc = audit_record(db, who, "survey.withdraw", survey_id, NULL, NULL);
    rc = db_finish(db, rc);
    return rc;
}
