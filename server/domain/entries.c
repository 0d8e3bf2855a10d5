/*
 * entries.c: 意見・質問 lists and their 分類 summary (see entries.h).
 */
#include "entries.h"
#include "agg_cache.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "utf8.h"
#include "db.h"
#include "entry_key.h"
#include "err.h"
#include "table.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const entry_dispositions[ENTRY_DISPOSITIONS + 1] = {"修正する", "原案どおり",
                                                                "今後の検討課題", "回答", NULL};

bool
entry_disposition_valid(const char *s)
{
    for (size_t i = 0; i < ENTRY_DISPOSITIONS; i++)
        if (strcmp(s, entry_dispositions[i]) == 0)
            return true;
    return false;
}

const struct question *
entries_question(const struct survey *s, const char *qid)
{
    const struct question *q = qid ? survey_question(s, qid) : NULL;
    if (!q || q->type != Q_TABLE || !question_column(q, "kind") || !question_column(q, "body"))
        return NULL;
    return q;
}

size_t
entries_category_rank(const struct question *q, const char *category)
{
    const struct question *col = question_column(q, "category");
    if (!col || !category)
        return (size_t)-1;
    size_t i;
    json_t *o;
    json_array_foreach(col->options, i,
                       o) if (strcmp(json_string_value(o), category) == 0) return i;
    return (size_t)-1;
}

/* Within a 分類, imported entries keep the order of the Ministry's file;
   the entries of responses follow in the order of their keys, which says
   nothing of the 団体, its code or when it submitted. */
struct ranked {
    struct entry e;
    size_t rank;
    size_t seq; /* imported: row order in the file; responses: SEQ_BY_KEY */
};

static int
compare_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return strcmp(a->e.key, b->e.key);
}

static const char *
cell(json_t *row, const char *col)
{
    json_t *v = json_object_get(row, col);
    return json_is_string(v) ? json_string_value(v) : "";
}

const char *const entry_answered_states[3] = {"未回答", "回答済", NULL};

long
entries_next_no(struct entries_counter *c, const char *kind)
{
    int k = strcmp(kind, "意見") == 0 ? 0 : strcmp(kind, "質問") == 0 ? 1 : 2;
    return ++c->last[k];
}

bool
entries_match(const struct entry *e, const struct entry_filter *f)
{
    if (!f)
        return true;
    bool replied = e->disposition[0] != '\0';
    return (!f->kind || strcmp(e->kind, f->kind) == 0) &&
           (!f->category || strcmp(e->category, f->category) == 0) &&
           (!f->material || strcmp(e->material, f->material) == 0) &&
           (!f->text || strstr(e->body, f->text) != NULL) &&
           (!f->answered || replied == (strcmp(f->answered, entry_answered_states[1]) == 0));
}

/* The growing array of ranked entries that entries_collect sorts. */
struct ranked_list {
    struct ranked *all;
    size_t count, cap;
    const struct question *q;
    struct arena *a;
};

static const char *
dup(struct arena *a, const char *s, bool *failed)
{
    const char *d = arena_strdup(a, s);
    *failed |= d == NULL;
    return d;
}

/* An entries_scan sink: appends a copy of e (its strings in the arena);
   ERR_NOMEM when the memory or the request's arena ran out. */
static int
ranked_push(void *ctx, const struct entry *e, size_t seq)
{
    struct ranked_list *l = ctx;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct ranked *more = realloc(l->all, cap * sizeof(*l->all));
        if (!more)
            return ERR_NOMEM;
        l->all = more;
        l->cap = cap;
    }
    bool failed = false;
    struct entry copy = {0,
                         dup(l->a, e->kind, &failed),
                         dup(l->a, e->material, &failed),
                         dup(l->a, e->page, &failed),
                         dup(l->a, e->category, &failed),
                         dup(l->a, e->body, &failed),
                         dup(l->a, e->org_code, &failed),
                         dup(l->a, e->org_name, &failed),
                         dup(l->a, e->key, &failed),
                         "",
                         ""};
    if (failed)
        return ERR_NOMEM;
    struct ranked *x = &l->all[l->count++];
    x->e = copy;
    x->rank = entries_category_rank(l->q, e->category);
    x->seq = seq;
    return 0;
}

