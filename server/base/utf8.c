/*
 * utf8.c: UTF-8 decoding and the checks every entered text goes through
 * (see utf8.h). Written here rather than taken from a library: the checks are
 * a few dozen lines over the definition of UTF-8 (RFC 3629) and the
 * noncharacters of Unicode, and iconv (used for CP932) validates nothing of
 * the characters a text may hold.
 */
#include "utf8.h"

#include <string.h>

#include <stdint.h>

/* The code point at s[0..n) (n >= 1), with *len its byte count; UTF8_BAD
   with *len = 1 when the bytes there are not well-formed UTF-8. Continuation
   bytes are read one by one and a NUL is not one, so n may be SIZE_MAX for
   a NUL-terminated string. */
static uint32_t
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    uint32_t cp;
    *len = 1;
    if (c < 0x80)
        return c;
    if (c >= 0xc2 && c <= 0xdf) {
        *len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        *len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        *len = 4;
        cp = c & 0x07;
    } else {
        return UTF8_BAD;
    }
    if (n < *len)
        goto bad;
    for (size_t k = 1; k < *len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            goto bad;
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    if ((*len == 3 && cp < 0x800) || (*len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        goto bad;
    return cp;
bad:
    *len = 1;
    return UTF8_BAD;
}

bool
utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len;
    for (size_t i = 0; i < n; i += len)
        if (utf8_decode(s + i, n - i, &len) == UTF8_BAD)
            return false;
    return true;
}

uint32_t
utf8_next(const char **p)
{
    size_t len;
    uint32_t cp = utf8_decode((const unsigned char *)*p, SIZE_MAX, &len);
    *p += len;
    return cp;
}

bool
utf8_char_allowed(uint32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    if (cp == 0x7f || cp == UTF8_BAD)
        return false;
    /* Noncharacters: U+FDD0..U+FDEF and the last two of every plane. */
    return !(cp >= 0xfdd0 && cp <= 0xfdef) && (cp & 0xfffe) != 0xfffe;
}

bool
utf8_text_ok(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len;
    for (size_t i = 0; i < n; i += len)
        if (!utf8_char_allowed(utf8_decode(s + i, n - i, &len)))
            return false;
    return true;
}

size_t
utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

void
utf8_prefix(const char *s, size_t max_chars, char *out, size_t outlen)
{
    size_t bytes = 0, chars = 0;
    while (s[bytes] && chars < max_chars) {
        size_t len = 1;
        while (((unsigned char)s[bytes + len] & 0xc0) == 0x80)
            len++;
        if (bytes + len >= outlen)
            break;
        bytes += len;
        chars++;
    }
    memcpy(out, s, bytes);
    out[bytes] = '\0';
}
