/*
 * print_html.c: the blank printable 調査票 (see print_html.h). Markup only
 * through html_lit, html_attr, html_esc and html_int.
 */
#include "print_html.h"
#include "answer.h"
#include "answer_html.h"
#include "buf.h"
#include "html.h"

#define PRINT_TABLE_ROWS 5 /* empty rows of a table question */

static void
boxes(struct buf *b, json_t *options)
{
    html_lit(b, "<ul class=\"print-options\">\n");
    size_t i;
    json_t *o;
    json_array_foreach(options, i, o)
    {
        html_lit(b, "<li>☐ ");
        html_esc(b, json_string_value(o));
        html_lit(b, "</li>\n");
    }
    html_lit(b, "</ul>\n");
}

static void
grid(struct buf *b, const struct question *q)
{
    html_lit(b, "<table class=\"print-grid\"><thead><tr><th scope=\"col\">行</th>");
    for (size_t c = 0; c < q->n_columns; c++) {
        html_lit(b, "<th scope=\"col\">");
        html_esc(b, q->columns[c].label);
        if (q->columns[c].required)
            html_lit(b, "（必須）");
        html_lit(b, "</th>");
    }
    html_lit(b, "</tr></thead>\n<tbody>\n");
    long rows = q->min_rows > PRINT_TABLE_ROWS ? q->min_rows : PRINT_TABLE_ROWS;
    for (long r = 1; r <= rows && r <= q->max_rows; r++) {
        html_lit(b, "<tr><th scope=\"row\">");
        html_int(b, r);
        html_lit(b, "</th>");
        for (size_t c = 0; c < q->n_columns; c++)
            html_lit(b, "<td></td>");
        html_lit(b, "</tr>\n");
    }
    html_lit(b, "</tbody></table>\n");
    for (size_t c = 0; c < q->n_columns; c++) {
        if (q->columns[c].type != Q_SINGLE)
            continue;
        html_lit(b, "<p class=\"print-choices\">「");
        html_esc(b, q->columns[c].label);
        html_lit(b, "」の選択肢: ");
        size_t i;
        json_t *o;
        json_array_foreach(q->columns[c].options, i, o)
        {
            if (i)
                html_lit(b, "／");
            html_esc(b, json_string_value(o));
        }
        html_lit(b, "</p>\n");
    }
}

static void
question(struct buf *b, const struct survey *s, const struct question *q, size_t n)
{
    html_lit(b, "<div class=\"print-question\">\n<p class=\"print-label\">");
    html_int(b, (long long)n);
    html_lit(b, ". ");
    html_esc(b, q->label);
    if (q->required)
        html_lit(b, "<span class=\"required\">（必須）</span>");
    if (q->type == Q_MULTI)
        html_lit(b, "（複数選択可）");
    html_lit(b, "</p>\n");
    if (q->visible_if)
        answer_html_condition(b, s, q);
    if (q->help) {
        html_lit(b, "<p class=\"help\">");
        html_esc(b, q->help);
        html_lit(b, "</p>\n");
    }
    switch (q->type) {
    case Q_SINGLE:
    case Q_MULTI:
        boxes(b, q->options);
        break;
    case Q_TEXT:
        if (q->multiline)
            html_lit(b, "<div class=\"print-box tall\"></div>\n");
        else
            html_lit(b, "<div class=\"print-box\"></div>\n");
        break;
    case Q_NUMBER:
    case Q_DATE:
        if (q->type == Q_DATE)
            html_lit(b, "<div class=\"print-box short\">　　　　年　　月　　日</div>\n");
        else
            html_lit(b, "<div class=\"print-box short\"></div>\n");
        break;
    case Q_TABLE:
        grid(b, q);
        break;
    case Q_CHECK: {
        html_lit(b, "<p class=\"badges\"><span class=\"badge\">");
        html_esc(b, question_level_label(q));
        html_lit(b, "</span> <span class=\"badge\">");
        html_esc(b, q->measure);
        html_lit(b, "</span></p>\n<ul class=\"print-options inline\">");
        for (size_t i = 0; i < 4; i++) {
            html_lit(b, "<li>☐ ");
            html_esc(b, check_statuses[i]);
            html_lit(b, "</li>");
        }
        html_lit(b, "</ul>\n<p>備考</p><div class=\"print-box\"></div>\n");
        break;
    }
    }
    html_lit(b, "</div>\n");
}

void
print_html_blank(struct buf *b, const struct survey *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_sections; i++) {
        const struct survey_section *sec = &s->sections[i];
        html_lit(b, "<section class=\"print-section\">\n");
        answer_html_section_heading(b, sec);
        for (size_t j = 0; j < sec->count; j++)
            question(b, s, &s->questions[sec->first + j], ++n);
        html_lit(b, "</section>\n");
    }
}
