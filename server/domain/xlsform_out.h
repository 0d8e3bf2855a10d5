/*
 * xlsform_out.h: a survey definition → an XLSForm workbook (libxlsxwriter).
 *
 * The sheets survey, choices and settings carry everything a definition holds,
 * shokai's own keys as extra columns (docs/survey-format.md, "XLSForm"), so
 * that reading the workbook back (survey_upload.h) gives the same definition.
 */
#ifndef SHOKAI_XLSFORM_OUT_H
#define SHOKAI_XLSFORM_OUT_H

#include <jansson.h>

struct buf;

/* Appends the workbook of definition def (one survey_parse accepted) to out.
   ERR_IO when the workbook cannot be written. */
int xlsform_write(json_t *def, struct buf *out);

#endif
