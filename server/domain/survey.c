/*
 * survey.c: parsing and validating survey definitions (see survey.h).
 */
#include "survey.h"
#include "clock.h"
#include "err.h"
#include "jsonin.h"
#include "org.h"
#include "xmalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const qtype_names[] = {"single", "multi", "text", "number",
                                          "date",   "table", "check"};
static const char *const qtype_labels[] = {"単一選択", "複数選択", "文章",    "数値",
                                           "日付",     "表",       "自己点検"};

const char *
qtype_label(enum qtype t)
{
    return qtype_labels[t];
}

/* Validation state: where we are in the JSON, and the first error. */
struct check {
    const char *source;
    char path[256];
    char *msg;
    size_t msglen;
    int rc;
    json_t *shared_options;
    bool draft; /* survey_parse_draft: the period may be absent, a section empty */
};

static int fail(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(struct check *c, const char *fmt, ...)
{
    if (c->rc)
        return c->rc;
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(c->msg, c->msglen, "%s: %s: %s", c->source, c->path[0] ? c->path : "/", what);
    c->rc = ERR_INPUT;
    return c->rc;
}

/* Appends "/key" to the path; returns the old length for path_pop. */
static size_t path_push(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static size_t
path_push(struct check *c, const char *fmt, ...)
{
    size_t old = strlen(c->path);
    va_list ap;
    va_start(ap, fmt);
    if (old < sizeof(c->path) - 1) {
        c->path[old] = '/';
        vsnprintf(c->path + old + 1, sizeof(c->path) - old - 1, fmt, ap);
    }
    va_end(ap);
    return old;
}

static void
path_pop(struct check *c, size_t old)
{
    c->path[old] = '\0';
}

/* Refuses keys not in `allowed` (typos must not pass silently). */
static int
known_keys(struct check *c, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool found = false;
        for (const char *const *a = allowed; *a; a++)
            found = found || strcmp(*a, key) == 0;
        if (!found)
            return fail(c, "知らない項目「%s」があります", key);
    }
    return 0;
}

static const char *
get_string(struct check *c, json_t *obj, const char *key, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            fail(c, "「%s」が必要です", key);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        fail(c, "「%s」は空でない文字列にしてください", key);
        return NULL;
    }
    return json_string_value(v);
}

static bool
valid_id(const char *s, bool allow_dash)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              (allow_dash && *s == '-')))
            return false;
    return true;
}

/* Checks an option list: a non-empty array of distinct non-empty strings. */
static int
check_option_list(struct check *c, json_t *list)
{
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(c, "選択肢は空でない配列にしてください");
    size_t i, j;
    json_t *a, *b;
    json_array_foreach(list, i, a)
    {
        if (!json_is_string(a) || json_string_length(a) == 0 || json_string_length(a) > 200)
            return fail(c, "選択肢 %zu は1〜200文字の文字列にしてください", i);
        json_array_foreach(list, j, b) if (j < i && json_equal(a, b)) return fail(
            c, "選択肢「%s」が重複しています", json_string_value(a));
    }
    return 0;
}

bool
question_has_option(const struct question *q, const char *value)
{
    size_t i;
    json_t *o;
    json_array_foreach(q->options, i, o) if (strcmp(json_string_value(o), value) == 0) return true;
    return false;
}

static int
resolve_options(struct check *c, json_t *jq, struct question *q)
{
    json_t *inline_options = json_object_get(jq, "options");
    const char *ref = get_string(c, jq, "options_ref", false);
    if (c->rc)
        return c->rc;
    if (!!inline_options == !!ref)
        return fail(c, "options か options_ref のどちらか一方を指定してください");
    if (ref) {
        q->options = json_object_get(c->shared_options, ref);
        if (!q->options)
            return fail(c, "options_ref「%s」は options にありません", ref);
        return 0;
    }
    size_t old = path_push(c, "options");
    int rc = check_option_list(c, inline_options);
    path_pop(c, old);
    q->options = inline_options;
    return rc;
}

static int
get_number(struct check *c, json_t *obj, const char *key, bool *has, double *out)
{
    json_t *v = json_object_get(obj, key);
    *has = v != NULL;
    if (!v)
        return 0;
    if (!json_is_number(v))
        return fail(c, "「%s」は数値にしてください", key);
    *out = json_number_value(v);
    return 0;
}

