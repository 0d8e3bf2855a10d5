/*
 * replay.c: main() for the fuzz targets outside libFuzzer. Feeds every file
 * of the corpus directories given on the command line to the target and
 * prints one TAP line per directory. A crash, a sanitizer report or a
 * broken property aborts the run, which the test counts as a failure.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!data)
        return -1;
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return (long)n;
}

int
main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            printf("not ok %d - %s: cannot open the corpus\n", i, argv[i]);
            failed = 1;
            continue;
        }
        int files = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
            if (replay_file(path) < 0) {
                printf("not ok %d - %s: cannot read\n", i, path);
                failed = 1;
                continue;
            }
            files++;
        }
        closedir(d);
        printf("%s %d - %s: %d inputs replayed\n", files > 0 ? "ok" : "not ok", i, argv[i], files);
        failed |= files == 0;
    }
    printf("1..%d\n", argc - 1);
    return failed;
}