/* Entries taken in with `shokai import entries`, in file order. */
static int
scan_imported(struct db *db, const struct survey *s, const struct question *q,
              const char *prefecture, const unsigned char *secret, entries_sink fn, void *ctx)
{
    static const char sql[] =
        "SELECT i.kind, i.material, i.page, i.category, i.body, coalesce(i.org_code, ''),"
        " coalesce(o.name, ''), i.id FROM imported_entries i"
        " LEFT JOIN organizations o ON o.code = i.org_code"
        " WHERE i.survey_id = ?1 AND i.question_id = ?2 AND (?3 IS NULL OR o.prefecture = ?3)"
        " ORDER BY i.seq";
    sqlite3_stmt *st;
    int rc;
    size_t seq = 0;
    for (rc = db_first_row(db, sql, &st, db_text(s->id), db_text(q->id), db_text(prefecture));
         rc == 1; rc = db_step(st)) {
        char key[ENTRY_KEY_SIZE];
        entry_key_of_import(secret, s->id, q->id, sqlite3_column_int64(st, 7), key);
        struct entry e = {0,
                          db_column_text(st, 0),
                          db_column_text(st, 1),
                          db_column_text(st, 2),
                          db_column_text(st, 3),
                          db_column_text(st, 4),
                          db_column_text(st, 5),
                          db_column_text(st, 6),
                          key,
                          "",
                          ""};
        int pushed = fn(ctx, &e, seq++);
        if (pushed) {
            rc = pushed;
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The entries of each submitted response. */
static int
scan_responses(struct db *db, const struct survey *s, const struct question *q,
               const char *prefecture, const unsigned char *secret, entries_sink fn, void *ctx)
{
    static const char sql[] =
        "SELECT r.org_code, o.name, v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " JOIN organizations o ON o.code = r.org_code"
        " WHERE r.survey_id = ?1 AND r.submitted_version IS NOT NULL"
        " AND (?2 IS NULL OR o.prefecture = ?2)";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, sql, &st, db_text(s->id), db_text(prefecture)); rc == 1;
         rc = db_step(st)) {
        json_t *answers = json_loads(db_column_text(st, 2), 0, NULL);
        json_t *rows = json_object_get(answers, q->id);
        const char *code = db_column_text(st, 0), *name = db_column_text(st, 1);
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row)
        {
            char key[ENTRY_KEY_SIZE];
            if (!entry_key_of_row(secret, s->id, q->id, code, row, key)) {
                rc = ERR_NOMEM;
                break;
            }
            struct entry e = {0,
                              cell(row, "kind"),
                              cell(row, "material"),
                              cell(row, "page"),
                              cell(row, "category"),
                              cell(row, "body"),
                              code,
                              name,
                              key,
                              "",
                              ""};
            int pushed = fn(ctx, &e, ENTRIES_SEQ_BY_KEY);
            if (pushed) {
                rc = pushed;
                break;
            }
        }
        json_decref(answers);
        if (rc < 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
entries_scan(struct db *db, const struct survey *s, const struct question *q,
             const char *prefecture, entries_sink fn, void *ctx)
{
    unsigned char secret[ENTRY_KEY_SECRET_BYTES];
    int rc = entry_key_secret(db, secret);
    if (rc == 0)
        rc = scan_imported(db, s, q, prefecture, secret, fn, ctx);
    if (rc == 0)
        rc = scan_responses(db, s, q, prefecture, secret, fn, ctx);
    sodium_memzero(secret, sizeof(secret));
    return rc;
}

/* Fills in each entry's reply from entry_replies. */
static int
attach_replies(struct db *db, const struct survey *s, const struct question *q, struct arena *a,
               struct ranked *all, size_t n)
{
    static const char sql[] = "SELECT entry_key, disposition, reply FROM entry_replies"
                              " WHERE survey_id = ?1 AND question_id = ?2";
    sqlite3_stmt *st;
    int rc;
    for (rc = db_first_row(db, sql, &st, db_text(s->id), db_text(q->id)); rc == 1;
         rc = db_step(st)) {
        const char *key = db_column_text(st, 0);
        for (size_t i = 0; i < n; i++)
            if (strcmp(all[i].e.key, key) == 0) {
                all[i].e.disposition = arena_strdup(a, db_column_text(st, 1));
                all[i].e.reply = arena_strdup(a, db_column_text(st, 2));
                if (!all[i].e.disposition || !all[i].e.reply)
                    rc = ERR_NOMEM;
            }
        if (rc < 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Reads every entry of q: imported ones, then each submitted response's. */
static int
collect_uncached(struct db *db, const struct survey *s, const struct question *q,
                 const char *prefecture, struct arena *a, struct entry **out, size_t *n)
{
    struct ranked_list l = {NULL, 0, 0, q, a};
    int rc = entries_scan(db, s, q, prefecture, ranked_push, &l);
    struct ranked *all = l.all;
    size_t count = l.count;
    if (rc) {
        free(all);
        return rc;
    }
    if (count > 1) /* all is NULL when there is no entry: not for qsort */
        qsort(all, count, sizeof(*all), compare_ranked);
    if ((rc = attach_replies(db, s, q, a, all, count))) {
        free(all);
        return rc;
    }
    *out = arena_alloc(a, (count ? count : 1) * sizeof(**out));
    *n = 0;
    struct entries_counter counter = {{0, 0, 0}};
    for (size_t i = 0; *out && i < count; i++) {
        struct entry *e = &all[i].e;
        e->no = entries_next_no(&counter, e->kind);
        (*out)[(*n)++] = *e;
    }
    free(all);
    return *out ? 0 : ERR_NOMEM;
}

int
entries_filter(const struct entry *all, size_t n_all, const struct entry_filter *f, struct arena *a,
               struct entry **out, size_t *n)
{
    *out = arena_alloc(a, (n_all ? n_all : 1) * sizeof(**out));
    *n = 0;
    if (!*out)
        return ERR_NOMEM;
    for (size_t i = 0; i < n_all; i++)
        if (entries_match(&all[i], f))
            (*out)[(*n)++] = all[i];
    return 0;
}

void
entries_hide_orgs(struct entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        e[i].org_code = e[i].org_name = "";
}

const struct entry *
entries_find(const struct entry *e, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].key, key) == 0)
            return &e[i];
    return NULL;
}

size_t
entries_columns(const struct entries_layout *l, const char **head)
{
    size_t c = 0;
    if (l->both_kinds)
        head[c++] = "種別";
    const char *heads[] = {"項番", "対象資料", "対象ページ", "分類", "本文"};
    for (size_t i = 0; i < 5; i++)
        head[c++] = heads[i];
    if (l->with_org) {
        head[c++] = "団体コード";
        head[c++] = "団体名";
    }
    if (l->with_replies) {
        head[c++] = "対応区分";
        head[c++] = "回答・考え方";
    }
    return c;
}

void
entries_cells(const struct entries_layout *l, const struct entry *e, char no[24],
              const char **cells, bool *numeric)
{
    size_t c = 0;
    snprintf(no, 24, "%ld", e->no);
    const char *values[] = {e->kind, no,          e->material, e->page,        e->category,
                            e->body, e->org_code, e->org_name, e->disposition, e->reply};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        bool shown = (i != 0 || l->both_kinds) && ((i != 6 && i != 7) || l->with_org) &&
                     ((i != 8 && i != 9) || l->with_replies);
        if (shown) {
            numeric[c] = i == 1;
            cells[c++] = values[i];
        }
    }
}

int
entries_table(const struct entry *e, size_t n, bool both_kinds, bool with_org, bool with_replies,
              struct arena *a, struct table *t)
{
    const struct entries_layout l = {both_kinds, with_org, with_replies};
    const char *head[ENTRIES_MAX_COLUMNS], *cells[ENTRIES_MAX_COLUMNS];
    bool numeric[ENTRIES_MAX_COLUMNS];
    size_t cols = entries_columns(&l, head);
    int rc = table_init(t, a, with_replies ? "意見と考え方" : "意見・質問", NULL, cols);
    if (rc)
        return rc;
    for (size_t c = 0; c < cols; c++)
        table_head(t, c, head[c]);
    for (size_t i = 0; i < n; i++) {
        size_t r = table_row(t);
        if (r == (size_t)-1)
            return ERR_NOMEM;
        char no[24];
        entries_cells(&l, &e[i], no, cells, numeric);
        for (size_t c = 0; c < cols; c++)
            if (numeric[c])
                table_int(t, r, c, e[i].no);
            else
                table_text(t, r, c, cells[c]);
    }
    return 0;
}

/* Stores one reply with its audit row (inside the caller's transaction). */
static int
reply_store(struct db *db, const struct audit_actor *who, const struct survey *s,
            const struct question *q, const char *key, const char *disposition, const char *reply)
{
    static const char sql[] =
        "INSERT INTO entry_replies(survey_id, question_id, entry_key, disposition, reply,"
        " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0))"
        " ON CONFLICT(survey_id, question_id, entry_key) DO UPDATE SET"
        " disposition = excluded.disposition, reply = excluded.reply,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by";
    int rc = db_run(db, sql, db_text(s->id), db_text(q->id), db_text(key), db_text(disposition),
                    db_text(reply), db_int(clock_now()), db_int(who->user_id));
    if (rc)
        return rc;
    json_t *d = json_pack("{s:s, s:s}", "disposition", disposition, "reply", reply);
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    char where[200];
    snprintf(where, sizeof(where), "%s/%s/%s", s->id, q->id, key);
    rc = detail ? audit_record(db, who, "entry.reply", where, NULL, detail) : ERR_NOMEM;
    free(detail);
    json_decref(d);
    return rc;
}

static int
reply_check(const char *disposition, const char *reply)
{
    if (!entry_disposition_valid(disposition))
        return ERR_INPUT;
    size_t n = strlen(reply);
    return utf8_text_ok(reply, n) && utf8_length(reply) <= ENTRY_REPLY_MAX ? 0 : ERR_INPUT;
}

int
entries_reply(struct db *db, const struct audit_actor *who, const struct survey *s,
              const struct question *q, const char *key, const char *disposition, const char *reply)
{
    int rc = reply_check(disposition, reply);
    if (rc || (rc = db_begin(db)))
        return rc;
    rc = reply_store(db, who, s, q, key, disposition, reply);
    rc = db_finish(db, rc);
    return rc;
}

int
entries_reply_bulk(struct db *db, const struct audit_actor *who, const struct survey *s,
                   const struct question *q, const struct entry *e, size_t n_e,
                   const char *category, const char *kind, const char *disposition,
                   const char *reply, bool overwrite, size_t *n)
{
    *n = 0;
    int rc = reply_check(disposition, reply);
    if (rc || (rc = db_begin(db)))
        return rc;
    for (size_t i = 0; rc == 0 && i < n_e; i++) {
        if (strcmp(e[i].category, category) != 0 || (kind && strcmp(e[i].kind, kind) != 0) ||
            (!overwrite && *e[i].disposition))
            continue;
        rc = reply_store(db, who, s, q, e[i].key, disposition, reply);
        if (rc == 0)
            (*n)++;
    }
    rc = db_finish(db, rc);
    return rc;
}

int
entries_summarize(const struct question *q, const struct entry *e, size_t n, struct arena *a,
                  struct entries_summary *out)
{
    const struct question *col = question_column(q, "category");
    size_t n_cat = col ? json_array_size(col->options) : 0;
    memset(out, 0, sizeof(*out));
    out->category = arena_alloc(a, (n_cat + 1) * sizeof(*out->category));
    out->counts = arena_alloc(a, (n_cat + 1) * sizeof(*out->counts));
    if (!out->category || !out->counts)
        return ERR_NOMEM;
    for (size_t k = 0; k <= n_cat; k++) {
        const char *category =
            k < n_cat ? json_string_value(json_array_get(col->options, k)) : NULL;
        int64_t counts[2] = {0, 0};
        for (size_t i = 0; i < n; i++) {
            bool here = category ? strcmp(e[i].category, category) == 0
                                 : entries_category_rank(q, e[i].category) == (size_t)-1;
            int kind = strcmp(e[i].kind, "意見") == 0 ? 0 : strcmp(e[i].kind, "質問") == 0 ? 1 : -1;
            if (here && kind >= 0)
                counts[kind]++;
        }
        if (!category && counts[0] + counts[1] == 0)
            continue; /* no row for "分類なし" unless some entry lacks one */
        out->category[out->n_rows] = category ? category : "（分類なし）";
        out->counts[out->n_rows][0] = counts[0];
        out->counts[out->n_rows][1] = counts[1];
        out->n_rows++;
        out->total[0] += counts[0];
        out->total[1] += counts[1];
    }
    return 0;
}

int
entries_summary_table(const struct entries_summary *sum, struct arena *a, struct table *t)
{
    int rc = table_init(t, a, "分類別の意見・質問の件数", NULL, 4);
    if (rc)
        return rc;
    table_head(t, 0, "分類");
    table_head(t, 1, "意見");
    table_head(t, 2, "質問");
    table_head(t, 3, "合計");
    for (size_t k = 0; k <= sum->n_rows; k++) {
        const int64_t *c = k < sum->n_rows ? sum->counts[k] : sum->total;
        size_t r = table_row(t);
        if (r == (size_t)-1)
            return ERR_NOMEM;
        table_text(t, r, 0, k < sum->n_rows ? sum->category[k] : "合計");
        table_int(t, r, 1, c[0]);
        table_int(t, r, 2, c[1]);
        table_int(t, r, 3, c[0] + c[1]);
    }
    return 0;
}

json_t *
entries_summary_json(const struct entries_summary *sum)
{
    json_t *rows = json_array();
    for (size_t k = 0; k < sum->n_rows; k++)
        json_array_append_new(rows,
                              json_pack("{s:s, s:{s:I, s:I}, s:I}", "category", sum->category[k],
                                        "counts", "意見", (json_int_t)sum->counts[k][0], "質問",
                                        (json_int_t)sum->counts[k][1], "合計",
                                        (json_int_t)(sum->counts[k][0] + sum->counts[k][1])));
    return json_pack("{s:o, s:{s:I, s:I, s:I}}", "rows", rows, "total", "意見",
                     (json_int_t)sum->total[0], "質問", (json_int_t)sum->total[1], "合計",
                     (json_int_t)(sum->total[0] + sum->total[1]));
}

/* The cache's form of a list (agg_cache.h stores int64 slots): slot 0 the
   number of entries, slot 1 the number of bytes that follow from slot 2: per
   entry its 項番 (8 bytes), then its ten strings, each ending with NUL. */
#define ENTRY_STRINGS 10

static const char **
entry_string(struct entry *e, int i)
{
    const char **fields[ENTRY_STRINGS] = {&e->kind,        &e->material, &e->page,     &e->category,
                                          &e->body,        &e->org_code, &e->org_name, &e->key,
                                          &e->disposition, &e->reply};
    return fields[i];
}

static int64_t *
entries_pack(struct entry *e, size_t n, struct arena *a, size_t *n_slots)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        bytes += sizeof(int64_t);
        for (int k = 0; k < ENTRY_STRINGS; k++)
            bytes += strlen(*entry_string(&e[i], k)) + 1;
    }
    *n_slots = 2 + (bytes + sizeof(int64_t) - 1) / sizeof(int64_t);
    int64_t *slots = arena_alloc(a, *n_slots * sizeof(int64_t));
    if (!slots)
        return NULL;
    slots[0] = (int64_t)n;
    slots[1] = (int64_t)bytes;
    char *p = (char *)(slots + 2);
    for (size_t i = 0; i < n; i++) {
        int64_t no = e[i].no;
        memcpy(p, &no, sizeof(no));
        p += sizeof(no);
        for (int k = 0; k < ENTRY_STRINGS; k++) {
            size_t len = strlen(*entry_string(&e[i], k)) + 1;
            memcpy(p, *entry_string(&e[i], k), len);
            p += len;
        }
    }
    return slots;
}

