/*
 * test_entries_stream.c: the streamed 意見・質問 export (entries_stream.h,
 * sorted by SQLite, written row by row in 64 KiB pieces) is byte for byte the
 * buffered one (entries_collect, entries_table, csv_write_table) for the
 * demo's lists: R3's 264 imported rows and R7's entries of the demo's
 * submitted responses, with a reply written as a formula, in both encodings,
 * in every layout and with each filter the export takes.
 */
#include "../tap.h"
#include "tempdb.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "csv_out.h"
#include "db.h"
#include "entries.h"
#include "entries_stream.h"
#include "err.h"
#include "seed_demo.h"
#include "survey_store.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

static int
append(void *ctx, const char *data, size_t len)
{
    buf_append(ctx, data, len);
    return 0;
}

static int n_pieces;

static int
count_piece(void *ctx, const char *data, size_t len)
{
    n_pieces++;
    return append(ctx, data, len);
}

/* The bytes of the buffered export of q's list with filter f in layout l. */
static int
buffered(struct db *db, const struct survey *s, const struct question *q,
         const struct entry_filter *f, bool hide, const struct entries_layout *l,
         enum csv_encoding enc, struct buf *out, char *msg, size_t msglen)
{
    struct arena a;
    arena_init(&a, 0);
    struct entry *all, *e;
    size_t n_all, n;
    struct table t;
    int rc = entries_collect(db, s, q, NULL, &a, &all, &n_all);
    if (rc == 0 && hide)
        entries_hide_orgs(all, n_all);
    if (rc == 0)
        rc = entries_filter(all, n_all, f, &a, &e, &n);
    if (rc == 0)
        rc = entries_table(e, n, l->both_kinds, l->with_org, l->with_replies, &a, &t);
    if (rc == 0)
        rc = csv_write_table(&t, enc, out, msg, msglen);
    arena_reset(&a);
    return rc;
}

static void
compare(struct db *db, const char *survey_id)
{
    struct survey *s = NULL;
    ok(survey_load(db, survey_id, &s) == 0, "%s loads", survey_id);
    const struct question *q = s ? entries_first_question(s) : NULL;
    ok(q != NULL, "%s has an entries question", survey_id);
    if (!q) {
        survey_release(s);
        return;
    }
    struct arena a;
    arena_init(&a, 0);
    struct entry *all;
    size_t n_all = 0;
    entries_collect(db, s, q, NULL, &a, &all, &n_all);
    ok(n_all > 0, "%s: %zu entries", survey_id, n_all);
    if (n_all > 0)
        is_int(entries_reply(db, &audit_cli, s, q, all[n_all / 2].key, "回答",
                             "=HYPERLINK(\"x\") 「考え方」, 改行\nあり"),
               0, "a reply written as a formula");
    arena_reset(&a);

    const struct entry_filter filters[] = {
        {NULL, NULL, NULL, NULL, NULL},     {"意見", NULL, NULL, NULL, NULL},
        {"質問", NULL, NULL, NULL, NULL},   {NULL, NULL, NULL, NULL, "回答済"},
        {NULL, NULL, NULL, "の", "未回答"},
    };
    struct entries_stream st;
    ok(entries_stream_open(db, s, q, NULL, &st) == 0, "%s: the list goes into SQLite", survey_id);
    int same = 0, total = 0, refused = 0;
    for (int enc = 0; enc < 2; enc++)
        for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
            for (int layout = 0; layout < 8; layout++)
                for (int hide = 0; hide < 2; hide++) {
                    const struct entries_layout l = {layout & 1, layout & 2, layout & 4};
                    struct buf want, got;
                    buf_init(&want, 0);
                    buf_init(&got, 0);
                    char msg[256] = "", msg_want[256] = "";
                    int rc_want = buffered(db, s, q, &filters[i], hide, &l, enc, &want, msg_want,
                                           sizeof(msg_want));
                    int rc_got = entries_stream_csv(&st, &filters[i], hide, &l, enc, append, &got,
                                                    msg, sizeof(msg));
                    /* A character CP932 cannot hold: the same refusal. */
                    bool eq = rc_want == rc_got &&
                              (rc_want ? rc_want == ERR_INPUT && strcmp(msg, msg_want) == 0
                                       : want.len == got.len &&
                                             memcmp(want.data, got.data, want.len) == 0);
                    refused += rc_want != 0;
                    if (!eq)
                        printf("# %s: encoding %d, filter %zu, layout %d, hide %d: %d/%d, %zu/%zu "
                               "bytes\n",
                               survey_id, enc, i, layout, hide, rc_want, rc_got, want.len, got.len);
                    same += eq;
                    total++;
                    buf_cleanup(&want);
                    buf_cleanup(&got);
                }
    ok(same == total,
       "%s: each of %d streamed exports equals the buffered one byte for byte (%d refused alike "
       "for a character CP932 cannot hold)",
       survey_id, total, refused);
    entries_stream_close(&st);
    survey_release(s);
}

/* A list larger than one piece arrives in several, and equal. */
static void
pieces(struct db *db)
{
    struct survey *s = NULL;
    survey_load(db, "r3-ikenshokai", &s);
    const struct question *q = s ? entries_first_question(s) : NULL;
    if (!q) {
        survey_release(s);
        return;
    }
    const struct entries_layout l = {true, true, true};
    struct entries_stream st;
    struct buf want, got;
    buf_init(&want, 0);
    buf_init(&got, 0);
    char msg[256];
    entries_stream_open(db, s, q, NULL, &st);
    buffered(db, s, q, NULL, false, &l, CSV_UTF8, &want, msg, sizeof(msg));
    n_pieces = 0;
    entries_stream_csv(&st, NULL, false, &l, CSV_UTF8, count_piece, &got, msg, sizeof(msg));
    ok(want.len > CSV_FLUSH_BYTES && n_pieces > 1, "%zu bytes in %d pieces", got.len, n_pieces);
    ok(got.len == want.len && memcmp(got.data, want.data, got.len) == 0, "and the same bytes");
    entries_stream_close(&st);
    buf_cleanup(&want);
    buf_cleanup(&got);
    survey_release(s);
}

int
main(void)
{
    struct tempdb t;
    if (!tempdb_open(&t, "entries-stream"))
        return 1;
    is_int(seed_demo_answers(t.db), 0, "the demo's submitted answers load");
    compare(t.db, "r3-ikenshokai");
    compare(t.db, "r7-ikenshokai");
    pieces(t.db);
    tempdb_remove(&t);
    return done_testing();
}
