/*
 * table.c: plain tables for exports and pages (see table.h).
 */
#include "table.h"
#include "arena.h"
#include "buf.h"
#include "err.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>

int
table_init(struct table *t, struct arena *a, const char *title, const char *note, size_t n_cols)
{
    memset(t, 0, sizeof(*t));
    t->a = a;
    t->title = arena_strdup(a, title);
    t->note = note ? arena_strdup(a, note) : NULL;
    t->n_cols = n_cols;
    t->head = arena_alloc(a, n_cols * sizeof(*t->head));
    return t->head && t->title ? 0 : ERR_NOMEM;
}

void
table_head(struct table *t, size_t col, const char *label)
{
    if (col < t->n_cols)
        t->head[col] = arena_strdup(t->a, label);
}

size_t
table_row(struct table *t)
{
    if (t->n_rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        const char **cells = arena_alloc(t->a, cap * t->n_cols * sizeof(*cells));
        bool *numeric = arena_alloc(t->a, cap * t->n_cols * sizeof(*numeric));
        if (!cells || !numeric)
            return (size_t)-1;
        if (t->n_rows) {
            memcpy(cells, t->cells, t->n_rows * t->n_cols * sizeof(*cells));
            memcpy(numeric, t->numeric, t->n_rows * t->n_cols * sizeof(*numeric));
        }
        t->cells = cells;
        t->numeric = numeric;
        t->cap = cap;
    }
    return t->n_rows++;
}

static void
table_set(struct table *t, size_t row, size_t col, const char *s, bool numeric)
{
    if (row >= t->n_rows || col >= t->n_cols)
        return;
    t->cells[row * t->n_cols + col] = s ? arena_strdup(t->a, s) : NULL;
    t->numeric[row * t->n_cols + col] = numeric;
}

void
table_text(struct table *t, size_t row, size_t col, const char *s)
{
    table_set(t, row, col, s, false);
}

void
table_int(struct table *t, size_t row, size_t col, int64_t n)
{
    table_set(t, row, col, arena_printf(t->a, "%lld", (long long)n), true);
}

void
table_number(struct table *t, size_t row, size_t col, const char *s)
{
    /* "-" (no base) or "x" (hidden) stays text so no format reads it as a number. */
    char *end;
    strtod(s, &end);
    table_set(t, row, col, s, end != s && *end == '\0');
}

const char *
table_cell(const struct table *t, size_t row, size_t col)
{
    const char *s = t->cells[row * t->n_cols + col];
    return s ? s : "";
}

bool
table_is_numeric(const struct table *t, size_t row, size_t col)
{
    return t->numeric[row * t->n_cols + col];
}

void
table_html(struct buf *b, const struct table *t)
{
    html_lit(b, "<table class=\"data\">\n<caption>");
    html_esc(b, t->title);
    if (t->note) {
        html_lit(b, "<br><span class=\"note\">");
        html_esc(b, t->note);
        html_lit(b, "</span>");
    }
    html_lit(b, "</caption>\n<thead><tr>");
    for (size_t c = 0; c < t->n_cols; c++) {
        html_lit(b, "<th scope=\"col\">");
        html_esc(b, t->head[c] ? t->head[c] : "");
        html_lit(b, "</th>");
    }
    html_lit(b, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < t->n_rows; r++) {
        html_lit(b, "<tr>");
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c == 0)
                html_lit(b, "<th scope=\"row\">");
            else if (table_is_numeric(t, r, c))
                html_lit(b, "<td class=\"num\">");
            else
                html_lit(b, "<td class=\"pre\">");
            html_esc(b, table_cell(t, r, c));
            if (c == 0)
                html_lit(b, "</th>");
            else
                html_lit(b, "</td>");
        }
        html_lit(b, "</tr>\n");
    }
    html_lit(b, "</tbody>\n</table>\n");
}

json_t *
table_json(const struct table *t)
{
    json_t *cols = json_array(), *rows = json_array();
    for (size_t c = 0; c < t->n_cols; c++)
        json_array_append_new(cols, json_string(t->head[c] ? t->head[c] : ""));
    for (size_t r = 0; r < t->n_rows; r++) {
        json_t *row = json_array();
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *v = table_cell(t, r, c);
            json_t *cell = !table_is_numeric(t, r, c) ? json_string(v)
                           : strchr(v, '.')           ? json_real(strtod(v, NULL))
                                                      : json_integer(strtoll(v, NULL, 10));
            json_array_append_new(row, cell);
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s, s:s?, s:o, s:o}", "title", t->title, "note", t->note, "columns", cols,
                     "rows", rows);
}
