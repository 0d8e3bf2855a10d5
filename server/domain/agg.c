/*
 * agg.c: counting submitted responses per group (see agg.h).
 */
#include "agg.h"
#include "agg_cache.h"
#include "answer.h"
#include "arena.h"
#include "chart_svg.h"
#include "db.h"
#include "disclosure.h"
#include "err.h"
#include "grouping.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scheme's groups as result rows, plus the total. */
static int
groups_init(const struct grouping *g, struct arena *a, struct agg_result *out)
{
    out->scheme = g->id;
    out->scheme_label = g->label;
    out->n_groups = g->n_groups;
    out->groups = arena_alloc(a, (g->n_groups + 1) * sizeof(*out->groups));
    if (!out->groups)
        return ERR_NOMEM;
    for (size_t i = 0; i < g->n_groups; i++)
        out->groups[i].label = g->groups[i];
    out->groups[g->n_groups].label = "合計";
    return 0;
}

/* 対象団体数 per group: the 団体 of each group that the survey is addressed to. */
static int
count_organizations(struct db *db, const struct grouping *m, struct agg_result *out)
{
    static const char sql[] =
        "SELECT kind, prefecture, count(*) FROM organizations GROUP BY kind, prefecture";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == 1) {
        const char *kind = db_column_text(st, 0);
        if (!survey_for_kind(out->s, kind) ||
            (out->prefecture && strcmp(db_column_text(st, 1), out->prefecture) != 0))
            continue;
        size_t g = grouping_index(m, kind, db_column_text(st, 1));
        int64_t n = sqlite3_column_int64(st, 2);
        if (g < out->n_groups) {
            out->groups[g].organizations += n;
            out->groups[out->n_groups].organizations += n;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Sets up the counts of one choice question or table column. */
static int
prepare_choice(struct arena *a, struct agg_result *out, const struct question *q,
               const struct question *column)
{
    const struct question *src = column ? column : q;
    struct agg_question *aq = &out->questions[out->n_questions++];
    aq->q = q;
    aq->column = column;
    aq->id = column ? arena_printf(a, "%s.%s", q->id, column->id) : q->id;
    aq->label = column ? arena_printf(a, "%s：%s", q->label, column->label) : q->label;
    aq->n_options = src->type == Q_CHECK ? 4 : json_array_size(src->options);
    aq->options = arena_alloc(a, aq->n_options * sizeof(*aq->options));
    aq->counts = arena_alloc(a, (out->n_groups + 1) * aq->n_options * sizeof(int64_t));
    aq->answered = arena_alloc(a, (out->n_groups + 1) * sizeof(int64_t));
    aq->shown = arena_alloc(a, (out->n_groups + 1) * sizeof(int64_t));
    aq->unanswered = !column && (q->visible_if || !q->required);
    if (!aq->options || !aq->counts || !aq->answered || !aq->shown || !aq->id || !aq->label)
        return ERR_NOMEM;
    for (size_t o = 0; o < aq->n_options; o++)
        aq->options[o] = src->type == Q_CHECK ? check_statuses[o]
                                              : json_string_value(json_array_get(src->options, o));
    return 0;
}

static int
prepare_questions(struct arena *a, struct agg_result *out)
{
    const struct survey *s = out->s;
    size_t slots = 0;
    for (size_t i = 0; i < s->n_questions; i++)
        slots += 1 + s->questions[i].n_columns;
    out->questions = arena_alloc(a, (slots ? slots : 1) * sizeof(*out->questions));
    out->numbers = arena_alloc(a, (s->n_questions ? s->n_questions : 1) * sizeof(*out->numbers));
    if (!out->questions || !out->numbers)
        return ERR_NOMEM;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        if (q->type == Q_SINGLE || q->type == Q_MULTI || q->type == Q_CHECK) {
            rc = prepare_choice(a, out, q, NULL);
        } else if (q->type == Q_TABLE) {
            for (size_t c = 0; rc == 0 && c < q->n_columns; c++)
                if (q->columns[c].type == Q_SINGLE)
                    rc = prepare_choice(a, out, q, &q->columns[c]);
        } else if (q->type == Q_NUMBER) {
            struct agg_number *an = &out->numbers[out->n_numbers++];
            an->q = q;
            an->values = arena_alloc(a, (out->n_groups + 1) * sizeof(*an->values));
            an->n = arena_alloc(a, (out->n_groups + 1) * sizeof(*an->n));
            an->cap = arena_alloc(a, (out->n_groups + 1) * sizeof(*an->cap));
            if (!an->values || !an->n || !an->cap)
                rc = ERR_NOMEM;
        }
    }
    return rc;
}

/* True if the answer v (a string or a list of strings) holds option. */
static bool
holds(json_t *v, const char *option)
{
    if (json_is_string(v))
        return strcmp(json_string_value(v), option) == 0;
    size_t k;
    json_t *x;
    json_array_foreach(v, k, x) if (json_is_string(x) &&
                                    strcmp(json_string_value(x), option) == 0) return true;
    return false;
}

/* Counts one answer (or one table row's cell) for group g and the total. */
static void
count_value(struct agg_question *aq, size_t g, size_t total, json_t *v)
{
    if (answer_is_empty(v))
        return;
    aq->answered[g]++;
    aq->answered[total]++;
    for (size_t o = 0; o < aq->n_options; o++)
        if (holds(v, aq->options[o])) {
            aq->counts[g * aq->n_options + o]++;
            aq->counts[total * aq->n_options + o]++;
        }
}

static int
number_add(struct arena *a, struct agg_number *an, size_t g, double d)
{
    if (an->n[g] == an->cap[g]) {
        size_t cap = an->cap[g] ? an->cap[g] * 2 : 64;
        double *more = arena_alloc(a, cap * sizeof(*more));
        if (!more)
            return ERR_NOMEM;
        if (an->n[g])
            memcpy(more, an->values[g], an->n[g] * sizeof(*more));
        an->values[g] = more;
        an->cap[g] = cap;
    }
    an->values[g][an->n[g]++] = d;
    return 0;
}

/* Adds one response's answers to group g and to the total. */
static int
count_response(struct arena *a, struct agg_result *out, size_t g, json_t *answers)
{
    size_t total = out->n_groups;
    for (size_t i = 0; i < out->n_questions; i++) {
        struct agg_question *aq = &out->questions[i];
        json_t *v = json_object_get(answers, aq->q->id);
        if (aq->column) {
            size_t k;
            json_t *row;
            json_array_foreach(v, k, row)
                count_value(aq, g, total, json_object_get(row, aq->column->id));
            continue;
        }
        if (!answer_visible(out->s, aq->q, answers))
            continue; /* not asked of this 団体: outside the base */
        aq->shown[g]++;
        aq->shown[total]++;
        count_value(aq, g, total, aq->q->type == Q_CHECK ? json_object_get(v, "status") : v);
    }
    for (size_t i = 0; i < out->n_numbers; i++) {
        json_t *v = json_object_get(answers, out->numbers[i].q->id);
        if (!json_is_number(v))
            continue;
        int rc = number_add(a, &out->numbers[i], g, json_number_value(v));
        if (rc == 0)
            rc = number_add(a, &out->numbers[i], total, json_number_value(v));
        if (rc)
            return rc;
    }
    return 0;
}

static int
compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

bool
agg_number_stats(const struct agg_number *an, size_t g, double *sum, double *mean, double *median)
{
    size_t n = an->n[g];
    if (n == 0)
        return false;
    const double *v = an->values[g];
    *sum = 0;
    for (size_t i = 0; i < n; i++)
        *sum += v[i];
    *mean = *sum / (double)n;
    *median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return true;
}

/* The counts of a result as one array, the cache's form: each group's
   対象団体数 and 回答団体数; each choice question's counts and answered; each
   number question's count of values per group, then the values (the bits of
   the doubles). The layout follows the survey and scheme alone. */
static size_t
tally_size(const struct agg_result *r)
{
    size_t rows = r->n_groups + 1, n = 2 * rows;
    for (size_t i = 0; i < r->n_questions; i++)
        n += rows * (r->questions[i].n_options + 2);
    for (size_t i = 0; i < r->n_numbers; i++)
        for (size_t g = 0; g < rows; g++)
            n += 1 + r->numbers[i].n[g];
    return n;
}

static void
tally_save(const struct agg_result *r, int64_t *slot)
{
    size_t rows = r->n_groups + 1;
    for (size_t g = 0; g < rows; g++) {
        *slot++ = r->groups[g].organizations;
        *slot++ = r->groups[g].respondents;
    }
    for (size_t i = 0; i < r->n_questions; i++) {
        const struct agg_question *aq = &r->questions[i];
        memcpy(slot, aq->counts, rows * aq->n_options * sizeof(*slot));
        slot += rows * aq->n_options;
        memcpy(slot, aq->answered, rows * sizeof(*slot));
        slot += rows;
        memcpy(slot, aq->shown, rows * sizeof(*slot));
        slot += rows;
    }
    for (size_t i = 0; i < r->n_numbers; i++)
        for (size_t g = 0; g < rows; g++) {
            size_t n = r->numbers[i].n[g];
            *slot++ = (int64_t)n;
            if (n)
                memcpy(slot, r->numbers[i].values[g], n * sizeof(double));
            slot += n;
        }
}

/* The inverse of tally_save into a result prepared for the same survey and
   scheme; ERR_DB if the counts do not fit it. */
static int
tally_load(struct agg_result *r, const int64_t *slot, size_t n_slots, struct arena *a)
{
    const int64_t *end = slot + n_slots;
    size_t rows = r->n_groups + 1;
    size_t fixed = 2 * rows + r->n_numbers * rows;
    for (size_t i = 0; i < r->n_questions; i++)
        fixed += rows * (r->questions[i].n_options + 2);
    if (n_slots < fixed)
        return ERR_DB;
    for (size_t g = 0; g < rows; g++) {
        r->groups[g].organizations = *slot++;
        r->groups[g].respondents = *slot++;
    }
    for (size_t i = 0; i < r->n_questions; i++) {
        struct agg_question *aq = &r->questions[i];
        memcpy(aq->counts, slot, rows * aq->n_options * sizeof(*slot));
        slot += rows * aq->n_options;
        memcpy(aq->answered, slot, rows * sizeof(*slot));
        slot += rows;
        memcpy(aq->shown, slot, rows * sizeof(*slot));
        slot += rows;
    }
    for (size_t i = 0; i < r->n_numbers; i++)
        for (size_t g = 0; g < rows; g++) {
            struct agg_number *an = &r->numbers[i];
            if (slot >= end || *slot < 0 || (size_t)*slot > (size_t)(end - slot - 1))
                return ERR_DB;
            an->n[g] = an->cap[g] = (size_t)*slot++;
            an->values[g] = arena_alloc(a, an->n[g] * sizeof(double) + 1);
            if (!an->values[g])
                return ERR_NOMEM;
            memcpy(an->values[g], slot, an->n[g] * sizeof(double));
            slot += an->n[g];
        }
    return slot == end ? 0 : ERR_DB;
}

/* Reads and counts every submitted answer (the uncached path). */
static int
count_responses(struct db *db, const struct grouping *m, struct arena *a, struct agg_result *out)
{
    static const char sql[] =
        "SELECT r.org_kind, o.prefecture, v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " JOIN organizations o ON o.code = r.org_code"
        " WHERE r.survey_id = ?1 AND r.submitted_version IS NOT NULL"
        " AND (?2 IS NULL OR o.prefecture = ?2)";
    int rc = count_organizations(db, m, out);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    if ((rc = db_prepare(db, &st, sql)))
        return rc;
    db_bind_text(st, 1, out->s->id);
    db_bind_text(st, 2, out->prefecture);
    while ((rc = db_step(st)) == 1) {
        size_t g = grouping_index(m, db_column_text(st, 0), db_column_text(st, 1));
        if (g >= out->n_groups)
            continue; /* a kind no group of this scheme covers */
        json_t *answers = json_loads(db_column_text(st, 2), 0, NULL);
        if (!answers) {
            rc = ERR_DB;
            break;
        }
        out->groups[g].respondents++;
        out->groups[out->n_groups].respondents++;
        rc = count_response(a, out, g, answers);
        json_decref(answers);
        if (rc)
            break;
    }
    db_done(st);
    for (size_t i = 0; rc >= 0 && i < out->n_numbers; i++)
        for (size_t g = 0; g <= out->n_groups; g++)
            if (out->numbers[i].n[g])
                qsort(out->numbers[i].values[g], out->numbers[i].n[g], sizeof(double),
                      compare_doubles);
    return rc < 0 ? rc : 0;
}

/* An empty result of s by scheme: its groups and questions, every count 0. */
static int
result_prepare(struct db *db, const struct survey *s, const char *scheme, const char *prefecture,
               struct arena *a, struct grouping *m, struct agg_result *out)
{
    memset(out, 0, sizeof(*out));
    out->s = s;
    out->prefecture = prefecture ? arena_strdup(a, prefecture) : NULL;
    int rc = grouping_load(db, scheme, a, m);
    if (rc == 0)
        rc = groups_init(m, a, out);
    return rc ? rc : prepare_questions(a, out);
}

int
agg_compute(struct db *db, const struct survey *s, const char *scheme, const char *prefecture,
            struct arena *a, struct agg_result *out)
{
    struct grouping m;
    int rc = result_prepare(db, s, scheme, prefecture, a, &m, out);
    if (rc)
        return rc;
    struct agg_lookup lookup;
    const int64_t *cached;
    size_t n_slots;
    if ((rc = agg_cache_lookup(db, s, "agg", m.id, prefecture, a, &lookup, &cached, &n_slots)))
        return rc;
    if (cached && tally_load(out, cached, n_slots, a) == 0)
        return 0;
    /* Counts that did not fit (never expected) are counted afresh. */
    rc = cached ? result_prepare(db, s, scheme, prefecture, a, &m, out) : 0;
    if (rc == 0)
        rc = count_responses(db, &m, a, out);
    size_t n = rc == 0 && lookup.key ? tally_size(out) : 0;
    int64_t *slots = n ? arena_alloc(a, n * sizeof(*slots)) : NULL;
    if (slots)
        tally_save(out, slots);
    agg_cache_store(&lookup, slots, n);
    return rc;
}

int
agg_suppress(struct agg_result *r, int64_t below, struct arena *a)
{
    int64_t *respondents = arena_alloc(a, (r->n_groups + 1) * sizeof(*respondents));
    bool *hidden = arena_alloc(a, (r->n_groups + 1) * sizeof(*hidden));
    if (!respondents || !hidden)
        return ERR_NOMEM;
    for (size_t g = 0; g <= r->n_groups; g++)
        respondents[g] = r->groups[g].respondents;
    disclosure_suppress(respondents, r->n_groups, below, hidden);
    r->suppress_below = below;
    for (size_t g = 0; g <= r->n_groups; g++)
        r->groups[g].suppressed = hidden[g];
    return 0;
}

void
agg_suppression_rule(int64_t below, char *buf, size_t size)
{
    snprintf(buf, size,
             "回答団体数が%lld未満の区分は、数値とグラフを表示していません（表では x）。"
             "合計から引き算で求められないよう、次に回答の少ない区分か合計も併せて表示して"
             "いません",
             (long long)below);
}

/* The table note saying which groups were left out, or the given note. */
static const char *
suppression_note(const struct agg_result *r, struct arena *a, const char *note)
{
    if (r->suppress_below <= 0)
        return note;
    char rule[AGG_RULE_SIZE];
    agg_suppression_rule(r->suppress_below, rule, sizeof(rule));
    return arena_printf(a, "%s。%s", note, rule);
}

const char *
agg_count_text(const struct agg_result *r, size_t g, int64_t n, struct arena *a)
{
    return r->groups[g].suppressed ? DISCLOSURE_HIDDEN : arena_printf(a, "%lld", (long long)n);
}

/* A count of group g in JSON: null when the group is hidden. */
static json_t *
count_json(const struct agg_result *r, size_t g, int64_t n)
{
    return r->groups[g].suppressed ? json_null() : json_integer(n);
}

/* obj, given "suppressed": true when group g is hidden (absent otherwise, so
   unsuppressed results are as before). */
static json_t *
mark_suppressed(const struct agg_result *r, size_t g, json_t *obj)
{
    if (r->groups[g].suppressed)
        json_object_set_new(obj, "suppressed", json_true());
    return obj;
}

/* A count of group g in a table: DISCLOSURE_HIDDEN when the group is hidden. */
static void
count_cell(const struct agg_result *r, size_t g, struct table *t, size_t row, size_t col, int64_t n)
{
    if (r->groups[g].suppressed)
        table_text(t, row, col, DISCLOSURE_HIDDEN);
    else
        table_int(t, row, col, n);
}

const struct agg_question *
agg_question(const struct agg_result *r, const char *id)
{
    for (size_t i = 0; i < r->n_questions; i++)
        if (strcmp(r->questions[i].id, id) == 0)
            return &r->questions[i];
    return NULL;
}

const char *
agg_base_label(const struct agg_question *aq)
{
    return aq->column          ? "行数"
           : aq->q->visible_if ? "集計対象（設問が表示された団体）"
                               : "回答団体数";
}

int64_t
agg_base(const struct agg_question *aq, size_t g)
{
    return aq->column ? aq->answered[g] : aq->shown[g];
}

int64_t
agg_unanswered(const struct agg_question *aq, size_t g)
{
    return aq->unanswered ? aq->shown[g] - aq->answered[g] : 0;
}

size_t
agg_bars(const struct agg_question *aq, size_t g, struct chart_bar *bars)
{
    for (size_t o = 0; o < aq->n_options; o++)
        bars[o] = (struct chart_bar){aq->options[o], aq->counts[g * aq->n_options + o]};
    if (!aq->unanswered)
        return aq->n_options;
    bars[aq->n_options] = (struct chart_bar){AGG_UNANSWERED, agg_unanswered(aq, g)};
    return aq->n_options + 1;
}

const char *
agg_percent(struct arena *a, int64_t n, int64_t base)
{
    if (base <= 0)
        return "-";
    /* Round half up on tenths in integer arithmetic, so 1/3 is always 33.3. */
    int64_t tenths = (n * 1000 + base / 2) / base;
    return arena_printf(a, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

static json_t *
counts_json(const struct agg_result *r, const struct agg_question *aq, size_t row)
{
    if (r->groups[row].suppressed)
        return json_null();
    json_t *counts = json_object();
    for (size_t o = 0; o < aq->n_options; o++)
        json_object_set_new(counts, aq->options[o],
                            json_integer(aq->counts[row * aq->n_options + o]));
    if (aq->unanswered)
        json_object_set_new(counts, AGG_UNANSWERED, json_integer(agg_unanswered(aq, row)));
    return counts;
}

/* One row of a question in the API: its group's respondents, base, answered
   and counts, null and marked when the group is hidden (the total row has no
   "group"). */
static json_t *
question_row_json(const struct agg_result *r, const struct agg_question *aq, size_t g)
{
    json_t *row = mark_suppressed(
        r, g,
        json_pack("{s:o, s:o, s:o, s:o}", "respondents", count_json(r, g, r->groups[g].respondents),
                  "base", count_json(r, g, agg_base(aq, g)), "answered",
                  count_json(r, g, aq->answered[g]), "counts", counts_json(r, aq, g)));
    if (g < r->n_groups)
        json_object_set_new(row, "group", json_string(r->groups[g].label));
    return row;
}

static const char *
question_type_name(const struct agg_question *aq)
{
    if (aq->column)
        return "table_column";
    return aq->q->type == Q_CHECK ? "check" : aq->q->type == Q_MULTI ? "multi" : "single";
}

static json_t *
number_json(const struct agg_result *r, const struct agg_number *an, size_t g, const char *group)
{
    double sum = 0, mean = 0, median = 0;
    bool any = !r->groups[g].suppressed && agg_number_stats(an, g, &sum, &mean, &median);
    json_t *row =
        mark_suppressed(r, g, json_pack("{s:o}", "n", count_json(r, g, (int64_t)an->n[g])));
    if (group)
        json_object_set_new(row, "group", json_string(group));
    json_object_set_new(row, "sum", any ? json_real(sum) : json_null());
    json_object_set_new(row, "mean", any ? json_real(mean) : json_null());
    json_object_set_new(row, "median", any ? json_real(median) : json_null());
    return row;
}

json_t *
agg_json(const struct agg_result *r)
{
    json_t *groups = json_array();
    for (size_t g = 0; g < r->n_groups; g++)
        json_array_append_new(
            groups,
            mark_suppressed(r, g,
                            json_pack("{s:s, s:I, s:o}", "group", r->groups[g].label,
                                      "organizations", (json_int_t)r->groups[g].organizations,
                                      "respondents", count_json(r, g, r->groups[g].respondents))));
    json_t *questions = json_array();
    const struct agg_group *total = &r->groups[r->n_groups];
    for (size_t i = 0; i < r->n_questions; i++) {
        const struct agg_question *aq = &r->questions[i];
        json_t *options = json_array(), *rows = json_array();
        for (size_t o = 0; o < aq->n_options; o++)
            json_array_append_new(options, json_string(aq->options[o]));
        for (size_t g = 0; g < r->n_groups; g++)
            json_array_append_new(rows, question_row_json(r, aq, g));
        json_array_append_new(questions,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "id",
                                        aq->id, "type", question_type_name(aq), "unit",
                                        aq->column ? "rows" : "organizations", "label", aq->label,
                                        "base", agg_base_label(aq), "unanswered_category",
                                        aq->unanswered, "options", options, "rows", rows, "total",
                                        question_row_json(r, aq, r->n_groups)));
    }
    json_t *numbers = json_array();
    for (size_t i = 0; i < r->n_numbers; i++) {
        const struct agg_number *an = &r->numbers[i];
        json_t *rows = json_array();
        for (size_t g = 0; g < r->n_groups; g++)
            json_array_append_new(rows, number_json(r, an, g, r->groups[g].label));
        json_array_append_new(numbers, json_pack("{s:s, s:s, s:o, s:o}", "id", an->q->id, "label",
                                                 an->q->label, "rows", rows, "total",
                                                 number_json(r, an, r->n_groups, NULL)));
    }
    json_t *out = json_pack(
        "{s:s, s:s, s:s, s:s?, s:o, s:o, s:o, s:o}", "survey", r->s->id, "scheme", r->scheme,
        "scheme_label", r->scheme_label, "prefecture", r->prefecture, "groups", groups, "total",
        mark_suppressed(r, r->n_groups,
                        json_pack("{s:I, s:o}", "organizations", (json_int_t)total->organizations,
                                  "respondents", count_json(r, r->n_groups, total->respondents))),
        "questions", questions, "numbers", numbers);
    char rule[AGG_RULE_SIZE];
    agg_suppression_rule(r->suppress_below, rule, sizeof(rule));
    if (r->suppress_below > 0)
        json_object_set_new(
            out, "suppression",
            json_pack("{s:I, s:s}", "below", (json_int_t)r->suppress_below, "rule", rule));
    return out;
}

int
agg_each_scheme(struct db *db, int (*fn)(const char *id, const char *label, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT scheme, label FROM groupings ORDER BY composed_at IS NOT NULL, rowid";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == 1)
        if ((rc = fn(db_column_text(st, 0), db_column_text(st, 1), ctx)))
            break;
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
agg_status_table(const struct agg_result *r, struct arena *a, struct table *t)
{
    int rc = table_init(
        t, a, arena_printf(a, "回答状況（%s）", r->scheme_label),
        suppression_note(r, a, "回答率は対象団体数に対する回答団体数（提出済み）の割合"), 4);
    if (rc)
        return rc;
    table_head(t, 0, r->scheme_label);
    table_head(t, 1, "対象団体数");
    table_head(t, 2, "回答団体数");
    table_head(t, 3, "回答率（%）");
    for (size_t g = 0; g <= r->n_groups; g++) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        table_text(t, row, 0, r->groups[g].label);
        table_int(t, row, 1, r->groups[g].organizations);
        count_cell(r, g, t, row, 2, r->groups[g].respondents);
        if (r->groups[g].suppressed)
            table_text(t, row, 3, DISCLOSURE_HIDDEN);
        else
            table_number(t, row, 3,
                         agg_percent(a, r->groups[g].respondents, r->groups[g].organizations));
    }
    return 0;
}

int
agg_question_table(const struct agg_result *r, const struct agg_question *aq, struct arena *a,
                   struct table *t)
{
    const char *note =
        aq->column
            ? "表の行を数えています。割合（%）は各区分の行数に対する割合"
            : arena_printf(a, "割合（%%）は各区分の%sに対する割合%s", agg_base_label(aq),
                           aq->q->type == Q_MULTI ? "。複数選択のため合計は100%を超えます" : "");
    size_t n_cats = aq->n_options + aq->unanswered;
    int rc = note ? table_init(t, a, aq->label, suppression_note(r, a, note), 2 + 2 * n_cats)
                  : ERR_NOMEM;
    if (rc)
        return rc;
    table_head(t, 0, r->scheme_label);
    table_head(t, 1, agg_base_label(aq));
    for (size_t o = 0; o < n_cats; o++) {
        const char *name = o < aq->n_options ? aq->options[o] : AGG_UNANSWERED;
        table_head(t, 2 + o, name);
        table_head(t, 2 + n_cats + o, arena_printf(a, "%s（%%）", name));
    }
    for (size_t g = 0; g <= r->n_groups; g++) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        int64_t base = agg_base(aq, g);
        table_text(t, row, 0, r->groups[g].label);
        count_cell(r, g, t, row, 1, base);
        for (size_t o = 0; o < n_cats; o++) {
            int64_t n =
                o < aq->n_options ? aq->counts[g * aq->n_options + o] : agg_unanswered(aq, g);
            count_cell(r, g, t, row, 2 + o, n);
            if (r->groups[g].suppressed)
                table_text(t, row, 2 + n_cats + o, DISCLOSURE_HIDDEN);
            else
                table_number(t, row, 2 + n_cats + o, agg_percent(a, n, base));
        }
    }
    return 0;
}

int
agg_number_table(const struct agg_result *r, const struct agg_number *an, struct arena *a,
                 struct table *t)
{
    int rc =
        table_init(t, a, an->q->label, suppression_note(r, a, "回答のあった団体の数値による"), 5);
    if (rc)
        return rc;
    static const char *const heads[] = {"回答数", "合計", "平均", "中央値"};
    table_head(t, 0, r->scheme_label);
    for (size_t c = 0; c < 4; c++)
        table_head(t, c + 1, heads[c]);
    for (size_t g = 0; g <= r->n_groups; g++) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        double sum, mean, median;
        bool any = !r->groups[g].suppressed && agg_number_stats(an, g, &sum, &mean, &median);
        const char *none = r->groups[g].suppressed ? DISCLOSURE_HIDDEN : "-";
        table_text(t, row, 0, r->groups[g].label);
        count_cell(r, g, t, row, 1, (int64_t)an->n[g]);
        table_number(t, row, 2, any ? arena_printf(a, "%.10g", sum) : none);
        table_number(t, row, 3, any ? arena_printf(a, "%.1f", mean) : none);
        table_number(t, row, 4, any ? arena_printf(a, "%.10g", median) : none);
    }
    return 0;
}
