/*
 * buf.h: a growable byte string with a sticky error (sds, sqlite3_str).
 *
 * Append freely and check buf_err() once at the end. A buf owns its heap
 * memory: release it with buf_cleanup(), or make it with buf_new_in(), which
 * places the buf itself in a request arena, counts its memory against the
 * arena's limit (a page or an export cannot grow past what the request may
 * use: ERR_NOMEM past it) and frees it when the arena resets. A limit of its
 * own makes appends past it fail with ERR_TOOBIG instead of growing.
 */
#ifndef SHOKAI_BUF_H
#define SHOKAI_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    size_t limit;          /* 0 = none */
    int err;               /* first error, sticky */
    struct arena *charged; /* the arena whose limit the capacity counts against, or NULL */
};

void buf_init(struct buf *b, size_t limit);
/* A buf that lives in arena a, grows only within a's limit (and its own) and
   is cleaned up at a's reset; NULL past the limit. */
struct buf *buf_new_in(struct arena *a, size_t limit);
void buf_cleanup(struct buf *b);

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text so far ("" when empty); valid until the next append. */
const char *buf_str(const struct buf *b);
int buf_err(const struct buf *b);
/* Empties b for reuse, keeping its memory (and any error). */
void buf_reset(struct buf *b);

#endif