static int
get_count(struct check *c, json_t *obj, const char *key, long lo, long hi, long def, long *out)
{
    json_t *v = json_object_get(obj, key);
    *out = def;
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return fail(c, "「%s」は %ld〜%ld の整数にしてください", key, lo, hi);
    *out = (long)json_integer_value(v);
    return 0;
}

static int parse_question(struct check *c, json_t *jq, struct question *q, bool in_table);

static int
parse_table(struct check *c, json_t *jq, struct question *q)
{
    json_t *cols = json_object_get(jq, "columns");
    if (!json_is_array(cols) || json_array_size(cols) == 0)
        return fail(c, "表（table）には columns が必要です");
    q->n_columns = json_array_size(cols);
    q->columns = xmalloc(q->n_columns * sizeof(*q->columns));
    memset(q->columns, 0, q->n_columns * sizeof(*q->columns));
    size_t i;
    json_t *col;
    json_array_foreach(cols, i, col)
    {
        size_t old = path_push(c, "columns/%zu", i);
        if (parse_question(c, col, &q->columns[i], true))
            return c->rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(q->columns[j].id, q->columns[i].id) == 0)
                return fail(c, "列 id「%s」が重複しています", q->columns[i].id);
        path_pop(c, old);
    }
    if (get_count(c, jq, "min_rows", 0, 1000, 0, &q->min_rows) ||
        get_count(c, jq, "max_rows", 1, 1000, SURVEY_TABLE_DEFAULT_MAX_ROWS, &q->max_rows))
        return c->rc;
    if (q->min_rows > q->max_rows)
        return fail(c, "min_rows が max_rows より大きくなっています");
    return 0;
}

/* A check item's provenance: "source" {"document", "file", "page", "part"} names
   where its wording comes from; "level_assumed": true says no reference
   document gives its 必須/推奨. */
static int
parse_provenance(struct check *c, json_t *jq, struct question *q)
{
    json_t *assumed = json_object_get(jq, "level_assumed");
    if (assumed && !json_is_boolean(assumed))
        return fail(c, "level_assumed は true か false にしてください");
    q->level_assumed = json_is_true(assumed);
    q->source = json_object_get(jq, "source");
    if (!q->source)
        return 0;
    static const char *const keys[] = {"document", "file", "page", "part", NULL};
    size_t old = path_push(c, "source");
    if (!json_is_object(q->source))
        return fail(c, "source は {\"document\", \"file\", \"page\", \"part\"} にしてください");
    if (known_keys(c, q->source, keys))
        return c->rc;
    get_string(c, q->source, "document", true);
    get_string(c, q->source, "file", false);
    get_string(c, q->source, "part", false);
    if (c->rc)
        return c->rc;
    json_t *page = json_object_get(q->source, "page");
    if (page && (!json_is_integer(page) || json_integer_value(page) < 1))
        return fail(c, "page は 1 以上の整数にしてください");
    path_pop(c, old);
    return 0;
}

