/*
 * mail_schedule.c: opening notices and automatic reminders (see
 * mail_schedule.h).
 */
#include "mail_schedule.h"
#include "audit.h"
#include "db.h"
#include "err.h"
#include "mail_notify.h"
#include "reminder.h"
#include "survey_store.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const struct audit_actor mail_schedule_actor = {0, "system", NULL, NULL};

/* Marks what as done for survey_id; *fresh is 0 when it already was. */
static int
mark_done(struct db *db, const char *survey_id, const char *what, int64_t now, int *fresh)
{
    static const char sql[] = "INSERT OR IGNORE INTO mail_schedule_done(survey_id, what, done_at)"
                              " VALUES (?1, ?2, ?3)";
    int rc = db_run(db, sql, db_text(survey_id), db_text(what), db_int(now));
    *fresh = rc == 0 && db_changes(db) > 0;
    return rc;
}

/* The survey whose opening notice is due, into id (""). */
static int
opening_due(struct db *db, int64_t now, char *id, size_t len)
{
    static const char sql[] =
        "SELECT id FROM surveys s WHERE opens_at <= ?1 AND closes_at > ?1 AND NOT EXISTS"
        " (SELECT 1 FROM mail_schedule_done d WHERE d.survey_id = s.id AND d.what = 'opening')"
        " ORDER BY opens_at, id LIMIT 1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_int(now));
    snprintf(id, len, "%s", rc == 1 ? db_column_text(st, 0) : "");
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int
send_opening(struct db *db, const struct survey *s, int64_t now)
{
    int fresh;
    size_t queued = 0;
    int rc = mark_done(db, s->id, "opening", now, &fresh);
    if (rc == 0 && fresh)
        rc = mail_notify_audience(db, s, "opening", &queued);
    if (rc == 0 && fresh) {
        char detail[48];
        snprintf(detail, sizeof(detail), "{\"mails\":%zu}", queued);
        rc = audit_record(db, &mail_schedule_actor, "survey.opening_notice", s->id, NULL, detail);
    }
    return rc;
}

/* The open survey with the reminder of days days due and not yet sent, into
   id (""). */
static int
reminder_due(struct db *db, int64_t now, int days, char *id, size_t len)
{
    static const char sql[] =
        "SELECT id FROM surveys s WHERE opens_at <= ?1 AND closes_at > ?1"
        " AND closes_at - ?2 * 86400 <= ?1 AND NOT EXISTS (SELECT 1 FROM mail_schedule_done d"
        "  WHERE d.survey_id = s.id AND d.what = 'remind:' || ?2 || ':' || s.closes_at)"
        " ORDER BY closes_at, id LIMIT 1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_int(now), db_int(days));
    snprintf(id, len, "%s", rc == 1 ? db_column_text(st, 0) : "");
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int
send_reminder(struct db *db, const struct survey *s, int64_t now, const int *days, size_t n_days,
              struct arena *a)
{
    int any = 0;
    for (size_t i = 0; i < n_days; i++) {
        if (s->closes_at - (int64_t)days[i] * 86400 > now)
            continue;
        char what[64];
        int fresh;
        snprintf(what, sizeof(what), "remind:%d:%lld", days[i], (long long)s->closes_at);
        int rc = mark_done(db, s->id, what, now, &fresh);
        if (rc)
            return rc;
        any |= fresh;
    }
    struct reminder_plan plan;
    return any ? reminder_queue(db, &mail_schedule_actor, s, NULL, NULL, "reminder.auto", a, &plan)
               : 0;
}

int
mail_schedule_step(struct db *db, int64_t now, const int *days, size_t n_days, struct arena *a,
                   int *done)
{
    char id[128] = "";
    bool opening = true;
    *done = 0;
    int rc = opening_due(db, now, id, sizeof(id));
    for (size_t i = 0; rc == 0 && !id[0] && i < n_days; i++) {
        opening = false;
        rc = reminder_due(db, now, days[i], id, sizeof(id));
    }
    if (rc || !id[0])
        return rc;
    struct survey *s;
    if ((rc = survey_load(db, id, &s)))
        return rc;
    if ((rc = db_begin(db)) == 0)
        rc = db_finish(db, opening ? send_opening(db, s, now)
                                   : send_reminder(db, s, now, days, n_days, a));
    survey_release(s);
    *done = rc == 0;
    return rc;
}
