/*
 * response.c: versioned responses (see response.h).
 */
#include "response.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "entry_key.h"
#include "err.h"
#include "group_commit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
response_cleanup(struct response *r)
{
    json_decref(r->answers);
    r->answers = NULL;
}

int
response_get(struct db *db, const char *survey_id, const char *org_code, struct response *out)
{
    static const char sql[] =
        "SELECT r.version, coalesce(r.submitted_version, 0), v.state, v.answers, v.saved_at,"
        " v.proxy, (SELECT saved_at FROM response_versions s WHERE s.response_id = r.id"
        "           AND s.version = r.submitted_version)"
        " FROM responses r JOIN response_versions v ON v.response_id = r.id AND v.version = "
        "r.version"
        " WHERE r.survey_id = ?1 AND r.org_code = ?2";
    memset(out, 0, sizeof(*out));
    out->state = "none";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(org_code));
    if (rc == 1) {
        out->exists = true;
        out->version = (long)sqlite3_column_int64(st, 0);
        out->submitted_version = (long)sqlite3_column_int64(st, 1);
        out->state = strcmp(db_column_text(st, 2), "submitted") == 0 ? "submitted" : "draft";
        out->answers = json_loads(db_column_text(st, 3), 0, NULL);
        out->saved_at = sqlite3_column_int64(st, 4);
        out->proxy = sqlite3_column_int(st, 5) != 0;
        out->submitted_at = sqlite3_column_int64(st, 6);
        rc = out->answers ? 0 : ERR_DB;
    }
    db_done(st);
    if (!out->answers && rc >= 0)
        out->answers = json_object();
    return rc < 0 ? rc : 0;
}

/* Appends version `version` and points the response at it (inside a
   transaction). A submission (issues not NULL) that would change or delete
   an entry the Ministry replied to is refused with ERR_INPUT and an issue. */
