/*
 * download.h: a table, or a set of tables, sent as a file to save: CSV in the
 * encoding asked for, or one XLSX workbook. Every export (results, 意見・質問,
 * report, self-check) goes through these, so they share one size bound.
 */
#ifndef SHOKAI_DOWNLOAD_H
#define SHOKAI_DOWNLOAD_H

#include "csv_out.h"
#include "param.h"

#include <stddef.h>

struct req;
struct table;

/* The largest file one download may build (the tables behind it are bounded
   by the request's arena already; this bounds the file made from them). */
#define DOWNLOAD_MAX (64u << 20)

/* The declared ?encoding= of a CSV download (csv_encoding_names). */
// clang-format off
#define DOWNLOAD_ENCODING_PARAM \
    {"encoding", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, csv_encoding_names, "文字コード"}
// clang-format on

/* Sends t as CSV in encoding (csv_encoding_names; NULL: UTF-8 with a BOM):
   400 for an unknown encoding, 422 naming a character CP932 cannot hold. */
void download_csv(struct req *r, const struct table *t, const char *encoding, const char *filename);
/* A CSV too large to build in memory, written by write() in pieces to
   flush (csv_out.h) and sent as it is made (http_stream_begin): 400 for an
   unknown encoding; for CP932 write() runs twice, first only to find a
   character CP932 cannot hold (422 naming it, before anything is sent). An
   error before the first piece is answered as usual. */
typedef int (*download_csv_writer)(void *ctx, enum csv_encoding enc, csv_flush_fn flush,
                                   void *flush_ctx, char *msg, size_t msglen);
void download_csv_stream(struct req *r, const char *encoding, const char *filename,
                         download_csv_writer write, void *ctx);
/* Sends the n tables as one XLSX workbook, a sheet each. */
void download_xlsx(struct req *r, const struct table *t, size_t n, const char *filename);
struct xlsx_sheet;
/* The same for sheets of several tables and charts (xlsx_out.h). */
void download_sheets(struct req *r, const struct xlsx_sheet *sheets, size_t n,
                     const char *filename);

#endif
