/*
 * form.c: urlencoded parsing with caps (see form.h).
 */
#include "form.h"
#include "arena.h"
#include "err.h"
#include "utf8.h"

#include <string.h>

int
form_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *
form_decode(struct arena *a, const char *s, size_t n, int plus_is_space)
{
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (n - i < 3)
                return NULL;
            int hi = form_hex_value(s[i + 1]);
            int lo = form_hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return NULL;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        /* Tab, LF and CR are allowed in decoded text (textareas); other controls are not. */
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return NULL;
        out[j++] = (char)c;
    }
    out[j] = '\0';
    return utf8_valid(out, j) ? out : NULL;
}

int
form_add(struct arena *a, struct form *f, const char *name, const char *value)
{
    if (f->n_fields >= FORM_MAX_FIELDS)
        return ERR_TOOBIG;
    if (f->n_fields == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        struct form_field *fields = arena_alloc(a, cap * sizeof(*fields));
        if (!fields)
            return ERR_NOMEM;
        if (f->n_fields)
            memcpy(fields, f->fields, f->n_fields * sizeof(*fields));
        f->fields = fields;
        f->cap = cap;
    }
    f->fields[f->n_fields].name = name;
    f->fields[f->n_fields].value = value;
    f->n_fields++;
    return 0;
}

int
form_parse(struct arena *a, const char *data, size_t len, struct form *out, const char **why)
{
    memset(out, 0, sizeof(*out));
    *why = NULL;
    if (memchr(data, '\0', len)) {
        *why = "送信内容に使えない文字（NUL）が含まれています";
        return ERR_INPUT;
    }
    size_t i = 0;
    while (i < len) {
        const char *pair = data + i;
        const char *amp = memchr(pair, '&', len - i);
        size_t plen = amp ? (size_t)(amp - pair) : len - i;
        i += plen + 1;
        if (plen == 0)
            continue;
        const char *eq = memchr(pair, '=', plen);
        size_t klen = eq ? (size_t)(eq - pair) : plen;
        if (klen == 0 || klen > FORM_MAX_KEY) {
            *why = "送信内容の項目名が正しくありません";
            return ERR_INPUT;
        }
        char *name = form_decode(a, pair, klen, 1);
        char *value = eq ? form_decode(a, eq + 1, plen - klen - 1, 1) : arena_strdup(a, "");
        if (!name || !value) {
            *why = "送信内容の文字が正しくありません（文字コードまたは % の表記）";
            return ERR_INPUT;
        }
        int rc = form_add(a, out, name, value);
        if (rc) {
            *why = "送信内容の項目が多すぎます";
            return rc;
        }
    }
    return 0;
}

const char *
form_get(const struct form *f, const char *name)
{
    for (size_t i = 0; i < f->n_fields; i++)
        if (strcmp(f->fields[i].name, name) == 0)
            return f->fields[i].value;
    return NULL;
}

size_t
form_count(const struct form *f, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n_fields; i++)
        n += strcmp(f->fields[i].name, name) == 0;
    return n;
}
