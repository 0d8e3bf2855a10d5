/*
 * progress.c: 回答状況 (see progress.h).
 */
#include "progress.h"
#include "account.h"
#include "agg.h"
#include "arena.h"
#include "db.h"
#include "err.h"
#include "grouping.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

const char *const progress_state_labels[P_STATES] = {"未着手", "一時保存", "承認待ち", "差戻し",
                                                     "提出済"};

static enum progress_state
state_of(sqlite3_stmt *st)
{
    if (sqlite3_column_type(st, 4) == SQLITE_NULL)
        return P_NONE;
    if (sqlite3_column_type(st, 6) != SQLITE_NULL)
        return P_RETURNED;
    if (sqlite3_column_type(st, 7) != SQLITE_NULL)
        return P_AWAITING;
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
        return P_SUBMITTED;
    return P_DRAFT;
}

int
progress_compute(struct db *db, const struct survey *s, const char *scheme, const char *prefecture,
                 struct arena *a, struct progress *out)
{
    static const char sql[] =
        "SELECT o.code, o.name, o.prefecture, o.kind, r.id, r.submitted_version, r.returned_at,"
        " r.awaiting_approval,"
        " (SELECT group_concat(u.email, ' ') FROM users u"
        "   WHERE u.org_code = o.code AND u.email IS NOT NULL AND u.disabled = 0),"
        " (SELECT group_concat(" ACCOUNT_CONTACT_SQL ", ' / ') FROM users u"
        "   WHERE u.org_code = o.code AND u.disabled = 0"
        "   AND (u.full_name <> '' OR u.phone <> '' OR u.email IS NOT NULL))"
        " FROM organizations o LEFT JOIN responses r ON r.org_code = o.code AND r.survey_id = ?1"
        " WHERE (?2 IS NULL OR o.prefecture = ?2) ORDER BY o.code";
    struct grouping g;
    memset(out, 0, sizeof(*out));
    int rc = grouping_load(db, scheme, a, &g);
    if (rc)
        return rc;
    out->scheme_label = g.label;
    out->n_groups = g.n_groups;
    out->groups = arena_alloc(a, (g.n_groups + 1) * sizeof(*out->groups));
    out->counts = arena_alloc(a, (g.n_groups + 1) * sizeof(*out->counts));
    if (!out->groups || !out->counts)
        return ERR_NOMEM;
    for (size_t i = 0; i < g.n_groups; i++)
        out->groups[i] = g.groups[i];
    out->groups[g.n_groups] = "合計";
    size_t cap = 256;
    struct progress_org *pending = malloc(cap * sizeof(*pending));
    sqlite3_stmt *st;
    rc = pending ? db_prepare(db, &st, sql) : ERR_NOMEM;
    if (rc) {
        free(pending);
        return rc;
    }
    db_bind_text(st, 1, s->id);
    db_bind_text(st, 2, prefecture);
    while ((rc = db_step(st)) == 1) {
        const char *kind = db_column_text(st, 3);
        if (!survey_for_kind(s, kind))
            continue;
        size_t gi = grouping_index(&g, kind, db_column_text(st, 2));
        if (gi >= g.n_groups)
            continue;
        enum progress_state state = state_of(st);
        out->counts[gi][state]++;
        out->counts[g.n_groups][state]++;
        if (state == P_SUBMITTED)
            continue;
        if (out->n_pending == cap) {
            struct progress_org *more = realloc(pending, cap * 2 * sizeof(*pending));
            if (!more) {
                rc = ERR_NOMEM;
                break;
            }
            pending = more;
            cap *= 2;
        }
        struct progress_org *o = &pending[out->n_pending++];
        o->code = arena_strdup(a, db_column_text(st, 0));
        o->name = arena_strdup(a, db_column_text(st, 1));
        o->prefecture = arena_strdup(a, db_column_text(st, 2));
        o->kind = arena_strdup(a, kind);
        o->state = state;
        o->emails = arena_strdup(a, db_column_text(st, 8));
        o->contacts = arena_strdup(a, db_column_text(st, 9));
    }
    db_done(st);
    if (rc == 0) {
        out->pending = arena_alloc(a, (out->n_pending ? out->n_pending : 1) * sizeof(*pending));
        if (out->pending && out->n_pending)
            memcpy(out->pending, pending, out->n_pending * sizeof(*pending));
        else if (!out->pending)
            rc = ERR_NOMEM;
    }
    free(pending);
    return rc < 0 ? rc : 0;
}

int
progress_table(const struct progress *p, struct arena *a, struct table *t)
{
    int rc =
        table_init(t, a, "回答状況", "提出率は対象団体数に対する提出済み団体の割合", 3 + P_STATES);
    if (rc)
        return rc;
    table_head(t, 0, p->scheme_label);
    table_head(t, 1, "対象団体数");
    for (size_t s = 0; s < P_STATES; s++)
        table_head(t, 2 + s, progress_state_labels[s]);
    table_head(t, 2 + P_STATES, "提出率（%）");
    for (size_t g = 0; g <= p->n_groups; g++) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        int64_t all = 0;
        for (size_t s = 0; s < P_STATES; s++)
            all += p->counts[g][s];
        table_text(t, row, 0, p->groups[g]);
        table_int(t, row, 1, all);
        for (size_t s = 0; s < P_STATES; s++)
            table_int(t, row, 2 + s, p->counts[g][s]);
        table_number(t, row, 2 + P_STATES, agg_percent(a, p->counts[g][P_SUBMITTED], all));
    }
    return 0;
}

int
progress_pending_table(const struct progress *p, struct arena *a, struct table *t)
{
    int rc = table_init(t, a, "未提出の団体", NULL, 6);
    if (rc)
        return rc;
    static const char *const heads[] = {"団体コード", "都道府県", "団体名",
                                        "団体区分",   "状況",     "連絡先"};
    for (size_t c = 0; c < 6; c++)
        table_head(t, c, heads[c]);
    for (size_t i = 0; i < p->n_pending; i++) {
        const struct progress_org *o = &p->pending[i];
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        table_text(t, row, 0, o->code);
        table_text(t, row, 1, o->prefecture);
        table_text(t, row, 2, o->name);
        table_text(t, row, 3, o->kind);
        table_text(t, row, 4, progress_state_labels[o->state]);
        table_text(t, row, 5, o->contacts);
    }
    return 0;
}
