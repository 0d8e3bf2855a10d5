/*
 * survey_upload.c: JSON or XLSForm definitions → one validated definition
 * (see survey_upload.h).
 */
#include "survey_upload.h"
#include "buf.h"
#include "err.h"
#include "jsonin.h"
#include "survey.h"
#include "xlsform_in.h"
#include "xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLSFORM_SOURCE "xlsform"

/* The XLSForm column a definition key comes from (its first path segment). */
static const char *
column_of(const char *rest)
{
    static const struct {
        const char *key, *column;
    } names[] = {{"visible_if", "relevant"},   {"id", "name"},          {"help", "hint"},
                 {"options", "type"},          {"options_ref", "type"}, {"columns", "type"},
                 {"source", "source_document"}};
    char key[64];
    size_t n = strcspn(rest, "/");
    snprintf(key, sizeof(key), "%.*s", (int)(n < sizeof(key) ? n : sizeof(key) - 1), rest);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(key, names[i].key) == 0)
            return names[i].column;
    return NULL;
}

/* survey_parse's "xlsform: /sections/0/questions/2/visible_if: what" as
   「survey シート 5 行目 relevant 列: what」, through where (path → place). */
static void
place_message(const char *msg, json_t *where, struct buf *errors)
{
    const char *path = msg + strlen(XLSFORM_SOURCE ": ");
    const char *what = strstr(path, ": ");
    if (strncmp(msg, XLSFORM_SOURCE ": ", strlen(XLSFORM_SOURCE ": ")) != 0 || !what) {
        buf_puts(errors, msg);
        return;
    }
    size_t path_len = (size_t)(what - path), best = 0;
    const char *place = NULL, *key;
    json_t *v;
    json_object_foreach(where, key, v)
    {
        size_t n = strlen(key);
        if (n <= path_len && n > best && strncmp(path, key, n) == 0 &&
            (n == path_len || path[n] == '/')) {
            best = n;
            place = json_string_value(v);
        }
    }
    if (place) {
        const char *column = best < path_len ? column_of(path + best + 1) : NULL;
        char col_key[64];
        if (!column && best < path_len) {
            size_t n = strcspn(path + best + 1, "/:");
            snprintf(col_key, sizeof(col_key), "%.*s", (int)(n < 63 ? n : 63), path + best + 1);
            column = col_key;
        }
        buf_puts(errors, place);
        if (column)
            buf_printf(errors, " %s 列", column);
    } else if (strncmp(path, "/options", 8) == 0) {
        buf_puts(errors, "choices シート");
    } else {
        buf_puts(errors, "settings シート");
    }
    buf_puts(errors, what);
}

static int
from_xlsform(const void *bytes, size_t len, json_t **out, struct buf *errors)
{
    struct xlsx_book *book = NULL;
    json_t *def = NULL, *where = NULL;
    char msg[600] = "";
    int rc = xlsx_read(bytes, len, &book, msg, sizeof(msg));
    if (rc == 0)
        rc = xlsform_to_json(book, &def, &where, msg, sizeof(msg));
    xlsx_book_free(book);
    if (rc) {
        buf_puts(errors, msg);
        return rc;
    }
    char *text = json_dumps(def, JSON_COMPACT);
    struct survey *s = NULL;
    rc = text ? survey_parse(text, strlen(text), XLSFORM_SOURCE, &s, msg, sizeof(msg)) : ERR_NOMEM;
    free(text);
    if (rc == ERR_INPUT)
        place_message(msg, where, errors);
    survey_release(s);
    json_decref(where);
    if (rc)
        json_decref(def);
    else
        *out = def;
    return rc;
}

int
survey_json_from_upload(const void *bytes, size_t len, const char *source, json_t **out,
                        struct buf *errors)
{
    *out = NULL;
    if (xlsx_looks_like(bytes, len))
        return from_xlsform(bytes, len, out, errors);
    struct survey *s = NULL;
    char msg[600] = "";
    int rc = survey_parse(bytes, len, source, &s, msg, sizeof(msg));
    if (rc) {
        buf_puts(errors, msg);
        return rc;
    }
    *out = json_incref(s->def);
    survey_release(s);
    return 0;
}

int
survey_draft_json_from_upload(const void *bytes, size_t len, json_t **out, char *msg, size_t msglen)
{
    *out = NULL;
    if (len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0) {
        struct buf errors;
        buf_init(&errors, msglen);
        int rc = survey_json_from_upload(bytes, len, "xlsform", out, &errors);
        snprintf(msg, msglen, "%s", buf_str(&errors));
        buf_cleanup(&errors);
        return rc;
    }
    char why[256];
    json_t *j = jsonin_parse(bytes, len, why, sizeof(why));
    if (!json_is_object(j)) {
        snprintf(msg, msglen,
                 j ? "定義ファイルは JSON オブジェクト（{ … }）にしてください。"
                   : "定義ファイルを JSON として読めません: %s",
                 why);
        json_decref(j);
        return ERR_INPUT;
    }
    *out = j;
    return 0;
}
