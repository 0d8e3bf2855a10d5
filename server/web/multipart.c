/*
 * multipart.c: multipart/form-data (see multipart.h, RFC 7578).
 */
#include "multipart.h"
#include "arena.h"
#include "err.h"
#include "form.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The boundary of "multipart/form-data; boundary=XYZ" (quoted or not), in a. */
static const char *
boundary_of(struct arena *a, const char *ctype)
{
    const char *b = strcasestr(ctype, "boundary=");
    if (!b)
        return NULL;
    b += 9;
    size_t n = *b == '"' ? strcspn(++b, "\"") : strcspn(b, "; \t");
    if (n == 0 || n > 70)
        return NULL;
    return arena_strndup(a, b, n);
}

/* The value of name="…" in a Content-Disposition header line, in a; NULL if absent. */
static const char *
disposition_param(struct arena *a, const char *line, size_t len, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i + nlen + 2 < len; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
            strncasecmp(line + i, name, nlen) == 0 && line[i + nlen] == '=' &&
            line[i + nlen + 1] == '"') {
            const char *v = line + i + nlen + 2;
            const char *end = memchr(v, '"', len - (size_t)(v - line));
            return end ? arena_strndup(a, v, (size_t)(end - v)) : NULL;
        }
    }
    return NULL;
}

int
multipart_parse(struct arena *a, const char *ctype, const char *body, size_t len,
                struct form *fields, struct uploads *files, const char **why)
{
    const char *boundary = boundary_of(a, ctype);
    *why = "multipart/form-data の区切り（boundary）がありません。";
    if (!boundary)
        return ERR_INPUT;
    char delim[80];
    size_t dlen = (size_t)snprintf(delim, sizeof(delim), "--%s", boundary);
    const char *end = body + len;
    const char *p = memmem(body, len, delim, dlen);
    *why = "送信内容（multipart/form-data）の形が正しくありません。";
    if (!p)
        return ERR_INPUT;
    files->items = arena_alloc(a, MULTIPART_MAX_FILES * sizeof(*files->items));
    files->n = 0;
    if (!files->items)
        return ERR_NOMEM;
    for (size_t parts = 0;; parts++) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || parts >= FORM_MAX_FIELDS)
            return parts >= FORM_MAX_FIELDS ? ERR_TOOBIG : ERR_INPUT;
        p += 2;
        const char *head_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!head_end)
            return ERR_INPUT;
        const char *name = NULL, *filename = NULL;
        for (const char *line = p; line < head_end;) {
            const char *eol = memmem(line, (size_t)(head_end + 2 - line), "\r\n", 2);
            size_t n = (size_t)(eol - line);
            if (n > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                name = disposition_param(a, line, n, "name");
                filename = disposition_param(a, line, n, "filename");
            }
            line = eol + 2;
        }
        const char *data = head_end + 4;
        char next[84];
        size_t nlen = (size_t)snprintf(next, sizeof(next), "\r\n%s", delim);
        const char *stop = memmem(data, (size_t)(end - data), next, nlen);
        if (!stop || !name || !utf8_text_ok(name, strlen(name)) ||
            (filename && !utf8_text_ok(filename, strlen(filename))))
            return ERR_INPUT;
        size_t dl = (size_t)(stop - data);
        if (filename) {
            if (files->n >= MULTIPART_MAX_FILES) {
                *why = "一度に送れるファイルは 50 個までです。";
                return ERR_TOOBIG;
            }
            files->items[files->n++] = (struct upload_file){name, filename, data, dl};
        } else {
            if (!utf8_text_ok(data, dl)) {
                *why = "送信内容に使えない文字が含まれています。";
                return ERR_INPUT;
            }
            int rc = form_add(a, fields, name, arena_strndup(a, data, dl));
            if (rc)
                return rc;
        }
        p = stop + 2;
    }
}

const struct upload_file *
uploads_find(const struct uploads *files, const char *field)
{
    for (size_t i = 0; i < files->n; i++)
        if (strcmp(files->items[i].field, field) == 0)
            return &files->items[i];
    return NULL;
}
