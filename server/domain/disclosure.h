/*
 * disclosure.h: which groups of a published table are hidden (statistical
 * disclosure control), decided in one place for every output: the results
 * pages, the JSON API, CSV, XLSX and the report.
 *
 * A published table has a row per group and a total row, which is the sum of
 * the group rows in every column (回答団体数, each option's count, ...).
 * Hiding only the small groups is not enough: the total minus the shown
 * groups gives the hidden one back. So a hidden group is never the only one
 * hidden: another group (the smallest with respondents) or else the total is
 * hidden with it (secondary, or complementary, suppression). A hidden row
 * hides every figure in it, its 回答団体数 included.
 */
#ifndef SHOKAI_DISCLOSURE_H
#define SHOKAI_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What tables (HTML, CSV, XLSX) show for a hidden figure; JSON has null and
   "suppressed": true. "x" is the mark of Japan's official statistics (秘匿). */
#define DISCLOSURE_HIDDEN "x"

/* Decides the hidden rows of a table of n_groups groups and a total, from
   respondents[0 .. n_groups] (the last is the total) and the threshold `below`
   (0 or less: nothing is hidden). Writes hidden[0 .. n_groups] (OUT; the last
   is the total row):
   1. a group with 1 to below-1 respondents is hidden, and so is the total
      (a group nobody answered has nothing to hide: its figures are all 0
      and it stays shown);
   2. when exactly one group is hidden and the total is shown, the shown
      group with the fewest respondents (at least one; the first of equals)
      is hidden too, or the total when there is no such group.
   Afterwards no column has exactly one hidden figure under a shown total,
   and no row has a hidden figure beside a shown one. Pure: no allocation. */
void disclosure_suppress(const int64_t *respondents, size_t n_groups, int64_t below, bool *hidden);

#endif
