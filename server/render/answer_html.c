/*
 * answer_html.c: questions as HTML (see answer_html.h).
 */
#include "answer_html.h"
#include "arena.h"
#include "buf.h"
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More options than this render as a <select> instead of radio buttons. */
#define RADIO_MAX 8

static const char *
issue_of(const struct answer_view *v, const char *qid)
{
    return v->issues ? answer_issue_for(v->issues, qid) : NULL;
}

/* True if anything about question qid is wrong, one of its rows included. */
static bool
has_issue(const struct answer_view *v, const char *qid)
{
    for (size_t i = 0; v->issues && i < v->issues->n; i++)
        if (strcmp(v->issues->items[i].question, qid) == 0)
            return true;
    return false;
}

/* The text of a scalar answer for showing ("" when none). */
static const char *
value_text(struct arena *a, json_t *val)
{
    if (json_is_string(val))
        return json_string_value(val);
    if (json_is_integer(val))
        return arena_printf(a, "%lld", (long long)json_integer_value(val));
    if (json_is_real(val))
        return arena_printf(a, "%g", json_real_value(val));
    return "";
}

static bool
chosen(json_t *answer, const char *option)
{
    if (json_is_string(answer))
        return strcmp(json_string_value(answer), option) == 0;
    size_t i;
    json_t *x;
    json_array_foreach(answer, i, x) if (json_is_string(x) &&
                                         strcmp(json_string_value(x), option) == 0) return true;
    return false;
}

static void
field_error(struct buf *b, const char *id, const char *message)
{
    if (!message)
        return;
    html_lit(b, "<p class=\"field-error\"");
    html_attr(b, "id", id);
    html_lit(b, "><span class=\"visually-hidden\">エラー: </span>");
    html_esc(b, message);
    html_lit(b, "</p>\n");
}

static void
described(struct buf *b, const char *help_id, const char *error_id)
{
    if (!help_id && !error_id)
        return;
    html_lit(b, " aria-describedby=\"");
    if (help_id)
        html_esc(b, help_id);
    if (help_id && error_id)
        html_lit(b, " ");
    if (error_id) {
        html_esc(b, error_id);
        html_lit(b, "\" aria-invalid=\"true");
    }
    html_lit(b, "\"");
}

/* Radio buttons, checkboxes or a select for a choice question or column. */
static void
choice_control(struct buf *b, struct arena *a, const struct question *q, const char *name,
               const char *id, json_t *answer, const char *error_id)
{
    size_t i;
    json_t *o;
    bool multi = q->type == Q_MULTI;
    if (!multi && json_array_size(q->options) > RADIO_MAX) {
        html_lit(b, "<select");
        html_attr(b, "id", id);
        html_attr(b, "name", name);
        described(b, NULL, error_id);
        html_lit(b, "><option value=\"\">選択してください</option>");
        json_array_foreach(q->options, i, o)
        {
            html_lit(b, "<option");
            html_attr(b, "value", json_string_value(o));
            if (chosen(answer, json_string_value(o)))
                html_lit(b, " selected");
            html_lit(b, ">");
            html_esc(b, json_string_value(o));
            html_lit(b, "</option>");
        }
        html_lit(b, "</select>\n");
        return;
    }
    html_lit(b, "<div class=\"choices\">");
    json_array_foreach(q->options, i, o)
    {
        char *oid = arena_printf(a, "%s-%zu", id, i);
        html_lit(b, "<label class=\"choice\"><input");
        html_attr(b, "type", multi ? "checkbox" : "radio");
        html_attr(b, "id", oid);
        html_attr(b, "name", name);
        html_attr(b, "value", json_string_value(o));
        if (chosen(answer, json_string_value(o)))
            html_lit(b, " checked");
        described(b, NULL, error_id);
        html_lit(b, "> ");
        html_esc(b, json_string_value(o));
        html_lit(b, "</label>\n");
    }
    if (!multi && json_array_size(q->options) > 0 && answer) {
        /* A chosen radio cannot be unchosen without a way back to "none". */
        html_lit(b, "<label class=\"choice\"><input type=\"radio\"");
        html_attr(b, "name", name);
        html_lit(b, " value=\"\"> 選択を取り消す</label>\n");
    }
    html_lit(b, "</div>\n");
}

/* An input or textarea for text, number and date. */
/* 「4000文字まで」 under a text field; survey.js turns it into a live count. */
static void
text_counter(struct buf *b, const char *id, long max_length)
{
    html_lit(b, "<p class=\"counter\" aria-live=\"polite\"");
    html_attr(b, "id", id);
    html_lit(b, ">");
    html_int(b, max_length);
    html_lit(b, "文字まで</p>\n");
}

