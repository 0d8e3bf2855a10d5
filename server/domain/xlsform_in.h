/*
 * xlsform_in.h: an XLSForm workbook → a survey definition (docs/survey-format.md,
 * section "XLSForm").
 *
 * The sheets `survey`, `choices` and `settings` become the same JSON that
 * `shokai survey load` takes; the caller validates it through survey_parse
 * like any definition (survey_upload.h does both). Faults found here name
 * the sheet, row and column: 「survey シート 12 行目 relevant 列: …」.
 */
#ifndef SHOKAI_XLSFORM_IN_H
#define SHOKAI_XLSFORM_IN_H

#include <jansson.h>
#include <stddef.h>

struct xlsx_book;

/* Converts book. On success *def is a new definition and *where a new object
   mapping JSON paths of the definition ("/sections/0/questions/2") to the
   place they come from ("survey シート 5 行目"), both owned by the caller
   (json_decref). On failure ERR_INPUT with the Japanese message in msg and
   nothing in *def / *where. */
int xlsform_to_json(const struct xlsx_book *book, json_t **def, json_t **where, char *msg,
                    size_t msglen);

#endif
