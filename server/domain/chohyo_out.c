/*
 * chohyo_out.c: the 調査票 workbook (see chohyo.h).
 *
 * Each section's sheet: the survey title, 団体名 and 団体コード on top, then
 * per question its label in column A and its answer in B (a table: its
 * columns from B on, one row per answer row; a multiple choice: one row per
 * option, marked ○; a self-check item: 状況 in B, 備考 in C), help in D.
 * Every answer cell is one row of the hidden sheet _shokai: sheet, cell, question,
 * part ("" | option | row | status | note), option or row, column.
 */
#include "buf.h"
#include "chohyo.h"
#include "err.h"
#include "org.h"
#include "utf8.h"
#include "xlsx_out.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHEET_NAME_CHARS 31
#define FIRST_QUESTION_ROW 6 /* 0-based: row 7 in Excel */

struct book {
    const struct survey *s;
    lxw_workbook *wb;
    json_t *map; /* rows of _shokai, written after the sections */
    lxw_format *title, *head, *label, *answer, *help;
};

struct page {
    struct book *b;
    lxw_worksheet *ws;
    char name[128];
    uint32_t row;
};

/* A sheet name Excel takes: no []:*?/\', at most 31 characters, numbered. */
static void
sheet_name(size_t index, const char *title, char *out, size_t outlen)
{
    struct buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%02zu ", index + 1);
    size_t chars = 3;
    for (const char *p = title; *p && chars < SHEET_NAME_CHARS;) {
        const char *start = p;
        utf8_next(&p);
        if (p - start == 1 && strchr("[]:*?/\\'", *start))
            buf_putc(&b, '_');
        else
            buf_append(&b, start, (size_t)(p - start));
        chars++;
    }
    snprintf(out, outlen, "%s", buf_str(&b));
    buf_cleanup(&b);
}

static void
cell_text(lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s, lxw_format *f)
{
    if (s && *s)
        xlsx_cell_text(ws, row, col, s, f);
}

/* One row of the map: where the answer of (question, part, key, column) is. */
static void
map_cell(struct page *p, uint32_t row, uint16_t col, const char *qid, const char *part,
         const char *key, const char *column)
{
    char ref[32];
    lxw_rowcol_to_cell(ref, row, col);
    json_array_append_new(p->b->map,
                          json_pack("[s,s,s,s,s?,s?]", p->name, ref, qid, part, key, column));
}

/* The hidden map, with what the workbook was made for in its first row. */
static void
write_map(struct book *b, const struct survey *s, const struct org *org)
{
    lxw_worksheet *map = workbook_add_worksheet(b->wb, CHOHYO_MAP_SHEET);
    cell_text(map, 0, 0, CHOHYO_FORMAT, NULL);
    cell_text(map, 0, 1, s->id, NULL);
    worksheet_write_number(map, 0, 2, (double)s->revision, NULL);
    cell_text(map, 0, 3, org->code, NULL);
    size_t i, j;
    json_t *row, *v;
    json_array_foreach(b->map, i, row) json_array_foreach(row, j, v)
        cell_text(map, (uint32_t)(i + 1), (uint16_t)j, json_string_value(v), NULL);
    worksheet_hide(map);
    worksheet_protect(map, NULL, NULL);
}

/* A drop-down of values (NULL-terminated). Excel keeps such a list inline
   only up to 255 characters, without commas; false when the values do not
   fit (the reader still checks the cell). (A list taken from a range would
   fit any, but libxlsxwriter 1.1.4 leaks its formula.) */
static bool
dropdown(lxw_worksheet *ws, uint32_t row, uint16_t col, char **values)
{
    size_t total = 0;
    for (char **v = values; *v; v++) {
        if (strchr(*v, ','))
            return false;
        total += utf8_length(*v) + 1;
    }
    if (total > 256)
        return false;
    lxw_data_validation dv;
    memset(&dv, 0, sizeof(dv));
    static char title[] = "選択肢から選んでください";
    static char message[] = "一覧にある選択肢から選んでください。";
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = values;
    dv.error_title = title;
    dv.error_message = message;
    return worksheet_data_validation_cell(ws, row, col, &dv) == LXW_NO_ERROR;
}

/* "a／b／c": the options of q, for a reader where no drop-down says them. */
static void
options_text(const struct question *q, struct buf *out)
{
    size_t i;
    json_t *o;
    json_array_foreach(q->options, i, o)
        buf_printf(out, "%s%s", i ? "／" : "", json_string_value(o));
}

/* The options of q as a drop-down; when they do not fit one, listed in the
   説明 column of the row instead (a table's are listed under it). */