static void
input_control(struct buf *b, struct arena *a, const struct question *q, const char *name,
              const char *id, json_t *answer, const char *help_id, const char *error_id)
{
    const char *val = value_text(a, answer);
    /* Text has no maxlength: a browser would cut pasted text silently. The
       limit is said under the field (survey.js counts as one types and warns
       before it), and the server refuses a longer text naming its length. */
    const char *counter_id = q->type == Q_TEXT ? arena_printf(a, "%s-count", id) : NULL;
    if (counter_id)
        help_id = help_id ? arena_printf(a, "%s %s", help_id, counter_id) : counter_id;
    if (q->type == Q_TEXT && q->multiline) {
        html_lit(b, "<textarea rows=\"4\"");
        html_attr(b, "id", id);
        html_attr(b, "name", name);
        html_attr(b, "data-max-length", arena_printf(a, "%ld", q->max_length));
        described(b, help_id, error_id);
        html_lit(b, ">");
        html_esc(b, val);
        html_lit(b, "</textarea>\n");
        text_counter(b, counter_id, q->max_length);
        return;
    }
    html_lit(b, "<input");
    html_attr(b, "id", id);
    html_attr(b, "name", name);
    if (q->type == Q_DATE) {
        html_lit(b, " type=\"date\"");
        if (q->date_min)
            html_attr(b, "min", q->date_min);
        if (q->date_max)
            html_attr(b, "max", q->date_max);
    } else if (q->type == Q_NUMBER) {
        html_lit(b, " type=\"text\" inputmode=\"decimal\" class=\"number\"");
    } else {
        html_lit(b, " type=\"text\"");
        html_attr(b, "data-max-length", arena_printf(a, "%ld", q->max_length));
    }
    html_attr(b, "value", val);
    described(b, help_id, error_id);
    html_lit(b, ">\n");
    if (counter_id)
        text_counter(b, counter_id, q->max_length);
}

static void
check_control(struct buf *b, struct arena *a, const struct question *q, const char *id,
              json_t *answer, const char *error_id)
{
    const char *status = json_string_value(json_object_get(answer, "status"));
    const char *note = json_string_value(json_object_get(answer, "note"));
    html_lit(b, "<div class=\"choices\">");
    for (int i = 0; i < 4; i++) {
        html_lit(b, "<label class=\"choice\"><input type=\"radio\"");
        html_attr(b, "id", arena_printf(a, "%s-%d", id, i));
        html_attr(b, "name", arena_printf(a, "q.%s.status", q->id));
        html_attr(b, "value", check_statuses[i]);
        if (status && strcmp(status, check_statuses[i]) == 0)
            html_lit(b, " checked");
        described(b, NULL, error_id);
        html_lit(b, "> ");
        html_esc(b, check_statuses[i]);
        html_lit(b, "</label>\n");
    }
    html_lit(b, "</div>\n<label class=\"note-label\"");
    html_attr(b, "for", arena_printf(a, "%s-note", id));
    html_lit(b, ">備考</label>\n<input type=\"text\"");
    html_attr(b, "id", arena_printf(a, "%s-note", id));
    html_attr(b, "name", arena_printf(a, "q.%s.note", q->id));
    html_attr(b, "maxlength", "1000");
    html_attr(b, "value", note ? note : "");
    html_lit(b, ">\n");
}

/* The id of the control a problem of table qid's row and column points to:
   the first radio button of a column shown as buttons, else its field. */
static const char *
cell_control_id(struct arena *a, const struct question *table, long row, const char *column)
{
    const struct question *col = question_column(table, column);
    bool radios = col && col->type == Q_SINGLE && json_array_size(col->options) <= RADIO_MAX;
    return arena_printf(a, "f-%s-%ld-%s%s", table->id, row, column, radios ? "-0" : "");
}

/* The problems of row r of table q, listed at the top of the row (id for
   its fields' aria-describedby); NULL when the row has none. */
static const char *
row_errors(struct buf *b, const struct answer_view *v, const struct question *q, size_t r)
{
    const char *id = NULL;
    for (size_t i = 0; v->issues && i < v->issues->n; i++) {
        const struct answer_issue *is = &v->issues->items[i];
        if (is->row != (long)r || strcmp(is->question, q->id) != 0)
            continue;
        if (!id) {
            id = arena_printf(v->arena, "e-%s-%zu", q->id, r);
            html_lit(b, "<ul class=\"field-error row-errors\"");
            html_attr(b, "id", id);
            html_lit(b, ">\n");
        }
        html_lit(b, "<li><span class=\"visually-hidden\">エラー: </span>");
        html_esc(b, is->message);
        html_lit(b, "</li>\n");
    }
    if (id)
        html_lit(b, "</ul>\n");
    return id;
}

