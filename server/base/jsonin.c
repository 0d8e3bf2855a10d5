/*
 * jsonin.c: depth-checked JSON parsing (see jsonin.h).
 */
#include "jsonin.h"

#include <stdbool.h>
#include <stdio.h>

size_t
jsonin_depth(const char *data, size_t len)
{
    size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest)
                deepest = depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return deepest;
}

json_t *
jsonin_parse(const char *data, size_t len, char *msg, size_t msglen)
{
    if (jsonin_depth(data, len) > JSONIN_MAX_DEPTH) {
        snprintf(msg, msglen, "JSON の入れ子が深すぎます（上限 %d 段）", JSONIN_MAX_DEPTH);
        return NULL;
    }
    json_error_t err;
    json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
    if (!j) {
        /* jansson quotes the input near the error, cut at a byte, not a
           character: keep its English words, never the sender's bytes. */
        for (char *p = err.text; *p; p++)
            if ((unsigned char)*p >= 0x80 || (unsigned char)*p < 0x20)
                *p = '?';
        snprintf(msg, msglen, "JSON の形式が正しくありません（%d行%d列: %s）", err.line, err.column,
                 err.text);
    }
    return j;
}

void
json_decref_cb(void *j)
{
    json_decref(j);
}
