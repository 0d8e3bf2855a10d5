/*
 * clock.c: wall-clock time with a test override (see clock.h).
 */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int64_t
clock_now(void)
{
    const char *path = getenv("SHOKAI_TEST_CLOCK_FILE");
    if (path) {
        FILE *f = fopen(path, "r");
        long long t = 0;
        if (f) {
            int n = fscanf(f, "%lld", &t);
            fclose(f);
            if (n == 1)
                return t;
        }
    }
    return (int64_t)time(NULL);
}

void
clock_iso(int64_t t, char *out, unsigned outlen)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
