/*
 * xlsx_out.c: XLSX export through libxlsxwriter (see xlsx_out.h).
 *
 * Debian's libxlsxwriter 1.1.4 writes only to a file, so the workbook goes to
 * a private temporary file (mkstemp: the name never comes from a client),
 * which is read back and removed.
 */
#include "xlsx_out.h"
#include "buf.h"
#include "err.h"
#include "utf8.h"
#include "table.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define COLUMN_WIDTH_MAX 60

static const char truncated_note[] =
    "…（Excel の1セルの上限 32,767 文字を超えたため切り詰めました）";

/* "01 回答状況（…）": numbered, without the characters Excel refuses, at most 31 characters. */
/* title without the characters Excel refuses in a sheet name. */
static void
sheet_name_clean(const char *title, char *out, size_t outlen)
{
    size_t j = 0;
    for (const char *p = title; *p && j < outlen - 1; p++)
        out[j++] = strchr("[]:*?/\\'", *p) ? '_' : *p;
    out[j] = '\0';
}

static void
sheet_name(size_t index, const char *title, char *out, size_t outlen)
{
    char clean[512];
    sheet_name_clean(title, clean, sizeof(clean));
    char numbered[600];
    snprintf(numbered, sizeof(numbered), "%02zu %s", index + 1, clean);
    utf8_prefix(numbered, XLSX_SHEET_NAME_MAX, out, outlen);
}

void
xlsx_text(const char *s, struct buf *out)
{
    struct buf kept;
    buf_init(&kept, 0);
    for (const char *p = s; *p;) {
        const char *start = p;
        if (utf8_char_allowed(utf8_next(&p)))
            buf_append(&kept, start, (size_t)(p - start));
    }
    const char *k = buf_str(&kept);
    for (size_t i = 0; k[i]; i++) {
        /* _xHHHH_ is how OOXML writes a character; Excel decodes it in any
           text, so a literal one gets its underscore written as _x005F_. */
        if (k[i] == '_' && (k[i + 1] == 'x' || k[i + 1] == 'X') &&
            isxdigit((unsigned char)k[i + 2]) && isxdigit((unsigned char)k[i + 3]) &&
            isxdigit((unsigned char)k[i + 4]) && isxdigit((unsigned char)k[i + 5]) &&
            k[i + 6] == '_')
            buf_puts(out, "_x005F");
        buf_putc(out, k[i]);
    }
    if (buf_err(&kept) && !out->err)
        out->err = buf_err(&kept);
    buf_cleanup(&kept);
}

/* Writes text s into one cell through xlsx_text, cut at XLSX_CELL_MAX
   characters with truncated_note; long text (over 40 characters) gets the
   wrap format when one is given. Returns the number of characters written. */
static size_t
write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *format,
           lxw_format *wrap)
{
    struct buf b;
    buf_init(&b, 0);
    xlsx_text(s ? s : "", &b);
    const char *v = buf_str(&b);
    size_t chars = utf8_length(v);
    char *cut = NULL;
    if (chars > XLSX_CELL_MAX) {
        cut = malloc(XLSX_CELL_MAX * 4 + sizeof(truncated_note));
        if (cut) {
            utf8_prefix(v, XLSX_CELL_MAX - utf8_length(truncated_note), cut, XLSX_CELL_MAX * 4);
            size_t used = strlen(cut);
            memcpy(cut + used, truncated_note, sizeof(truncated_note));
        }
        v = cut ? cut : "";
        chars = utf8_length(v);
    }
    worksheet_write_string(ws, row, col, v, wrap && chars > 40 ? wrap : format);
    free(cut);
    buf_cleanup(&b);
    return chars;
}

/* The formats of a workbook, all in XLSX_FONT. */
struct formats {
    lxw_format *bold, *header, *wrap, *percent;
};

static lxw_format *
new_format(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, XLSX_FONT);
    return f;
}

static void
formats_init(lxw_workbook *wb, struct formats *f)
{
    /* The first format is the workbook's default: the font of every cell. */
    lxw_format *normal = STAILQ_FIRST(wb->formats);
    if (normal)
        format_set_font_name(normal, XLSX_FONT);
    f->bold = new_format(wb);
    format_set_bold(f->bold);
    format_set_font_size(f->bold, 12);
    f->header = new_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xDDE6F5);
    format_set_border(f->header, LXW_BORDER_THIN);
    format_set_text_wrap(f->header);
    f->wrap = new_format(wb);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    f->percent = new_format(wb);
    format_set_num_format(f->percent, "0.0");
}

