/*
 * selfcheck.c: self-check scores and peer distributions (see selfcheck.h).
 */
#include "selfcheck.h"
#include "agg_cache.h"
#include "agg.h"
#include "answer.h"
#include "arena.h"
#include "db.h"
#include "err.h"
#include "grouping.h"
#include "response.h"
#include "table.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

const char *const sc_state_labels[SC_STATES] = {"実施済", "一部実施", "未実施", "未回答",
                                                "該当なし"};

int64_t
sc_applicable(const struct sc_counts *c, enum sc_level level)
{
    int64_t n = 0;
    for (int st = 0; st < SC_NOT_APPLICABLE; st++)
        n += c->n[level][st];
    return n;
}

double
sc_rate(const struct sc_counts *c, enum sc_level level)
{
    int64_t base = sc_applicable(c, level);
    return base ? 100.0 * (double)c->n[level][SC_DONE] / (double)base : -1;
}

enum sc_state
sc_item_state(const struct survey *s, const struct question *q, json_t *answers)
{
    if (!answer_visible(s, q, answers))
        return SC_NOT_APPLICABLE;
    const char *status =
        json_string_value(json_object_get(json_object_get(answers, q->id), "status"));
    for (int st = 0; status && st < 4; st++)
        if (strcmp(status, check_statuses[st]) == 0)
            return st == 3 ? SC_NOT_APPLICABLE : (enum sc_state)st;
    return SC_UNANSWERED;
}

static struct sc_unit *
chapter_unit(struct sc_score *out, const char *chapter)
{
    for (size_t i = 0; i < out->n_chapters; i++)
        if (strcmp(out->chapters[i].label, chapter) == 0)
            return &out->chapters[i];
    struct sc_unit *u = &out->chapters[out->n_chapters++];
    u->label = chapter;
    return u;
}

int
selfcheck_score(const struct survey *s, json_t *answers, struct arena *a, struct sc_score *out)
{
    memset(out, 0, sizeof(*out));
    out->overall.label = "全体";
    out->chapters = arena_alloc(a, (s->n_sections + 1) * sizeof(*out->chapters));
    out->clauses = arena_alloc(a, (s->n_sections + 1) * sizeof(*out->clauses));
    if (!out->chapters || !out->clauses)
        return ERR_NOMEM;
    for (size_t si = 0; si < s->n_sections; si++) {
        const struct survey_section *sec = &s->sections[si];
        struct sc_unit *clause = NULL, *chapter = NULL;
        for (size_t k = 0; k < sec->count; k++) {
            const struct question *q = &s->questions[sec->first + k];
            if (q->type != Q_CHECK)
                continue;
            if (!clause) {
                clause = &out->clauses[out->n_clauses++];
                clause->label = sec->title;
                chapter = chapter_unit(out, sec->chapter ? sec->chapter : sec->title);
                clause->chapter = chapter->label;
            }
            enum sc_level level = strcmp(q->level, "必須") == 0 ? SC_REQUIRED : SC_RECOMMENDED;
            enum sc_state st = sc_item_state(s, q, answers);
            clause->counts.n[level][st]++;
            chapter->counts.n[level][st]++;
            out->overall.counts.n[level][st]++;
        }
    }
    return 0;
}

static const char *
rate_text(struct arena *a, const struct sc_counts *c, enum sc_level level)
{
    return agg_percent(a, c->n[level][SC_DONE], sc_applicable(c, level));
}

static int
unit_row(struct table *t, struct arena *a, const struct sc_unit *u, bool indent)
{
    size_t row = table_row(t);
    if (row == (size_t)-1)
        return ERR_NOMEM;
    table_text(t, row, 0, indent ? arena_printf(a, "　%s", u->label) : u->label);
    for (int level = 0; level < SC_LEVELS; level++) {
        size_t base = 1 + (size_t)level * 6;
        table_int(t, row, base, sc_applicable(&u->counts, level));
        for (int st = 0; st < 4; st++)
            table_int(t, row, base + 1 + (size_t)st, u->counts.n[level][st]);
        table_number(t, row, base + 5, rate_text(a, &u->counts, level));
    }
    return 0;
}