static int
parse_question(struct check *c, json_t *jq, struct question *q, bool in_table)
{
    static const char *const keys[] = {
        "id",          "type",       "label",      "help",          "required", "options",
        "options_ref", "exclusive",  "max_length", "multiline",     "integer",  "min",
        "max",         "visible_if", "columns",    "min_rows",      "max_rows", "level",
        "measure",     "public",     "source",     "level_assumed", "clause",   "category",
        "remark",      NULL};
    if (!json_is_object(jq))
        return fail(c, "設問はオブジェクトにしてください");
    if (known_keys(c, jq, keys))
        return c->rc;
    q->id = get_string(c, jq, "id", true);
    const char *type = get_string(c, jq, "type", true);
    q->label = get_string(c, jq, "label", true);
    q->help = get_string(c, jq, "help", false);
    if (c->rc)
        return c->rc;
    if (!valid_id(q->id, false))
        return fail(c, "id「%s」は英小文字・数字・_ の64文字以内にしてください", q->id);
    size_t t;
    for (t = 0; t < sizeof(qtype_names) / sizeof(qtype_names[0]); t++)
        if (strcmp(type, qtype_names[t]) == 0)
            break;
    if (t == sizeof(qtype_names) / sizeof(qtype_names[0]))
        return fail(
            c, "type「%s」は single, multi, text, number, date, table, check のいずれかです", type);
    q->type = (enum qtype)t;
    if (in_table && (q->type == Q_TABLE || q->type == Q_CHECK || q->type == Q_MULTI))
        return fail(c, "表の列に使える type は single, text, number, date です");
    json_t *req = json_object_get(jq, "required");
    if (req && !json_is_boolean(req))
        return fail(c, "required は true か false にしてください");
    q->required = json_is_true(req);
    json_t *pub = json_object_get(jq, "public");
    if (pub && !json_is_boolean(pub))
        return fail(c, "public は true か false にしてください");
    q->public_answers = json_is_true(pub);
    if (in_table && json_object_get(jq, "visible_if"))
        return fail(c, "表の列に visible_if は使えません");
    switch (q->type) {
    case Q_SINGLE:
    case Q_MULTI:
        if (resolve_options(c, jq, q))
            return c->rc;
        q->exclusive = json_object_get(jq, "exclusive");
        if (q->exclusive) {
            size_t i;
            json_t *x;
            if (q->type != Q_MULTI || !json_is_array(q->exclusive))
                return fail(c, "exclusive は複数選択（multi）の選択肢の配列にしてください");
            json_array_foreach(
                q->exclusive, i,
                x) if (!json_is_string(x) ||
                       !question_has_option(
                           q, json_string_value(
                                  x))) return fail(c, "exclusive %zu は選択肢にありません", i);
        }
        break;
    case Q_TEXT: {
        json_t *ml = json_object_get(jq, "multiline");
        if (ml && !json_is_boolean(ml))
            return fail(c, "multiline は true か false にしてください");
        q->multiline = json_is_true(ml);
        if (get_count(c, jq, "max_length", 1, 100000, SURVEY_TEXT_DEFAULT_MAX, &q->max_length))
            return c->rc;
        break;
    }
    case Q_NUMBER: {
        json_t *integer = json_object_get(jq, "integer");
        if (integer && !json_is_boolean(integer))
            return fail(c, "integer は true か false にしてください");
        q->integer = json_is_true(integer);
        if (get_number(c, jq, "min", &q->has_min, &q->min) ||
            get_number(c, jq, "max", &q->has_max, &q->max))
            return c->rc;
        if (q->has_min && q->has_max && q->min > q->max)
            return fail(c, "min が max より大きくなっています");
        break;
    }
    case Q_DATE:
        q->date_min = get_string(c, jq, "min", false);
        q->date_max = get_string(c, jq, "max", false);
        if (c->rc)
            return c->rc;
        if ((q->date_min && !clock_valid_date(q->date_min)) ||
            (q->date_max && !clock_valid_date(q->date_max)))
            return fail(c, "日付の min / max は YYYY-MM-DD にしてください");
        break;
    case Q_TABLE:
        if (parse_table(c, jq, q))
            return c->rc;
        break;
    case Q_CHECK:
        q->level = get_string(c, jq, "level", true);
        q->measure = get_string(c, jq, "measure", true);
        if (c->rc)
            return c->rc;
        if (strcmp(q->level, "必須") != 0 && strcmp(q->level, "推奨") != 0)
            return fail(c, "level は 必須 か 推奨 です");
        if (strcmp(q->measure, "技術的対策") != 0 && strcmp(q->measure, "組織的・人的対策") != 0)
            return fail(c, "measure は 技術的対策 か 組織的・人的対策 です");
        if (parse_provenance(c, jq, q))
            return c->rc;
        /* Where a requirement table places it: the 対策基準 clause, its 分類
           and its 備考 (図表42/43). */
        q->clause = get_string(c, jq, "clause", false);
        q->category = get_string(c, jq, "category", false);
        q->remark = get_string(c, jq, "remark", false);
        if (c->rc)
            return c->rc;
        break;
    }
    /* Keys that belong to other types are refused, so a typo'd type cannot hide. */
    static const struct {
        const char *key;
        unsigned types; /* bit per enum qtype */
    } owners[] = {
        {"options", 1u << Q_SINGLE | 1u << Q_MULTI},
        {"options_ref", 1u << Q_SINGLE | 1u << Q_MULTI},
        {"exclusive", 1u << Q_MULTI},
        {"max_length", 1u << Q_TEXT},
        {"multiline", 1u << Q_TEXT},
        {"integer", 1u << Q_NUMBER},
        {"min", 1u << Q_NUMBER | 1u << Q_DATE},
        {"max", 1u << Q_NUMBER | 1u << Q_DATE},
        {"columns", 1u << Q_TABLE},
        {"min_rows", 1u << Q_TABLE},
        {"max_rows", 1u << Q_TABLE},
        {"level", 1u << Q_CHECK},
        {"measure", 1u << Q_CHECK},
        {"source", 1u << Q_CHECK},
        {"level_assumed", 1u << Q_CHECK},
        {"clause", 1u << Q_CHECK},
        {"category", 1u << Q_CHECK},
        {"remark", 1u << Q_CHECK},
    };
    for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
        if (json_object_get(jq, owners[i].key) && !(owners[i].types & (1u << q->type)))
            return fail(c, "「%s」は type %s には使えません", owners[i].key, type);
    return 0;
}

