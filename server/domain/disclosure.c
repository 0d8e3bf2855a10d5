/*
 * disclosure.c: primary and complementary suppression of a published table's
 * groups (see disclosure.h).
 */
#include "disclosure.h"

/* The shown group with the fewest respondents (at least one), or n_groups. */
static size_t
smallest_shown(const int64_t *respondents, size_t n_groups, const bool *hidden)
{
    size_t best = n_groups;
    for (size_t g = 0; g < n_groups; g++)
        if (!hidden[g] && respondents[g] > 0 &&
            (best == n_groups || respondents[g] < respondents[best]))
            best = g;
    return best;
}

void
disclosure_suppress(const int64_t *respondents, size_t n_groups, int64_t below, bool *hidden)
{
    size_t n_hidden = 0;
    for (size_t g = 0; g <= n_groups; g++) {
        hidden[g] = respondents[g] > 0 && respondents[g] < below;
        n_hidden += g < n_groups && hidden[g];
    }
    if (n_hidden == 1 && !hidden[n_groups]) {
        /* One more suffices: two hidden groups show only their sum. */
        size_t g = smallest_shown(respondents, n_groups, hidden);
        hidden[g] = true; /* g == n_groups: the total */
    }
}