static void
options_dropdown(struct page *p, uint32_t row, uint16_t col, const struct question *q)
{
    size_t n = json_array_size(q->options), i;
    char **values = xmalloc((n + 1) * sizeof(*values));
    values[n] = NULL;
    json_t *o;
    json_array_foreach(q->options, i, o) values[i] = xstrdup(json_string_value(o));
    if (!dropdown(p->ws, row, col, values) && col == 1) {
        struct buf list;
        buf_init(&list, 0);
        buf_puts(&list, "選択肢: ");
        options_text(q, &list);
        cell_text(p->ws, row, 3, buf_str(&list), p->b->help);
        buf_cleanup(&list);
    }
    for (i = 0; i < n; i++)
        free(values[i]);
    free(values);
}

/* A scalar answer (single, text, number, date) into one open cell. */
static void
write_value(struct page *p, uint32_t row, uint16_t col, const struct question *q, json_t *v)
{
    lxw_format *f = p->b->answer;
    if (json_is_number(v))
        worksheet_write_number(p->ws, row, col, json_number_value(v), f);
    else if (json_is_string(v) && json_string_length(v))
        xlsx_cell_text(p->ws, row, col, json_string_value(v), f);
    else
        worksheet_write_blank(p->ws, row, col, f);
    if (q->type == Q_SINGLE)
        options_dropdown(p, row, col, q);
}

static void
write_label(struct page *p, const struct question *q)
{
    struct buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%s%s", q->label, q->required ? "（必須）" : "");
    if (q->visible_if) {
        buf_puts(&b, "\n（");
        survey_condition_words(p->b->s, q->visible_if, &b);
        buf_puts(&b, json_object_get(q->visible_if, "question") ? "場合に回答）" : " 場合に回答）");
    }
    cell_text(p->ws, p->row, 0, buf_str(&b), p->b->label);
    buf_cleanup(&b);
    cell_text(p->ws, p->row, 3, q->help, p->b->help);
}

static void
write_table(struct page *p, const struct question *q, json_t *rows)
{
    p->row++;
    for (size_t c = 0; c < q->n_columns; c++)
        cell_text(p->ws, p->row, (uint16_t)(1 + c), q->columns[c].label, p->b->head);
    size_t n = json_array_size(rows) + CHOHYO_SPARE_ROWS;
    if (n < (size_t)q->min_rows)
        n = (size_t)q->min_rows;
    if (n > (size_t)q->max_rows)
        n = (size_t)q->max_rows;
    for (size_t i = 0; i < n; i++) {
        p->row++;
        char label[48], index[24];
        snprintf(label, sizeof(label), "%zu行目", i + 1);
        snprintf(index, sizeof(index), "%zu", i + 1);
        cell_text(p->ws, p->row, 0, label, NULL);
        json_t *row = json_array_get(rows, i);
        for (size_t c = 0; c < q->n_columns; c++) {
            const struct question *col = &q->columns[c];
            write_value(p, p->row, (uint16_t)(1 + c), col, json_object_get(row, col->id));
            map_cell(p, p->row, (uint16_t)(1 + c), q->id, "row", index, col->id);
        }
    }
    for (size_t c = 0; c < q->n_columns; c++) {
        if (q->columns[c].type != Q_SINGLE)
            continue;
        struct buf list;
        buf_init(&list, 0);
        buf_printf(&list, "「%s」の選択肢: ", q->columns[c].label);
        options_text(&q->columns[c], &list);
        cell_text(p->ws, ++p->row, 0, buf_str(&list), p->b->help);
        buf_cleanup(&list);
    }
}