/* A condition's leaf may only name an earlier choice question, and only its options. */
static int
check_condition_leaf(struct check *c, const struct survey *s, size_t index, json_t *vi)
{
    static const char *const keys[] = {"question", "equals", "any_of", "none_of", NULL};
    if (known_keys(c, vi, keys))
        return fail(
            c, "visible_if は {\"question\": ..., \"equals\"|\"any_of\"|\"none_of\": ...} です");
    const char *target = get_string(c, vi, "question", true);
    if (c->rc)
        return c->rc;
    const struct question *t = NULL;
    for (size_t i = 0; i < index; i++)
        if (strcmp(s->questions[i].id, target) == 0)
            t = &s->questions[i];
    if (!t || (t->type != Q_SINGLE && t->type != Q_MULTI))
        return fail(c, "visible_if の question「%s」は、前にある選択式の設問にしてください",
                    target);
    int n_conditions = 0;
    const char *conds[] = {"equals", "any_of", "none_of"};
    for (int k = 0; k < 3; k++) {
        json_t *val = json_object_get(vi, conds[k]);
        if (!val)
            continue;
        n_conditions++;
        json_t *list = json_is_string(val) ? NULL : val;
        bool malformed =
            k == 0 ? !json_is_string(val) : (!json_is_array(list) || json_array_size(list) == 0);
        if (malformed)
            return fail(c, "visible_if の %s の形が正しくありません", conds[k]);
        if (k == 0 && !question_has_option(t, json_string_value(val)))
            return fail(c, "visible_if の「%s」は %s の選択肢にありません", json_string_value(val),
                        target);
        size_t i;
        json_t *x;
        json_array_foreach(
            list, i,
            x) if (!json_is_string(x) ||
                   !question_has_option(
                       t, json_string_value(
                              x))) return fail(c, "visible_if の %s %zu は %s の選択肢にありません",
                                               conds[k], i, target);
    }
    if (n_conditions != 1)
        return fail(c, "visible_if には equals, any_of, none_of のどれか一つを指定してください");
    return 0;
}

/* A condition: a leaf, or {"all": [...]}, {"any": [...]} (two or more
   conditions), {"not": condition}, nested at most SURVEY_CONDITION_DEPTH deep. */
static int
check_condition(struct check *c, const struct survey *s, size_t index, json_t *vi, int depth)
{
    if (!json_is_object(vi))
        return fail(
            c, "visible_if は {\"question\": ..., \"equals\"|\"any_of\"|\"none_of\": ...} です");
    if (depth > SURVEY_CONDITION_DEPTH)
        return fail(c, "visible_if の入れ子が深すぎます（%d 段まで）", SURVEY_CONDITION_DEPTH);
    json_t *all = json_object_get(vi, "all"), *any = json_object_get(vi, "any");
    json_t *not = json_object_get(vi, "not");
    if (!all && !any && !not )
        return check_condition_leaf(c, s, index, vi);
    if (json_object_size(vi) != 1)
        return fail(c, "visible_if の all, any, not はそれだけで一つの条件にしてください");
    if (not ) {
        size_t old = path_push(c, "not");
        if (check_condition(c, s, index, not, depth + 1))
            return c->rc;
        path_pop(c, old);
        return 0;
    }
    json_t *list = all ? all : any;
    if (!json_is_array(list) || json_array_size(list) < 2)
        return fail(c, "visible_if の %s は二つ以上の条件の配列にしてください",
                    all ? "all" : "any");
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        size_t old = path_push(c, "%s/%zu", all ? "all" : "any", i);
        if (check_condition(c, s, index, x, depth + 1))
            return c->rc;
        path_pop(c, old);
    }
    return 0;
}

