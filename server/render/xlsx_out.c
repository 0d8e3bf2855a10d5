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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET_NAME_MAX 31 /* characters */
#define COLUMN_WIDTH_MAX 60

static const char truncated_note[] =
    "…（Excel の1セルの上限 32,767 文字を超えたため切り詰めました）";

/* "01 回答状況（…）": numbered, without the characters Excel refuses, at most 31 characters. */
static void
sheet_name(size_t index, const char *title, char *out, size_t outlen)
{
    char clean[512];
    size_t j = 0;
    for (const char *p = title; *p && j < sizeof(clean) - 1; p++)
        clean[j++] = strchr("[]:*?/\\'", *p) ? '_' : *p;
    clean[j] = '\0';
    char numbered[600];
    snprintf(numbered, sizeof(numbered), "%02zu %s", index + 1, clean);
    utf8_prefix(numbered, SHEET_NAME_MAX, out, outlen);
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

static int
write_sheet(lxw_workbook *wb, const struct table *t, size_t index, lxw_format *bold,
            lxw_format *header, lxw_format *wrap)
{
    struct buf title;
    buf_init(&title, 0);
    xlsx_text(t->title ? t->title : "", &title);
    char name[200];
    sheet_name(index, buf_str(&title), name, sizeof(name));
    buf_cleanup(&title);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return ERR_IO;
    write_text(ws, 0, 0, t->title, bold, NULL);
    lxw_row_t row = 1;
    if (t->note)
        write_text(ws, row++, 0, t->note, NULL, NULL);
    row++;
    double *width = calloc(t->n_cols, sizeof(*width));
    if (!width)
        return ERR_NOMEM;
    for (size_t c = 0; c < t->n_cols; c++)
        width[c] = (double)write_text(ws, row, (lxw_col_t)c, t->head[c], header, NULL) * 2 + 2;
    row++;
    for (size_t r = 0; r < t->n_rows; r++, row++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *v = table_cell(t, r, c);
            if (table_is_numeric(t, r, c)) {
                worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL), NULL);
                continue;
            }
            size_t chars = write_text(ws, row, (lxw_col_t)c, v, NULL, wrap);
            if ((double)chars * 2 > width[c])
                width[c] = (double)chars * 2;
        }
    }
    for (size_t c = 0; c < t->n_cols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                             width[c] > COLUMN_WIDTH_MAX ? COLUMN_WIDTH_MAX : width[c], NULL);
    worksheet_freeze_panes(ws, row - (lxw_row_t)t->n_rows, 1);
    free(width);
    return 0;
}

static int
read_back(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ERR_IO;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
    return buf_err(out) ? ERR_TOOBIG : 0;
}

int
xlsx_write_tables(const struct table *t, size_t n, struct buf *out)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/shokai-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return ERR_IO;
    close(fd);
    int rc = ERR_IO;
    lxw_workbook *wb = workbook_new(path);
    if (wb) {
        lxw_format *bold = workbook_add_format(wb);
        format_set_bold(bold);
        format_set_font_size(bold, 12);
        lxw_format *header = workbook_add_format(wb);
        format_set_bold(header);
        format_set_bg_color(header, 0xDDE6F5);
        format_set_border(header, LXW_BORDER_THIN);
        format_set_text_wrap(header);
        lxw_format *wrap = workbook_add_format(wb);
        format_set_text_wrap(wrap);
        format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
        rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = write_sheet(wb, &t[i], i, bold, header, wrap);
        if (workbook_close(wb) != LXW_NO_ERROR && rc == 0)
            rc = ERR_IO;
    }
    if (rc == 0)
        rc = read_back(path, out);
    unlink(path);
    return rc;
}