int
selfcheck_score_table(const struct sc_score *sc, struct arena *a, struct table *t)
{
    int rc = table_init(t, a, "対策基準の章・項目ごとの実施状況",
                        "実施率は 実施済 ÷ 対象（該当なしを除く項目）。未回答は対象に含みます", 13);
    if (rc)
        return rc;
    static const char *const heads[] = {"対象",   "実施済", "一部実施",
                                        "未実施", "未回答", "実施率（%）"};
    table_head(t, 0, "章・項目");
    for (int level = 0; level < SC_LEVELS; level++)
        for (size_t k = 0; k < 6; k++)
            table_head(t, 1 + (size_t)level * 6 + k,
                       arena_printf(a, "%s %s", level == SC_REQUIRED ? "必須" : "推奨", heads[k]));
    for (size_t c = 0; rc == 0 && c < sc->n_chapters; c++) {
        rc = unit_row(t, a, &sc->chapters[c], false);
        /* The chapter's clauses follow it, indented, unless the chapter is one clause. */
        for (size_t k = 0; rc == 0 && k < sc->n_clauses; k++)
            if (strcmp(sc->clauses[k].chapter, sc->chapters[c].label) == 0 &&
                strcmp(sc->clauses[k].label, sc->chapters[c].label) != 0)
                rc = unit_row(t, a, &sc->clauses[k], true);
    }
    return rc ? rc : unit_row(t, a, &sc->overall, false);
}

static int
compare_doubles(const void *pa, const void *pb)
{
    double x = *(const double *)pa, y = *(const double *)pb;
    return x < y ? -1 : x > y;
}

static int
peer_add(struct arena *a, struct sc_peer *p, size_t *cap, double rate)
{
    if (p->n == *cap) {
        size_t more = *cap ? *cap * 2 : 32;
        double *v = arena_alloc(a, more * sizeof(*v));
        if (!v)
            return ERR_NOMEM;
        if (p->n)
            memcpy(v, p->rates, p->n * sizeof(*v));
        p->rates = v;
        *cap = more;
    }
    p->rates[p->n++] = rate;
    return 0;
}

int
selfcheck_peers(struct db *db, const struct survey *s, const char *scheme, struct arena *a,
                struct sc_peer **groups, size_t *n_groups, struct sc_peer *national)
{
    static const char sql[] =
        "SELECT r.org_kind, o.prefecture, v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " JOIN organizations o ON o.code = r.org_code"
        " WHERE r.survey_id = ?1 AND r.submitted_version IS NOT NULL";
    struct grouping g;
    int rc = grouping_load(db, scheme, a, &g);
    if (rc)
        return rc;
    *groups = arena_alloc(a, (g.n_groups ? g.n_groups : 1) * sizeof(**groups));
    size_t *caps = arena_alloc(a, (g.n_groups + 1) * sizeof(*caps));
    if (!*groups || !caps)
        return ERR_NOMEM;
    *n_groups = g.n_groups;
    memset(national, 0, sizeof(*national));
    national->group = "全国";
    for (size_t i = 0; i < g.n_groups; i++)
        (*groups)[i].group = g.groups[i];
    sqlite3_stmt *st;
    if ((rc = db_prepare(db, &st, sql)))
        return rc;
    db_bind_text(st, 1, s->id);
    while ((rc = db_step(st)) == 1) {
        json_t *answers = json_loads(db_column_text(st, 2), 0, NULL);
        struct sc_score sc;
        int r2 = answers ? selfcheck_score(s, answers, a, &sc) : ERR_DB;
        json_decref(answers);
        if (r2) {
            rc = r2;
            break;
        }
        double rate = sc_rate(&sc.overall.counts, SC_REQUIRED);
        if (rate < 0)
            continue;
        size_t gi = grouping_index(&g, db_column_text(st, 0), db_column_text(st, 1));
        if ((gi < g.n_groups && (rc = peer_add(a, &(*groups)[gi], &caps[gi], rate))) ||
            (rc = peer_add(a, national, &caps[g.n_groups], rate)))
            break;
    }
    db_done(st);
    for (size_t i = 0; i < g.n_groups; i++)
        if ((*groups)[i].n)
            qsort((*groups)[i].rates, (*groups)[i].n, sizeof(double), compare_doubles);
    if (national->n)
        qsort(national->rates, national->n, sizeof(double), compare_doubles);
    return rc < 0 ? rc : 0;
}

