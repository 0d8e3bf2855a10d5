/*
 * html.c: context escapers and UTF-8 checks (see html.h).
 */
#include "html.h"
#include "buf.h"

#include <string.h>

void
html_esc(struct buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_append(b, run, (size_t)(s - run));
        buf_puts(b, rep);
        run = s + 1;
    }
    buf_append(b, run, (size_t)(s - run));
}

void
html_attr(struct buf *b, const char *name, const char *value)
{
    buf_putc(b, ' ');
    buf_puts(b, name);
    buf_puts(b, "=\"");
    html_esc(b, value ? value : "");
    buf_putc(b, '"');
}

void
html_int(struct buf *b, long long n)
{
    buf_printf(b, "%lld", n);
}

void
html_esc_url(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf_putc(b, (char)*p);
        } else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, enc, 3);
        }
    }
}

void
html_esc_log(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '\\') {
            char enc[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, enc, 4);
        } else {
            buf_putc(b, (char)*p);
        }
    }
}

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
