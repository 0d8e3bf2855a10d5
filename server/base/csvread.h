/*
 * csvread.h: RFC 4180 CSV rows through libcsv, with the checks every import
 * needs: an optional UTF-8 BOM dropped, every field valid UTF-8, caps on rows,
 * columns and field length.
 */
#ifndef SHOKAI_CSVREAD_H
#define SHOKAI_CSVREAD_H

#include <stddef.h>

struct csv_limits {
    size_t max_rows;
    size_t max_cols;
    size_t max_field; /* bytes */
};

/* Called once per row with its fields (NUL-terminated, valid for the call only).
   row_no counts from 1 (the header is row 1). A non-zero return stops parsing. */
typedef int (*csv_row_fn)(size_t row_no, char **fields, size_t n_fields, void *ctx);

/* Parses data[0..len). On bad input returns ERR_INPUT or ERR_TOOBIG and writes
   a Japanese message naming the row to msg. */
int csvread_parse(const char *data, size_t len, const struct csv_limits *lim, csv_row_fn fn,
                  void *ctx, char *msg, size_t msglen);

#endif