/* The p-quantile of sorted values, by linear interpolation. */
static double
quantile(const double *v, size_t n, double p)
{
    double pos = p * (double)(n - 1);
    size_t lo = (size_t)pos;
    double frac = pos - (double)lo;
    return lo + 1 < n ? v[lo] + frac * (v[lo + 1] - v[lo]) : v[lo];
}

bool
selfcheck_quartiles(const struct sc_peer *p, size_t min_n, double *q1, double *median, double *q3)
{
    if (p->n < min_n || p->n < SC_PEER_MIN_FLOOR)
        return false;
    *q1 = round(quantile(p->rates, p->n, 0.25));
    *median = round(quantile(p->rates, p->n, 0.5));
    *q3 = round(quantile(p->rates, p->n, 0.75));
    return true;
}

/* Counts every submitted response into m's cells (the uncached path). */
static int
matrix_count(struct db *db, const struct survey *s, const struct grouping *g,
             const size_t *item_chapter, struct sc_matrix *out)
{
    static const char sql[] =
        "SELECT r.org_kind, o.prefecture, v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " JOIN organizations o ON o.code = r.org_code"
        " WHERE r.survey_id = ?1 AND r.submitted_version IS NOT NULL";
    size_t cols = g->n_groups + 1;
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    db_bind_text(st, 1, s->id);
    while ((rc = db_step(st)) == 1) {
        size_t gi = grouping_index(g, db_column_text(st, 0), db_column_text(st, 1));
        json_t *answers = json_loads(db_column_text(st, 2), 0, NULL);
        out->respondents += answers != NULL;
        for (size_t i = 0; answers && i < out->n_items; i++) {
            const struct question *q = out->items[i];
            enum sc_level level = strcmp(q->level, "必須") == 0 ? SC_REQUIRED : SC_RECOMMENDED;
            enum sc_state state = sc_item_state(s, q, answers);
            size_t targets[2] = {gi < g->n_groups ? gi : (size_t)-1, g->n_groups};
            for (int t = 0; t < 2; t++) {
                if (targets[t] == (size_t)-1)
                    continue;
                out->item_cells[i * cols + targets[t]].n[level][state]++;
                out->chapter_cells[item_chapter[i] * cols + targets[t]].n[level][state]++;
            }
        }
        json_decref(answers);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The matrix's counts as the cache's slots: respondents, then the chapter
   cells, then the item cells (each sc_counts is int64s only). */
#define SC_CELL_SLOTS (sizeof(struct sc_counts) / sizeof(int64_t))

static size_t
matrix_slots(const struct sc_matrix *m)
{
    return 1 + (m->n_chapters + m->n_items) * (m->n_groups + 1) * SC_CELL_SLOTS;
}

static void
matrix_save(const struct sc_matrix *m, int64_t *slot)
{
    size_t cols = m->n_groups + 1;
    *slot++ = m->respondents;
    memcpy(slot, m->chapter_cells, m->n_chapters * cols * sizeof(struct sc_counts));
    slot += m->n_chapters * cols * SC_CELL_SLOTS;
    memcpy(slot, m->item_cells, m->n_items * cols * sizeof(struct sc_counts));
}

static void
matrix_load(struct sc_matrix *m, const int64_t *slot)
{
    size_t cols = m->n_groups + 1;
    m->respondents = *slot++;
    memcpy(m->chapter_cells, slot, m->n_chapters * cols * sizeof(struct sc_counts));
    slot += m->n_chapters * cols * SC_CELL_SLOTS;
    memcpy(m->item_cells, slot, m->n_items * cols * sizeof(struct sc_counts));
}

int
selfcheck_matrix(struct db *db, const struct survey *s, const char *scheme, struct arena *a,
                 struct sc_matrix *out)
{
    struct grouping g;
    memset(out, 0, sizeof(*out));
    int rc = grouping_load(db, scheme, a, &g);
    if (rc)
        return rc;
    size_t cols = g.n_groups + 1;
    out->n_groups = g.n_groups;
    out->groups = arena_alloc(a, cols * sizeof(*out->groups));
    out->chapters = arena_alloc(a, (s->n_sections + 1) * sizeof(*out->chapters));
    out->items = arena_alloc(a, (s->n_questions + 1) * sizeof(*out->items));
    out->item_clauses = arena_alloc(a, (s->n_questions + 1) * sizeof(*out->item_clauses));
    out->chapter_cells = arena_alloc(a, (s->n_sections + 1) * cols * sizeof(*out->chapter_cells));
    out->item_cells = arena_alloc(a, (s->n_questions + 1) * cols * sizeof(*out->item_cells));
    size_t *item_chapter = arena_alloc(a, (s->n_questions + 1) * sizeof(*item_chapter));
    if (!out->groups || !out->chapters || !out->items || !out->item_clauses ||
        !out->chapter_cells || !out->item_cells || !item_chapter)
        return ERR_NOMEM;
    for (size_t i = 0; i < g.n_groups; i++)
        out->groups[i] = g.groups[i];
    out->groups[g.n_groups] = "全国";
    for (size_t si = 0; si < s->n_sections; si++) {
        const struct survey_section *sec = &s->sections[si];
        const char *chapter = sec->chapter ? sec->chapter : sec->title;
        size_t c = 0;
        for (size_t k = 0; k < sec->count; k++) {
            const struct question *q = &s->questions[sec->first + k];
            if (q->type != Q_CHECK)
                continue;
            while (c < out->n_chapters && strcmp(out->chapters[c], chapter) != 0)
                c++;
            if (c == out->n_chapters)
                out->chapters[out->n_chapters++] = chapter;
            item_chapter[out->n_items] = c;
            out->item_clauses[out->n_items] = sec->title;
            out->items[out->n_items++] = q;
        }
    }
    struct agg_lookup lookup;
    const int64_t *cached;
    size_t n_slots;
    if ((rc = agg_cache_lookup(db, s, "selfcheck", g.id, NULL, a, &lookup, &cached, &n_slots)))
        return rc;
    size_t n = matrix_slots(out);
    if (cached && n_slots == n) {
        matrix_load(out, cached);
        return 0;
    }
    /* Counts of another shape (never expected) were not loaded: count afresh. */
    rc = matrix_count(db, s, &g, item_chapter, out);
    int64_t *slots = rc == 0 && lookup.key ? arena_alloc(a, n * sizeof(*slots)) : NULL;
    if (slots)
        matrix_save(out, slots);
    agg_cache_store(&lookup, slots, n);
    return rc;
}

int
selfcheck_matrix_table(const struct sc_matrix *m, struct arena *a, struct table *t)
{
    size_t cols = m->n_groups + 1;
    int rc = table_init(t, a, "必須項目の実施率（章 × 区分）",
                        "提出済みの回答を合算した 実施済 ÷ 対象（該当なしを除く）（%）", 1 + cols);
    if (rc)
        return rc;
    table_head(t, 0, "章");
    for (size_t g = 0; g < cols; g++)
        table_head(t, 1 + g, m->groups[g]);
    for (size_t c = 0; c < m->n_chapters; c++) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        table_text(t, row, 0, m->chapters[c]);
        for (size_t g = 0; g < cols; g++) {
            const struct sc_counts *cell = &m->chapter_cells[c * cols + g];
            table_number(
                t, row, 1 + g,
                agg_percent(a, cell->n[SC_REQUIRED][SC_DONE], sc_applicable(cell, SC_REQUIRED)));
        }
    }
    return 0;
}

struct weak {
    size_t item;
    double rate;
};

static int
compare_weak(const void *pa, const void *pb)
{
    const struct weak *x = pa, *y = pb;
    if (x->rate != y->rate)
        return x->rate < y->rate ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

int
selfcheck_weakest_table(const struct sc_matrix *m, size_t g, size_t n, struct arena *a,
                        struct table *t)
{
    size_t cols = m->n_groups + 1;
    int rc = table_init(t, a, arena_printf(a, "実施率の低い項目（%s）", m->groups[g]),
                        "該当なしを除く回答のうち実施済の割合が低い順", 5);
    if (rc)
        return rc;
    static const char *const heads[] = {"項目", "区分", "対象", "実施済", "実施率（%）"};
    for (size_t k = 0; k < 5; k++)
        table_head(t, k, heads[k]);
    struct weak *w = arena_alloc(a, (m->n_items ? m->n_items : 1) * sizeof(*w));
    size_t n_w = 0;
    if (!w)
        return ERR_NOMEM;
    for (size_t i = 0; i < m->n_items; i++) {
        const struct sc_counts *cell = &m->item_cells[i * cols + g];
        int64_t base = sc_applicable(cell, SC_REQUIRED) + sc_applicable(cell, SC_RECOMMENDED);
        if (base == 0)
            continue;
        int64_t done = cell->n[SC_REQUIRED][SC_DONE] + cell->n[SC_RECOMMENDED][SC_DONE];
        w[n_w++] = (struct weak){i, (double)done / (double)base};
    }
    qsort(w, n_w, sizeof(*w), compare_weak);
    for (size_t k = 0; k < n_w && k < n; k++) {
        const struct question *q = m->items[w[k].item];
        const struct sc_counts *cell = &m->item_cells[w[k].item * cols + g];
        int64_t base = sc_applicable(cell, SC_REQUIRED) + sc_applicable(cell, SC_RECOMMENDED);
        int64_t done = cell->n[SC_REQUIRED][SC_DONE] + cell->n[SC_RECOMMENDED][SC_DONE];
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        table_text(t, row, 0, arena_printf(a, "%s: %s", m->item_clauses[w[k].item], q->label));
        table_text(t, row, 1, question_level_label(q));
        table_int(t, row, 2, base);
        table_int(t, row, 3, done);
        table_number(t, row, 4, agg_percent(a, done, base));
    }
    return 0;
}

int
selfcheck_prefill(struct db *db, const struct survey *s, const char *org_code, json_t *answers)
{
    static const char *const source = "sanso-2023";
    if (!survey_question(s, "model") || json_object_get(answers, "model"))
        return 0;
    struct response other;
    int rc = response_get(db, source, org_code, &other);
    if (rc == 0 && other.submitted_version) {
        json_t *model = json_object_get(other.answers, "model");
        if (json_is_string(model))
            json_object_set(answers, "model", model);
    }
    response_cleanup(&other);
    return rc;
}

void
selfcheck_clause_progress(const struct survey *s, size_t si, json_t *answers, long *answered,
                          long *applicable)
{
    const struct survey_section *sec = &s->sections[si];
    *answered = *applicable = 0;
    for (size_t k = 0; k < sec->count; k++) {
        const struct question *q = &s->questions[sec->first + k];
        if (q->type != Q_CHECK || !answer_visible(s, q, answers))
            continue;
        (*applicable)++;
        *answered += json_object_get(json_object_get(answers, q->id), "status") != NULL;
    }
}
