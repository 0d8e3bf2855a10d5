/*
 * entries_stream.h: a 意見・質問 list entry by entry in the published order
 * (entries.h), without holding the list in memory: the entries go into a
 * temporary table of the request's connection and SQLite sorts them (its
 * sorter and temp store spill to disk), so an export of any size needs the
 * same memory. entries_collect's list and this order are the same.
 */
#ifndef SHOKAI_ENTRIES_STREAM_H
#define SHOKAI_ENTRIES_STREAM_H

#include "csv_out.h"
#include "entries.h"

#include <stdbool.h>

struct db;

struct entries_stream {
    struct db *db;
    const struct survey *s;
    const struct question *q;
};

/* Takes every entry of q (of one prefecture's 団体 when prefecture is not
   NULL) into the connection's temporary table. */
int entries_stream_open(struct db *db, const struct survey *s, const struct question *q,
                        const char *prefecture, struct entries_stream *out);
/* Hands fn each entry matching f (NULL: all) in order, numbered and with its
   reply, its 団体 blanked when hide_orgs; e is valid during the call only.
   May be called again (a check pass, then the pass that sends). A non-zero
   return of fn stops and is returned. */
typedef int (*entries_stream_fn)(void *ctx, const struct entry *e);
int entries_stream_each(struct entries_stream *st, const struct entry_filter *f, bool hide_orgs,
                        entries_stream_fn fn, void *ctx);
/* The entries matching f as CSV in layout l (entries_table's columns), in
   pieces to flush (csv_out.h): the bytes of csv_write_table(entries_table())
   for the same list. ERR_INPUT with msg for a character CP932 cannot hold. */
int entries_stream_csv(struct entries_stream *st, const struct entry_filter *f, bool hide_orgs,
                       const struct entries_layout *l, enum csv_encoding enc, csv_flush_fn flush,
                       void *flush_ctx, char *msg, size_t msglen);
/* Empties the temporary table. */
void entries_stream_close(struct entries_stream *st);

#endif
