/*
 * mail_outbox.c: the durable outbox (see mail_outbox.h).
 */
#include "mail_outbox.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mime.h"
#include "xmalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const outbox_states[OUTBOX_STATES] = {"queued", "sending", "sent", "failed"};
const char *const outbox_state_labels[OUTBOX_STATES] = {"送信待ち", "送信中", "送信済み", "失敗"};

/* Set once by `shokai serve` before any thread starts, read-only after. */
static char base_url[512];
static char id_host[256] = "shokai.invalid";

void
outbox_set_base_url(const char *url)
{
    snprintf(base_url, sizeof(base_url), "%s", url ? url : "");
    size_t n = strlen(base_url);
    while (n && base_url[n - 1] == '/')
        base_url[--n] = '\0';
    /* The host of https://host[:port]/... names the Message-IDs. */
    const char *host = strstr(base_url, "://");
    if (host) {
        host += 3;
        size_t len = strcspn(host, ":/");
        if (len && len < sizeof(id_host))
            snprintf(id_host, sizeof(id_host), "%.*s", (int)len, host);
    }
}

const char *
outbox_base_url(void)
{
    return base_url;
}

const char *
outbox_state_label(const char *state)
{
    for (size_t i = 0; i < OUTBOX_STATES; i++)
        if (strcmp(state, outbox_states[i]) == 0)
            return outbox_state_labels[i];
    return state;
}

const char *
outbox_cause_label(const char *cause)
{
    static const struct {
        const char *cause, *label;
    } labels[] = {{"reminder", "督促"},
                  {"reminder.auto", "督促（自動）"},
                  {"return", "差戻し"},
                  {"opening", "照会開始"},
                  {"published", "公表"},
                  {"setup_link", "アカウントの初回設定"},
                  {"reset_link", "パスワード再設定"}};
    for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
        if (strcmp(cause, labels[i].cause) == 0)
            return labels[i].label;
    return cause;
}

int
outbox_enqueue(struct db *db, const struct outbox_mail *m, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO mail_outbox(recipient, subject, body, message_id, next_attempt_at,"
        " created_at, cause, ref, sensitive) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)";
    if (!mime_address_ok(m->to) || strpbrk(m->subject, "\r\n"))
        return ERR_INPUT;
    unsigned char rnd[16];
    char hex[sizeof(rnd) * 2 + 1], message_id[sizeof(hex) + sizeof(id_host) + 16];
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
    snprintf(message_id, sizeof(message_id), "<%s@%s>", hex, id_host);
    int64_t now = clock_now();
    int rc =
        db_run(db, sql, db_text(m->to), db_text(m->subject), db_text(m->body), db_text(message_id),
               db_int(now), db_text(m->cause), db_text(m->ref ? m->ref : ""), db_int(m->sensitive));
    if (rc == 0 && id)
        *id = db_last_rowid(db);
    return rc;
}

void
outbox_items_free(struct outbox_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].to);
        free(items[i].subject);
        free(items[i].body);
        free(items[i].message_id);
    }
    free(items);
}

static int
claim_in(struct db *db, int64_t now, size_t max, struct outbox_item *items, size_t *n)
{
    static const char sql_due[] =
        "SELECT id, recipient, subject, body, message_id, created_at, attempts FROM mail_outbox"
        " WHERE state = 'queued' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2";
    static const char sql_take[] =
        "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, sql_due, &st, db_int(now), db_int((int64_t)max)); rc == 1;
         rc = db_step(st)) {
        struct outbox_item *it = &items[(*n)++];
        it->id = sqlite3_column_int64(st, 0);
        it->to = xstrdup(db_column_text(st, 1));
        it->subject = xstrdup(db_column_text(st, 2));
        it->body = xstrdup(db_column_text(st, 3));
        it->message_id = xstrdup(db_column_text(st, 4));
        it->created_at = sqlite3_column_int64(st, 5);
        it->attempts = (int)sqlite3_column_int64(st, 6) + 1;
    }
    db_done(st);
    for (size_t i = 0; rc == 0 && i < *n; i++)
        rc = db_run(db, sql_take, db_int(items[i].id));
    return rc < 0 ? rc : 0;
}

