/*
 * reminder.c: 督促 (see reminder.h).
 */
#include "reminder.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mail_notify.h"
#include "mail_template.h"
#include "progress.h"
#include "survey.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

struct walk {
    struct db *db;
    const struct survey *s;
    const char *message; /* the optional block, formatted */
    const char *cause;   /* NULL: preview only */
    struct arena *a;
    struct reminder_plan *plan;
    size_t cap_unreached;
    bool reached; /* the current 団体 got at least one mail */
    int err;
};

/* The template's variables for one 団体. */
static void
reminder_vars(const struct walk *w, const char *org_code, const char *org_name, char *url,
              size_t url_len, char *closes, size_t closes_len, struct mail_var *vars)
{
    mail_survey_url(w->s, org_code, url, url_len);
    clock_wareki(w->s->closes_at, closes, (unsigned)closes_len);
    const struct mail_var v[] = {{"title", w->s->title}, {"org_name", org_name},  {"url", url},
                                 {"closes", closes},     {"message", w->message}, {NULL, NULL}};
    memcpy(vars, v, sizeof(v));
}

static int
unreached_add(struct walk *w, const struct mail_account *acc)
{
    struct reminder_plan *p = w->plan;
    if (p->n_unreached == w->cap_unreached) {
        size_t cap = w->cap_unreached ? w->cap_unreached * 2 : 16;
        struct reminder_unreached *more = arena_alloc(w->a, cap * sizeof(*more));
        if (!more)
            return ERR_NOMEM;
        if (p->n_unreached)
            memcpy(more, p->unreached, p->n_unreached * sizeof(*more));
        p->unreached = more;
        w->cap_unreached = cap;
    }
    struct reminder_unreached *u = &p->unreached[p->n_unreached++];
    u->org_code = arena_strdup(w->a, acc->org_code);
    u->org_name = arena_strdup(w->a, acc->org_name);
    u->login = arena_strdup(w->a, acc->login);
    u->email = arena_strdup(w->a, acc->email);
    return u->org_code && u->org_name && u->login && u->email ? 0 : ERR_NOMEM;
}

static int
account_one(const struct mail_account *acc, void *arg)
{
    struct walk *w = arg;
    if (!acc->reachable)
        return unreached_add(w, acc);
    w->plan->n_mails++;
    w->reached = true;
    if (!w->cause)
        return 0;
    char url[512], closes[64], ref[128];
    struct mail_var vars[6];
    reminder_vars(w, acc->org_code, acc->org_name, url, sizeof(url), closes, sizeof(closes), vars);
    snprintf(ref, sizeof(ref), "%s/%s", w->s->id, acc->org_code);
    const struct outbox_mail m = {acc->email, NULL, NULL, w->cause, ref, false};
    return mail_template_enqueue(w->db, "reminder", vars, &m);
}

/* The text as the first 団体 (or a placeholder) gets it. */
static int
sample_text(struct walk *w, const struct progress *p)
{
    const char *code = p->n_pending ? p->pending[0].code : "000000";
    const char *name = p->n_pending ? p->pending[0].name : "（団体名）";
    char url[512], closes[64];
    struct mail_var vars[6];
    reminder_vars(w, code, name, url, sizeof(url), closes, sizeof(closes), vars);
    struct buf subject, body;
    buf_init(&subject, 0);
    buf_init(&body, 0);
    int rc = mail_template_render("reminder", vars, &subject, &body);
    if (rc == 0) {
        w->plan->subject = arena_strdup(w->a, buf_str(&subject));
        w->plan->body = arena_strdup(w->a, buf_str(&body));
        if (!w->plan->subject || !w->plan->body)
            rc = ERR_NOMEM;
    }
    buf_cleanup(&subject);
    buf_cleanup(&body);
    return rc;
}

static int
walk(struct walk *w, const char *prefecture)
{
    struct progress p;
    memset(w->plan, 0, sizeof(*w->plan));
    int rc = progress_compute(w->db, w->s, "kind6", prefecture, w->a, &p);
    if (rc == 0)
        rc = sample_text(w, &p);
    for (size_t i = 0; rc == 0 && i < p.n_pending; i++) {
        w->reached = false;
        rc = mail_accounts_each(w->db, w->s, p.pending[i].code, account_one, w);
        w->plan->n_orgs_reached += w->reached;
    }
    w->plan->n_orgs = p.n_pending;
    return rc;
}

/* The optional message as a block of the text, in a. */
static const char *
message_block(struct arena *a, const char *message)
{
    if (!message || !*message)
        return "";
    return arena_printf(a, "\n【連絡事項】\n%s\n", message);
}

int
reminder_preview(struct db *db, const struct survey *s, const char *prefecture, const char *message,
                 struct arena *a, struct reminder_plan *out)
{
    struct walk w = {db, s, message_block(a, message), NULL, a, out, 0, false, 0};
    return w.message ? walk(&w, prefecture) : ERR_NOMEM;
}

int
reminder_queue(struct db *db, const struct audit_actor *who, const struct survey *s,
               const char *prefecture, const char *message, const char *cause, struct arena *a,
               struct reminder_plan *out)
{
    if (message &&
        (!utf8_text_ok(message, strlen(message)) || utf8_length(message) > REMINDER_MESSAGE_MAX))
        return ERR_INPUT;
    struct walk w = {db, s, message_block(a, message), cause, a, out, 0, false, 0};
    int rc = w.message ? walk(&w, prefecture) : ERR_NOMEM;
    if (rc)
        return rc;
    char detail[160];
    snprintf(detail, sizeof(detail),
             "{\"organizations\":%zu,\"mails\":%zu,\"unreached\":%zu,\"cause\":\"%s\"}",
             out->n_orgs, out->n_mails, out->n_unreached, cause);
    return audit_record(db, who, "survey.remind", s->id, NULL, detail);
}

int
reminder_send(struct db *db, const struct audit_actor *who, const struct survey *s,
              const char *prefecture, const char *message, const char *cause, struct arena *a,
              struct reminder_plan *out)
{
    int rc = db_begin(db);
    if (rc)
        return rc;
    return db_finish(db, reminder_queue(db, who, s, prefecture, message, cause, a, out));
}
