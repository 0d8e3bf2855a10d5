/*
 * xlsx_out.h: tables as one XLSX workbook (libxlsxwriter), one sheet each.
 */
#ifndef SHOKAI_XLSX_OUT_H
#define SHOKAI_XLSX_OUT_H

#include <stddef.h>

struct buf;
struct table;

#define XLSX_CELL_MAX 32767 /* Excel's limit on characters in one cell */

/* Writes the tables (title, note, bold header, column widths; numbers as
   numbers, text always as text so nothing runs as a formula) and appends the
   file's bytes to out. Text over XLSX_CELL_MAX characters is cut, and the cut
   is said in the cell. */
int xlsx_write_tables(const struct table *t, size_t n, struct buf *out);

#endif
