/*
 * test_disclosure.c: complementary suppression (disclosure.c). For many random
 * tables (groups × counts, a total row that is their sum, and a 回答団体数
 * column) the published cells are audited: no hidden cell may be the only
 * hidden one in a column whose total is shown, nor in a row whose 回答団体数
 * is shown, since subtraction would give it back (assessment #15, finding 5).
 */
#include "../tap.h"
#include "disclosure.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define MAX_GROUPS 10
#define MAX_COLS 6

/* A table as published: column 0 is 回答団体数, the others are counts; row
   n_groups is the total. */
struct grid {
    size_t n_groups, n_cols;
    int64_t cell[MAX_GROUPS + 1][MAX_COLS];
    bool hidden[MAX_GROUPS + 1][MAX_COLS];
};

static uint64_t seed = 88172645463325252ull;

static int64_t
rnd(int64_t n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (int64_t)(seed % (uint64_t)n);
}

/* A random table with small groups (the case that needs suppression), then
   suppressed at threshold `below` by disclosure_suppress, cell by cell. */
static void
random_grid(struct grid *t, int64_t below)
{
    t->n_groups = 1 + (size_t)rnd(MAX_GROUPS);
    t->n_cols = 2 + (size_t)rnd(MAX_COLS - 1);
    int64_t respondents[MAX_GROUPS + 1] = {0};
    for (size_t c = 0; c < t->n_cols; c++)
        t->cell[t->n_groups][c] = 0;
    for (size_t g = 0; g < t->n_groups; g++) {
        int64_t n = rnd(4) == 0 ? rnd(3) : rnd(4) == 0 ? rnd(60) : rnd(15);
        respondents[g] = n;
        t->cell[g][0] = n;
        for (size_t c = 1; c < t->n_cols; c++)
            t->cell[g][c] = n ? rnd(n + 1) : 0;
        for (size_t c = 0; c < t->n_cols; c++)
            t->cell[t->n_groups][c] += t->cell[g][c];
    }
    respondents[t->n_groups] = t->cell[t->n_groups][0];
    bool rows[MAX_GROUPS + 1];
    disclosure_suppress(respondents, t->n_groups, below, rows);
    for (size_t g = 0; g <= t->n_groups; g++)
        for (size_t c = 0; c < t->n_cols; c++)
            t->hidden[g][c] = rows[g];
}

/* The first hidden cell that subtraction gives back, as row * MAX_COLS + col, or -1. */
static long
recoverable(const struct grid *t)
{
    size_t total = t->n_groups;
    for (size_t c = 0; c < t->n_cols; c++) { /* total minus the shown groups */
        size_t n = 0, last = 0;
        for (size_t g = 0; g < total; g++)
            if (t->hidden[g][c])
                n++, last = g;
        if (n == 1 && !t->hidden[total][c])
            return (long)(last * MAX_COLS + c);
    }
    for (size_t g = 0; g <= total; g++) { /* a one-option row: 回答団体数 minus the rest */
        size_t n = 0, last = 0;
        for (size_t c = 1; c < t->n_cols; c++)
            if (t->hidden[g][c])
                n++, last = c;
        if (n == 1 && !t->hidden[g][0])
            return (long)(g * MAX_COLS + last);
    }
    return -1;
}

/* Every group with 1..below-1 respondents is hidden, and at most one group
   (or the total) more than those. */
static bool
primary_kept(const struct grid *t, int64_t below, size_t *extra)
{
    *extra = 0;
    for (size_t g = 0; g <= t->n_groups; g++) {
        bool small = t->cell[g][0] > 0 && t->cell[g][0] < below;
        if (small && !t->hidden[g][0])
            return false;
        *extra += !small && t->hidden[g][0];
    }
    return *extra <= 1;
}

static void
test_random_tables(void)
{
    size_t leaks = 0, lost = 0, complemented = 0;
    long first = -1;
    for (int i = 0; i < 100000; i++) {
        struct grid t;
        int64_t below = rnd(12);
        random_grid(&t, below);
        long cell = recoverable(&t);
        if (cell >= 0 && first < 0)
            first = i;
        leaks += cell >= 0;
        size_t extra;
        lost += !primary_kept(&t, below, &extra);
        complemented += extra;
    }
    is_int(leaks, 0, "100,000 random tables: no hidden cell follows by subtraction");
    if (first >= 0)
        printf("#   first at table %ld\n", first);
    is_int(lost, 0, "every group under the threshold is hidden, with at most one more row");
    ok(complemented > 1000, "complementary suppression was exercised (%zu tables)", complemented);
}

static void
test_chiyoda(void)
{
    /* kind6 with one 特別区 (千代田区) among 10 responses each elsewhere. */
    int64_t r[7] = {12, 10, 11, 1, 40, 60, 134};
    bool hidden[7];
    disclosure_suppress(r, 6, 10, hidden);
    ok(hidden[3] && hidden[1] && !hidden[0] && !hidden[2] && !hidden[4] && !hidden[5] && !hidden[6],
       "特別区 (1) hidden, and with it 政令市, the smallest shown group (10); the total shown");
    int64_t alone[4] = {0, 3, 0, 3};
    disclosure_suppress(alone, 3, 5, hidden);
    ok(!hidden[0] && hidden[1] && !hidden[2] && hidden[3],
       "the only group with respondents: the total is hidden with it");
    int64_t one_short[4] = {2, 30, 40, 72};
    disclosure_suppress(one_short, 3, 10, hidden);
    ok(hidden[0] && hidden[1] && !hidden[2] && !hidden[3], "the next smallest goes with it");
    int64_t two[4] = {2, 3, 40, 45};
    disclosure_suppress(two, 3, 10, hidden);
    ok(hidden[0] && hidden[1] && !hidden[2] && !hidden[3],
       "two small groups hide each other: nothing more");
    int64_t none[4] = {2, 3, 40, 45};
    disclosure_suppress(none, 3, 0, hidden);
    ok(!hidden[0] && !hidden[1] && !hidden[2] && !hidden[3], "threshold 0: everything shown");
    int64_t all[3] = {2, 3, 5};
    disclosure_suppress(all, 2, 10, hidden);
    ok(hidden[0] && hidden[1] && hidden[2], "a total under the threshold is hidden too");
}

int
main(void)
{
    test_chiyoda();
    test_random_tables();
    return done_testing();
}
