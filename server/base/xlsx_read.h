/*
 * xlsx_read.h: the cells of an XLSX workbook, read from memory (libzip, expat).
 *
 * Reads what a definition or a filled 調査票 needs and nothing more: sheet
 * names (xl/workbook.xml and its rels), shared strings, inline strings,
 * numbers and booleans, each cell by its reference (B12 → row 12, column 2).
 * Formats, formulas (their cached value is read), styles and drawings are
 * ignored. Every size is capped before it is used (XLSX_READ_* below): a zip
 * bomb or an endless sheet is refused with a Japanese message, never read.
 */
#ifndef SHOKAI_XLSX_READ_H
#define SHOKAI_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLSX_READ_MAX_FILE (20u << 20)          /* the .xlsx itself */
#define XLSX_READ_MAX_ENTRIES 2000              /* files inside the zip */
#define XLSX_READ_MAX_UNCOMPRESSED (100u << 20) /* all parts read, together */
#define XLSX_READ_MAX_SHEETS 200
#define XLSX_READ_MAX_ROWS 100000
#define XLSX_READ_MAX_COLS 1000
#define XLSX_READ_MAX_CELLS 1000000

enum xlsx_kind { XLSX_TEXT, XLSX_NUMBER, XLSX_BOOL };

struct xlsx_cell {
    uint32_t row, col; /* 1-based: A1 is row 1, column 1 */
    enum xlsx_kind kind;
    char *text; /* UTF-8; a number as written in the file ("12", "0.5") */
};

struct xlsx_read_sheet {
    char *name;
    bool hidden;
    struct xlsx_cell *cells; /* sorted by row, then column; empty cells left out */
    size_t n_cells;
    uint32_t n_rows, n_cols; /* the highest row and column that hold a cell */
};

struct xlsx_book {
    struct xlsx_read_sheet *sheets; /* in workbook order */
    size_t n_sheets;
};

/* Reads the workbook in bytes[0..len). On success *out is the book: the caller
   frees it with xlsx_book_free(). On failure returns ERR_INPUT (not an XLSX,
   damaged) or ERR_TOOBIG (over a limit) with a Japanese message in msg. */
int xlsx_read(const void *bytes, size_t len, struct xlsx_book **out, char *msg, size_t msglen);
void xlsx_book_free(struct xlsx_book *b);

/* The sheet with this name, or NULL. */
const struct xlsx_read_sheet *xlsx_sheet(const struct xlsx_book *b, const char *name);
/* The cell at row/col, or NULL when it is empty. */
const struct xlsx_cell *xlsx_cell(const struct xlsx_read_sheet *s, uint32_t row, uint32_t col);
/* Its text, or "" when empty (borrowed from the book). */
const char *xlsx_text_at(const struct xlsx_read_sheet *s, uint32_t row, uint32_t col);
/* "BC12" → row 12, column 55; false if malformed or past the limits. */
bool xlsx_parse_ref(const char *ref, uint32_t *row, uint32_t *col);
/* "C12" for row 12, column 3, into out (at least 16 bytes). */
void xlsx_ref(uint32_t row, uint32_t col, char *out, size_t outlen);
/* An Excel date serial ("45688", days since 1899-12-30; a time part is
   dropped) as "2025-01-31" into out (at least 11 bytes). False when text is
   not a serial of the years 1900-9999. */
bool xlsx_serial_date(const char *text, char *out, size_t outlen);
/* True if bytes start like a zip archive (PK\3\4). */
bool xlsx_looks_like(const void *bytes, size_t len);

#endif
