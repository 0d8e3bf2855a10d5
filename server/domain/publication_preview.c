/*
 * publication_preview.c: what publishing makes visible (see the header).
 */
#include "publication_preview.h"
#include "agg.h"
#include "arena.h"
#include "db.h"
#include "desk.h"
#include "err.h"
#include "results_tables.h"
#include "survey.h"

static int
active_accounts(struct db *db, const char *role, int64_t *count)
{
    return db_query_number(db, "SELECT count(*) FROM users WHERE role = ?1 AND disabled = 0", count,
                           db_text(role));
}

int
publication_preview(struct db *db, const struct survey *s, int64_t suppress_below, struct arena *a,
                    struct publication_preview *out)
{
    *out = (struct publication_preview){0};
    struct agg_result res;
    struct desk_counts desk;
    int rc = active_accounts(db, "org", &out->org_accounts);
    if (rc == 0)
        rc = active_accounts(db, "pref", &out->pref_accounts);
    if (rc == 0)
        rc = agg_compute(db, s, results_scheme(s, NULL), NULL, a, &res);
    if (rc == 0)
        rc = agg_suppress(&res, suppress_below, a);
    if (rc == 0)
        rc = desk_counts(db, s, NULL, true, a, &desk);
    if (rc)
        return rc;
    out->respondents = res.groups[res.n_groups].respondents;
    out->scheme_label = res.scheme_label;
    out->hidden_groups = arena_alloc(a, (res.n_groups + 1) * sizeof(*out->hidden_groups));
    if (!out->hidden_groups)
        return ERR_NOMEM;
    for (size_t g = 0; g <= res.n_groups; g++)
        if (res.groups[g].suppressed)
            out->hidden_groups[out->n_hidden++] = res.groups[g].label;
    out->has_entries = desk.has_entries;
    out->entries = desk.entries;
    out->unanswered = desk.unanswered;
    return 0;
}