static void
table_control(struct buf *b, const struct answer_view *v, const struct question *q, json_t *answer,
              const char *error_id)
{
    struct arena *a = v->arena;
    size_t n_rows = json_array_size(answer);
    if (n_rows == 0)
        n_rows = 1; /* always one row to fill in */
    bool focus = v->focus_table && strcmp(v->focus_table, q->id) == 0;
    html_lit(b, "<input type=\"hidden\"");
    html_attr(b, "name", arena_printf(a, "q.%s.rows", q->id));
    html_attr(b, "value", arena_printf(a, "%zu", n_rows));
    html_lit(b, ">\n");
    for (size_t r = 0; r < n_rows; r++) {
        json_t *row = json_array_get(answer, r);
        html_lit(b, "<fieldset class=\"table-row\"");
        html_attr(b, "id", arena_printf(a, "row-%s-%zu", q->id, r));
        /* A row just added (or the last after a removal) is where the person
           goes on: the browser moves there, with or without the script. */
        if (focus && r == n_rows - 1)
            html_lit(b, " tabindex=\"-1\" autofocus");
        html_lit(b, "><legend>");
        html_int(b, (long long)r + 1);
        html_lit(b, "行目</legend>\n");
        const char *row_error_id = row_errors(b, v, q, r);
        const char *described_by = row_error_id ? row_error_id : error_id;
        for (size_t c = 0; c < q->n_columns; c++) {
            const struct question *col = &q->columns[c];
            char *name = arena_printf(a, "q.%s.%zu.%s", q->id, r, col->id);
            char *cid = arena_printf(a, "f-%s-%zu-%s", q->id, r, col->id);
            json_t *cell = json_object_get(row, col->id);
            html_lit(b, "<div class=\"cell\">");
            if (col->type == Q_SINGLE && json_array_size(col->options) <= RADIO_MAX) {
                html_lit(b, "<fieldset class=\"inner\"><legend>");
                html_esc(b, col->label);
                if (col->required)
                    html_lit(b, "<span class=\"required\">（必須）</span>");
                html_lit(b, "</legend>");
                choice_control(b, a, col, name, cid, cell, described_by);
                html_lit(b, "</fieldset>");
            } else {
                html_lit(b, "<label");
                html_attr(b, "for", cid);
                html_lit(b, ">");
                html_esc(b, col->label);
                if (col->required)
                    html_lit(b, "<span class=\"required\">（必須）</span>");
                html_lit(b, "</label>\n");
                if (col->type == Q_SINGLE)
                    choice_control(b, a, col, name, cid, cell, described_by);
                else
                    input_control(b, a, col, name, cid, cell, NULL, described_by);
            }
            html_lit(b, "</div>\n");
        }
        html_lit(b, "<button type=\"submit\" name=\"action\" class=\"secondary\"");
        html_attr(b, "value", arena_printf(a, "remove_row:%s:%zu", q->id, r));
        if (v->form_path)
            html_attr(b, "formaction", arena_printf(a, "%s#q-%s", v->form_path, q->id));
        html_lit(b, ">この行を削除</button>\n</fieldset>\n");
    }
    html_lit(b, "<button type=\"submit\" name=\"action\" class=\"secondary\"");
    html_attr(b, "value", arena_printf(a, "add_row:%s", q->id));
    /* The page that comes back opens at the new row (its index is the
       number of rows shown now), with or without the script. */
    if (v->form_path)
        html_attr(b, "formaction", arena_printf(a, "%s#row-%s-%zu", v->form_path, q->id, n_rows));
    html_lit(b, ">行を追加</button>\n");
}

/* "（「運用に課題…」で「コスト」などを選んだ場合）" for conditional questions. */
/* A check item's 「出典」 on demand: the document, part and page its wording
   comes from, and whether its level is assumed. */
static void
provenance(struct buf *b, const struct question *q)
{
    html_lit(b, "<details class=\"source\"><summary>出典</summary>\n<p>");
    if (q->source) {
        html_esc(b, json_string_value(json_object_get(q->source, "document")));
        const char *file = json_string_value(json_object_get(q->source, "file"));
        const char *part = json_string_value(json_object_get(q->source, "part"));
        json_t *page = json_object_get(q->source, "page");
        if (part) {
            html_lit(b, "「");
            html_esc(b, part);
            html_lit(b, "」");
        }
        if (page) {
            char p[32];
            snprintf(p, sizeof(p), " %lldページ", (long long)json_integer_value(page));
            html_esc(b, p);
        }
        if (file) {
            html_lit(b, "（");
            html_esc(b, file);
            html_lit(b, "）");
        }
    } else {
        html_lit(b, "参照資料に記載のない項目です。対策基準の項目名から作成しています。");
    }
    html_lit(b, "</p>\n");
    if (q->level_assumed) {
        html_lit(b, "<p>");
        html_esc(b, SURVEY_LEVEL_ASSUMED_NOTE);
        html_lit(b, "</p>\n");
    }
    html_lit(b, "</details>\n");
}

