/*
 * survey_upload.h: a survey definition from an uploaded file, whatever its
 * format: the one door through which the editor's upload (page and API)
 * reads a file. JSON today (docs/survey-format.md); XLSForm (.xlsx) joins
 * here when its reader is merged (issue #18).
 */
#ifndef SHOKAI_SURVEY_UPLOAD_H
#define SHOKAI_SURVEY_UPLOAD_H

#include <jansson.h>
#include <stddef.h>

/* Reads the definition in bytes (len of them) into *json (a new object; the
   caller decrefs). ERR_INPUT with the reason in Japanese in errors (errlen
   bytes) when the file is not a definition this version reads. The
   definition is not validated here: survey_parse_draft does that. */
int survey_json_from_upload(const char *bytes, size_t len, json_t **json, char *errors,
                            size_t errlen);

#endif
