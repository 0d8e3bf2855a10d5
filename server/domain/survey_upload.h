/*
 * survey_upload.h: a survey definition file as a user hands it over, JSON or
 * XLSForm (.xlsx), told apart by its content, converted and validated by the
 * one path every definition takes (survey_parse).
 */
#ifndef SHOKAI_SURVEY_UPLOAD_H
#define SHOKAI_SURVEY_UPLOAD_H

#include <jansson.h>
#include <stddef.h>

struct buf;

/* Reads bytes[0..len): an XLSX (zip) is read as XLSForm (xlsform_in.h),
   anything else as the JSON of docs/survey-format.md. source names the file
   in messages of a JSON definition ("r8.json"). On success *out is the
   validated definition, a new reference the caller owns. On failure returns
   ERR_INPUT (ERR_TOOBIG for a file over the limits) and appends one Japanese
   message to errors: for XLSForm it names the sheet, row and column
   (「survey シート 12 行目 relevant 列: …」), for JSON the JSON path. */
int survey_json_from_upload(const void *bytes, size_t len, const char *source, json_t **out,
                            struct buf *errors);
/* The same for the editor's new draft: an XLSForm is converted and checked
   as above, while JSON is only read (a draft may be unfinished, say without a
   period: survey_parse_draft judges it when it is stored). ERR_INPUT with
   one Japanese message in msg (msglen bytes). */
int survey_draft_json_from_upload(const void *bytes, size_t len, json_t **out, char *msg,
                                  size_t msglen);

#endif
