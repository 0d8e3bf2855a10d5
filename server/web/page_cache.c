/*
 * page_cache.c: page bodies kept between requests (see page_cache.h). A body
 * is stored in agg_cache's int64 slots: slot 0 its length, then its bytes.
 */
#include "page_cache.h"
#include "agg_cache.h"
#include "arena.h"
#include "auth.h"
#include "buf.h"
#include "http.h"
#include "page.h"
#include "publication.h"
#include "survey.h"
#include "user.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

struct page_capture {
    struct agg_lookup lookup;
};

/* The placeholder of the CSRF token: as long as a token, random per process,
   so that no stored text can contain it by chance. */
static char placeholder[AUTH_TOKEN_CHARS];
static pthread_once_t placeholder_once = PTHREAD_ONCE_INIT;

static void
make_placeholder(void)
{
    auth_new_token(placeholder);
}

const char *
page_cache_csrf(struct req *r)
{
    (void)r;
    pthread_once(&placeholder_once, make_placeholder);
    return placeholder;
}

/* Puts r's CSRF token where the body has the placeholder. */
static void
own_token(struct req *r, struct buf *body)
{
    size_t n = strlen(placeholder);
    if (n == 0 || strlen(r->csrf) != n || !body->data)
        return;
    for (char *p = body->data;
         (p = memmem(p, body->len - (size_t)(p - body->data), placeholder, n)); p += n)
        memcpy(p, r->csrf, n);
}

/* What the page shows besides the survey's own data generation. */
static const char *
page_variant(struct req *r, const struct survey *s, const char *scope,
             const struct publication *pub)
{
    const char *generations;
    if (agg_cache_all_generations(r->db, &r->arena, &generations))
        return NULL;
    struct buf *b = buf_new_in(&r->arena, 0);
    if (!b)
        return NULL;
    buf_printf(b, "%s\x1f%s\x1f%s\x1f%d\x1f%lld\x1f%lld\x1f%ld\x1f%lld\x1f%lld\x1f%s", r->path,
               role_name(r->user.role), scope ? scope : "", (int)pub->published,
               (long long)pub->suppress_below, (long long)pub->published_at, s->revision,
               (long long)s->opens_at, (long long)s->closes_at, generations);
    for (size_t i = 0; i < r->query.n_fields; i++)
        buf_printf(b, "\x1f%s=%s", r->query.fields[i].name, r->query.fields[i].value);
    return buf_err(b) ? NULL : buf_str(b);
}

bool
page_cache_replay(struct req *r, const struct survey *s, const char *scope,
                  const struct publication *pub, const char *title)
{
    if (strlen(r->csrf) != AUTH_TOKEN_CHARS - 1)
        return false; /* no token to put in place of the placeholder */
    const char *variant = page_variant(r, s, scope, pub);
    struct page_capture *c = arena_alloc(&r->arena, sizeof(*c));
    const int64_t *cached;
    size_t n_slots;
    if (!variant || !c ||
        agg_cache_lookup(r->db, s, "page", variant, NULL, &r->arena, &c->lookup, &cached,
                         &n_slots) ||
        !c->lookup.key)
        return false;
    if (cached && n_slots >= 1 && cached[0] >= 0 &&
        (size_t)cached[0] <= (n_slots - 1) * sizeof(int64_t)) {
        /* The arena's copy of the body: the token goes in place. */
        struct buf *body = buf_new_in(&r->arena, 0);
        if (!body)
            return false;
        buf_append(body, (const char *)(cached + 1), (size_t)cached[0]);
        pthread_once(&placeholder_once, make_placeholder);
        own_token(r, body);
        page_render_body(r, 200, title, body);
        return true;
    }
    r->page_capture = c; /* a miss: this request's page fills the entry */
    return false;
}

void
page_cache_store(struct req *r, struct buf *body)
{
    struct page_capture *c = r->page_capture;
    if (!c)
        return;
    size_t n_slots = 1 + (body->len + sizeof(int64_t) - 1) / sizeof(int64_t);
    int64_t *slots = buf_err(body) ? NULL : arena_alloc(&r->arena, n_slots * sizeof(int64_t));
    if (slots) {
        slots[0] = (int64_t)body->len;
        memcpy(slots + 1, body->data, body->len);
    }
    agg_cache_store(&c->lookup, slots, slots ? n_slots : 0);
    r->page_capture = NULL;
    own_token(r, body);
}

void
page_cache_finish(struct req *r)
{
    if (!r->page_capture)
        return;
    agg_cache_store(&r->page_capture->lookup, NULL, 0);
    r->page_capture = NULL;
}
