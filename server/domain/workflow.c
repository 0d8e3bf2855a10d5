/*
 * workflow.c: returns and approvals (see workflow.h).
 */
#include "workflow.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mail_notify.h"
#include "utf8.h"
#include "response.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
comment_check(const char *comment)
{
    size_t n = strlen(comment);
    if (!utf8_text_ok(comment, n) || utf8_length(comment) > WORKFLOW_COMMENT_MAX)
        return ERR_INPUT;
    return 0;
}

/* Records an event with its comment, and the audit row, for response r. */
static int
event_add(struct db *db, const struct audit_actor *who, const char *survey_id, const char *org_code,
          const char *event, const char *comment)
{
    static const char sql[] =
        "INSERT INTO response_events(response_id, at, user_id, event, comment)"
        " SELECT id, ?3, nullif(?4, 0), ?5, ?6 FROM responses WHERE survey_id = ?1 AND org_code = "
        "?2";
    int rc = db_run(db, sql, db_text(survey_id), db_text(org_code), db_int(clock_now()),
                    db_int(who->user_id), db_text(event), db_text(comment));
    if (rc)
        return rc;
    char target[160], action[48];
    snprintf(target, sizeof(target), "%s/%s", survey_id, org_code);
    snprintf(action, sizeof(action), "response.%s", event);
    json_t *d = json_pack("{s:s}", "comment", comment);
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    rc = detail ? audit_record(db, who, action, target, org_code, detail) : ERR_NOMEM;
    free(detail);
    json_decref(d);
    return rc;
}

int
workflow_return(struct db *db, const struct audit_actor *who, const struct survey *s,
                const char *org_code, const char *comment, bool reopen)
{
    static const char sql_mark[] =
        "UPDATE responses SET returned_at = ?3 WHERE survey_id = ?1 AND org_code = ?2";
    static const char sql_reopen[] =
        "INSERT INTO survey_reopenings(survey_id, org_code, until) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(survey_id, org_code) DO UPDATE SET until = max(until, excluded.until)";
    if (comment_check(comment))
        return ERR_INPUT;
    struct response cur;
    int rc = db_begin(db);
    if (rc)
        return rc;
    if ((rc = response_get(db, s->id, org_code, &cur)))
        goto out;
    if (!cur.submitted_version) {
        rc = ERR_CONFLICT;
        goto out;
    }
    int64_t now = clock_now();
    int64_t until = now + WORKFLOW_RETURN_DAYS * 86400;
    if (s->closes_at > until)
        until = s->closes_at;
    if ((rc = db_run(db, sql_mark, db_text(s->id), db_text(org_code), db_int(now))) ||
        (reopen &&
         (rc = db_run(db, sql_reopen, db_text(s->id), db_text(org_code), db_int(until)))) ||
        (rc = event_add(db, who, s->id, org_code, "return", comment)) ||
        (rc = mail_notify_return(db, s, org_code, comment, NULL)))
        goto out;
out:
    rc = db_finish(db, rc);
    response_cleanup(&cur);
    return rc;
}

int
workflow_request_approval(struct db *db, const struct audit_actor *who, const struct survey *s,
                          const char *org_code, long expected_version)
{
    static const char sql[] =
        "UPDATE responses SET awaiting_approval = ?3 WHERE survey_id = ?1 AND org_code = ?2";
    struct response cur;
    int rc = db_begin(db);
    if (rc)
        return rc;
    if ((rc = response_get(db, s->id, org_code, &cur)))
        goto out;
    if (!cur.exists || strcmp(cur.state, "draft") != 0 ||
        (expected_version != RESPONSE_ANY_VERSION && expected_version != cur.version)) {
        rc = ERR_CONFLICT;
        goto out;
    }
    if ((rc = db_run(db, sql, db_text(s->id), db_text(org_code), db_int((int64_t)cur.version))) ||
        (rc = event_add(db, who, s->id, org_code, "approval_request", "")))
        goto out;
out:
    rc = db_finish(db, rc);
    response_cleanup(&cur);
    return rc;
}

/* The version waiting for approval (inside a transaction); ERR_CONFLICT when
   none waits. */
static int
awaiting_version(struct db *db, const char *survey_id, const char *org_code, long *version)
{
    static const char sql[] = "SELECT coalesce(awaiting_approval, 0) FROM responses"
                              " WHERE survey_id = ?1 AND org_code = ?2";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(org_code));
    *version = rc == 1 ? (long)sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (rc < 0)
        return rc;
    return *version ? 0 : ERR_CONFLICT;
}

