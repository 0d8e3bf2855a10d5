/*
 * mail_notify.c: the mails of events (see mail_notify.h).
 */
#include "mail_notify.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mail_template.h"
#include "mime.h"
#include "survey.h"

#include <stdio.h>
#include <string.h>

int
mail_accounts_each(struct db *db, const struct survey *s, const char *org_code,
                   int (*fn)(const struct mail_account *a, void *ctx), void *ctx)
{
    static const char sql_one[] =
        "SELECT o.code, o.name, o.kind, u.login, coalesce(u.email, '') FROM users u"
        " JOIN organizations o ON o.code = u.org_code"
        " WHERE u.org_code = ?1 AND u.disabled = 0 ORDER BY u.login";
    static const char sql_all[] =
        "SELECT o.code, o.name, o.kind, u.login, coalesce(u.email, '') FROM users u"
        " JOIN organizations o ON o.code = u.org_code"
        " WHERE u.disabled = 0 AND ?1 IS NULL ORDER BY o.code, u.login";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, org_code ? sql_one : sql_all, &st, db_text(org_code)); rc == 1;
         rc = db_step(st)) {
        if (s && !org_code && !survey_for_kind(s, db_column_text(st, 2)))
            continue;
        struct mail_account a = {db_column_text(st, 0), db_column_text(st, 1),
                                 db_column_text(st, 3), db_column_text(st, 4), false};
        a.reachable = mime_address_ok(a.email);
        if ((rc = fn(&a, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

void
mail_survey_url(const struct survey *s, const char *org_code, char *out, size_t outlen)
{
    if (org_code)
        snprintf(out, outlen, "%s/surveys/%s/responses/%s", outbox_base_url(), s->id, org_code);
    else
        snprintf(out, outlen, "%s/surveys/%s", outbox_base_url(), s->id);
}

struct notify {
    struct db *db;
    const struct survey *s;
    const char *template_name, *cause, *comment;
    size_t queued;
};

static int
notify_one(const struct mail_account *a, void *arg)
{
    struct notify *n = arg;
    if (!a->reachable)
        return 0;
    char url[512], results_url[512], closes[64], ref[128];
    mail_survey_url(n->s, a->org_code, url, sizeof(url));
    snprintf(results_url, sizeof(results_url), "%s/surveys/%s/results", outbox_base_url(),
             n->s->id);
    clock_wareki(n->s->closes_at, closes, sizeof(closes));
    snprintf(ref, sizeof(ref), "%s/%s", n->s->id, a->org_code);
    const struct mail_var vars[] = {
        {"title", n->s->title},       {"org_name", a->org_name},
        {"login", a->login},          {"url", url},
        {"closes", closes},           {"comment", n->comment},
        {"results_url", results_url}, {NULL, NULL},
    };
    const struct outbox_mail m = {a->email, NULL, NULL, n->cause, ref, false};
    int rc = mail_template_enqueue(n->db, n->template_name, vars, &m);
    n->queued += rc == 0;
    return rc;
}

int
mail_notify_return(struct db *db, const struct survey *s, const char *org_code, const char *comment,
                   size_t *queued)
{
    struct notify n = {db, s, "return", "return", comment, 0};
    int rc = mail_accounts_each(db, s, org_code, notify_one, &n);
    if (queued)
        *queued = n.queued;
    return rc;
}

int
mail_notify_audience(struct db *db, const struct survey *s, const char *template_name,
                     size_t *queued)
{
    struct notify n = {db, s, template_name, template_name, "", 0};
    int rc = mail_accounts_each(db, s, NULL, notify_one, &n);
    if (queued)
        *queued = n.queued;
    return rc;
}
