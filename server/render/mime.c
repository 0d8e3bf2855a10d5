/*
 * mime.c: e-mail messages in MIME (see mime.h).
 */
#include "mime.h"
#include "buf.h"
#include "err.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MIME_LINE_MAX 76
/* Base64 characters per body line (a multiple of 4): 57 bytes each. */
#define MIME_BODY_CHARS 76

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends the base64 of n bytes of p on one line (no line end). */
static void
base64_run(struct buf *out, const unsigned char *p, size_t n)
{
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        q[0] = b64[v >> 18 & 63];
        q[1] = b64[v >> 12 & 63];
        q[2] = i + 1 < n ? b64[v >> 6 & 63] : '=';
        q[3] = i + 2 < n ? b64[v & 63] : '=';
        buf_append(out, q, 4);
    }
}

void
mime_base64_lines(struct buf *out, const void *p, size_t n)
{
    const unsigned char *s = p;
    const size_t per_line = MIME_BODY_CHARS / 4 * 3;
    for (size_t i = 0; i < n; i += per_line) {
        base64_run(out, s + i, n - i < per_line ? n - i : per_line);
        buf_puts(out, "\r\n");
    }
}

/* The length of the UTF-8 sequence starting with lead byte c (1 for a stray). */
static size_t
utf8_seq_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

void
mime_encoded_header(struct buf *out, const char *name, const char *text)
{
    static const char open[] = "=?UTF-8?B?", close[] = "?=";
    const size_t frame = sizeof(open) - 1 + sizeof(close) - 1;
    size_t used = strlen(name) + 2; /* "Name: " */
    buf_puts(out, name);
    buf_puts(out, ": ");
    size_t n = strlen(text), i = 0;
    do {
        /* The bytes that fit the rest of this line once encoded, whole
           characters only: 4 base64 characters per 3 bytes. */
        size_t room = MIME_LINE_MAX > used + frame ? MIME_LINE_MAX - used - frame : 0;
        size_t max_bytes = room / 4 * 3, take = 0;
        while (i + take < n) {
            size_t c = utf8_seq_len((unsigned char)text[i + take]);
            if (take + c > max_bytes)
                break;
            take += c;
        }
        if (take == 0 && i < n) /* never happens with 76 columns; no endless loop */
            take = utf8_seq_len((unsigned char)text[i]);
        buf_puts(out, open);
        base64_run(out, (const unsigned char *)text + i, take);
        buf_puts(out, close);
        i += take;
        if (i < n) {
            buf_puts(out, "\r\n ");
            used = 1;
        }
    } while (i < n);
    buf_puts(out, "\r\n");
}

bool
mime_address_ok(const char *s)
{
    size_t n = strlen(s), ats = 0;
    const char *at = strchr(s, '@');
    if (n == 0 || n > 254 || !at || at == s || !at[1])
        return false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7F || strchr("\"(),:;<>[\\]", c))
            return false;
        ats += c == '@';
    }
    return ats == 1;
}

/* No control character: the value stays on its header line. */
static bool
header_value_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return false;
    return utf8_valid(s, strlen(s));
}

/* "<local@host>" with an address-like inside. */
static bool
message_id_ok(const char *s)
{
    size_t n = strlen(s);
    char inner[256];
    if (n < 5 || n - 2 >= sizeof(inner) || s[0] != '<' || s[n - 1] != '>')
        return false;
    memcpy(inner, s + 1, n - 2);
    inner[n - 2] = '\0';
    return mime_address_ok(inner);
}

void
mime_date(int64_t t, char *out, size_t outlen)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t jst = (time_t)(t + 9 * 3600);
    struct tm tm;
    gmtime_r(&jst, &tm);
    snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d +0900", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int
mime_compose(const struct mime_mail *m, struct buf *out)
{
    if (!mime_address_ok(m->from) || !mime_address_ok(m->to) || !header_value_ok(m->subject) ||
        !message_id_ok(m->message_id) || !utf8_valid(m->body, strlen(m->body)))
        return ERR_INPUT;
    char date[40];
    mime_date(m->date, date, sizeof(date));
    buf_printf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nMessage-ID: %s\r\n", date, m->from, m->to,
               m->message_id);
    mime_encoded_header(out, "Subject", m->subject);
    buf_puts(out, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n");
    /* The body in canonical form (CRLF line ends) before it is encoded. */
    struct buf text;
    buf_init(&text, 0);
    for (const char *p = m->body; *p; p++) {
        if (*p == '\n' && (p == m->body || p[-1] != '\r'))
            buf_putc(&text, '\r');
        buf_putc(&text, *p);
    }
    mime_base64_lines(out, buf_str(&text), text.len);
    int rc = buf_err(&text) ? buf_err(&text) : buf_err(out);
    buf_cleanup(&text);
    return rc;
}
