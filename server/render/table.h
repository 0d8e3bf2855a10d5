/*
 * table.h: a plain table of text cells (some marked numeric), the one shape
 * that every export renders: CSV (csv_out.c), XLSX (xlsx_out.c) and HTML
 * (table_html). Cells live in the arena the table was made in.
 */
#ifndef SHOKAI_TABLE_H
#define SHOKAI_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

struct table {
    const char *title; /* a sheet name / caption */
    const char *note;  /* what the numbers are based on, or NULL */
    size_t n_cols;
    const char **head;
    size_t n_rows, cap;
    const char **cells; /* n_rows * n_cols, row-major; NULL = empty */
    bool *numeric;      /* per cell: write as a number where the format can */
    struct arena *a;
};

/* Starts a table with n_cols columns (headings set with table_head). */
int table_init(struct table *t, struct arena *a, const char *title, const char *note,
               size_t n_cols);
void table_head(struct table *t, size_t col, const char *label);
/* Appends an empty row and returns its index, or (size_t)-1 when out of memory. */
size_t table_row(struct table *t);
void table_text(struct table *t, size_t row, size_t col, const char *s);
void table_int(struct table *t, size_t row, size_t col, int64_t n);
/* A number already formatted ("41.2"). */
void table_number(struct table *t, size_t row, size_t col, const char *s);
const char *table_cell(const struct table *t, size_t row, size_t col);
bool table_is_numeric(const struct table *t, size_t row, size_t col);

/* The table as JSON {"title","note","columns":[...],"rows":[[...]]}, numbers as numbers. */
json_t *table_json(const struct table *t);
/* The table as an HTML <table> with caption and note, every cell escaped. */
void table_html(struct buf *b, const struct table *t);

#endif
