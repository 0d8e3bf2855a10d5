/*
 * answer.c: answer validation, visibility and required-ness (see answer.h).
 */
#include "answer.h"
#include "arena.h"
#include "clock.h"
#include "utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const check_statuses[4] = {"実施済", "一部実施", "未実施", "該当なし"};

void
answer_issues_init(struct answer_issues *is, struct arena *a)
{
    is->arena = a;
    is->n = 0;
}

static void
issue_vadd(struct answer_issues *is, const char *question, long row, const char *column,
           const char *fmt, va_list ap)
{
    if (is->n >= ANSWER_MAX_ISSUES)
        return;
    char *msg = arena_vprintf(is->arena, fmt, ap);
    struct answer_issue *item = &is->items[is->n++];
    item->question = arena_strdup(is->arena, question);
    item->message = msg ? msg : "入力内容が正しくありません";
    item->row = row;
    item->column = column ? arena_strdup(is->arena, column) : NULL;
}

void
answer_issue_add(struct answer_issues *is, const char *question, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    issue_vadd(is, question, -1, NULL, fmt, ap);
    va_end(ap);
}

void
answer_issue_add_at(struct answer_issues *is, const char *question, long row, const char *column,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    issue_vadd(is, question, row, column, fmt, ap);
    va_end(ap);
}

const char *
answer_issue_for(const struct answer_issues *is, const char *qid)
{
    for (size_t i = 0; i < is->n; i++)
        if (is->items[i].row < 0 && strcmp(is->items[i].question, qid) == 0)
            return is->items[i].message;
    return NULL;
}

bool
answer_is_empty(json_t *v)
{
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v))
        return json_string_length(v) == 0;
    if (json_is_array(v))
        return json_array_size(v) == 0;
    if (json_is_object(v))
        return json_object_size(v) == 0;
    return false;
}

/* True if the answer v (string or array of strings) contains value. */
static bool
answer_contains(json_t *v, const char *value)
{
    if (json_is_string(v))
        return strcmp(json_string_value(v), value) == 0;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) if (json_is_string(x) &&
                                    strcmp(json_string_value(x), value) == 0) return true;
    return false;
}

/* Whether condition vi holds for the answers. A leaf naming a question that
   is itself hidden does not hold; all/any/not combine leaves as and/or/not. */
static bool
condition_holds(const struct survey *s, json_t *vi, json_t *answers, int depth)
{
    json_t *all = json_object_get(vi, "all"), *any = json_object_get(vi, "any");
    json_t *not = json_object_get(vi, "not");
    if (depth > SURVEY_CONDITION_DEPTH)
        return false;
    if (not )
        return !condition_holds(s, not, answers, depth + 1);
    if (all || any) {
        bool result = all != NULL;
        size_t i;
        json_t *x;
        json_array_foreach(all ? all : any, i, x)
        {
            bool h = condition_holds(s, x, answers, depth + 1);
            result = all ? result && h : result || h;
        }
        return result;
    }
    const struct question *target =
        survey_question(s, json_string_value(json_object_get(vi, "question")));
    if (!target || !answer_visible(s, target, answers))
        return false;
    json_t *given = json_object_get(answers, target->id);
    json_t *equals = json_object_get(vi, "equals");
    if (equals)
        return answer_contains(given, json_string_value(equals));
    json_t *any_of = json_object_get(vi, "any_of");
    json_t *list = any_of ? any_of : json_object_get(vi, "none_of");
    bool hit = false;
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) hit = hit || answer_contains(given, json_string_value(x));
    return any_of ? hit : !hit;
}

bool
answer_visible(const struct survey *s, const struct question *q, json_t *answers)
{
    return !q->visible_if || condition_holds(s, q->visible_if, answers, 1);
}

/* Checks one scalar value (single, text, number, date) of question q: a
   question of its own (row -1), or column q of row `row` of table qid. `where`
   prefixes messages (the question label, or label + row + column). Returns the
   cleaned value (new reference) or NULL when empty or wrong. */
