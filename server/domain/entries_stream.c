/*
 * entries_stream.c: a 意見・質問 list sorted by SQLite (see entries_stream.h).
 */
#include "entries_stream.h"
#include "db.h"
#include "err.h"

#include <stdint.h>
#include <string.h>

static const char create_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS entries_stream(rank INTEGER, seq INTEGER, key TEXT,"
    " kind TEXT, material TEXT, page TEXT, category TEXT, body TEXT, org_code TEXT,"
    " org_name TEXT)";
static const char empty_sql[] = "DELETE FROM temp.entries_stream";

/* A rank or seq of (size_t)-1 (last) as SQLite's largest integer. */
static int64_t
order_value(size_t v)
{
    return v == (size_t)-1 || v > (size_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

struct insert {
    sqlite3_stmt *st;
    const struct question *q;
};

/* An entries_scan sink: one row of the temporary table. */
static int
insert_entry(void *ctx, const struct entry *e, size_t seq)
{
    struct insert *in = ctx;
    sqlite3_stmt *st = in->st;
    sqlite3_reset(st);
    db_bind_int64(st, 1, order_value(entries_category_rank(in->q, e->category)));
    db_bind_int64(st, 2, order_value(seq));
    const char *texts[] = {e->key,      e->kind, e->material, e->page,
                           e->category, e->body, e->org_code, e->org_name};
    for (int i = 0; i < 8; i++)
        db_bind_text(st, 3 + i, texts[i]);
    int rc = db_step(st);
    return rc < 0 ? rc : 0;
}

int
entries_stream_open(struct db *db, const struct survey *s, const struct question *q,
                    const char *prefecture, struct entries_stream *out)
{
    static const char insert_sql[] =
        "INSERT INTO temp.entries_stream(rank, seq, key, kind, material, page, category, body,"
        " org_code, org_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    *out = (struct entries_stream){db, s, q};
    int rc = db_exec_script(db, create_sql);
    if (rc == 0)
        rc = db_exec_script(db, empty_sql);
    if (rc == 0)
        rc = db_exec_script(db, "SAVEPOINT entries_stream");
    if (rc)
        return rc;
    struct insert in = {NULL, q};
    rc = db_prepare(db, &in.st, insert_sql);
    if (rc == 0)
        rc = entries_scan(db, s, q, prefecture, insert_entry, &in);
    db_done(in.st);
    if (rc)
        db_exec_script(db, "ROLLBACK TO entries_stream");
    db_exec_script(db, "RELEASE entries_stream");
    return rc;
}

int
entries_stream_each(struct entries_stream *st, const struct entry_filter *f, bool hide_orgs,
                    entries_stream_fn fn, void *ctx)
{
    static const char sql[] =
        "SELECT e.kind, e.material, e.page, e.category, e.body, e.org_code, e.org_name, e.key,"
        " coalesce(r.disposition, ''), coalesce(r.reply, '') FROM temp.entries_stream e"
        " LEFT JOIN entry_replies r ON r.survey_id = ?1 AND r.question_id = ?2"
        " AND r.entry_key = e.key ORDER BY e.rank, e.seq, e.key";
    sqlite3_stmt *q;
    struct entries_counter counter = {{0, 0, 0}};
    int rc;
    for (rc = db_first_row(st->db, sql, &q, db_text(st->s->id), db_text(st->q->id)); rc == 1;
         rc = db_step(q)) {
        struct entry e = {0,
                          db_column_text(q, 0),
                          db_column_text(q, 1),
                          db_column_text(q, 2),
                          db_column_text(q, 3),
                          db_column_text(q, 4),
                          hide_orgs ? "" : db_column_text(q, 5),
                          hide_orgs ? "" : db_column_text(q, 6),
                          db_column_text(q, 7),
                          db_column_text(q, 8),
                          db_column_text(q, 9)};
        e.no = entries_next_no(&counter, e.kind);
        int sent = entries_match(&e, f) ? fn(ctx, &e) : 0;
        if (sent) {
            rc = sent;
            break;
        }
    }
    db_done(q);
    return rc < 0 ? rc : 0;
}

struct csv_pass {
    struct entries_stream *st;
    const struct entry_filter *f;
    bool hide_orgs;
    const struct entries_layout *l;
    struct csv_rows *out;
};

static int
put_entry(void *ctx, const struct entry *e)
{
    struct csv_pass *p = ctx;
    const char *cells[ENTRIES_MAX_COLUMNS];
    bool numeric[ENTRIES_MAX_COLUMNS];
    char no[24];
    entries_cells(p->l, e, no, cells, numeric);
    const char *head[ENTRIES_MAX_COLUMNS];
    return csv_rows_put(p->out, cells, numeric, entries_columns(p->l, head));
}

static int
put_entries(void *ctx, struct csv_rows *out)
{
    struct csv_pass *p = ctx;
    p->out = out;
    return entries_stream_each(p->st, p->f, p->hide_orgs, put_entry, p);
}

int
entries_stream_csv(struct entries_stream *st, const struct entry_filter *f, bool hide_orgs,
                   const struct entries_layout *l, enum csv_encoding enc, csv_flush_fn flush,
                   void *flush_ctx, char *msg, size_t msglen)
{
    const char *head[ENTRIES_MAX_COLUMNS];
    size_t n_cols = entries_columns(l, head);
    struct csv_pass p = {st, f, hide_orgs, l, NULL};
    return csv_write_rows(enc, head, n_cols, put_entries, &p, flush, flush_ctx, msg, msglen);
}

void
entries_stream_close(struct entries_stream *st)
{
    if (st->db)
        db_exec_script(st->db, empty_sql);
    st->db = NULL;
}
