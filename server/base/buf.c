/*
 * buf.c: growable byte string with a sticky error (see buf.h).
 */
#include "buf.h"
#include "arena.h"
#include "err.h"
#include "xmalloc.h"

#include <stdio.h>
#include <string.h>

void
buf_init(struct buf *b, size_t limit)
{
    memset(b, 0, sizeof(*b));
    b->limit = limit;
}

void
buf_cleanup(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static void
buf_cleanup_cb(void *b)
{
    buf_cleanup(b);
}

struct buf *
buf_new_in(struct arena *a, size_t limit)
{
    struct buf *b = arena_alloc(a, sizeof(*b));
    if (!b)
        return NULL;
    buf_init(b, limit);
    b->charged = a;
    return arena_defer(a, buf_cleanup_cb, b) == 0 ? b : NULL;
}

/* Makes room for n more bytes plus a NUL; returns 0 or sets the sticky error. */
static int
buf_reserve(struct buf *b, size_t n)
{
    if (b->err)
        return b->err;
    if (n > (size_t)-1 / 2 - b->len || (b->limit && b->len + n > b->limit)) {
        b->err = ERR_TOOBIG;
        return b->err;
    }
    size_t need = b->len + n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap *= 2;
        if (b->charged && arena_charge(b->charged, cap - b->cap)) {
            b->err = ERR_NOMEM; /* the request's memory bound, not the buf's own limit */
            return b->err;
        }
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    return 0;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
    buf_append(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (!b->err)
            b->err = ERR_INPUT;
        return;
    }
    if (buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *
buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

void
buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int
buf_err(const struct buf *b)
{
    return b->err;
}
