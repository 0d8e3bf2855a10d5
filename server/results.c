/*
 * results.c: request parsing and table sets shared by results pages and API
 * (see results.h).
 */
#include "results.h"
#include "arena.h"
#include "err.h"
#include "http.h"
#include "reply.h"
#include "table.h"

#include <string.h>

const char *
results_scope(struct req *r)
{
    if (r->user.role == ROLE_PREF)
        return r->user.prefecture; /* a coordinator sees its own prefecture only */
    const char *p = form_get(&r->query, "prefecture");
    return p && *p ? p : NULL;
}

bool
results_or_reply(struct req *r, struct agg_result *out)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return false;
    const char *scheme = form_get(&r->query, "group");
    int rc = agg_compute(r->db, s, scheme ? scheme : RESULTS_DEFAULT_SCHEME, results_scope(r),
                         &r->arena, out);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 400, "group",
                        "group は kind6, kind4, pref_muni, prefecture のいずれかです。");
        return false;
    }
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    return true;
}

/* A filter value: absent or empty means no filter. */
static const char *
filter_value(struct req *r, const char *name)
{
    const char *v = form_get(&r->query, name);
    return v && *v ? v : NULL;
}

bool
entries_or_reply(struct req *r, struct entries_view *v)
{
    memset(v, 0, sizeof(*v));
    v->s = survey_find_or_reply(r);
    if (!v->s)
        return false;
    const char *qid = form_get(&r->query, "question");
    v->q = entries_question(v->s, qid ? qid : "entries");
    if (!v->q) {
        http_send_error(r, 404, "question", "その照会に意見・質問の設問はありません。");
        return false;
    }
    v->filter.kind = filter_value(r, "kind");
    v->filter.category = filter_value(r, "category");
    v->filter.material = filter_value(r, "material");
    v->filter.text = filter_value(r, "q");
    int rc = entries_collect(r->db, v->s, v->q, results_scope(r), &r->arena, &v->all, &v->n_all);
    if (rc == 0)
        rc = entries_filter(v->all, v->n_all, &v->filter, &r->arena, &v->entries, &v->n);
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    return true;
}

int
results_tables(struct db *db, const struct agg_result *res, struct arena *a, struct table **out,
               size_t *n)
{
    const struct survey *s = res->s;
    size_t cap = 1 + res->n_questions + res->n_numbers + 2 * s->n_questions;
    struct table *t = arena_alloc(a, cap * sizeof(*t));
    if (!t)
        return ERR_NOMEM;
    size_t k = 0;
    int rc = agg_status_table(res, a, &t[k++]);
    for (size_t i = 0; rc == 0 && i < res->n_questions; i++)
        rc = agg_question_table(res, &res->questions[i], a, &t[k++]);
    for (size_t i = 0; rc == 0 && i < res->n_numbers; i++)
        rc = agg_number_table(res, &res->numbers[i], a, &t[k++]);
    for (size_t i = 0; rc == 0 && i < s->n_questions; i++) {
        const struct question *q = entries_question(s, s->questions[i].id);
        if (!q)
            continue;
        struct entry *e;
        size_t n_e;
        struct entries_summary sum;
        rc = entries_collect(db, s, q, res->prefecture, a, &e, &n_e);
        if (rc == 0)
            rc = entries_summarize(q, e, n_e, a, &sum);
        if (rc == 0)
            rc = entries_summary_table(&sum, a, &t[k++]);
        if (rc == 0)
            rc = entries_table(e, n_e, true, false, a, &t[k++]);
    }
    *out = t;
    *n = k;
    return rc;
}
