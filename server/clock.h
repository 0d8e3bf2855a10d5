/*
 * clock.h: the current time, injectable for tests (RELIABILITY: "the clock is
 * injectable for timeout tests").
 *
 * When the environment names SHOKAI_TEST_CLOCK_FILE, the time is read from the
 * first integer in that file (Unix seconds) on every call; otherwise it is the
 * system clock.
 */
#ifndef SHOKAI_CLOCK_H
#define SHOKAI_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);
/* Formats t as ISO 8601 UTC ("2026-11-22T03:18:38Z") into out (>= 21 bytes). */
void clock_iso(int64_t t, char *out, unsigned outlen);

#endif