/* Whether column c holds percentages (its heading ends in "（%）"). */
static bool
percent_column(const struct table *t, size_t c)
{
    static const char mark[] = "（%）";
    size_t n = t->head[c] ? strlen(t->head[c]) : 0;
    return n >= strlen(mark) && strcmp(t->head[c] + n - strlen(mark), mark) == 0;
}

/* Writes table t from row *row on (title, note, header, rows), widening
   width[] to its texts; *row is left after it. Returns the row of its first
   data row. */
static lxw_row_t
write_table(lxw_worksheet *ws, const struct table *t, lxw_row_t *row, double *width,
            const struct formats *f)
{
    write_text(ws, (*row)++, 0, t->title, f->bold, NULL);
    if (t->note)
        write_text(ws, (*row)++, 0, t->note, NULL, NULL);
    (*row)++;
    for (size_t c = 0; c < t->n_cols; c++) {
        double w = (double)write_text(ws, *row, (lxw_col_t)c, t->head[c], f->header, NULL) * 2 + 2;
        if (w > width[c])
            width[c] = w;
    }
    lxw_row_t first = ++(*row);
    for (size_t r = 0; r < t->n_rows; r++, (*row)++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *v = table_cell(t, r, c);
            if (table_is_numeric(t, r, c)) {
                worksheet_write_number(ws, *row, (lxw_col_t)c, strtod(v, NULL),
                                       percent_column(t, c) ? f->percent : NULL);
                continue;
            }
            size_t chars = write_text(ws, *row, (lxw_col_t)c, v, NULL, f->wrap);
            if ((double)chars * 2 > width[c])
                width[c] = (double)chars * 2;
        }
    }
    return first;
}

/* A bar chart of row data_row's chart columns beside the table, one per data
   row, stacked at the right. */
static int
add_charts(lxw_workbook *wb, lxw_worksheet *ws, const char *sheet, const struct xlsx_sheet *sh,
           lxw_row_t data_row)
{
    const struct table *t = &sh->tables[0];
    lxw_col_t first = (lxw_col_t)sh->chart_first,
              last = (lxw_col_t)(sh->chart_first + sh->chart_count - 1);
    lxw_col_t at = (lxw_col_t)(t->n_cols + 1);
    static lxw_chart_font font = {.name = XLSX_FONT, .size = 10};
    static lxw_chart_font title_font = {.name = XLSX_FONT, .size = 11, .bold = 1};
    for (size_t r = 0; r < t->n_rows; r++) {
        if (!table_is_numeric(t, r, sh->chart_first))
            continue; /* a hidden group has no numbers to chart */
        lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
        if (!chart)
            return ERR_NOMEM;
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        lxw_row_t row = data_row + (lxw_row_t)r;
        chart_series_set_categories(series, sheet, data_row - 1, first, data_row - 1, last);
        chart_series_set_values(series, sheet, row, first, row, last);
        chart_series_set_labels(series);
        struct buf title;
        buf_init(&title, 0);
        xlsx_text(table_cell(t, r, 0), &title);
        chart_title_set_name(chart, buf_str(&title));
        buf_cleanup(&title);
        chart_title_set_name_font(chart, &title_font);
        chart_axis_set_num_font(chart->x_axis, &font);
        chart_axis_set_num_font(chart->y_axis, &font);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        lxw_chart_options opt = {.x_scale = 0.8, .y_scale = 0.7};
        worksheet_insert_chart_opt(ws, (lxw_row_t)(r * 11), at, chart, &opt);
    }
    return 0;
}

/* A sheet name not used yet in the workbook: name, or "name (2)" ... */
static void
unique_name(lxw_workbook *wb, const char *name, char *out, size_t outlen)
{
    utf8_prefix(name, XLSX_SHEET_NAME_MAX, out, outlen);
    for (int k = 2; workbook_get_worksheet_by_name(wb, out) && k < 100; k++) {
        char suffix[8], cut[200];
        snprintf(suffix, sizeof(suffix), " (%d)", k);
        utf8_prefix(name, XLSX_SHEET_NAME_MAX - strlen(suffix), cut, sizeof(cut));
        snprintf(out, outlen, "%s%s", cut, suffix);
    }
}

