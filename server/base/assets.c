/*
 * assets.c: lookup of embedded assets, with an on-disk override for
 * development (see assets.h).
 */
#include "assets.h"
#include "xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char *assets_dir;

/* Disk copies read in --assets mode are kept for the process's life so the
   pointers handed out stay valid; development only, so they are never freed. */
struct disk_asset {
    struct asset asset;
    struct disk_asset *next;
};
static struct disk_asset *disk_assets;
static pthread_mutex_t disk_lock = PTHREAD_MUTEX_INITIALIZER;

void
assets_set_dir(const char *dir)
{
    assets_dir = dir;
}

static const struct asset *
assets_find_embedded(const char *name)
{
    size_t lo = 0, hi = assets_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, assets_table[mid].name);
        if (c == 0)
            return &assets_table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static const struct asset *
assets_read_disk(const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", assets_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, len = 0;
    unsigned char *data = xmalloc(cap);
    size_t got;
    while ((got = fread(data + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            data = xrealloc(data, cap);
        }
    }
    fclose(f);
    data[len] = 0;
    struct disk_asset *d = xmalloc(sizeof(*d));
    d->asset.name = xstrdup(name);
    d->asset.data = data;
    d->asset.size = len;
    pthread_mutex_lock(&disk_lock);
    d->next = disk_assets;
    disk_assets = d;
    pthread_mutex_unlock(&disk_lock);
    return &d->asset;
}

const struct asset *
assets_find(const char *name)
{
    if (assets_dir) {
        const struct asset *a = assets_read_disk(name);
        if (a)
            return a;
    }
    return assets_find_embedded(name);
}

int
assets_each(const char *prefix, int (*fn)(const struct asset *a, void *ctx), void *ctx)
{
    size_t plen = strlen(prefix);
    for (unsigned i = 0; i < assets_count; i++) {
        if (strncmp(assets_table[i].name, prefix, plen) != 0)
            continue;
        const struct asset *a = assets_find(assets_table[i].name);
        int rc = fn(a ? a : &assets_table[i], ctx);
        if (rc)
            return rc;
    }
    return 0;
}
