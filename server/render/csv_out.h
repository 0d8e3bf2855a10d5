/*
 * csv_out.h: a table as CSV for Excel: RFC 4180 quoting, CRLF line ends,
 * UTF-8 with a BOM (the default) or CP932 for older Excel, and cells that a
 * spreadsheet would run as formulas (starting with = + - @ TAB CR) made inert
 * with a leading apostrophe.
 */
#ifndef SHOKAI_CSV_OUT_H
#define SHOKAI_CSV_OUT_H

#include "buf.h"

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>

struct table;

enum csv_encoding { CSV_UTF8, CSV_CP932 };

/* The names csv_encoding_parse knows, NULL-terminated: the choices of a
   declared ?encoding=. */
extern const char *const csv_encoding_names[];
/* Parses "utf-8" / "cp932" and their other names (NULL = utf-8). ERR_INPUT
   for anything else. */
int csv_encoding_parse(const char *s, enum csv_encoding *out);
/* Appends t (heading row, then rows) to out. With CP932, a character CP932
   cannot hold is not replaced: ERR_INPUT with msg naming it and its row. */
/* Writes a table row by row (csv_write_table, and the exports that stream
   rows to the client without holding the table): open writes the BOM
   (UTF-8) into out, each row appends one line to out (converted for CP932:
   ERR_INPUT naming the first character it cannot hold, with its line). */
struct csv_writer {
    enum csv_encoding enc;
    iconv_t cd;
    size_t row_no;
    struct buf row;
};
int csv_writer_open(struct csv_writer *w, enum csv_encoding enc, struct buf *out);
/* cells[c] NULL is empty; numeric may be NULL (no numbers). */
int csv_writer_row(struct csv_writer *w, const char *const *cells, const bool *numeric, size_t n,
                   struct buf *out, char *msg, size_t msglen);
void csv_writer_close(struct csv_writer *w);
/* A CSV made row by row and handed on in pieces instead of held whole:
   csv_write_rows writes the heading row, has rows() put each row with
   csv_rows_put, and passes the output to flush() whenever CSV_FLUSH_BYTES
   have gathered and at the end. flush's non-zero return stops it (the
   client went away). The bytes are csv_write_table's for the same table. */
#define CSV_FLUSH_BYTES (64u << 10)
typedef int (*csv_flush_fn)(void *ctx, const char *data, size_t len);
struct csv_rows {
    struct csv_writer w;
    struct buf out;
    csv_flush_fn flush;
    void *flush_ctx;
    char *msg;
    size_t msglen;
};
typedef int (*csv_rows_fn)(void *ctx, struct csv_rows *out);
int csv_rows_put(struct csv_rows *out, const char *const *cells, const bool *numeric, size_t n);
int csv_write_rows(enum csv_encoding enc, const char *const *head, size_t n_cols, csv_rows_fn rows,
                   void *ctx, csv_flush_fn flush, void *flush_ctx, char *msg, size_t msglen);
int csv_write_table(const struct table *t, enum csv_encoding enc, struct buf *out, char *msg,
                    size_t msglen);

#endif
