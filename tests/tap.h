/*
 * tap.h: a minimal TAP producer for unit tests (Redis testhelp.h, h2o ok()).
 */
#ifndef SHOKAI_TAP_H
#define SHOKAI_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...)                                                                              \
    do {                                                                                           \
        int tap_c_ = (cond) ? 1 : 0;                                                               \
        tap_n++;                                                                                   \
        if (!tap_c_)                                                                               \
            tap_failed++;                                                                          \
        printf("%sok %d - ", tap_c_ ? "" : "not ", tap_n);                                         \
        printf(__VA_ARGS__);                                                                       \
        printf("\n");                                                                              \
        if (!tap_c_)                                                                               \
            printf("#   at %s:%d\n", __FILE__, __LINE__);                                          \
    } while (0)

#define is_int(got, want, name)                                                                    \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        ok(g_ == w_, "%s", name);                                                                  \
        if (g_ != w_)                                                                              \
            printf("#   got %lld, want %lld\n", g_, w_);                                           \
    } while (0)

#define is_str(got, want, name)                                                                    \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        int same_ = g_ && w_ && strcmp(g_, w_) == 0;                                               \
        ok(same_, "%s", name);                                                                     \
        if (!same_)                                                                                \
            printf("#   got  '%s'\n#   want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");      \
    } while (0)

static inline int
done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
