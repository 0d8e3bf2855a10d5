/*
 * xmalloc.h: allocation that aborts on out-of-memory.
 *
 * Allowed only because every input size is capped before it is allocated
 * (STYLE.md C.4); a failed malloc here means the machine itself is exhausted.
 */
#ifndef SHOKAI_XMALLOC_H
#define SHOKAI_XMALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
