/*
 * revision.c: carrying answers over between self-check revisions, and the
 * 新旧対照 (see revision.h).
 */
#include "revision.h"
#include "arena.h"
#include "err.h"
#include "response.h"
#include "survey_store.h"
#include "table.h"

#include <string.h>

static bool
same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool
revision_same_question(const struct question *a, const struct question *b)
{
    return strcmp(a->id, b->id) == 0 && a->type == b->type && same_text(a->label, b->label) &&
           same_text(a->level, b->level) && same_text(a->measure, b->measure) &&
           same_text(a->remark, b->remark) &&
           json_equal(a->options ? a->options : json_null(), b->options ? b->options : json_null());
}

/* True if every option of a (NULL: none) is an option of b. */
static bool
options_kept(json_t *a, json_t *b)
{
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        bool found = false;
        for (size_t k = 0; !found && k < json_array_size(b); k++)
            found = json_equal(x, json_array_get(b, k));
        if (!found)
            return false;
    }
    return true;
}

static bool
question_keeps_answers(const struct question *was, const struct question *q)
{
    if (!q || q->type != was->type || !options_kept(was->options, q->options))
        return false;
    for (size_t c = 0; c < was->n_columns; c++)
        if (!question_keeps_answers(&was->columns[c], question_column(q, was->columns[c].id)))
            return false;
    return true;
}

bool
revision_keeps_answers(const struct survey *old, const struct survey *next)
{
    for (size_t i = 0; i < old->n_questions; i++)
        if (!question_keeps_answers(&old->questions[i],
                                    survey_question(next, old->questions[i].id)))
            return false;
    return true;
}

int
revision_carry_over(struct db *db, const struct survey *s, const char *org_code, json_t *answers,
                    json_t **carried)
{
    *carried = json_object();
    if (!s->previous)
        return 0;
    struct survey *old;
    int rc = survey_load(db, s->previous, &old);
    if (rc == ERR_NOTFOUND)
        return 0; /* the previous revision was never loaded here */
    if (rc)
        return rc;
    struct response prev;
    rc = response_get(db, old->id, org_code, &prev);
    for (size_t i = 0; rc == 0 && prev.exists && i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        const struct question *was = survey_question(old, q->id);
        json_t *v = json_object_get(prev.answers, q->id);
        if (!was || !v || !revision_same_question(q, was))
            continue;
        json_object_set(answers, q->id, v);
        json_object_set_new(*carried, q->id, json_true());
    }
    response_cleanup(&prev);
    survey_release(old);
    return rc;
}

static int
diff_row(struct table *t, const char *kind, const struct question *q, const char *before,
         const char *after)
{
    size_t row = table_row(t);
    if (row == (size_t)-1)
        return ERR_NOMEM;
    table_text(t, row, 0, kind);
    table_text(t, row, 1, q->id);
    table_text(t, row, 2, before);
    table_text(t, row, 3, after);
    return 0;
}

/* "本文（区分・対策）" for a check item, the label otherwise. */
static const char *
describe(struct arena *a, const struct question *q)
{
    if (q->type != Q_CHECK)
        return q->label;
    return arena_printf(a, "%s（%s・%s）", q->label, q->level, q->measure);
}

/* The previous revision of s into *old (release it); ERR_NOTFOUND when s
   names none. */
static int
previous_of(struct db *db, const struct survey *s, struct survey **old)
{
    return s->previous ? survey_load(db, s->previous, old) : ERR_NOTFOUND;
}

int
revision_diff_table(struct db *db, const struct survey *s, struct arena *a, struct table *t)
{
    struct survey *old;
    int rc = previous_of(db, s, &old);
    if (rc)
        return rc;
    rc = table_init(t, a, arena_printf(a, "新旧対照（%s → %s）", old->id, s->id),
                    "変更の区分は、項目 ID ごとに本文・区分・対策の違いで判定", 4);
    if (rc == 0) {
        table_head(t, 0, "区分");
        table_head(t, 1, "項目 ID");
        table_head(t, 2, "旧");
        table_head(t, 3, "新");
    }
    for (size_t i = 0; rc == 0 && i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        const struct question *was = survey_question(old, q->id);
        if (!was)
            rc = diff_row(t, "追加", q, "", describe(a, q));
        else if (!revision_same_question(q, was))
            rc = diff_row(t, "変更", q, describe(a, was), describe(a, q));
    }
    for (size_t i = 0; rc == 0 && i < old->n_questions; i++)
        if (!survey_question(s, old->questions[i].id))
            rc = diff_row(t, "削除", &old->questions[i], describe(a, &old->questions[i]), "");
    survey_release(old);
    return rc;
}

static const char *
or_blank(const char *s)
{
    return s ? s : "";
}

/* The figure a requirement comes from: its source's part (図表42 …). */
static const char *
figure_of(const struct question *q)
{
    return or_blank(json_string_value(json_object_get(q->source, "part")));
}

int
revision_requirements_table(struct db *db, const struct survey *s, struct arena *a, struct table *t)
{
    struct survey *old;
    int rc = previous_of(db, s, &old);
    if (rc)
        return rc;
    rc = table_init(t, a, "要件の区分（現行 → 改定案）",
                    "対策基準の箇所と図表ごとに、区分（必須／推奨）か備考の変わる要件", 9);
    static const char *const heads[] = {"対策基準の箇所", "図表",         "分類",
                                        "対策",           "要件",         "区分（現行）",
                                        "区分（改定案）", "備考（現行）", "備考（改定案）"};
    for (size_t k = 0; rc == 0 && k < 9; k++)
        table_head(t, k, heads[k]);
    for (size_t i = 0; rc == 0 && i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        const struct question *was = survey_question(old, q->id);
        if (q->type != Q_CHECK || !q->category)
            continue;
        if (was && same_text(was->level, q->level) && same_text(was->remark, q->remark))
            continue;
        size_t row = table_row(t);
        if (row == (size_t)-1) {
            rc = ERR_NOMEM;
            break;
        }
        const char *cells[] = {or_blank(q->clause),
                               figure_of(q),
                               q->category,
                               q->measure,
                               q->label,
                               was ? or_blank(was->level) : "（なし）",
                               q->level,
                               was ? or_blank(was->remark) : "",
                               or_blank(q->remark)};
        for (size_t k = 0; k < 9; k++)
            table_text(t, row, k, cells[k]);
    }
    survey_release(old);
    return rc;
}