int
workflow_approve(struct db *db, const struct audit_actor *who, const struct survey *s,
                 const char *org_code, struct answer_issues *issues, long *new_version)
{
    long waiting;
    int rc = db_begin(db);
    if (rc)
        return rc;
    if ((rc = awaiting_version(db, s->id, org_code, &waiting)))
        goto out;
    json_t *answers = NULL;
    char state[16];
    if ((rc = response_version_answers(db, s->id, org_code, waiting, &answers, state)))
        goto out;
    json_t *checked = answer_check(s, answers, true, issues);
    json_decref(answers);
    if (!checked || issues->n) {
        json_decref(checked);
        rc = ERR_INPUT;
        goto out;
    }
    rc = response_add_submitted_tx(db, who, s->id, org_code, checked, false, issues, new_version);
    json_decref(checked);
    if (rc == 0)
        rc = event_add(db, who, s->id, org_code, "approve", "");
out:
    rc = db_finish(db, rc);
    return rc;
}

int
workflow_reject(struct db *db, const struct audit_actor *who, const struct survey *s,
                const char *org_code, const char *comment)
{
    static const char sql[] =
        "UPDATE responses SET awaiting_approval = NULL WHERE survey_id = ?1 AND org_code = ?2";
    if (comment_check(comment))
        return ERR_INPUT;
    long waiting;
    int rc = db_begin(db);
    if (rc)
        return rc;
    if ((rc = awaiting_version(db, s->id, org_code, &waiting)))
        goto out;
    if ((rc = db_run(db, sql, db_text(s->id), db_text(org_code))) ||
        (rc = event_add(db, who, s->id, org_code, "reject", comment)))
        goto out;
out:
    rc = db_finish(db, rc);
    return rc;
}

int
workflow_status(struct db *db, const char *survey_id, const char *org_code, struct arena *a,
                struct workflow_status *out)
{
    static const char sql[] = "SELECT r.returned_at IS NOT NULL, r.awaiting_approval IS NOT NULL,"
                              " coalesce(e.event, ''), coalesce(e.comment, ''), coalesce(e.at, 0)"
                              " FROM responses r LEFT JOIN response_events e ON e.id ="
                              "  (SELECT max(id) FROM response_events WHERE response_id = r.id)"
                              " WHERE r.survey_id = ?1 AND r.org_code = ?2";
    memset(out, 0, sizeof(*out));
    out->event = out->comment = "";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(org_code));
    if (rc == 1) {
        out->returned = sqlite3_column_int(st, 0) != 0;
        out->awaiting_approval = sqlite3_column_int(st, 1) != 0;
        out->event = arena_strdup(a, db_column_text(st, 2));
        out->comment = arena_strdup(a, db_column_text(st, 3));
        out->at = sqlite3_column_int64(st, 4);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
workflow_returns_each(struct db *db, const char *org_code,
                      int (*fn)(const char *survey_id, const char *title, const char *comment,
                                void *ctx),
                      void *ctx)
{
    static const char sql[] =
        "SELECT r.survey_id, s.title, coalesce((SELECT comment FROM response_events e"
        "  WHERE e.response_id = r.id AND e.event = 'return' ORDER BY e.id DESC LIMIT 1), '')"
        " FROM responses r JOIN surveys s ON s.id = r.survey_id"
        " WHERE r.org_code = ?1 AND r.returned_at IS NOT NULL ORDER BY r.returned_at DESC";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    db_bind_text(st, 1, org_code);
    while ((rc = db_step(st)) == 1)
        if ((rc = fn(db_column_text(st, 0), db_column_text(st, 1), db_column_text(st, 2), ctx)))
            break;
    db_done(st);
    return rc < 0 ? rc : 0;
}

static const char *
event_label(const char *event)
{
    static const struct {
        const char *event, *label;
    } labels[] = {{"return", "差戻し"},
                  {"approval_request", "承認依頼"},
                  {"approve", "承認・提出"},
                  {"reject", "承認者による差戻し"}};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(event, labels[i].event) == 0)
            return labels[i].label;
    return event;
}

int
workflow_events_each(struct db *db, const char *survey_id, const char *org_code,
                     int (*fn)(const struct workflow_event *e, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT e.event, e.at, coalesce(u.login, '-'), e.comment FROM responses r"
        " JOIN response_events e ON e.response_id = r.id LEFT JOIN users u ON u.id = e.user_id"
        " WHERE r.survey_id = ?1 AND r.org_code = ?2 ORDER BY e.id DESC";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(org_code)); rc == 1;
         rc = db_step(st)) {
        const char *event = db_column_text(st, 0);
        struct workflow_event e = {event, event_label(event), sqlite3_column_int64(st, 1),
                                   db_column_text(st, 2), db_column_text(st, 3)};
        if ((rc = fn(&e, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
