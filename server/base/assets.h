/*
 * assets.h: templates, static files, migrations and seeds, embedded in the
 * binary at build time (tools/embed.c), or read from a directory while
 * developing (--assets DIR).
 */
#ifndef SHOKAI_ASSETS_H
#define SHOKAI_ASSETS_H

#include <stddef.h>

struct asset {
    const char *name; /* path relative to the source root, e.g. "templates/login.html" */
    const unsigned char *data;
    size_t size; /* the data is also NUL-terminated */
};

extern const struct asset assets_table[]; /* sorted by name */
extern const unsigned assets_count;

/* Reads assets from dir instead of the embedded copies (NULL = embedded). */
void assets_set_dir(const char *dir);
/* Looks up an asset. The returned struct and its data live for the whole process. */
const struct asset *assets_find(const char *name);
/* Calls fn for every embedded asset whose name starts with prefix, in name order. */
int assets_each(const char *prefix, int (*fn)(const struct asset *a, void *ctx), void *ctx);

#endif
