/*
 * xmalloc.c: malloc wrappers that abort on exhaustion (see xmalloc.h).
 */
#include "xmalloc.h"

#include <stdio.h>
#include <string.h>

static void
out_of_memory(size_t n)
{
    fprintf(stderr, "shokai: out of memory (%zu bytes)\n", n);
    abort();
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}