/* The inverse: the entries point into slots (already the request's copy). */
static int
entries_unpack(const int64_t *slots, size_t n_slots, struct arena *a, struct entry **out, size_t *n)
{
    if (n_slots < 2 || slots[0] < 0 || slots[1] < 0 ||
        (size_t)slots[1] > (n_slots - 2) * sizeof(int64_t))
        return ERR_DB;
    const char *p = (const char *)(slots + 2), *end = p + slots[1];
    *n = (size_t)slots[0];
    *out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    if (!*out)
        return ERR_NOMEM;
    for (size_t i = 0; i < *n; i++) {
        if (end - p < (ptrdiff_t)sizeof(int64_t))
            return ERR_DB;
        int64_t no;
        memcpy(&no, p, sizeof(no));
        (*out)[i].no = (long)no;
        p += sizeof(no);
        for (int k = 0; k < ENTRY_STRINGS; k++) {
            const char *nul = memchr(p, '\0', (size_t)(end - p));
            if (!nul)
                return ERR_DB;
            *entry_string(&(*out)[i], k) = p;
            p = nul + 1;
        }
    }
    return p == end ? 0 : ERR_DB;
}

const struct question *
entries_first_question(const struct survey *s)
{
    const struct question *q = NULL;
    for (size_t i = 0; !q && i < s->n_questions; i++)
        q = entries_question(s, s->questions[i].id);
    return q;
}

int
entries_collect(struct db *db, const struct survey *s, const struct question *q,
                const char *prefecture, struct arena *a, struct entry **out, size_t *n)
{
    struct agg_lookup lookup;
    const int64_t *cached;
    size_t n_slots;
    int rc = agg_cache_lookup(db, s, "entries", q->id, prefecture, a, &lookup, &cached, &n_slots);
    if (rc)
        return rc;
    if (cached && entries_unpack(cached, n_slots, a, out, n) == 0)
        return 0;
    rc = collect_uncached(db, s, q, prefecture, a, out, n);
    int64_t *slots = rc == 0 && lookup.key ? entries_pack(*out, *n, a, &n_slots) : NULL;
    agg_cache_store(&lookup, slots, slots ? n_slots : 0);
    return rc;
}