int
outbox_claim(struct db *db, int64_t now, size_t max, struct outbox_item **items, size_t *n)
{
    *items = xmalloc((max ? max : 1) * sizeof(**items));
    *n = 0;
    int rc = db_begin(db);
    if (rc == 0)
        rc = db_finish(db, claim_in(db, now, max, *items, n));
    if (rc) {
        outbox_items_free(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return rc;
}

int
outbox_mark_sent(struct db *db, int64_t id, int64_t now, const char *reply)
{
    static const char sql[] =
        "UPDATE mail_outbox SET state = 'sent', sent_at = ?2, last_reply = ?3,"
        " body = CASE WHEN sensitive THEN '' ELSE body END WHERE id = ?1";
    return db_run(db, sql, db_int(id), db_int(now), db_text(reply));
}

int
outbox_mark_retry(struct db *db, int64_t id, int attempts, int64_t now, const char *reply,
                  const struct outbox_policy *p)
{
    static const char sql[] = "UPDATE mail_outbox SET state = ?2, next_attempt_at = ?3,"
                              " last_reply = ?4 WHERE id = ?1";
    int64_t wait = p->backoff_s;
    for (int i = 1; i < attempts && wait < p->backoff_cap_s; i++)
        wait *= 2;
    if (wait > p->backoff_cap_s)
        wait = p->backoff_cap_s;
    bool last = attempts >= p->max_tries;
    return db_run(db, sql, db_int(id), db_text(last ? "failed" : "queued"), db_int(now + wait),
                  db_text(reply));
}

int
outbox_requeue_interrupted(struct db *db, int *n)
{
    static const char sql[] = "UPDATE mail_outbox SET state = 'queued' WHERE state = 'sending'";
    int rc = db_exec_script(db, sql);
    *n = rc ? 0 : db_changes(db);
    return rc;
}

int
outbox_list(struct db *db, const char *state, size_t offset, size_t limit, struct arena *a,
            struct outbox_row **rows, size_t *n, int64_t *total, int64_t *counts)
{
    static const char sql[] =
        "SELECT id, recipient, subject, message_id, state, last_reply, cause, ref, attempts,"
        " created_at, next_attempt_at, coalesce(sent_at, 0) FROM mail_outbox"
        " WHERE (?1 IS NULL OR state = ?1) ORDER BY id DESC LIMIT ?2 OFFSET ?3";
    static const char sql_counts[] = "SELECT state, count(*) FROM mail_outbox GROUP BY state";
    *rows = arena_alloc(a, (limit ? limit : 1) * sizeof(**rows));
    *n = 0;
    *total = 0;
    if (!*rows)
        return ERR_NOMEM;
    int64_t by_state[OUTBOX_STATES] = {0};
    sqlite3_stmt *st;
    int rc;
    if ((rc = db_prepare(db, &st, sql_counts)))
        return rc;
    while ((rc = db_step(st)) == 1)
        for (size_t i = 0; i < OUTBOX_STATES; i++)
            if (strcmp(db_column_text(st, 0), outbox_states[i]) == 0)
                by_state[i] = sqlite3_column_int64(st, 1);
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < OUTBOX_STATES; i++) {
        if (!state || strcmp(state, outbox_states[i]) == 0)
            *total += by_state[i];
        if (counts)
            counts[i] = by_state[i];
    }
    for (rc = db_first_row(db, sql, &st, db_text(state), db_int((int64_t)limit),
                           db_int((int64_t)offset));
         rc == 1 && *n < limit; rc = db_step(st)) {
        struct outbox_row *o = &(*rows)[(*n)++];
        o->id = sqlite3_column_int64(st, 0);
        o->to = arena_strdup(a, db_column_text(st, 1));
        o->subject = arena_strdup(a, db_column_text(st, 2));
        o->message_id = arena_strdup(a, db_column_text(st, 3));
        o->state = arena_strdup(a, db_column_text(st, 4));
        o->last_reply = arena_strdup(a, db_column_text(st, 5));
        o->cause = arena_strdup(a, db_column_text(st, 6));
        o->ref = arena_strdup(a, db_column_text(st, 7));
        o->attempts = (int)sqlite3_column_int64(st, 8);
        o->created_at = sqlite3_column_int64(st, 9);
        o->next_attempt_at = sqlite3_column_int64(st, 10);
        o->sent_at = sqlite3_column_int64(st, 11);
        if (!o->to || !o->subject || !o->message_id || !o->state || !o->last_reply || !o->cause ||
            !o->ref) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
outbox_retry_now(struct db *db, const struct audit_actor *who, int64_t id)
{
    static const char sql_state[] = "SELECT state FROM mail_outbox WHERE id = ?1";
    static const char sql[] = "UPDATE mail_outbox SET state = 'queued', attempts = 0,"
                              " next_attempt_at = ?2 WHERE id = ?1";
    char target[32];
    snprintf(target, sizeof(target), "mail/%lld", (long long)id);
    int rc = db_begin(db);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    int found = db_first_row(db, sql_state, &st, db_int(id));
    bool may = found == 1 && (strcmp(db_column_text(st, 0), "failed") == 0 ||
                              strcmp(db_column_text(st, 0), "queued") == 0);
    db_done(st);
    rc = db_found(found);
    if (rc == 0 && !may)
        rc = ERR_CONFLICT;
    if (rc == 0)
        rc = db_run(db, sql, db_int(id), db_int(clock_now()));
    if (rc == 0)
        rc = audit_record(db, who, "mail.retry", target, NULL, NULL);
    return db_finish(db, rc);
}