void
answer_html_condition(struct buf *b, const struct survey *s, const struct question *q)
{
    struct buf words;
    buf_init(&words, 0);
    survey_condition_words(s, q->visible_if, &words);
    bool leaf = json_object_get(q->visible_if, "question") != NULL;
    html_lit(b, "<p class=\"condition\">（");
    if (!leaf)
        html_lit(b, "次の場合に回答してください: ");
    html_esc(b, buf_str(&words));
    if (leaf)
        html_lit(b, "場合に回答してください");
    html_lit(b, "）</p>\n");
    buf_cleanup(&words);
}

static void
question_form(struct buf *b, const struct answer_view *v, const struct question *q)
{
    struct arena *a = v->arena;
    json_t *answer = json_object_get(v->answers, q->id);
    const char *issue = issue_of(v, q->id);
    char *id = arena_printf(a, "f-%s", q->id);
    char *help_id = q->help ? arena_printf(a, "h-%s", q->id) : NULL;
    char *error_id = issue ? arena_printf(a, "e-%s", q->id) : NULL;
    bool grouped = q->type != Q_TEXT && q->type != Q_NUMBER && q->type != Q_DATE;
    html_lit(b, "<div class=\"question");
    if (has_issue(v, q->id))
        html_lit(b, " has-error");
    html_lit(b, "\"");
    html_attr(b, "id", arena_printf(a, "q-%s", q->id));
    if (q->visible_if) {
        char *cond = json_dumps(q->visible_if, JSON_COMPACT);
        html_attr(b, "data-visible-if", cond ? cond : "");
        free(cond);
    }
    html_lit(b, ">\n");
    if (grouped) {
        html_lit(b, "<fieldset");
        html_attr(b, "id", id);
        html_lit(b, "><legend>");
    } else {
        html_lit(b, "<label");
        html_attr(b, "for", id);
        html_lit(b, ">");
    }
    html_esc(b, q->label);
    if (q->required)
        html_lit(b, "<span class=\"required\">（必須）</span>");
    if (grouped)
        html_lit(b, "</legend>\n");
    else
        html_lit(b, "</label>\n");
    if (q->type == Q_CHECK) {
        html_lit(b, "<p class=\"badges\"><span class=\"badge\">");
        html_esc(b, question_level_label(q));
        html_lit(b, "</span> <span class=\"badge\">");
        html_esc(b, q->measure);
        html_lit(b, "</span></p>\n");
        provenance(b, q);
    }
    if (v->carried && json_object_get(v->carried, q->id))
        html_lit(b, "<p class=\"carried\">前回の自己点検の回答を引き継ぎました（要確認）</p>\n");
    if (q->visible_if)
        answer_html_condition(b, v->s, q);
    if (q->help) {
        html_lit(b, "<p class=\"help\"");
        html_attr(b, "id", help_id);
        html_lit(b, ">");
        html_esc(b, q->help);
        html_lit(b, "</p>\n");
    }
    field_error(b, error_id, issue);
    char *name = arena_printf(a, "q.%s", q->id);
    switch (q->type) {
    case Q_SINGLE:
    case Q_MULTI:
        choice_control(b, a, q, name, id, answer, error_id);
        break;
    case Q_TABLE:
        table_control(b, v, q, answer, error_id);
        break;
    case Q_CHECK:
        check_control(b, a, q, id, answer, error_id);
        break;
    default:
        input_control(b, a, q, name, id, answer, help_id, error_id);
        break;
    }
    if (grouped)
        html_lit(b, "</fieldset>\n");
    html_lit(b, "</div>\n");
}

void
answer_html_section_heading(struct buf *b, const struct survey_section *sec)
{
    html_lit(b, "<h2>");
    html_esc(b, sec->title);
    html_lit(b, "</h2>\n");
    if (sec->help) {
        html_lit(b, "<p class=\"help\">");
        html_esc(b, sec->help);
        html_lit(b, "</p>\n");
    }
}

