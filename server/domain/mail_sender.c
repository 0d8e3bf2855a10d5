/*
 * mail_sender.c: the sender thread (see mail_sender.h).
 */
#include "mail_sender.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "db_pool.h"
#include "err.h"
#include "log.h"
#include "mime.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct {
    struct mail_sender_config c;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool running, started;
} sender = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static bool
still_running(void)
{
    pthread_mutex_lock(&sender.lock);
    bool r = sender.running;
    pthread_mutex_unlock(&sender.lock);
    return r;
}

static bool
stop_requested(void)
{
    return !still_running();
}

/* Waits ms, or less when told to stop. */
static void
nap(int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&sender.lock);
    if (sender.running)
        pthread_cond_timedwait(&sender.wake, &sender.lock, &until);
    pthread_mutex_unlock(&sender.lock);
}

/* The result of one delivery, recorded after the conversation. */
struct delivery {
    int rc;
    char reply[512];
};

static void
deliver(struct smtp_session *smtp, const struct outbox_item *it, struct delivery *o)
{
    struct buf msg;
    buf_init(&msg, 0);
    const struct mime_mail m = {sender.c.smtp.from, it->to,         it->subject,
                                it->body,           it->message_id, it->created_at};
    o->rc = mime_compose(&m, &msg);
    if (o->rc)
        snprintf(o->reply, sizeof(o->reply), "メールを組み立てられません（宛先または件名が不正）");
    else if (!smtp)
        o->rc = ERR_IO, snprintf(o->reply, sizeof(o->reply), "libcurl を初期化できません");
    else
        o->rc = smtp_send(smtp, it->to, buf_str(&msg), msg.len, o->reply, sizeof(o->reply));
    buf_cleanup(&msg);
}

static void
record(struct db *db, const struct outbox_item *it, const struct delivery *o)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)it->id);
    int64_t now = clock_now();
    int rc;
    if (o->rc == 0) {
        rc = outbox_mark_sent(db, it->id, now, o->reply);
        log_event("mail_sent", "id", id, "message_id", it->message_id, NULL);
    } else {
        /* A message that cannot be composed will not be composable later. */
        int attempts = o->rc == ERR_INPUT ? sender.c.policy.max_tries : it->attempts;
        rc = outbox_mark_retry(db, it->id, attempts, now, o->reply, &sender.c.policy);
        log_event("mail_not_sent", "id", id, "reply", o->reply, NULL);
    }
    if (rc)
        log_event("mail_record_failed", "id", id, NULL);
}

/* One round: the schedule's due jobs, then up to MAIL_BATCH due mails.
   Returns how many mails it took. */
static size_t
round_once(struct arena *a)
{
    struct db *db = db_pool_acquire();
    if (!db)
        return 0;
    int64_t now = clock_now();
    int done = 1;
    for (int jobs = 0; done && jobs < 16; jobs++) {
        arena_reset(a);
        if (mail_schedule_step(db, now, sender.c.remind_days, sender.c.n_remind_days, a, &done)) {
            log_event("mail_schedule_failed", NULL);
            break;
        }
    }
    arena_reset(a);
    struct outbox_item *items = NULL;
    size_t n = 0;
    if (sender.c.deliver && outbox_claim(db, now, MAIL_BATCH, &items, &n))
        log_event("mail_claim_failed", NULL);
    db_pool_release(db); /* not held while talking to the SMTP server */
    if (!n) {
        outbox_items_free(items, 0);
        return 0;
    }
    struct delivery *out = xmalloc(n * sizeof(*out));
    struct smtp_session *smtp = smtp_open(&sender.c.smtp);
    size_t tried = 0;
    /* A conversation cut short by a stop is not a failed try: that mail goes
       back to the queue with those not tried. */
    for (; tried < n && still_running(); tried++) {
        deliver(smtp, &items[tried], &out[tried]);
        if (out[tried].rc && !still_running())
            break;
    }
    smtp_close(smtp);
    /* What the server accepted must be recorded: wait for a connection
       (unless stopping: then the next start queues them again). */
    while (!(db = db_pool_acquire()) && still_running())
        log_event("mail_record_waits", NULL);
    for (size_t i = 0; db && i < tried; i++)
        record(db, &items[i], &out[i]);
    if (db && tried < n) {
        int back;
        outbox_requeue_interrupted(db, &back);
    }
    db_pool_release(db);
    free(out);
    outbox_items_free(items, n);
    return n;
}

static void *
run(void *arg)
{
    (void)arg;
    struct arena a;
    arena_init(&a, 64u << 20);
    struct db *db = db_pool_acquire();
    int requeued = 0;
    if (db && outbox_requeue_interrupted(db, &requeued) == 0 && requeued) {
        char n[16];
        snprintf(n, sizeof(n), "%d", requeued);
        log_event("mail_requeued_after_stop", "mails", n, NULL);
    }
    db_pool_release(db);
    while (still_running())
        if (round_once(&a) < MAIL_BATCH)
            nap(sender.c.poll_ms);
    arena_reset(&a);
    return NULL;
}

int
mail_sender_start(const struct mail_sender_config *c)
{
    sender.c = *c;
    sender.c.smtp.stop_requested = stop_requested;
    if (sender.c.poll_ms <= 0)
        sender.c.poll_ms = 1000;
    if (c->deliver && smtp_global_init())
        return ERR_IO;
    sender.running = true;
    if (pthread_create(&sender.thread, NULL, run, NULL)) {
        sender.running = false;
        if (c->deliver)
            smtp_global_cleanup();
        return ERR_IO;
    }
    sender.started = true;
    return 0;
}

void
mail_sender_stop(void)
{
    if (!sender.started)
        return;
    pthread_mutex_lock(&sender.lock);
    sender.running = false;
    pthread_cond_signal(&sender.wake);
    pthread_mutex_unlock(&sender.lock);
    pthread_join(sender.thread, NULL);
    log_event("mail_sender_stopped", NULL);
    sender.started = false;
    if (sender.c.deliver)
        smtp_global_cleanup();
}
