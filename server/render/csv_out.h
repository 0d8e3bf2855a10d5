/*
 * csv_out.h: a table as CSV for Excel: RFC 4180 quoting, CRLF line ends,
 * UTF-8 with a BOM (the default) or CP932 for older Excel, and cells that a
 * spreadsheet would run as formulas (starting with = + - @ TAB CR) made inert
 * with a leading apostrophe.
 */
#ifndef SHOKAI_CSV_OUT_H
#define SHOKAI_CSV_OUT_H

#include <stddef.h>

struct buf;
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
int csv_write_table(const struct table *t, enum csv_encoding enc, struct buf *out, char *msg,
                    size_t msglen);

#endif
