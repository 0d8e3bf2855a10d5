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
#include <stdlib.h>
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
csv_writer_open(struct csv_writer *w, enum csv_encoding enc, struct buf *out)
{
    memset(w, 0, sizeof(*w));
    w->enc = enc;
    w->cd = (iconv_t)-1;
    buf_init(&w->row, 0);
    if (enc == CSV_CP932) {
        w->cd = iconv_open("CP932", "UTF-8");
        if (w->cd == (iconv_t)-1)
            return ERR_IO;
    } else {
        buf_puts(out, "\xEF\xBB\xBF");
    }
    return 0;
}

int
csv_writer_row(struct csv_writer *w, const char *const *cells, const bool *numeric, size_t n,
               struct buf *out, char *msg, size_t msglen)
{
    w->row.len = 0;
    for (size_t c = 0; c < n; c++) {
        if (c)
            buf_putc(&w->row, ',');
        csv_field(&w->row, cells[c] ? cells[c] : "", numeric && numeric[c]);
    }
    buf_puts(&w->row, "\r\n");
    w->row_no++;
    if (buf_err(&w->row))
        return ERR_NOMEM;
    if (w->enc == CSV_CP932)
        return append_cp932(w->cd, w->row.data, w->row.len, w->row_no, out, msg, msglen);
    buf_append(out, w->row.data, w->row.len);
    return 0;
}

void
csv_writer_close(struct csv_writer *w)
{
    buf_cleanup(&w->row);
    if (w->cd != (iconv_t)-1)
        iconv_close(w->cd);
    w->cd = (iconv_t)-1;
}

int
csv_rows_put(struct csv_rows *out, const char *const *cells, const bool *numeric, size_t n)
{
    int rc = csv_writer_row(&out->w, cells, numeric, n, &out->out, out->msg, out->msglen);
    if (rc == 0 && buf_err(&out->out))
        rc = ERR_NOMEM;
    if (rc == 0 && out->out.len >= CSV_FLUSH_BYTES) {
        rc = out->flush(out->flush_ctx, out->out.data, out->out.len);
        out->out.len = 0;
    }
    return rc;
}

int
csv_write_rows(enum csv_encoding enc, const char *const *head, size_t n_cols, csv_rows_fn rows,
               void *ctx, csv_flush_fn flush, void *flush_ctx, char *msg, size_t msglen)
{
    struct csv_rows out = {.flush = flush, .flush_ctx = flush_ctx, .msg = msg, .msglen = msglen};
    buf_init(&out.out, 0);
    int rc = csv_writer_open(&out.w, enc, &out.out);
    if (rc == 0)
        rc = csv_rows_put(&out, head, NULL, n_cols);
    if (rc == 0)
        rc = rows(ctx, &out);
    if (rc == 0 && out.out.len)
        rc = flush(flush_ctx, out.out.data, out.out.len);
    csv_writer_close(&out.w);
    buf_cleanup(&out.out);
    return rc;
}

int
csv_write_table(const struct table *t, enum csv_encoding enc, struct buf *out, char *msg,
                size_t msglen)
{
    struct csv_writer w;
    int rc = csv_writer_open(&w, enc, out);
    const char **cells = rc == 0 ? calloc(t->n_cols ? t->n_cols : 1, sizeof(*cells)) : NULL;
    bool *numeric = cells ? calloc(t->n_cols ? t->n_cols : 1, sizeof(*numeric)) : NULL;
    if (rc == 0 && !numeric)
        rc = ERR_NOMEM;
    if (rc == 0)
        rc = csv_writer_row(&w, t->head, NULL, t->n_cols, out, msg, msglen);
    for (size_t r = 0; r < t->n_rows && rc == 0; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            cells[c] = table_cell(t, r, c);
            numeric[c] = table_is_numeric(t, r, c);
        }
        rc = csv_writer_row(&w, cells, numeric, t->n_cols, out, msg, msglen);
    }
    free(cells);
    free(numeric);
    csv_writer_close(&w);
    if (rc == 0 && buf_err(out))
        rc = ERR_TOOBIG;
    return rc;
}