static int
write_sheet(lxw_workbook *wb, const struct xlsx_sheet *sh, size_t index, const struct formats *f)
{
    struct buf title;
    buf_init(&title, 0);
    xlsx_text(sh->name ? sh->name : sh->tables[0].title ? sh->tables[0].title : "", &title);
    char name[200], clean[200];
    if (sh->name)
        sheet_name_clean(buf_str(&title), clean, sizeof(clean));
    else
        sheet_name(index, buf_str(&title), clean, sizeof(clean));
    buf_cleanup(&title);
    unique_name(wb, clean, name, sizeof(name));
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return ERR_IO;
    size_t n_cols = 0;
    for (size_t i = 0; i < sh->n_tables; i++)
        if (sh->tables[i].n_cols > n_cols)
            n_cols = sh->tables[i].n_cols;
    double *width = calloc(n_cols ? n_cols : 1, sizeof(*width));
    if (!width)
        return ERR_NOMEM;
    lxw_row_t row = 0, first_data = 0;
    for (size_t i = 0; i < sh->n_tables; i++) {
        lxw_row_t data = write_table(ws, &sh->tables[i], &row, width, f);
        if (i == 0)
            first_data = data;
        row++;
    }
    for (size_t c = 0; c < n_cols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                             width[c] > COLUMN_WIDTH_MAX ? COLUMN_WIDTH_MAX : width[c], NULL);
    if (sh->n_tables == 1)
        worksheet_freeze_panes(ws, first_data, 1);
    free(width);
    return sh->chart_count && sh->n_tables > 0 ? add_charts(wb, ws, name, sh, first_data) : 0;
}

static int
read_back(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ERR_IO;
    enum { CHUNK = 65536 }; /* on the heap: a worker thread's stack is small */
    char *chunk = malloc(CHUNK);
    size_t n;
    while (chunk && (n = fread(chunk, 1, CHUNK, f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
    if (!chunk)
        return ERR_NOMEM;
    free(chunk);
    return buf_err(out) ? ERR_TOOBIG : 0;
}

int
xlsx_file_open(struct xlsx_file *f)
{
    const char *dir = getenv("TMPDIR");
    snprintf(f->path, sizeof(f->path), "%s/shokai-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    f->wb = NULL;
    int fd = mkstemp(f->path);
    if (fd < 0)
        return ERR_IO;
    close(fd);
    f->wb = workbook_new(f->path);
    if (!f->wb) {
        unlink(f->path);
        return ERR_IO;
    }
    return 0;
}

/* workbook_close packs the file with minizip, whose zipOpen3 keeps a 64 KiB
   buffer on the stack: more than a CivetWeb worker thread (a small stack)
   has left under a deep page like the report's. So the packing runs on a
   thread of its own with room to spare, and this one waits for it. */
#define XLSX_CLOSE_STACK (4u << 20)

struct close_job {
    lxw_workbook *wb;
    lxw_error err;
};

static void *
close_job_run(void *arg)
{
    struct close_job *job = arg;
    job->err = workbook_close(job->wb);
    return NULL;
}

static lxw_error
workbook_close_roomy(lxw_workbook *wb)
{
    struct close_job job = {wb, LXW_NO_ERROR};
    pthread_attr_t attr;
    pthread_t thread;
    bool started = false;
    if (pthread_attr_init(&attr) == 0) {
        started = pthread_attr_setstacksize(&attr, XLSX_CLOSE_STACK) == 0 &&
                  pthread_create(&thread, &attr, close_job_run, &job) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!started)
        return workbook_close(wb); /* no thread to spare: try on this one */
    pthread_join(thread, NULL);
    return job.err;
}

int
xlsx_file_finish(struct xlsx_file *f, int rc, struct buf *out)
{
    if (workbook_close_roomy(f->wb) != LXW_NO_ERROR && rc == 0)
        rc = ERR_IO;
    f->wb = NULL;
    if (rc == 0)
        rc = read_back(f->path, out);
    unlink(f->path);
    return rc;
}

size_t
xlsx_cell_text(lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s, lxw_format *format)
{
    return write_text(ws, row, col, s, format, NULL);
}

int
xlsx_write_sheets(const struct xlsx_sheet *sheets, size_t n, struct buf *out)
{
    struct xlsx_file file;
    int rc = xlsx_file_open(&file);
    if (rc)
        return rc;
    struct formats f;
    formats_init(file.wb, &f);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = write_sheet(file.wb, &sheets[i], i, &f);
    return xlsx_file_finish(&file, rc, out);
}

int
xlsx_write_tables(const struct table *t, size_t n, struct buf *out)
{
    struct xlsx_sheet *sheets = calloc(n ? n : 1, sizeof(*sheets));
    if (!sheets)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        sheets[i] = (struct xlsx_sheet){NULL, &t[i], 1, 0, 0};
    int rc = xlsx_write_sheets(sheets, n, out);
    free(sheets);
    return rc;
}
