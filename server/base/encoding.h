/*
 * encoding.h: text that arrives in CP932 (Excel's "CSV" on Japanese Windows)
 * turned into UTF-8 exactly, or refused: never stored as mojibake.
 */
#ifndef SHOKAI_ENCODING_H
#define SHOKAI_ENCODING_H

#include <stddef.h>

struct buf;

/* Appends the UTF-8 form of CP932 data to out. ERR_INPUT, with msg naming
   the line, when a byte sequence is not CP932. */
int encoding_cp932_to_utf8(const char *data, size_t len, struct buf *out, char *msg, size_t msglen);

#endif