static int
check_visible_if(struct check *c, const struct survey *s, size_t index)
{
    json_t *vi = s->questions[index].visible_if;
    if (!vi)
        return 0;
    size_t old = path_push(c, "visible_if");
    if (check_condition(c, s, index, vi, 1))
        return c->rc;
    path_pop(c, old);
    return 0;
}

/* "published_summary": the 分類 summary table as the Ministry published it
   ({"document", "rows": [{"category", "意見", "質問"}], "total": {"意見", "質問"}}),
   shown beside the counted one where they differ. */
static int
parse_published_summary(struct check *c, struct survey *s)
{
    json_t *ps = json_object_get(s->def, "published_summary");
    if (!ps)
        return 0;
    static const char *const keys[] = {"document", "rows", "total", NULL};
    static const char *const row_keys[] = {"category", "意見", "質問", NULL};
    size_t old = path_push(c, "published_summary");
    if (!json_is_object(ps) || known_keys(c, ps, keys))
        return fail(c, "published_summary は {\"document\", \"rows\", \"total\"} にしてください");
    get_string(c, ps, "document", true);
    json_t *rows = json_object_get(ps, "rows"), *total = json_object_get(ps, "total");
    if (c->rc || !json_is_array(rows) || !json_is_object(total) ||
        known_keys(c, total, row_keys + 1))
        return fail(c, "rows（分類ごとの行）と total（意見・質問の合計）が必要です");
    size_t i;
    json_t *row;
    json_array_foreach(
        rows, i,
        row) if (!json_is_object(row) || known_keys(c, row, row_keys) ||
                 !json_is_string(json_object_get(row, "category")) ||
                 !json_is_integer(json_object_get(row, "意見")) ||
                 !json_is_integer(json_object_get(
                     row, "質問"))) return fail(c,
                                                "rows %zu は {category, 意見, 質問} にしてください",
                                                i);
    if (!json_is_integer(json_object_get(total, "意見")) ||
        !json_is_integer(json_object_get(total, "質問")))
        return fail(c, "total は {意見, 質問} の件数にしてください");
    s->published_summary = ps;
    path_pop(c, old);
    return 0;
}

