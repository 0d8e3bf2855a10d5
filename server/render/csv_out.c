/*
 * csv_out.c: CSV writing with quoting, formula safety and CP932 (see csv_out.h).
 *
 * libcsv (which we use to read CSV) writes one field at a time without the
 * formula rule or an encoding step, so rows are assembled here; the quoting
 * is RFC 4180's and is checked by reading our output back with libcsv.
 */
#include "csv_out.h"
#include "buf.h"
#include "err.h"
#include "table.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The first two are UTF-8's names, the rest CP932's. */
const char *const csv_encoding_names[] = {"utf-8", "utf8", "cp932", "shift_jis", "sjis", NULL};

int
csv_encoding_parse(const char *s, enum csv_encoding *out)
{
    for (size_t i = 0; csv_encoding_names[i]; i++)
        if (!s || strcmp(s, csv_encoding_names[i]) == 0) {
            *out = i < 2 ? CSV_UTF8 : CSV_CP932;
            return 0;
        }
    return ERR_INPUT;
}

static void
csv_field(struct buf *b, const char *s, bool numeric)
{
    /* A lone "-" or "+" (no value, as in suppressed cells) is text to Excel, not a formula. */
    bool lone_sign = (s[0] == '-' || s[0] == '+') && s[1] == '\0';
    bool formula =
        !numeric && !lone_sign &&
        (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
    bool quote =
        formula || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || (*s && s[strlen(s) - 1] == ' ');
    if (quote)
        buf_putc(b, '"');
    if (formula)
        buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote)
        buf_putc(b, '"');
}

/* Converts one UTF-8 row to CP932, appending to out; names the first
   character that cannot be converted. */
static int
append_cp932(iconv_t cd, const char *row, size_t len, size_t row_no, struct buf *out, char *msg,
             size_t msglen)
{
    char chunk[4096];
    char *in = (char *)(uintptr_t)row; /* iconv's prototype is not const-correct */
    size_t in_left = len;
    while (in_left > 0) {
        char *o = chunk;
        size_t o_left = sizeof(chunk);
        size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
        buf_append(out, chunk, sizeof(chunk) - o_left);
        if (rc == (size_t)-1 && errno != E2BIG) {
            size_t clen = 1;
            while (clen < in_left && clen < 4 && ((unsigned char)in[clen] & 0xc0) == 0x80)
                clen++;
            snprintf(msg, msglen,
                     "%zu行目の「%.*s」は CP932 で表せない文字です。UTF-8 で出力してください",
                     row_no, (int)clen, in);
            return ERR_INPUT;
        }
    }
    return 0;
}

int
csv_write_table(const struct table *t, enum csv_encoding enc, struct buf *out, char *msg,
                size_t msglen)
{
    iconv_t cd = (iconv_t)-1;
    if (enc == CSV_CP932) {
        cd = iconv_open("CP932", "UTF-8");
        if (cd == (iconv_t)-1)
            return ERR_IO;
    } else {
        buf_puts(out, "\xEF\xBB\xBF");
    }
    struct buf row;
    buf_init(&row, 0);
    int rc = 0;
    for (size_t r = 0; r <= t->n_rows && rc == 0; r++) {
        row.len = 0;
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c)
                buf_putc(&row, ',');
            if (r == 0)
                csv_field(&row, t->head[c] ? t->head[c] : "", false);
            else
                csv_field(&row, table_cell(t, r - 1, c), table_is_numeric(t, r - 1, c));
        }
        buf_puts(&row, "\r\n");
        if (buf_err(&row))
            rc = ERR_NOMEM;
        else if (enc == CSV_CP932)
            rc = append_cp932(cd, row.data, row.len, r + 1, out, msg, msglen);
        else
            buf_append(out, row.data, row.len);
    }
    buf_cleanup(&row);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    if (rc == 0 && buf_err(out))
        rc = ERR_TOOBIG;
    return rc;
}
