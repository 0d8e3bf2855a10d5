/*
 * text_answers.c: listing the answers to free-text questions (see
 * text_answers.h).
 */
#include "text_answers.h"
#include "answer.h"
#include "arena.h"
#include "response.h"
#include "err.h"
#include "table.h"

#include <string.h>

struct collect_ctx {
    const struct survey *s;
    const struct question *q;
    struct arena *a;
    struct text_answer *items;
    size_t n, cap;
};

static int
collect_one(const struct response_submitted *sub, void *arg)
{
    struct collect_ctx *c = arg;
    const char *text = json_string_value(json_object_get(sub->answers, c->q->id));
    if (!text || !*text || !answer_visible(c->s, c->q, sub->answers))
        return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        struct text_answer *more = arena_alloc(c->a, c->cap * sizeof(*more));
        if (!more)
            return ERR_NOMEM;
        if (c->n)
            memcpy(more, c->items, c->n * sizeof(*more));
        c->items = more;
    }
    struct text_answer *t = &c->items[c->n++];
    *t = (struct text_answer){arena_strdup(c->a, sub->org_code), arena_strdup(c->a, sub->org_name),
                              arena_strdup(c->a, sub->org_kind), arena_strdup(c->a, text)};
    return t->org_code && t->org_name && t->kind && t->text ? 0 : ERR_NOMEM;
}

int
text_answers_collect(struct db *db, const struct survey *s, const struct question *q,
                     const char *prefecture, struct arena *a, struct text_answer **out, size_t *n)
{
    struct collect_ctx c = {s, q, a, NULL, 0, 0};
    int rc = response_each_submitted(db, s->id, prefecture, collect_one, &c);
    *out = c.items;
    *n = rc ? 0 : c.n;
    return rc;
}

int
text_answers_table(const struct question *q, const struct text_answer *items, size_t n,
                   bool with_org, struct arena *a, struct table *t)
{
    int rc = table_init(t, a, q->label, "提出済みの回答のうち記入のあったもの（団体コード順）",
                        with_org ? 3 : 2);
    if (rc)
        return rc;
    size_t col = 0;
    table_head(t, col++, "団体区分");
    if (with_org)
        table_head(t, col++, "団体");
    table_head(t, col, "回答");
    for (size_t i = 0; i < n; i++) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        col = 0;
        table_text(t, row, col++, items[i].kind);
        if (with_org)
            table_text(t, row, col++, items[i].org_name);
        table_text(t, row, col, items[i].text);
    }
    return 0;
}

json_t *
text_answers_json(const struct question *q, const struct text_answer *items, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "kind", items[i].kind, "text", items[i].text));
    return json_pack("{s:s, s:s, s:o}", "id", q->id, "label", q->label, "answers", list);
}