static int
parse_top(struct check *c, struct survey *s)
{
    static const char *const keys[] = {"id",
                                       "revision",
                                       "kind",
                                       "title",
                                       "description",
                                       "period",
                                       "audience",
                                       "options",
                                       "materials",
                                       "approval",
                                       "previous",
                                       "sections",
                                       "default_group",
                                       "published_summary",
                                       NULL};
    json_t *d = s->def;
    if (!json_is_object(d))
        return fail(c, "定義は JSON オブジェクトにしてください");
    if (known_keys(c, d, keys))
        return c->rc;
    const char *id = get_string(c, d, "id", true);
    const char *kind = get_string(c, d, "kind", true);
    const char *title = get_string(c, d, "title", true);
    s->description = get_string(c, d, "description", false);
    if (c->rc)
        return c->rc;
    if (!valid_id(id, true))
        return fail(c, "id「%s」は英小文字・数字・- _ の64文字以内にしてください", id);
    if (strcmp(kind, "survey") != 0 && strcmp(kind, "selfcheck") != 0)
        return fail(c, "kind は survey か selfcheck です");
    s->id = xstrdup(id);
    s->kind = xstrdup(kind);
    s->title = xstrdup(title);
    json_t *rev = json_object_get(d, "revision");
    if (!json_is_integer(rev) || json_integer_value(rev) < 1)
        return fail(c, "revision は 1 以上の整数にしてください");
    s->revision = (long)json_integer_value(rev);

    size_t old = path_push(c, "period");
    json_t *period = json_object_get(d, "period");
    static const char *const period_keys[] = {"opens", "closes", NULL};
    if (!period && c->draft) {
        path_pop(c, old);
        goto after_period;
    }
    if (!json_is_object(period))
        return fail(c, "period {\"opens\", \"closes\"} が必要です");
    if (known_keys(c, period, period_keys))
        return c->rc;
    const char *opens = get_string(c, period, "opens", true);
    const char *closes = get_string(c, period, "closes", true);
    if (c->rc)
        return c->rc;
    if (!clock_parse_iso(opens, &s->opens_at) || !clock_parse_iso(closes, &s->closes_at))
        return fail(c, "日時は 2025-02-04T09:00:00+09:00 の形にしてください");
    if (s->closes_at <= s->opens_at)
        return fail(c, "closes は opens より後にしてください");
    path_pop(c, old);
after_period:

    s->previous = get_string(c, d, "previous", false);
    s->default_group = get_string(c, d, "default_group", false);
    if (c->rc || parse_published_summary(c, s))
        return c->rc;
    json_t *approval = json_object_get(d, "approval");
    if (approval && !json_is_boolean(approval))
        return fail(c, "approval は true か false にしてください");
    s->approval = json_is_true(approval);
    s->audience = json_object_get(d, "audience");
    if (s->audience) {
        old = path_push(c, "audience");
        size_t i;
        json_t *k;
        if (!json_is_array(s->audience) || json_array_size(s->audience) == 0)
            return fail(c, "audience は団体区分の配列にしてください");
        json_array_foreach(s->audience, i,
                           k) if (!json_is_string(k) ||
                                  !org_kind_valid(json_string_value(
                                      k))) return fail(c, "audience %zu は団体区分ではありません",
                                                       i);
        path_pop(c, old);
    }
    s->materials = json_object_get(d, "materials");
    if (s->materials) {
        old = path_push(c, "materials");
        if (check_option_list(c, s->materials))
            return c->rc;
        path_pop(c, old);
    }
    c->shared_options = json_object_get(d, "options");
    if (c->shared_options) {
        if (!json_is_object(c->shared_options))
            return fail(c, "options は {名前: [選択肢...]} にしてください");
        const char *name;
        json_t *list;
        json_object_foreach(c->shared_options, name, list)
        {
            old = path_push(c, "options/%s", name);
            if (check_option_list(c, list))
                return c->rc;
            path_pop(c, old);
        }
    }
    return 0;
}

static int
parse_sections(struct check *c, struct survey *s)
{
    json_t *sections = json_object_get(s->def, "sections");
    if (!json_is_array(sections) || json_array_size(sections) == 0)
        return fail(c, "sections は空でない配列にしてください");
    s->n_sections = json_array_size(sections);
    s->sections = xmalloc(s->n_sections * sizeof(*s->sections));
    memset(s->sections, 0, s->n_sections * sizeof(*s->sections));
    size_t total = 0, i;
    json_t *sec;
    json_array_foreach(sections, i, sec) total +=
        json_array_size(json_object_get(sec, "questions"));
    s->questions = xmalloc((total ? total : 1) * sizeof(*s->questions));
    memset(s->questions, 0, (total ? total : 1) * sizeof(*s->questions));
    static const char *const keys[] = {"id", "title", "help", "chapter", "questions", NULL};
    json_array_foreach(sections, i, sec)
    {
        size_t old = path_push(c, "sections/%zu", i);
        if (!json_is_object(sec) || known_keys(c, sec, keys))
            return fail(c, "セクションは {id, title, questions} にしてください");
        struct survey_section *ss = &s->sections[i];
        ss->id = get_string(c, sec, "id", true);
        ss->title = get_string(c, sec, "title", true);
        ss->help = get_string(c, sec, "help", false);
        ss->chapter = get_string(c, sec, "chapter", false);
        if (c->rc)
            return c->rc;
        json_t *qs = json_object_get(sec, "questions");
        if (!json_is_array(qs) || (json_array_size(qs) == 0 && !c->draft))
            return fail(c, "設問が一つもありません（questions は空でない配列にしてください。"
                           "設問を加えるか、セクションを削除してください）");
        ss->first = s->n_questions;
        size_t j;
        json_t *jq;
        json_array_foreach(qs, j, jq)
        {
            size_t qold = path_push(c, "questions/%zu", j);
            /* Counted before it is parsed, so that survey_release frees what a
             * refused question already holds, whichever check refuses it. */
            size_t index = s->n_questions++;
            struct question *q = &s->questions[index];
            if (parse_question(c, jq, q, false))
                return c->rc;
            q->section = i;
            q->visible_if = json_object_get(jq, "visible_if");
            for (size_t k = 0; k < index; k++)
                if (strcmp(s->questions[k].id, q->id) == 0)
                    return fail(c, "設問 id「%s」が重複しています", q->id);
            if (check_visible_if(c, s, index))
                return c->rc;
            path_pop(c, qold);
        }
        ss->count = s->n_questions - ss->first;
        path_pop(c, old);
    }
    return 0;
}

