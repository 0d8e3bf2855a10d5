/*
 * download.c: CSV and XLSX files to save (see download.h).
 */
#include "download.h"
#include "arena.h"
#include "buf.h"
#include "csv_out.h"
#include "err.h"
#include "http.h"
#include "xlsx_out.h"

#include <string.h>

/* "x_sjis.csv" for "x.csv": the Shift_JIS file of a table is not saved over
   its UTF-8 one in the same folder. */
static const char *
sjis_filename(struct req *r, const char *filename)
{
    const char *dot = strrchr(filename, '.');
    size_t stem = dot ? (size_t)(dot - filename) : strlen(filename);
    const char *name = arena_printf(&r->arena, "%.*s_sjis%s", (int)stem, filename, dot ? dot : "");
    return name ? name : filename;
}

/* The encoding asked for; false after answering 400. */
static bool
encoding_or_reply(struct req *r, const char *encoding, enum csv_encoding *enc)
{
    if (csv_encoding_parse(encoding, enc) == 0)
        return true;
    http_send_error(r, 400, "encoding", "文字コード（encoding）は utf-8 か cp932 です。");
    return false;
}

static const char *
csv_type(enum csv_encoding enc)
{
    return enc == CSV_CP932 ? "text/csv; charset=Windows-31J" : "text/csv; charset=utf-8";
}

/* The file name of a table in enc. */
static const char *
csv_filename(struct req *r, enum csv_encoding enc, const char *filename)
{
    return enc == CSV_CP932 ? sjis_filename(r, filename) : filename;
}

/* Sends the 422 for a character CP932 cannot hold, or the error of rc. */
static void
csv_failed(struct req *r, int rc, const char *msg)
{
    if (rc == ERR_INPUT)
        http_send_error(r, 422, "encoding", msg);
    else
        http_send_err(r, rc);
}

void
download_csv(struct req *r, const struct table *t, const char *encoding, const char *filename)
{
    enum csv_encoding enc;
    if (!encoding_or_reply(r, encoding, &enc))
        return;
    struct buf *out = buf_new_in(&r->arena, DOWNLOAD_MAX);
    char msg[256];
    int rc = out ? csv_write_table(t, enc, out, msg, sizeof(msg)) : ERR_NOMEM;
    if (rc) {
        csv_failed(r, rc, msg);
        return;
    }
    http_send_download(r, csv_type(enc), csv_filename(r, enc, filename), out->data, out->len);
}

/* Where a streamed CSV's pieces go: nowhere (the CP932 check), or to the
   client, the headers before the first piece. */
struct csv_stream {
    struct req *r;
    enum csv_encoding enc;
    const char *filename;
};

static int
discard(void *ctx, const char *data, size_t len)
{
    (void)ctx, (void)data, (void)len;
    return 0;
}

static int
send_piece(void *ctx, const char *data, size_t len)
{
    struct csv_stream *cs = ctx;
    if (!cs->r->sent)
        http_stream_begin(cs->r, csv_type(cs->enc), csv_filename(cs->r, cs->enc, cs->filename));
    return http_stream_write(cs->r, data, len);
}

void
download_csv_stream(struct req *r, const char *encoding, const char *filename,
                    download_csv_writer write, void *ctx)
{
    enum csv_encoding enc;
    if (!encoding_or_reply(r, encoding, &enc))
        return;
    char msg[256] = "";
    int rc = enc == CSV_CP932 ? write(ctx, enc, discard, NULL, msg, sizeof(msg)) : 0;
    struct csv_stream cs = {r, enc, filename};
    if (rc == 0)
        rc = write(ctx, enc, send_piece, &cs, msg, sizeof(msg));
    if (r->stream)
        http_stream_end(r, rc == 0);
    else if (rc)
        csv_failed(r, rc, msg);
}

/* Sends a workbook written by write, or the error. */
static void
send_workbook(struct req *r, int rc, struct buf *out, const char *filename)
{
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       filename, out->data, out->len);
}

void
download_xlsx(struct req *r, const struct table *t, size_t n, const char *filename)
{
    struct buf *out = buf_new_in(&r->arena, DOWNLOAD_MAX);
    send_workbook(r, out ? xlsx_write_tables(t, n, out) : ERR_NOMEM, out, filename);
}

void
download_sheets(struct req *r, const struct xlsx_sheet *sheets, size_t n, const char *filename)
{
    struct buf *out = buf_new_in(&r->arena, DOWNLOAD_MAX);
    send_workbook(r, out ? xlsx_write_sheets(sheets, n, out) : ERR_NOMEM, out, filename);
}
