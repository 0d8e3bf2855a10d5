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

/* A file as UTF-8, whichever of the two a person's spreadsheet wrote: data
   itself when it starts with a UTF-8 BOM (left for csvread to drop) or is
   valid UTF-8, else its CP932 conversion appended to converted (which the
   caller cleans up). *text and *text_len point at the result. ERR_INPUT, with
   msg naming the line, when it is neither. */
int encoding_to_utf8(const char *data, size_t len, struct buf *converted, const char **text,
                     size_t *text_len, char *msg, size_t msglen);

#endif