static int
parse_as(const char *json, size_t len, const char *source, bool draft, struct survey **out,
         char *msg, size_t msglen)
{
    struct survey *s = xmalloc(sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->refs = 1;
    struct check c = {source, "", msg, msglen, 0, NULL, draft};
    char why[256];
    s->def = jsonin_parse(json, len, why, sizeof(why));
    if (!s->def) {
        snprintf(msg, msglen, "%s: %s", source, why);
        c.rc = ERR_INPUT;
    } else if (parse_top(&c, s) == 0) {
        c.path[0] = '\0';
        parse_sections(&c, s);
    }
    if (c.rc) {
        survey_release(s);
        s = NULL;
    }
    *out = s;
    return c.rc;
}

int
survey_parse(const char *json, size_t len, const char *source, struct survey **out, char *msg,
             size_t msglen)
{
    return parse_as(json, len, source, false, out, msg, msglen);
}

int
survey_parse_draft(const char *json, size_t len, const char *source, struct survey **out, char *msg,
                   size_t msglen)
{
    return parse_as(json, len, source, true, out, msg, msglen);
}

static void
question_cleanup(struct question *q)
{
    for (size_t i = 0; i < q->n_columns; i++)
        question_cleanup(&q->columns[i]);
    free(q->columns);
}

void
survey_release(struct survey *s)
{
    if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    for (size_t i = 0; i < s->n_questions; i++)
        question_cleanup(&s->questions[i]);
    free(s->questions);
    free(s->sections);
    free(s->id);
    free(s->kind);
    free(s->title);
    json_decref(s->def);
    free(s);
}

struct survey *
survey_ref(struct survey *s)
{
    __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
    return s;
}

void
survey_release_cb(void *s)
{
    survey_release(s);
}

/* A period's end as the definition writes it when it is still t, else t in
   Japan's time (2025-02-04T00:00:00+09:00). */
static json_t *
period_end(json_t *written, int64_t t)
{
    int64_t was;
    if (json_is_string(written) && clock_parse_iso(json_string_value(written), &was) && was == t)
        return json_incref(written);
    char out[40];
    clock_iso_jst(t, out, sizeof(out));
    return json_string(out);
}

json_t *
survey_definition_now(const struct survey *s)
{
    json_t *def = json_deep_copy(s->def);
    json_t *period = json_object_get(s->def, "period");
    json_object_set_new(
        def, "period",
        json_pack("{s:o, s:o}", "opens", period_end(json_object_get(period, "opens"), s->opens_at),
                  "closes", period_end(json_object_get(period, "closes"), s->closes_at)));
    return def;
}

const struct question *
survey_question(const struct survey *s, const char *id)
{
    for (size_t i = 0; i < s->n_questions; i++)
        if (strcmp(s->questions[i].id, id) == 0)
            return &s->questions[i];
    return NULL;
}

const struct question *
question_column(const struct question *q, const char *id)
{
    for (size_t i = 0; i < q->n_columns; i++)
        if (strcmp(q->columns[i].id, id) == 0)
            return &q->columns[i];
    return NULL;
}

bool
survey_for_kind(const struct survey *s, const char *kind)
{
    if (!s->audience)
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(s->audience, i, k) if (strcmp(json_string_value(k), kind) == 0) return true;
    return false;
}

const char *
question_level_label(const struct question *q)
{
    bool required = q->level && strcmp(q->level, "必須") == 0;
    if (q->level_assumed)
        return required ? "必須（想定）" : "推奨（想定）";
    return required ? "必須" : "推奨";
}