void
answer_html_form(struct buf *b, const struct answer_view *v)
{
    for (size_t s = 0; s < v->s->n_sections; s++) {
        const struct survey_section *sec = &v->s->sections[s];
        html_lit(b, "<section class=\"survey-section\"");
        html_attr(b, "id", v->arena ? arena_printf(v->arena, "s-%s", sec->id) : "");
        html_lit(b, ">\n");
        answer_html_section_heading(b, sec);
        for (size_t i = 0; i < sec->count; i++)
            question_form(b, v, &v->s->questions[sec->first + i]);
        html_lit(b, "</section>\n");
    }
}

static void
value_readonly(struct buf *b, struct arena *a, const struct question *q, json_t *answer)
{
    if (answer_is_empty(answer)) {
        html_lit(b, "<span class=\"muted\">（未回答）</span>");
        return;
    }
    size_t i;
    json_t *x;
    switch (q->type) {
    case Q_MULTI:
        html_lit(b, "<ul class=\"plain\">");
        json_array_foreach(answer, i, x)
        {
            html_lit(b, "<li>");
            html_esc(b, value_text(a, x));
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>");
        break;
    case Q_CHECK: {
        const char *status = json_string_value(json_object_get(answer, "status"));
        const char *note = json_string_value(json_object_get(answer, "note"));
        html_esc(b, status ? status : "（状況未選択）");
        if (note && *note) {
            html_lit(b, "<br><span class=\"note\">備考: ");
            html_esc(b, note);
            html_lit(b, "</span>");
        }
        break;
    }
    case Q_TABLE:
        html_lit(b, "<table class=\"data\"><thead><tr><th scope=\"col\">項番</th>");
        for (size_t c = 0; c < q->n_columns; c++) {
            html_lit(b, "<th scope=\"col\">");
            html_esc(b, q->columns[c].label);
            html_lit(b, "</th>");
        }
        html_lit(b, "</tr></thead><tbody>");
        json_array_foreach(answer, i, x)
        {
            html_lit(b, "<tr><td>");
            html_int(b, (long long)i + 1);
            html_lit(b, "</td>");
            for (size_t c = 0; c < q->n_columns; c++) {
                html_lit(b, "<td class=\"pre\">");
                html_esc(b, value_text(a, json_object_get(x, q->columns[c].id)));
                html_lit(b, "</td>");
            }
            html_lit(b, "</tr>");
        }
        html_lit(b, "</tbody></table>");
        break;
    default:
        html_lit(b, "<span class=\"pre\">");
        html_esc(b, value_text(a, answer));
        html_lit(b, "</span>");
        break;
    }
}

void
answer_html_readonly(struct buf *b, const struct answer_view *v)
{
    for (size_t s = 0; s < v->s->n_sections; s++) {
        const struct survey_section *sec = &v->s->sections[s];
        html_lit(b, "<section class=\"survey-section\">\n<h2>");
        html_esc(b, sec->title);
        html_lit(b, "</h2>\n<dl class=\"answers\">\n");
        for (size_t i = 0; i < sec->count; i++) {
            const struct question *q = &v->s->questions[sec->first + i];
            if (!answer_visible(v->s, q, v->answers))
                continue;
            html_lit(b, "<dt>");
            html_esc(b, q->label);
            html_lit(b, "</dt>\n<dd>");
            value_readonly(b, v->arena, q, json_object_get(v->answers, q->id));
            html_lit(b, "</dd>\n");
        }
        html_lit(b, "</dl>\n</section>\n");
    }
}

void
answer_html_issue_summary(struct buf *b, const struct answer_view *v)
{
    if (!v->issues || v->issues->n == 0)
        return;
    html_lit(b,
             "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\">\n"
             "<h2>入力内容を確認してください（");
    html_int(b, (long long)v->issues->n);
    html_lit(b, "件）</h2>\n<ul>\n");
    for (size_t i = 0; i < v->issues->n; i++) {
        const struct answer_issue *is = &v->issues->items[i];
        html_lit(b, "<li>");
        const struct question *q = *is->question ? survey_question(v->s, is->question) : NULL;
        if (q) {
            const char *target = is->row < 0 ? arena_printf(v->arena, "q-%s", q->id)
                                 : is->column
                                     ? cell_control_id(v->arena, q, is->row, is->column)
                                     : arena_printf(v->arena, "row-%s-%ld", q->id, is->row);
            html_lit(b, "<a");
            html_attr(b, "href", arena_printf(v->arena, "#%s", target));
            html_lit(b, ">");
            html_esc(b, is->message);
            html_lit(b, "</a>");
        } else {
            html_esc(b, is->message);
        }
        html_lit(b, "</li>\n");
    }
    html_lit(b, "</ul>\n</div>\n");
}
