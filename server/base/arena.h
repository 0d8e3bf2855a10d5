/*
 * arena.h: a per-request memory arena with a cleanup list.
 *
 * Everything a request allocates comes from its arena and is released at once
 * by arena_reset() (h2o pools, nginx cleanups). Non-memory resources register
 * a cleanup with arena_defer(); cleanups run last-in first-out at reset.
 * The arena has a hard byte limit: past it, allocations return NULL and the
 * caller answers 413 or 500 instead of growing without bound.
 */
#ifndef SHOKAI_ARENA_H
#define SHOKAI_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_cleanup;

struct arena {
    struct arena_chunk *chunks;
    struct arena_cleanup *cleanups;
    size_t used;  /* bytes handed out, for the limit */
    size_t limit; /* 0 = no limit */
};

void arena_init(struct arena *a, size_t limit);
/* Runs the cleanups and frees every chunk; the arena can be used again. */
void arena_reset(struct arena *a);

/* Zeroed memory owned by the arena, or NULL past the limit. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of strings, owned by the arena; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Counts n more bytes, held elsewhere until the reset (a buf_new_in's heap
   memory), against the limit. 0, or ERR_NOMEM past the limit. */
int arena_charge(struct arena *a, size_t n);
/* Registers fn(ptr) to run at reset. Returns 0, or ERR_NOMEM. */
int arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

#endif