static json_t *
check_scalar(const struct question *q, json_t *v, const char *qid, long row, const char *where,
             struct answer_issues *is)
{
    if (answer_is_empty(v))
        return NULL;
    switch (q->type) {
    case Q_SINGLE:
        if (!json_is_string(v) || !question_has_option(q, json_string_value(v))) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL,
                                "%s: 選択肢から一つ選んでください", where);
            return NULL;
        }
        return json_incref(v);
    case Q_TEXT: {
        if (!json_is_string(v)) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL, "%s: 文字で入力してください",
                                where);
            return NULL;
        }
        const char *t = json_string_value(v);
        if (strlen(t) != json_string_length(v) || !utf8_text_ok(t, strlen(t))) {
            answer_issue_add_at(
                is, qid, row, row >= 0 ? q->id : NULL,
                "%s: 使えない文字（制御文字や U+FFFF などの非文字）が含まれています", where);
            return NULL;
        }
        size_t chars = utf8_length(t);
        if ((long)chars > q->max_length) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL,
                                "%s: %ld文字以内で入力してください（現在 %zu 文字）", where,
                                q->max_length, chars);
            return NULL;
        }
        return json_incref(v);
    }
    case Q_NUMBER: {
        if (!json_is_number(v)) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL, "%s: 数値で入力してください",
                                where);
            return NULL;
        }
        double d = json_number_value(v);
        if (!isfinite(d) || (q->integer && (json_is_real(v) ? d != floor(d) : false))) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL, "%s: %sで入力してください",
                                where, q->integer ? "整数" : "数値");
            return NULL;
        }
        if ((q->has_min && d < q->min) || (q->has_max && d > q->max)) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL,
                                "%s: %g〜%g の範囲で入力してください", where,
                                q->has_min ? q->min : -INFINITY, q->has_max ? q->max : INFINITY);
            return NULL;
        }
        if (q->integer && json_is_real(v))
            return json_integer((json_int_t)d);
        return json_incref(v);
    }
    case Q_DATE: {
        const char *d = json_is_string(v) ? json_string_value(v) : "";
        if (!clock_valid_date(d)) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL,
                                "%s: 日付は 2025-02-04 の形で入力してください", where);
            return NULL;
        }
        if ((q->date_min && strcmp(d, q->date_min) < 0) ||
            (q->date_max && strcmp(d, q->date_max) > 0)) {
            answer_issue_add_at(is, qid, row, row >= 0 ? q->id : NULL,
                                "%s: %s〜%s の日付にしてください", where,
                                q->date_min ? q->date_min : "", q->date_max ? q->date_max : "");
            return NULL;
        }
        return json_incref(v);
    }
    default:
        return NULL;
    }
}

static json_t *
check_multi(const struct question *q, json_t *v, struct answer_issues *is)
{
    if (answer_is_empty(v))
        return NULL;
    if (!json_is_array(v)) {
        answer_issue_add(is, q->id, "%s: 選択肢の配列で答えてください", q->label);
        return NULL;
    }
    size_t i, j;
    json_t *x, *y;
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x) || !question_has_option(q, json_string_value(x))) {
            answer_issue_add(is, q->id, "%s: 選択肢にない値があります", q->label);
            return NULL;
        }
        json_array_foreach(v, j, y) if (j < i && json_equal(x, y))
        {
            answer_issue_add(is, q->id, "%s: 同じ選択肢が二度選ばれています", q->label);
            return NULL;
        }
    }
    json_array_foreach(q->exclusive, i,
                       x) if (json_array_size(v) > 1 && answer_contains(v, json_string_value(x)))
    {
        answer_issue_add(is, q->id, "%s: 「%s」は他の選択肢と一緒に選べません", q->label,
                         json_string_value(x));
        return NULL;
    }
    /* Stored in the definition's option order, whatever order was sent. */
    json_t *out = json_array();
    json_array_foreach(q->options, i, x) if (answer_contains(v, json_string_value(x)))
        json_array_append(out, x);
    return out;
}

