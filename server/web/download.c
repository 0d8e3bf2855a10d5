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

void
download_csv(struct req *r, const struct table *t, const char *encoding, const char *filename)
{
    enum csv_encoding enc;
    if (csv_encoding_parse(encoding, &enc)) {
        http_send_error(r, 400, "encoding", "文字コード（encoding）は utf-8 か cp932 です。");
        return;
    }
    struct buf *out = buf_new_in(&r->arena, DOWNLOAD_MAX);
    char msg[256];
    int rc = out ? csv_write_table(t, enc, out, msg, sizeof(msg)) : ERR_NOMEM;
    if (rc == ERR_INPUT) {
        http_send_error(r, 422, "encoding", msg);
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_download(
        r, enc == CSV_CP932 ? "text/csv; charset=Windows-31J" : "text/csv; charset=utf-8",
        enc == CSV_CP932 ? sjis_filename(r, filename) : filename, out->data, out->len);
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
