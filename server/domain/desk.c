/*
 * desk.c: the numbers to act on for one survey (see desk.h).
 */
#include "desk.h"
#include "entries.h"
#include "progress.h"
#include "survey.h"

#include <string.h>

int
desk_counts(struct db *db, const struct survey *s, const char *prefecture, bool with_entries,
            struct arena *a, struct desk_counts *out)
{
    *out = (struct desk_counts){0};
    struct progress p;
    int rc =
        progress_compute(db, s, s->default_group ? s->default_group : "kind6", prefecture, a, &p);
    if (rc)
        return rc;
    const int64_t *total = p.counts[p.n_groups];
    for (int state = 0; state < P_STATES; state++)
        out->addressed += total[state];
    out->not_submitted = out->addressed - total[P_SUBMITTED];
    out->returned = total[P_RETURNED];
    out->awaiting = total[P_AWAITING];
    const struct question *q = entries_first_question(s);
    out->has_entries = q != NULL;
    if (!q || !with_entries)
        return 0;
    struct entry *e;
    size_t n;
    if ((rc = entries_collect(db, s, q, prefecture, a, &e, &n)))
        return rc;
    out->entries = (int64_t)n;
    for (size_t i = 0; i < n; i++)
        out->unanswered += e[i].disposition[0] == '\0';
    return 0;
}