static json_t *
check_table(const struct question *q, json_t *v, bool for_submit, struct answer_issues *is)
{
    if (answer_is_empty(v))
        v = NULL;
    if (v && !json_is_array(v)) {
        answer_issue_add(is, q->id, "%s: 行の配列で答えてください", q->label);
        return NULL;
    }
    if (json_array_size(v) > (size_t)q->max_rows) {
        answer_issue_add(is, q->id, "%s: 行は %ld 行までです", q->label, q->max_rows);
        return NULL;
    }
    json_t *rows = json_array();
    size_t i;
    json_t *row;
    size_t before = is->n;
    json_array_foreach(v, i, row)
    {
        if (!json_is_object(row)) {
            answer_issue_add_at(is, q->id, (long)i, NULL,
                                "%s %zu 行目: 行はオブジェクトにしてください", q->label, i + 1);
            continue;
        }
        const char *key;
        json_t *cell;
        json_t *clean = json_object();
        json_object_foreach(row, key, cell)
        {
            const struct question *col = question_column(q, key);
            char *where = arena_printf(is->arena, "%s %zu 行目「%s」", q->label, i + 1,
                                       col ? col->label : key);
            if (!col) {
                answer_issue_add_at(is, q->id, (long)i, NULL, "%s: この列はありません",
                                    where ? where : q->label);
                continue;
            }
            json_t *c = check_scalar(col, cell, q->id, (long)i, where ? where : q->label, is);
            if (c)
                json_object_set_new(clean, col->id, c);
        }
        if (json_object_size(clean) == 0) {
            json_decref(clean);
            continue; /* an empty row is not a row */
        }
        for (size_t k = 0; for_submit && k < q->n_columns; k++)
            if (q->columns[k].required && !json_object_get(clean, q->columns[k].id))
                answer_issue_add_at(is, q->id, (long)i, q->columns[k].id,
                                    "%s %zu 行目: 「%s」は必須です", q->label, i + 1,
                                    q->columns[k].label);
        json_array_append_new(rows, clean);
    }
    if (is->n > before || json_array_size(rows) == 0) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

/* A check item: {"status", "note"}. A note without a status is kept (a draft
   must not lose what was typed); submission then asks for the status. */
static json_t *
check_check(const struct question *q, json_t *v, struct answer_issues *is)
{
    if (answer_is_empty(v))
        return NULL;
    const char *status = NULL, *note = "";
    if (!json_is_object(v) || json_unpack(v, "{s?s, s?s}", "status", &status, "note", &note) != 0) {
        answer_issue_add(is, q->id, "%s: {\"status\", \"note\"} で答えてください", q->label);
        return NULL;
    }
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x) if (strcmp(key, "status") != 0 && strcmp(key, "note") != 0)
    {
        answer_issue_add(is, q->id, "%s: 知らない項目「%s」があります", q->label, key);
        return NULL;
    }
    if (status && !*status)
        status = NULL;
    bool known = false;
    for (int i = 0; status && i < 4; i++)
        known = known || strcmp(status, check_statuses[i]) == 0;
    if (status && !known) {
        answer_issue_add(is, q->id, "%s: 状況は 実施済・一部実施・未実施・該当なし のいずれかです",
                         q->label);
        return NULL;
    }
    if (!utf8_text_ok(note, strlen(note)) || utf8_length(note) > SURVEY_CHECK_NOTE_MAX) {
        answer_issue_add(is, q->id, "%s: 備考は制御文字を含まない %d 文字以内にしてください",
                         q->label, SURVEY_CHECK_NOTE_MAX);
        return NULL;
    }
    if (!status && !*note)
        return NULL;
    json_t *out = json_object();
    if (status)
        json_object_set_new(out, "status", json_string(status));
    json_object_set_new(out, "note", json_string(note));
    return out;
}

json_t *
answer_check(const struct survey *s, json_t *answers, bool for_submit, struct answer_issues *is)
{
    if (!json_is_object(answers)) {
        answer_issue_add(is, "", "answers は {設問 id: 値} のオブジェクトにしてください");
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(answers, key, v) if (!survey_question(s, key))
        answer_issue_add(is, key, "設問「%s」はこの照会にありません", key);
    json_t *out = json_object();
    for (size_t i = 0; i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        /* Visibility depends on earlier answers as cleaned so far. */
        if (!answer_visible(s, q, out))
            continue;
        v = json_object_get(answers, q->id);
        json_t *clean = NULL;
        switch (q->type) {
        case Q_MULTI:
            clean = check_multi(q, v, is);
            break;
        case Q_TABLE:
            clean = check_table(q, v, for_submit, is);
            break;
        case Q_CHECK:
            clean = check_check(q, v, is);
            break;
        default:
            clean = check_scalar(q, v, q->id, -1, q->label, is);
            break;
        }
        if (clean)
            json_object_set_new(out, q->id, clean);
        if (for_submit && !answer_issue_for(is, q->id)) {
            bool unanswered = !clean || (q->type == Q_CHECK && !json_object_get(clean, "status"));
            if (q->required && unanswered)
                answer_issue_add(is, q->id, "「%s」は必須です", q->label);
            else if (q->type == Q_TABLE && (long)json_array_size(clean) < q->min_rows)
                answer_issue_add(is, q->id, "「%s」は %ld 行以上入力してください", q->label,
                                 q->min_rows);
        }
    }
    return out;
}

bool
answer_holds(json_t *v, const char *option)
{
    if (json_is_object(v))
        v = json_object_get(v, "status");
    if (answer_is_empty(v))
        return false;
    if (!option)
        return true;
    if (json_is_string(v))
        return strcmp(json_string_value(v), option) == 0;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) if (json_is_string(x) &&
                                    strcmp(json_string_value(x), option) == 0) return true;
    return false;
}
