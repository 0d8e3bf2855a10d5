/*
 * arena.c: chunked bump allocator with a cleanup list (see arena.h).
 */
#include "arena.h"
#include "err.h"
#include "xmalloc.h"

#include <stdio.h>
#include <string.h>

#define ARENA_CHUNK_MIN 4096
#define ARENA_ALIGN 16

struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* bytes usable in data */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    void (*fn)(void *);
    void *ptr;
};

void
arena_init(struct arena *a, size_t limit)
{
    memset(a, 0, sizeof(*a));
    a->limit = limit;
}

void
arena_reset(struct arena *a)
{
    /* Cleanups may still read arena memory, so they run before the chunks go. */
    while (a->cleanups) {
        struct arena_cleanup *c = a->cleanups;
        a->cleanups = c->next;
        c->fn(c->ptr);
    }
    while (a->chunks) {
        struct arena_chunk *c = a->chunks;
        a->chunks = c->next;
        free(c);
    }
    a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
    size_t rounded = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded < n)
        return NULL;
    if (a->limit && (rounded > a->limit || a->used > a->limit - rounded))
        return NULL;
    struct arena_chunk *c = a->chunks;
    if (!c || c->size - c->used < rounded) {
        size_t size = rounded > ARENA_CHUNK_MIN ? rounded : ARENA_CHUNK_MIN;
        c = xmalloc(sizeof(*c) + size);
        c->size = size;
        c->used = 0;
        c->next = a->chunks;
        a->chunks = c;
    }
    void *p = c->data + c->used;
    c->used += rounded;
    a->used += rounded;
    memset(p, 0, n);
    return p;
}

int
arena_charge(struct arena *a, size_t n)
{
    if (a->limit && (n > a->limit || a->used > a->limit - n))
        return ERR_NOMEM;
    a->used += n;
    return 0;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

int
arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
    if (!c)
        return ERR_NOMEM;
    c->fn = fn;
    c->ptr = ptr;
    c->next = a->cleanups;
    a->cleanups = c;
    return ERR_OK;
}
