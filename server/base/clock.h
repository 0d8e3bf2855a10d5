/*
 * clock.h: the current time (injectable for tests), and the date formats the
 * project reads and shows: ISO 8601, JST, and 和暦.
 *
 * When the environment names SHOKAI_TEST_CLOCK_FILE, the time is read from the
 * first integer in that file (Unix seconds) on every call; otherwise it is the
 * system clock.
 */
#ifndef SHOKAI_CLOCK_H
#define SHOKAI_CLOCK_H

#include <stdbool.h>
#include <jansson.h>
#include <stdint.h>

int64_t clock_now(void);
/* Formats t as ISO 8601 UTC ("2026-11-22T03:18:38Z") into out (>= 21 bytes). */
void clock_iso(int64_t t, char *out, unsigned outlen);
/* t as a JSON string in that format, or JSON null for 0 (never set); a new
   reference for the caller (or a jansson setter) to own. */
json_t *clock_iso_json(int64_t t);
/* Formats t as ISO 8601 in JST ("2025-02-04T09:00:00+09:00") into out (>= 26 bytes). */
void clock_iso_jst(int64_t t, char *out, unsigned outlen);
/* Formats t in JST as "2025-02-04 09:00" into out (>= 17 bytes). */
void clock_jst(int64_t t, char *out, unsigned outlen);
struct arena;
/* The same two, in a's memory (NULL when a is full). */
const char *clock_iso_in(struct arena *a, int64_t t);
const char *clock_jst_in(struct arena *a, int64_t t);
/* Formats t in JST in 和暦 as "令和7年2月4日（火） 9時00分" into out (>= 64 bytes). */
void clock_wareki(int64_t t, char *out, unsigned outlen);
/* Formats a month in 和暦 as "令和6年10月" into out (>= 32 bytes). */
void clock_wareki_month(int year, int month, char *out, unsigned outlen);
/* Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM". */
bool clock_parse_iso(const char *s, int64_t *out);
/* Parses a browser's datetime-local value "YYYY-MM-DDTHH:MM" as JST. */
bool clock_parse_local_jst(const char *s, int64_t *out);
/* Formats t as a datetime-local value in JST ("2025-02-13T23:59") into out (>= 17 bytes). */
void clock_local_jst(int64_t t, char *out, unsigned outlen);
/* True if s is a real calendar date written "YYYY-MM-DD". */
bool clock_valid_date(const char *s);

#endif
