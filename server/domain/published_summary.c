/*
 * published_summary.c: the counted 分類 summary against the published one
 * (see published_summary.h).
 */
#include "published_summary.h"
#include "arena.h"
#include "buf.h"
#include "table.h"

#include <string.h>

static const char *const kinds[2] = {"意見", "質問"};

/* Appends "分類 種別 counted件（公表 published件）" for each kind that differs. */
static void
note_row(struct buf *b, const char *label, const int64_t counted[2], json_t *published)
{
    for (int k = 0; k < 2; k++) {
        json_int_t p = json_integer_value(json_object_get(published, kinds[k]));
        if (!published || p == counted[k])
            continue;
        buf_printf(b, "%s「%s」の%s %lld件（公表資料 %lld件）", b->len ? "、" : "", label, kinds[k],
                   (long long)counted[k], (long long)p);
    }
}

const char *
published_summary_note(const struct survey *s, const struct entries_summary *sum, struct arena *a)
{
    json_t *ps = s->published_summary;
    struct buf *b = ps ? buf_new_in(a, 0) : NULL;
    if (!b)
        return NULL;
    json_t *rows = json_object_get(ps, "rows");
    for (size_t i = 0; i < sum->n_rows; i++) {
        json_t *match = NULL, *row;
        size_t k;
        json_array_foreach(rows, k,
                           row) if (strcmp(json_string_value(json_object_get(row, "category")),
                                           sum->category[i]) == 0) match = row;
        note_row(b, sum->category[i], sum->counts[i], match);
    }
    note_row(b, "合計", sum->total, json_object_get(ps, "total"));
    if (b->len == 0)
        return NULL;
    return arena_printf(
        a, "一覧の行による件数です。公表資料（%s）の集計表とは次の件数が異なります: %s",
        json_string_value(json_object_get(ps, "document")), buf_str(b));
}

int
published_summary_table(const struct survey *s, const struct entries_summary *sum, struct arena *a,
                        struct table *t)
{
    int rc = entries_summary_table(sum, a, t);
    const char *note = rc ? NULL : published_summary_note(s, sum, a);
    if (note)
        t->note = note;
    return rc;
}

json_t *
published_summary_json(const struct survey *s, const struct entries_summary *sum, struct arena *a)
{
    json_t *j = entries_summary_json(sum);
    const char *note = published_summary_note(s, sum, a);
    json_object_set_new(j, "published",
                        s->published_summary ? json_deep_copy(s->published_summary) : json_null());
    json_object_set_new(j, "published_note", note ? json_string(note) : json_null());
    return j;
}
