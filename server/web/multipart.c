/*
 * multipart.c: multipart/form-data bodies (see multipart.h).
 */
#include "multipart.h"
#include "arena.h"
#include "err.h"
#include "form.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

#define BOUNDARY_MAX 70 /* RFC 2046 */

/* The boundary parameter of content_type into out ("--" + boundary); false
   when there is none or it is malformed. */
static bool
boundary_of(const char *content_type, char out[BOUNDARY_MAX + 3])
{
    const char *p = strcasestr(content_type, "boundary=");
    if (!p)
        return false;
    p += strlen("boundary=");
    bool quoted = *p == '"';
    p += quoted;
    size_t n = 0;
    out[n++] = '-';
    out[n++] = '-';
    for (; *p && (quoted ? *p != '"' : (*p != ';' && *p != ' ')); p++) {
        if (n >= BOUNDARY_MAX + 2)
            return false;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n > 2;
}

/* The value of param (name= or filename=) in a Content-Disposition line
   [line, end), in a; NULL when absent. */
static const char *
disposition_param(struct arena *a, const char *line, const char *end, const char *param)
{
    size_t plen = strlen(param);
    for (const char *p = line; p + plen + 2 <= end; p++) {
        if ((p == line || p[-1] == ' ' || p[-1] == ';') && strncasecmp(p, param, plen) == 0 &&
            p[plen] == '=' && p[plen + 1] == '"') {
            const char *v = p + plen + 2;
            const char *q = memchr(v, '"', (size_t)(end - v));
            return q ? arena_strndup(a, v, (size_t)(q - v)) : NULL;
        }
    }
    return NULL;
}

/* Reads a part's headers [h, end): its name and whether it is a file. */
static bool
part_headers(struct arena *a, const char *h, const char *end, const char **name, bool *is_file)
{
    *name = NULL;
    *is_file = false;
    while (h < end) {
        const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2);
        if (!eol)
            eol = end;
        static const char cd[] = "Content-Disposition:";
        if ((size_t)(eol - h) > sizeof(cd) && strncasecmp(h, cd, sizeof(cd) - 1) == 0) {
            *name = disposition_param(a, h, eol, "name");
            *is_file = disposition_param(a, h, eol, "filename") != NULL;
        }
        h = eol + 2;
    }
    return *name != NULL;
}

int
multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                const char *file_field, struct form *fields, const char **file, size_t *file_len,
                const char **why)
{
    char delim[BOUNDARY_MAX + 3];
    memset(fields, 0, sizeof(*fields));
    *file = NULL;
    *file_len = 0;
    *why = "送信内容（ファイルの送信）の形式が正しくありません。";
    if (!boundary_of(content_type, delim))
        return ERR_INPUT;
    size_t dlen = strlen(delim);
    const char *end = body + len;
    const char *p = memmem(body, len, delim, dlen);
    for (size_t parts = 0; p; parts++) {
        p += dlen;
        if (end - p >= 2 && memcmp(p, "--", 2) == 0)
            return 0; /* the closing delimiter */
        if (parts >= MULTIPART_MAX_PARTS) {
            *why = "送信内容の項目が多すぎます。";
            return ERR_TOOBIG;
        }
        if (end - p < 2 || memcmp(p, "\r\n", 2) != 0)
            return ERR_INPUT;
        p += 2;
        const char *head_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!head_end)
            return ERR_INPUT;
        const char *content = head_end + 4;
        const char *next = memmem(content, (size_t)(end - content), delim, dlen);
        if (!next || next - content < 2 || memcmp(next - 2, "\r\n", 2) != 0)
            return ERR_INPUT;
        size_t clen = (size_t)(next - 2 - content);
        const char *name;
        bool is_file;
        if (!part_headers(a, p, head_end, &name, &is_file))
            return ERR_INPUT;
        if (is_file || strcmp(name, file_field) == 0) {
            if (strcmp(name, file_field) != 0 || *file) {
                *why = "送信できるファイルは1つだけです。";
                return ERR_INPUT;
            }
            *file = content;
            *file_len = clen;
        } else {
            char *value = arena_strndup(a, content, clen);
            if (!value || !utf8_text_ok(content, clen) || memchr(content, '\0', clen)) {
                *why = "送信内容の文字が正しくありません（文字コード）。";
                return ERR_INPUT;
            }
            int rc = form_add(a, fields, name, value);
            if (rc) {
                *why = "送信内容の項目が多すぎます。";
                return rc;
            }
        }
        p = next;
    }
    return ERR_INPUT;
}
