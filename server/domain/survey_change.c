/*
 * survey_change.c: the rules for changing an answered survey (see
 * survey_change.h).
 */
#include "survey_change.h"
#include "answer.h"
#include "db.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
stored_answers_load(struct db *db, const char *survey_id, struct stored_answers *out)
{
    static const char sql[] =
        "SELECT v.answers, v.version = r.submitted_version FROM response_versions v"
        " JOIN responses r ON r.id = v.response_id WHERE r.survey_id = ?1";
    static const char sql_kinds[] =
        "SELECT DISTINCT org_kind FROM responses WHERE survey_id = ?1 ORDER BY org_kind";
    out->versions = json_array();
    out->submitted = json_array();
    out->kinds = json_array();
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql_kinds, &st, db_text(survey_id));
    for (; rc == 1; rc = db_step(st))
        json_array_append_new(out->kinds, json_string(db_column_text(st, 0)));
    db_done(st);
    if (rc == 0)
        rc = db_first_row(db, sql, &st, db_text(survey_id));
    for (; rc == 1; rc = db_step(st)) {
        json_t *a = json_loads(db_column_text(st, 0), 0, NULL);
        if (!a)
            continue; /* (stored answers were checked when saved) */
        if (sqlite3_column_int(st, 1))
            json_array_append(out->submitted, a);
        json_array_append_new(out->versions, a);
    }
    db_done(st);
    if (rc < 0)
        stored_answers_cleanup(out);
    return rc < 0 ? rc : 0;
}

void
stored_answers_cleanup(struct stored_answers *sa)
{
    json_decref(sa->versions);
    json_decref(sa->submitted);
    json_decref(sa->kinds);
    sa->versions = sa->submitted = sa->kinds = NULL;
}

json_t *
stored_answers_questions(const struct stored_answers *sa)
{
    json_t *out = json_object();
    size_t i;
    json_t *a, *v;
    const char *qid;
    json_array_foreach(sa->versions, i, a) json_object_foreach(a, qid, v) if (!answer_is_empty(v))
        json_object_set_new(out, qid, json_true());
    return out;
}

static void refuse(json_t *refusals, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
refuse(json_t *refusals, const char *field, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    json_array_append_new(refusals, json_pack("{s:s, s:s}", "field", field, "message", why));
}

/* The stored value of question qid, or of its column col in each row, in
   one version's answers: true if any is non-empty (used) and, with option,
   equal to or containing it. */
static bool
answered_in(json_t *answers, const char *qid, const char *col, const char *option)
{
    json_t *v = json_object_get(answers, qid);
    if (!col)
        return option ? answer_holds(v, option) : !answer_is_empty(v);
    size_t i;
    json_t *row;
    json_array_foreach(v, i, row)
    {
        json_t *cell = json_object_get(row, col);
        if (option ? answer_holds(cell, option) : !answer_is_empty(cell))
            return true;
    }
    return false;
}

/* How many of the versions answer qid (col, option as in answered_in). */
static size_t
count_answered(json_t *versions, const char *qid, const char *col, const char *option)
{
    size_t n = 0, i;
    json_t *a;
    json_array_foreach(versions, i, a) if (answered_in(a, qid, col, option)) n++;
    return n;
}

/* Options of was that stored answers use and next no longer has. */
static void
check_options(const struct question *was, const struct question *next, const char *qid,
              const char *col, const struct stored_answers *sa, json_t *refusals)
{
    size_t i;
    json_t *o;
    json_array_foreach(was->options, i, o)
    {
        const char *option = json_string_value(o);
        if (question_has_option(next, option) || !count_answered(sa->versions, qid, col, option))
            continue;
        refuse(refusals, qid,
               "「%s」の選択肢「%s」は保存された回答で選ばれているため、削除も変更もできません"
               "（言い換えるときは新しい選択肢を加えてください）。",
               next->label, option);
    }
}

/* A question (or a table's column: col set, was/next the columns) that
   exists in both definitions. */
static void
check_kept(const struct question *was, const struct question *next, const char *qid,
           const char *col, const struct stored_answers *sa, json_t *refusals)
{
    const char *field = col ? col : qid;
    if (was->type != next->type) {
        if (count_answered(sa->versions, qid, col, NULL))
            refuse(refusals, field,
                   "「%s」の種類（%s）は、回答が保存されているため%sに変えられません。", was->label,
                   qtype_label(was->type), qtype_label(next->type));
        return;
    }
    if (was->options)
        check_options(was, next, qid, col, sa, refusals);
    for (size_t c = 0; !col && c < was->n_columns; c++) {
        const struct question *wc = &was->columns[c];
        const struct question *nc = question_column(next, wc->id);
        if (nc)
            check_kept(wc, nc, qid, wc->id, sa, refusals);
        else if (count_answered(sa->versions, qid, wc->id, NULL))
            refuse(refusals, qid, "表「%s」の列「%s」には回答が保存されているため削除できません。",
                   was->label, wc->label);
    }
}

/* A question that is required in next: the submitted responses that were
   shown it and lack it. */
static void
check_required(const struct survey *next, const struct question *q, const struct question *was,
               const struct stored_answers *sa, json_t *refusals)
{
    if (!q->required || (was && was->required))
        return;
    size_t lacking = 0, i;
    json_t *a;
    json_array_foreach(sa->submitted, i, a) if (answer_visible(next, q, a) &&
                                                answer_is_empty(json_object_get(a, q->id)))
        lacking++;
    if (lacking)
        refuse(refusals, q->id,
               "「%s」を必須にすると、提出済みの回答のうち %zu 件に答えがないため、必須にできません"
               "（任意の設問として加えてください）。",
               q->label, lacking);
}

size_t
survey_change_check(const struct survey *old, const struct survey *next,
                    const struct stored_answers *sa, json_t *refusals)
{
    size_t before = json_array_size(refusals);
    if (strcmp(old->kind, next->kind) != 0 && json_array_size(sa->versions))
        refuse(refusals, "kind", "回答があるため、照会と自己点検の区別（kind）は変えられません。");
    size_t k;
    json_t *kind;
    json_array_foreach(sa->kinds, k, kind) if (!survey_for_kind(next, json_string_value(kind)))
        refuse(refusals, "audience",
               "%s の団体の回答があるため、対象の団体区分から%sを外すことはできません。",
               json_string_value(kind), json_string_value(kind));
    for (size_t i = 0; i < old->n_questions; i++) {
        const struct question *was = &old->questions[i];
        const struct question *q = survey_question(next, was->id);
        if (q)
            check_kept(was, q, was->id, NULL, sa, refusals);
        else if (count_answered(sa->versions, was->id, NULL, NULL))
            refuse(refusals, was->id, "設問「%s」には回答が保存されているため削除できません。",
                   was->label);
    }
    for (size_t i = 0; i < next->n_questions; i++)
        check_required(next, &next->questions[i], survey_question(old, next->questions[i].id), sa,
                       refusals);
    return json_array_size(refusals) - before;
}
