/*
 * csvread.c: row-at-a-time CSV parsing over libcsv (see csvread.h).
 */
#include "csvread.h"
#include "err.h"
#include "utf8.h"
#include "xmalloc.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

struct csv_state {
    const struct csv_limits *lim;
    csv_row_fn fn;
    void *ctx;
    char **fields;
    size_t n_fields;
    size_t row_no;
    int rc;
    char *msg;
    size_t msglen;
};

static void
state_clear_row(struct csv_state *s)
{
    for (size_t i = 0; i < s->n_fields; i++)
        free(s->fields[i]);
    s->n_fields = 0;
}

static void
on_field(void *data, size_t len, void *arg)
{
    struct csv_state *s = arg;
    if (s->rc)
        return;
    size_t row = s->row_no + 1;
    if (s->n_fields >= s->lim->max_cols) {
        snprintf(s->msg, s->msglen, "%zu行目: 列が多すぎます（上限 %zu 列）", row,
                 s->lim->max_cols);
        s->rc = ERR_TOOBIG;
        return;
    }
    if (len > s->lim->max_field) {
        snprintf(s->msg, s->msglen, "%zu行目: 値が長すぎます（上限 %zu バイト）", row,
                 s->lim->max_field);
        s->rc = ERR_TOOBIG;
        return;
    }
    if (len && (memchr(data, '\0', len) || !utf8_valid(data, len))) {
        snprintf(s->msg, s->msglen,
                 "%zu行目: 文字コードが UTF-8 ではありません（CP932 の場合は指定してください）",
                 row);
        s->rc = ERR_INPUT;
        return;
    }
    if (!utf8_text_ok(data, len)) {
        snprintf(s->msg, s->msglen,
                 "%zu行目 %zu列目: 使えない文字（制御文字や U+FFFF などの非文字）が含まれています",
                 row, s->n_fields + 1);
        s->rc = ERR_INPUT;
        return;
    }
    char *f = xmalloc(len + 1);
    if (len)
        memcpy(f, data, len);
    f[len] = '\0';
    s->fields[s->n_fields++] = f;
}

static void
on_row(int c, void *arg)
{
    (void)c;
    struct csv_state *s = arg;
    if (s->rc) {
        state_clear_row(s);
        return;
    }
    s->row_no++;
    if (s->row_no > s->lim->max_rows) {
        snprintf(s->msg, s->msglen, "行が多すぎます（上限 %zu 行）", s->lim->max_rows);
        s->rc = ERR_TOOBIG;
    } else {
        s->rc = s->fn(s->row_no, s->fields, s->n_fields, s->ctx);
    }
    state_clear_row(s);
}

int
csvread_parse(const char *data, size_t len, const struct csv_limits *lim, csv_row_fn fn, void *ctx,
              char *msg, size_t msglen)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return ERR_NOMEM;
    struct csv_state s = {lim, fn,  ctx,   xmalloc(sizeof(char *) * lim->max_cols), 0, 0,
                          0,   msg, msglen};
    if (msglen)
        msg[0] = '\0';
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (csv_parse(&p, data, len, on_field, on_row, &s) != len && !s.rc) {
        snprintf(msg, msglen,
                 "%zu行目付近: CSV の形式が正しくありません（引用符を確認してください）",
                 s.row_no + 1);
        s.rc = ERR_INPUT;
    }
    if (!s.rc && csv_fini(&p, on_field, on_row, &s) != 0 && !s.rc) {
        snprintf(msg, msglen, "%zu行目付近: 引用符が閉じられていません", s.row_no + 1);
        s.rc = ERR_INPUT;
    }
    state_clear_row(&s);
    free(s.fields);
    csv_free(&p);
    return s.rc;
}
