/*
 * xlsx_out.h: tables as one XLSX workbook (libxlsxwriter): one sheet each,
 * or sheets of several tables with native bar charts beside them. Every
 * workbook's default font is a Japanese one (XLSX_FONT).
 */
#ifndef SHOKAI_XLSX_OUT_H
#define SHOKAI_XLSX_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

struct buf;
struct table;

#define XLSX_CELL_MAX 32767    /* Excel's limit on characters in one cell */
#define XLSX_FONT "游ゴシック" /* the workbook's default font */
#define XLSX_SHEET_NAME_MAX 31 /* Excel's limit on a sheet name, in characters */

/* One sheet: its tables one under the other, a blank row apart. With
   chart_count columns from chart_first, each data row of the first table
   gets a bar chart of those columns (categories: their headings) beside the
   table, titled with the row's first cell. */
struct xlsx_sheet {
    const char *name; /* cut to XLSX_SHEET_NAME_MAX characters; NULL: "NN title" */
    const struct table *tables;
    size_t n_tables;
    size_t chart_first, chart_count; /* chart_count 0: no chart */
};

/* Writes the tables (title, note, bold header, column widths; numbers as
   numbers, text always as text so nothing runs as a formula) and appends the
   file's bytes to out. Text over XLSX_CELL_MAX characters is cut, and the cut
   is said in the cell. Every string goes through xlsx_text. */
int xlsx_write_tables(const struct table *t, size_t n, struct buf *out);
/* The same for sheets of several tables and charts. A name that repeats gets
   " (2)" and so on; columns headed "…（%）" show one decimal. */
int xlsx_write_sheets(const struct xlsx_sheet *sheets, size_t n, struct buf *out);

/* A workbook being written to a private temporary file (libxlsxwriter 1.1.4
   writes only to files; the name never comes from a client). */
struct xlsx_file {
    char path[512];
    lxw_workbook *wb;
};
/* Creates the file and its workbook (f->wb). ERR_IO on failure (nothing left). */
int xlsx_file_open(struct xlsx_file *f);
/* Closes the workbook; when rc is 0 appends the file's bytes to out. Removes
   the file in every case. Returns rc, or the first error of closing/reading. */
int xlsx_file_finish(struct xlsx_file *f, int rc, struct buf *out);
/* Writes s as a text cell through xlsx_text (cut at XLSX_CELL_MAX characters);
   returns the number of characters written. */
size_t xlsx_cell_text(lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s,
                      lxw_format *format);

/* Appends s (UTF-8) to out as text that a workbook carries and Excel shows
   back unchanged: every character utf8_char_allowed refuses (among them all
   that XML 1.0 forbids: C0 controls but tab, LF and CR, U+FFFE, U+FFFF) is
   dropped, and a literal _xHHHH_, which Excel would decode as a character,
   is written _x005F_xHHHH_. Every string of xlsx_write_tables goes through
   it. */
void xlsx_text(const char *s, struct buf *out);

#endif