static void
write_question(struct page *p, const struct question *q, json_t *answers)
{
    json_t *v = json_object_get(answers, q->id);
    write_label(p, q);
    switch (q->type) {
    case Q_SINGLE:
    case Q_TEXT:
    case Q_NUMBER:
    case Q_DATE:
        write_value(p, p->row, 1, q, v);
        map_cell(p, p->row, 1, q->id, "", NULL, NULL);
        break;
    case Q_MULTI: {
        size_t i;
        json_t *o;
        static char mark[] = CHOHYO_MARK;
        char *marks[] = {mark, NULL};
        json_array_foreach(q->options, i, o)
        {
            p->row++;
            bool chosen = false;
            size_t j;
            json_t *x;
            json_array_foreach(v, j, x) chosen = chosen || json_equal(x, o);
            char label[512];
            snprintf(label, sizeof(label), "　・%s", json_string_value(o));
            cell_text(p->ws, p->row, 0, label, NULL);
            if (chosen)
                xlsx_cell_text(p->ws, p->row, 1, CHOHYO_MARK, p->b->answer);
            else
                worksheet_write_blank(p->ws, p->row, 1, p->b->answer);
            dropdown(p->ws, p->row, 1, marks);
            map_cell(p, p->row, 1, q->id, "option", json_string_value(o), NULL);
        }
        break;
    }
    case Q_TABLE:
        write_table(p, q, v);
        break;
    case Q_CHECK: {
        json_t *status = json_object_get(v, "status"), *note = json_object_get(v, "note");
        static char s0[] = "実施済", s1[] = "一部実施", s2[] = "未実施", s3[] = "該当なし";
        char *statuses[] = {s0, s1, s2, s3, NULL};
        if (json_is_string(status))
            xlsx_cell_text(p->ws, p->row, 1, json_string_value(status), p->b->answer);
        else
            worksheet_write_blank(p->ws, p->row, 1, p->b->answer);
        dropdown(p->ws, p->row, 1, statuses);
        if (json_is_string(note) && json_string_length(note))
            xlsx_cell_text(p->ws, p->row, 2, json_string_value(note), p->b->answer);
        else
            worksheet_write_blank(p->ws, p->row, 2, p->b->answer);
        map_cell(p, p->row, 1, q->id, "status", NULL, NULL);
        map_cell(p, p->row, 2, q->id, "note", NULL, NULL);
        break;
    }
    }
    p->row += 2;
}

static void
write_section(struct book *b, const struct survey *s, const struct org *org, size_t index,
              json_t *answers)
{
    const struct survey_section *sec = &s->sections[index];
    struct page p = {b, NULL, "", FIRST_QUESTION_ROW};
    sheet_name(index, sec->title, p.name, sizeof(p.name));
    p.ws = workbook_add_worksheet(b->wb, p.name);
    cell_text(p.ws, 0, 0, s->title, b->title);
    cell_text(p.ws, 1, 0, "団体名", b->head);
    cell_text(p.ws, 1, 1, org->name, NULL);
    cell_text(p.ws, 2, 0, "団体コード", b->head);
    cell_text(p.ws, 2, 1, org->code, NULL);
    cell_text(p.ws, 3, 0,
              "黄色のセルに回答を入力してください。行や列の追加・削除、シート名の変更はしないでく"
              "ださい。",
              NULL);
    cell_text(p.ws, 5, 0, sec->title, b->title);
    cell_text(p.ws, 5, 1, "回答", b->head);
    cell_text(p.ws, 5, 2, "備考", b->head);
    cell_text(p.ws, 5, 3, "説明", b->head);
    p.row = FIRST_QUESTION_ROW + 1;
    for (size_t i = 0; i < sec->count; i++)
        write_question(&p, &s->questions[sec->first + i], answers);
    worksheet_set_column(p.ws, 0, 0, 50, NULL);
    worksheet_set_column(p.ws, 1, 8, 24, NULL);
    worksheet_set_column(p.ws, 3, 3, 40, NULL);
    worksheet_freeze_panes(p.ws, FIRST_QUESTION_ROW, 0);
    worksheet_protect(p.ws, NULL, NULL);
}

int
chohyo_write(const struct survey *s, const struct org *org, json_t *answers, struct buf *out)
{
    struct xlsx_file f;
    int rc = xlsx_file_open(&f);
    if (rc)
        return rc;
    struct book b = {s, f.wb, json_array(), NULL, NULL, NULL, NULL, NULL};
    b.title = workbook_add_format(f.wb);
    format_set_bold(b.title);
    format_set_font_size(b.title, 12);
    b.head = workbook_add_format(f.wb);
    format_set_bold(b.head);
    format_set_bg_color(b.head, 0xDDE6F5);
    format_set_border(b.head, LXW_BORDER_THIN);
    b.label = workbook_add_format(f.wb);
    format_set_text_wrap(b.label);
    format_set_align(b.label, LXW_ALIGN_VERTICAL_TOP);
    b.answer = workbook_add_format(f.wb);
    format_set_unlocked(b.answer);
    format_set_bg_color(b.answer, 0xFFF2CC);
    format_set_border(b.answer, LXW_BORDER_THIN);
    format_set_text_wrap(b.answer);
    format_set_align(b.answer, LXW_ALIGN_VERTICAL_TOP);
    b.help = workbook_add_format(f.wb);
    format_set_text_wrap(b.help);
    format_set_font_color(b.help, 0x555555);
    for (size_t i = 0; i < s->n_sections; i++)
        write_section(&b, s, org, i, answers);
    write_map(&b, s, org);
    json_decref(b.map);
    return xlsx_file_finish(&f, 0, out);
}
