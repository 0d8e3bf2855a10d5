/*
 * results_tables.c: the tables of a survey's results (see results_tables.h).
 */
#include "results_tables.h"
#include "arena.h"
#include "clock.h"
#include "entries.h"
#include "err.h"
#include "published_summary.h"
#include "survey_store.h"
#include "table.h"
#include "text_answers.h"

#include <string.h>

const char *
results_scheme(const struct survey *s, const char *asked)
{
    if (asked && *asked)
        return asked;
    return s->default_group ? s->default_group : RESULTS_DEFAULT_SCHEME;
}

bool
results_scheme_open_to_orgs(const struct survey *s, const char *scheme)
{
    return strcmp(scheme, results_scheme(s, NULL)) == 0;
}

int
results_text_table(struct db *db, const struct agg_result *res, const struct question *q,
                   bool with_org, struct arena *a, struct table *t)
{
    struct text_answer *items;
    size_t n;
    int rc = text_answers_collect(db, res->s, q, res->prefecture, a, &items, &n);
    return rc ? rc : text_answers_table(q, items, n, with_org, a, t);
}

int
results_tables(struct db *db, const struct agg_result *res, struct arena *a, struct table **out,
               size_t *n)
{
    const struct survey *s = res->s;
    size_t cap = 1 + res->n_questions + res->n_numbers + 3 * s->n_questions;
    struct table *t = arena_alloc(a, cap * sizeof(*t));
    if (!t)
        return ERR_NOMEM;
    size_t k = 0;
    int rc = agg_status_table(res, a, &t[k++]);
    for (size_t i = 0; rc == 0 && i < res->n_questions; i++)
        rc = agg_question_table(res, &res->questions[i], a, &t[k++]);
    for (size_t i = 0; rc == 0 && i < res->n_numbers; i++)
        rc = agg_number_table(res, &res->numbers[i], a, &t[k++]);
    for (size_t i = 0; rc == 0 && i < s->n_questions; i++)
        if (s->questions[i].type == Q_TEXT)
            rc = results_text_table(db, res, &s->questions[i], false, a, &t[k++]);
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
            rc = published_summary_table(s, &sum, a, &t[k++]);
        if (rc == 0)
            rc = entries_table(e, n_e, true, false, true, a, &t[k++]);
    }
    *out = t;
    *n = k;
    return rc;
}

struct compare_ctx {
    struct db *db;
    const char *qid;
    const char *prefecture;
    struct arena *a;
    struct table *t;
    size_t n;
    bool entries; /* comparing entry tables rather than a choice question */
    const char **options;
    size_t n_options;
};

/* The 意見 / 質問 counts and the number of sending 団体 of one survey. */
static int
compare_entries_row(struct compare_ctx *c, const struct survey *s, const struct question *q,
                    size_t row, int64_t respondents)
{
    struct entry *e;
    size_t n_e, senders = 0;
    int rc = entries_collect(c->db, s, q, c->prefecture, c->a, &e, &n_e);
    if (rc)
        return rc;
    int64_t opinions = 0, questions = 0;
    for (size_t i = 0; i < n_e; i++) {
        opinions += strcmp(e[i].kind, "意見") == 0;
        questions += strcmp(e[i].kind, "質問") == 0;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(e[k].org_code, e[i].org_code) == 0;
        senders += !seen && e[i].org_code[0];
    }
    table_int(c->t, row, 2, respondents);
    table_int(c->t, row, 3, (int64_t)senders);
    table_int(c->t, row, 4, opinions);
    table_int(c->t, row, 5, questions);
    table_int(c->t, row, 6, opinions + questions);
    return 0;
}

static int
compare_one(const struct survey_row *sr, void *arg)
{
    struct compare_ctx *c = arg;
    struct survey *s;
    int rc = survey_load(c->db, sr->id, &s);
    if (rc)
        return rc;
    const struct question *q = survey_question(s, c->qid);
    bool is_entries = q && entries_question(s, c->qid) != NULL;
    bool is_choice = q && (q->type == Q_SINGLE || q->type == Q_MULTI || q->type == Q_CHECK);
    if (!q || (c->n > 0 && is_entries != c->entries) || (!is_entries && !is_choice)) {
        survey_release(s);
        return 0;
    }
    struct agg_result res;
    rc = agg_compute(c->db, s, "pref_muni", c->prefecture, c->a, &res);
    if (rc == 0 && c->n == 0) {
        c->entries = is_entries;
        const struct agg_question *aq = is_entries ? NULL : agg_question(&res, c->qid);
        c->n_options = aq ? aq->n_options : 4; /* entries: 意見・質問提出団体, 意見, 質問, 合計 */
        rc = table_init(c->t, c->a, "過年度との比較", "件数は提出済みの回答による",
                        3 + c->n_options);
        table_head(c->t, 0, "照会");
        table_head(c->t, 1, "照会期間（開始）");
        table_head(c->t, 2, "回答団体数");
        static const char *const entry_heads[] = {"意見・質問提出団体", "意見", "質問", "合計"};
        for (size_t o = 0; rc == 0 && o < c->n_options; o++)
            table_head(c->t, 3 + o, is_entries ? entry_heads[o] : aq->options[o]);
        c->options = aq ? aq->options : NULL;
    }
    size_t row = rc == 0 ? table_row(c->t) : (size_t)-1;
    if (rc == 0 && row == (size_t)-1)
        rc = ERR_NOMEM;
    if (rc == 0) {
        char opens[32];
        clock_jst(s->opens_at, opens, sizeof(opens));
        table_text(c->t, row, 0, s->title);
        table_text(c->t, row, 1, opens);
        int64_t respondents = res.groups[res.n_groups].respondents;
        if (c->entries) {
            rc = compare_entries_row(c, s, q, row, respondents);
        } else {
            /* Options are matched by name: a later survey may add or drop some. */
            const struct agg_question *aq = agg_question(&res, c->qid);
            table_int(c->t, row, 2, respondents);
            for (size_t o = 0; o < c->n_options; o++) {
                int64_t n = 0;
                for (size_t k = 0; aq && k < aq->n_options; k++)
                    if (strcmp(aq->options[k], c->options[o]) == 0)
                        n = aq->counts[res.n_groups * aq->n_options + k];
                table_int(c->t, row, 3 + o, n);
            }
        }
        c->n++;
    }
    survey_release(s);
    return rc;
}

int
results_compare_table(struct db *db, const char *qid, const char *prefecture, struct arena *a,
                      struct table *t, size_t *n_surveys)
{
    struct compare_ctx c = {db, qid, prefecture, a, t, 0, false, NULL, 0};
    memset(t, 0, sizeof(*t));
    int rc = survey_each_by_period(db, compare_one, &c);
    *n_surveys = c.n;
    return rc;
}
