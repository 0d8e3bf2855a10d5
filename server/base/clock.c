/*
 * clock.c: wall-clock time with a test override, and date formats (see clock.h).
 */
#include "clock.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JST_OFFSET (9 * 3600)

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

/* The calendar time of t shifted by offset seconds (UTC + offset). */
static struct tm
clock_tm(int64_t t, int offset)
{
    time_t tt = (time_t)(t + offset);
    struct tm tm;
    gmtime_r(&tt, &tm);
    return tm;
}

void
clock_iso(int64_t t, char *out, unsigned outlen)
{
    struct tm tm = clock_tm(t, 0);
    strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
clock_iso_jst(int64_t t, char *out, unsigned outlen)
{
    struct tm tm = clock_tm(t, JST_OFFSET);
    strftime(out, outlen, "%Y-%m-%dT%H:%M:%S+09:00", &tm);
}

json_t *
clock_iso_json(int64_t t)
{
    if (!t)
        return json_null();
    char out[32];
    clock_iso(t, out, sizeof(out));
    return json_string(out);
}

void
clock_jst(int64_t t, char *out, unsigned outlen)
{
    struct tm tm = clock_tm(t, JST_OFFSET);
    strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
}

const char *
clock_iso_in(struct arena *a, int64_t t)
{
    char out[32];
    clock_iso(t, out, sizeof(out));
    return arena_strdup(a, out);
}

const char *
clock_jst_in(struct arena *a, int64_t t)
{
    char out[32];
    clock_jst(t, out, sizeof(out));
    return arena_strdup(a, out);
}

/* "令和7年" / "平成31年" / "令和元年" of a date (ymd = YYYYMMDD) into out. */
static void
era_year(int ymd, char *out, unsigned outlen)
{
    int year = ymd / 10000;
    const char *era = "令和";
    int n = year - 2018;
    if (ymd < 20190501) {
        era = "平成";
        n = year - 1988;
    }
    if (n == 1)
        snprintf(out, outlen, "%s元年", era);
    else
        snprintf(out, outlen, "%s%d年", era, n);
}

void
clock_wareki(int64_t t, char *out, unsigned outlen)
{
    struct tm tm = clock_tm(t, JST_OFFSET);
    char era[32];
    era_year((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday, era, sizeof(era));
    static const char *const weekdays[] = {"日", "月", "火", "水", "木", "金", "土"};
    snprintf(out, outlen, "%s%d月%d日（%s） %d時%02d分", era, tm.tm_mon + 1, tm.tm_mday,
             weekdays[tm.tm_wday], tm.tm_hour, tm.tm_min);
}

void
clock_wareki_month(int year, int month, char *out, unsigned outlen)
{
    char era[32];
    /* A month that straddles the change of era (2019-05) is the new one's. */
    era_year(year * 10000 + month * 100 + 31, era, sizeof(era));
    snprintf(out, outlen, "%s%d月", era, month);
}

static bool
digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int
days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool
clock_valid_date(const char *s)
{
    if (strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool
clock_parse_iso(const char *s, int64_t *out)
{
    char date[11];
    if (strlen(s) < 20 || s[10] != 'T')
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    const char *t = s + 11;
    if (!clock_valid_date(date) || !digits(t, 2) || t[2] != ':' || !digits(t + 3, 2) ||
        t[5] != ':' || !digits(t + 6, 2))
        return false;
    int hh = atoi(t), mm = atoi(t + 3), ss = atoi(t + 6);
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    const char *z = t + 8;
    long offset = 0;
    if (strcmp(z, "Z") != 0) {
        if ((z[0] != '+' && z[0] != '-') || strlen(z) != 6 || !digits(z + 1, 2) || z[3] != ':' ||
            !digits(z + 4, 2))
            return false;
        offset = (atoi(z + 1) * 3600L + atoi(z + 4) * 60L) * (z[0] == '-' ? -1 : 1);
    }
    struct tm tm = {0};
    tm.tm_year = atoi(date) - 1900;
    tm.tm_mon = atoi(date + 5) - 1;
    tm.tm_mday = atoi(date + 8);
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    *out = (int64_t)timegm(&tm) - offset;
    return true;
}

bool
clock_parse_local_jst(const char *s, int64_t *out)
{
    char iso[40];
    if (strlen(s) != 16)
        return false;
    snprintf(iso, sizeof(iso), "%s:00+09:00", s);
    return clock_parse_iso(iso, out);
}

void
clock_local_jst(int64_t t, char *out, unsigned outlen)
{
    struct tm tm = clock_tm(t, JST_OFFSET);
    strftime(out, outlen, "%Y-%m-%dT%H:%M", &tm);
}
