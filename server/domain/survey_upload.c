/*
 * survey_upload.c: reading an uploaded definition (see survey_upload.h).
 */
#include "survey_upload.h"
#include "err.h"
#include "jsonin.h"

#include <stdio.h>
#include <string.h>

/* An XLSX file is a zip archive: it starts with a local file header. */
static int
is_zip(const char *bytes, size_t len)
{
    return len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0;
}

int
survey_json_from_upload(const char *bytes, size_t len, json_t **json, char *errors, size_t errlen)
{
    *json = NULL;
    if (is_zip(bytes, len)) {
        snprintf(errors, errlen,
                 "XLSForm の読み込みはこの版では使えません。"
                 "JSON の定義ファイル（docs/survey-format.md）を選んでください。");
        return ERR_INPUT;
    }
    char why[256];
    json_t *j = jsonin_parse(bytes, len, why, sizeof(why));
    if (!j) {
        snprintf(errors, errlen, "定義ファイルを JSON として読めません: %s", why);
        return ERR_INPUT;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        snprintf(errors, errlen, "定義ファイルは JSON オブジェクト（{ … }）にしてください。");
        return ERR_INPUT;
    }
    *json = j;
    return 0;
}
