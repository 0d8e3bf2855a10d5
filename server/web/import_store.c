/*
 * import_store.c: a bulk import's links, briefly, in memory (see
 * import_store.h).
 */
#include "import_store.h"
#include "arena.h"
#include "err.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct batch {
    bool used;
    char id[AUTH_TOKEN_CHARS];
    unsigned char session[AUTH_HASH_BYTES];
    int64_t at;
    struct account_issued *items; /* malloc'd with strings, freed by batch_free */
    char **strings;               /* every string of items, and base_url, malloc'd */
    size_t n, n_strings;
    const char *base_url; /* one of strings */
};

static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;
static struct batch store[IMPORT_STORE_MAX];

static void
batch_free(struct batch *b)
{
    for (size_t i = 0; i < b->n_strings; i++) {
        sodium_memzero(b->strings[i], strlen(b->strings[i]));
        free(b->strings[i]);
    }
    if (b->items)
        sodium_memzero(b->items, b->n * sizeof(*b->items));
    free(b->strings);
    free(b->items);
    memset(b, 0, sizeof(*b));
}

/* A malloc'd copy of s, remembered in b to be freed with it. */
static const char *
keep(struct batch *b, const char *s)
{
    char *copy = strdup(s ? s : "");
    if (copy)
        b->strings[b->n_strings++] = copy;
    return copy;
}

int
import_store_put(const char *session_token, const struct account_issued *items, size_t n,
                 const char *base_url, int64_t now, char id_out[AUTH_TOKEN_CHARS])
{
    struct batch fresh = {0};
    fresh.items = calloc(n ? n : 1, sizeof(*fresh.items));
    fresh.strings = calloc(5 * n + 1, sizeof(*fresh.strings));
    int rc = fresh.items && fresh.strings ? 0 : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct account_issued *x = &fresh.items[i];
        *x = items[i];
        x->login = keep(&fresh, items[i].login);
        x->org_code = keep(&fresh, items[i].org_code);
        x->org_name = keep(&fresh, items[i].org_name);
        x->prefecture = keep(&fresh, items[i].prefecture);
        x->full_name = keep(&fresh, items[i].full_name);
        fresh.n = i + 1;
        if (!x->login || !x->org_code || !x->org_name || !x->prefecture || !x->full_name)
            rc = ERR_NOMEM;
    }
    if (rc == 0 && !(fresh.base_url = keep(&fresh, base_url)))
        rc = ERR_NOMEM;
    if (rc) {
        batch_free(&fresh);
        return rc;
    }
    fresh.used = true;
    fresh.at = now;
    auth_new_token(fresh.id);
    auth_token_hash(session_token, fresh.session);
    memcpy(id_out, fresh.id, AUTH_TOKEN_CHARS);
    pthread_mutex_lock(&store_lock);
    size_t slot = 0;
    for (size_t i = 0; i < IMPORT_STORE_MAX; i++) {
        if (store[i].used && store[i].at + IMPORT_STORE_SECONDS <= now)
            batch_free(&store[i]);
        if (!store[i].used || (store[slot].used && store[i].at < store[slot].at))
            slot = i;
    }
    batch_free(&store[slot]);
    store[slot] = fresh;
    pthread_mutex_unlock(&store_lock);
    return 0;
}

int
import_store_get(const char *session_token, const char *id, int64_t now, struct arena *a,
                 struct account_issued **items, size_t *n, const char **base_url)
{
    unsigned char session[AUTH_HASH_BYTES];
    auth_token_hash(session_token, session);
    int rc = ERR_NOTFOUND;
    pthread_mutex_lock(&store_lock);
    for (size_t i = 0; i < IMPORT_STORE_MAX; i++) {
        struct batch *b = &store[i];
        if (!b->used || b->at + IMPORT_STORE_SECONDS <= now || !auth_token_equal(b->id, id) ||
            sodium_memcmp(b->session, session, sizeof(session)) != 0)
            continue;
        *items = arena_alloc(a, (b->n ? b->n : 1) * sizeof(**items));
        *base_url = arena_strdup(a, b->base_url);
        rc = *items && *base_url ? 0 : ERR_NOMEM;
        for (size_t k = 0; rc == 0 && k < b->n; k++) {
            struct account_issued *x = &(*items)[k];
            *x = b->items[k];
            x->login = arena_strdup(a, x->login);
            x->org_code = arena_strdup(a, x->org_code);
            x->org_name = arena_strdup(a, x->org_name);
            x->prefecture = arena_strdup(a, x->prefecture);
            x->full_name = arena_strdup(a, x->full_name);
            if (!x->login || !x->org_code || !x->org_name || !x->prefecture || !x->full_name)
                rc = ERR_NOMEM;
        }
        *n = b->n;
        break;
    }
    pthread_mutex_unlock(&store_lock);
    return rc;
}

void
import_store_clear(void)
{
    pthread_mutex_lock(&store_lock);
    for (size_t i = 0; i < IMPORT_STORE_MAX; i++)
        batch_free(&store[i]);
    pthread_mutex_unlock(&store_lock);
}
