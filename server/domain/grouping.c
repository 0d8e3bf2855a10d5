/*
 * grouping.c: grouping schemes (see grouping.h).
 */
#include "grouping.h"
#include "arena.h"
#include "db.h"
#include "err.h"

#include <string.h>

const char *const grouping_scheme_ids[] = {"kind6",     "kind5",      "kind4",
                                           "pref_muni", "prefecture", NULL};

size_t
grouping_index(const struct grouping *g, const char *kind, const char *prefecture)
{
    const char *key = g->by_prefecture ? prefecture : kind;
    for (size_t i = 0; key && i < g->n_keys; i++)
        if (strcmp(g->keys[i], key) == 0)
            return g->group_of[i];
    return (size_t)-1;
}

int
grouping_load(struct db *db, const char *id, struct arena *a, struct grouping *g)
{
    static const char sql_scheme[] = "SELECT label, basis FROM groupings WHERE scheme = ?1";
    static const char sql_groups[] =
        "SELECT label FROM grouping_groups WHERE scheme = ?1 ORDER BY position";
    static const char sql_kinds[] =
        "SELECT k.kind, g.position FROM grouping_kinds k JOIN grouping_groups g"
        " ON g.scheme = k.scheme AND g.label = k.label WHERE k.scheme = ?1"
        " ORDER BY g.position, k.rowid";
    static const char sql_prefectures[] =
        "SELECT prefecture FROM organizations GROUP BY prefecture ORDER BY min(code)";
    memset(g, 0, sizeof(*g));
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql_scheme, &st, db_text(id));
    if (rc == 1) {
        g->id = arena_strdup(a, id);
        g->label = arena_strdup(a, db_column_text(st, 0));
        g->by_prefecture = strcmp(db_column_text(st, 1), "prefecture") == 0;
    }
    db_done(st);
    if (rc <= 0)
        return rc < 0 ? rc : ERR_NOTFOUND;
    if ((rc = db_prepare(db, &st, g->by_prefecture ? sql_prefectures : sql_groups)))
        return rc;
    if (!g->by_prefecture)
        db_bind_text(st, 1, id);
    while ((rc = db_step(st)) == 1 && g->n_groups < GROUPING_MAX) {
        const char *label = arena_strdup(a, db_column_text(st, 0));
        if (g->by_prefecture) {
            g->keys[g->n_keys] = label;
            g->group_of[g->n_keys++] = g->n_groups;
        }
        g->groups[g->n_groups++] = label;
    }
    db_done(st);
    if (rc < 0 || g->by_prefecture)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db, &st, sql_kinds)))
        return rc;
    db_bind_text(st, 1, id);
    while ((rc = db_step(st)) == 1 && g->n_keys < GROUPING_MAX) {
        g->keys[g->n_keys] = arena_strdup(a, db_column_text(st, 0));
        g->group_of[g->n_keys++] = (size_t)sqlite3_column_int64(st, 1);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