static int
version_add(struct db *db, const struct audit_actor *who, const char *survey_id,
            const char *org_code, json_t *answers, long version, struct answer_issues *issues,
            bool proxy)
{
    bool submitted = issues != NULL;
    static const char sql_create[] =
        "INSERT INTO responses(survey_id, org_code, org_kind, version, updated_at)"
        " SELECT ?1, code, kind, 0, ?3 FROM organizations WHERE code = ?2"
        " ON CONFLICT(survey_id, org_code) DO NOTHING";
    static const char sql_version[] =
        "INSERT INTO response_versions(response_id, version, state, answers, saved_at, saved_by,"
        " proxy) SELECT id, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8 FROM responses"
        " WHERE survey_id = ?1 AND org_code = ?2";
    /* A submission also records the kind the 団体 has when it answers and ends a
       return; any new version makes an earlier approval request stale. */
    static const char sql_point[] =
        "UPDATE responses SET version = ?3, updated_at = ?4,"
        " submitted_version = CASE WHEN ?5 THEN ?3 ELSE submitted_version END,"
        " org_kind = CASE WHEN ?5 THEN (SELECT kind FROM organizations WHERE code = ?2)"
        "                 ELSE org_kind END,"
        " returned_at = CASE WHEN ?5 THEN NULL ELSE returned_at END,"
        " awaiting_approval = NULL"
        " WHERE survey_id = ?1 AND org_code = ?2";
    int rc = submitted ? entry_key_replies_kept(db, survey_id, org_code, answers, issues) : 0;
    if (rc)
        return rc;
    char *text = json_dumps(answers, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return ERR_NOMEM;
    int64_t now = clock_now();
    rc = db_run(db, sql_create, db_text(survey_id), db_text(org_code), db_int(now));
    if (rc == 0)
        rc = db_run(db, sql_version, db_text(survey_id), db_text(org_code),
                    db_int((int64_t)version), db_text(submitted ? "submitted" : "draft"),
                    db_text(text), db_int(now), db_int(who->user_id), db_int((int64_t)proxy));
    if (rc == 0)
        rc = db_run(db, sql_point, db_text(survey_id), db_text(org_code), db_int((int64_t)version),
                    db_int(now), db_int((int64_t)submitted));
    free(text);
    if (rc)
        return rc;
    char target[160], detail[64];
    snprintf(target, sizeof(target), "%s/%s", survey_id, org_code);
    snprintf(detail, sizeof(detail), "{\"version\":%ld,\"proxy\":%s}", version,
             proxy ? "true" : "false");
    return audit_record(db, who, submitted ? "response.submit" : "response.save", target,
                        proxy ? org_code : NULL, detail);
}

int
response_add_submitted_tx(struct db *db, const struct audit_actor *who, const char *survey_id,
                          const char *org_code, json_t *answers, bool proxy,
                          struct answer_issues *issues, long *new_version)
{
    struct response cur;
    int rc = response_get(db, survey_id, org_code, &cur);
    if (rc == 0) {
        *new_version = cur.version + 1;
        rc = version_add(db, who, survey_id, org_code, answers, *new_version, issues, proxy);
    }
    response_cleanup(&cur);
    return rc;
}

/* A draft save or a submission, as a unit of the group commit. */
struct version_unit {
    const struct audit_actor *who;
    const struct survey *survey; /* submissions only */
    const char *survey_id;
    const char *org_code;
    json_t *answers; /* drafts only: already checked by the caller */
    long expected_version;
    bool proxy;
    struct answer_issues *issues; /* submissions only */
    long new_version;
};

static int
save_unit(struct db *db, void *ctx)
{
    struct version_unit *u = ctx;
    struct response cur;
    int rc = response_get(db, u->survey_id, u->org_code, &cur);
    if (rc == 0 && u->expected_version != RESPONSE_ANY_VERSION &&
        u->expected_version != cur.version)
        rc = ERR_CONFLICT;
    if (rc == 0) {
        u->new_version = cur.version + 1;
        rc = version_add(db, u->who, u->survey_id, u->org_code, u->answers, u->new_version, NULL,
                         u->proxy);
    }
    response_cleanup(&cur);
    return rc;
}

int
response_save(struct db *db, const struct audit_actor *who, const char *survey_id,
              const char *org_code, json_t *answers, long expected_version, bool proxy,
              long *new_version)
{
    struct version_unit u = {.who = who,
                             .survey_id = survey_id,
                             .org_code = org_code,
                             .answers = answers,
                             .expected_version = expected_version,
                             .proxy = proxy};
    int rc = group_commit_run(db, save_unit, &u);
    *new_version = u.new_version;
    return rc;
}

static int
submit_unit(struct db *db, void *ctx)
{
    struct version_unit *u = ctx;
    struct response cur;
    json_t *checked = NULL;
    int rc = response_get(db, u->survey_id, u->org_code, &cur);
    if (rc == 0 &&
        (!cur.exists || strcmp(cur.state, "draft") != 0 ||
         (u->expected_version != RESPONSE_ANY_VERSION && u->expected_version != cur.version)))
        rc = ERR_CONFLICT;
    if (rc == 0) {
        checked = answer_check(u->survey, cur.answers, true, u->issues);
        if (!checked || u->issues->n)
            rc = ERR_INPUT;
    }
    if (rc == 0) {
        u->new_version = cur.version + 1;
        rc = version_add(db, u->who, u->survey_id, u->org_code, checked, u->new_version, u->issues,
                         u->proxy);
    }
    json_decref(checked);
    response_cleanup(&cur);
    return rc;
}

int
response_submit(struct db *db, const struct audit_actor *who, const struct survey *s,
                const char *org_code, long expected_version, bool proxy,
                struct answer_issues *issues, long *new_version)
{
    struct version_unit u = {.who = who,
                             .survey = s,
                             .survey_id = s->id,
                             .org_code = org_code,
                             .expected_version = expected_version,
                             .proxy = proxy,
                             .issues = issues};
    int rc = group_commit_run(db, submit_unit, &u);
    *new_version = u.new_version;
    return rc;
}

int
response_each_version(struct db *db, const char *survey_id, const char *org_code,
                      int (*fn)(const struct response_version_row *v, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT v.version, v.state, v.saved_at, coalesce(u.login, '-'), v.proxy"
        " FROM responses r JOIN response_versions v ON v.response_id = r.id"
        " LEFT JOIN users u ON u.id = v.saved_by"
        " WHERE r.survey_id = ?1 AND r.org_code = ?2 ORDER BY v.version DESC";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(org_code)); rc == 1;
         rc = db_step(st)) {
        struct response_version_row v = {(long)sqlite3_column_int64(st, 0), db_column_text(st, 1),
                                         sqlite3_column_int64(st, 2), db_column_text(st, 3),
                                         sqlite3_column_int(st, 4) != 0};
        if ((rc = fn(&v, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
response_version_answers(struct db *db, const char *survey_id, const char *org_code, long version,
                         json_t **answers, char state[16])
{
    static const char sql[] =
        "SELECT v.answers, v.state FROM responses r JOIN response_versions v"
        " ON v.response_id = r.id WHERE r.survey_id = ?1 AND r.org_code = ?2 AND v.version = ?3";
    sqlite3_stmt *st;
    *answers = NULL;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    db_bind_text(st, 1, survey_id);
    db_bind_text(st, 2, org_code);
    db_bind_int64(st, 3, version);
    rc = db_step(st);
    if (rc == 1) {
        *answers = json_loads(db_column_text(st, 0), 0, NULL);
        snprintf(state, 16, "%s", db_column_text(st, 1));
        rc = *answers ? 0 : ERR_DB;
    } else if (rc == 0) {
        rc = ERR_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int
response_each_submitted(struct db *db, const char *survey_id, const char *prefecture,
                        int (*fn)(const struct response_submitted *r, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT r.org_code, o.name, r.org_kind, v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " JOIN organizations o ON o.code = r.org_code"
        " WHERE r.survey_id = ?1 AND r.submitted_version IS NOT NULL"
        " AND (?2 IS NULL OR o.prefecture = ?2) ORDER BY r.org_code";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(prefecture)); rc == 1;
         rc = db_step(st)) {
        struct response_submitted sub = {db_column_text(st, 0), db_column_text(st, 1),
                                         db_column_text(st, 2),
                                         json_loads(db_column_text(st, 3), 0, NULL)};
        rc = sub.answers ? fn(&sub, ctx) : ERR_DB;
        json_decref(sub.answers);
        if (rc)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
