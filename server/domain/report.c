/*
 * report.c: report notes, 具体的な内容 per group, and respondents behind a
 * figure (see report.h).
 */
#include "report.h"
#include "answer.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "entries.h"
#include "err.h"
#include "grouping.h"
#include "org.h"
#include "utf8.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
report_notes_get(struct db *db, const char *survey_id, struct arena *a, struct report_notes *out)
{
    static const char sql[] =
        "SELECT n.version, n.considerations, n.direction, n.saved_at, coalesce(u.login, '-')"
        " FROM report_notes n LEFT JOIN users u ON u.id = n.saved_by"
        " WHERE n.survey_id = ?1 ORDER BY n.version DESC LIMIT 1";
    memset(out, 0, sizeof(*out));
    out->considerations = out->direction = out->saved_by = "";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id));
    if (rc == 1) {
        out->version = (long)sqlite3_column_int64(st, 0);
        out->considerations = arena_strdup(a, db_column_text(st, 1));
        out->direction = arena_strdup(a, db_column_text(st, 2));
        out->saved_at = sqlite3_column_int64(st, 3);
        out->saved_by = arena_strdup(a, db_column_text(st, 4));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static bool
note_ok(const char *s)
{
    size_t n = strlen(s);
    return utf8_text_ok(s, n) && utf8_length(s) <= REPORT_NOTE_MAX;
}

int
report_notes_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                  const char *considerations, const char *direction, long expected_version,
                  long *new_version)
{
    static const char sql_latest[] =
        "SELECT coalesce(max(version), 0) FROM report_notes WHERE survey_id = ?1";
    static const char sql_add[] =
        "INSERT INTO report_notes(survey_id, version, considerations, direction, saved_at,"
        " saved_by) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0))";
    if (!note_ok(considerations) || !note_ok(direction))
        return ERR_INPUT;
    int rc = db_begin(db);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    rc = db_first_row(db, sql_latest, &st, db_text(survey_id));
    long latest = rc == 1 ? (long)sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (rc < 0)
        goto out;
    if (expected_version != latest) {
        rc = ERR_CONFLICT;
        goto out;
    }
    *new_version = latest + 1;
    if ((rc = db_run(db, sql_add, db_text(survey_id), db_int((int64_t)*new_version),
                     db_text(considerations), db_text(direction), db_int(clock_now()),
                     db_int(who->user_id))))
        goto out;
    char detail[48];
    snprintf(detail, sizeof(detail), "{\"version\":%ld}", *new_version);
    rc = audit_record(db, who, "report.notes", survey_id, NULL, detail);
out:
    rc = db_finish(db, rc);
    return rc;
}

void
report_senders(const struct entry *entries, size_t n, int64_t *pref, int64_t *muni)
{
    *pref = *muni = 0;
    for (size_t i = 0; i < n; i++) {
        const char *code = entries[i].org_code;
        bool seen = !*code;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(entries[k].org_code, code) == 0;
        if (seen)
            continue;
        if (org_code_is_prefecture(code))
            (*pref)++;
        else
            (*muni)++;
    }
}

bool
report_details_question(const struct survey *s, const struct question *q)
{
    return q->type == Q_TABLE && !entries_question(s, q->id);
}

int
report_each_response(struct db *db, const struct agg_result *res, struct arena *a,
                     int (*fn)(size_t g, const char *code, const char *name, const char *prefecture,
                               const char *kind, json_t *answers, void *ctx),
                     void *ctx)
{
    static const char sql[] =
        "SELECT r.org_kind, o.prefecture, v.answers, o.code, o.name FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " JOIN organizations o ON o.code = r.org_code"
        " WHERE r.survey_id = ?1 AND r.submitted_version IS NOT NULL"
        " AND (?2 IS NULL OR o.prefecture = ?2) ORDER BY o.code";
    struct grouping g;
    int rc = grouping_load(db, res->scheme, a, &g);
    sqlite3_stmt *st;
    if (rc || (rc = db_prepare(db, &st, sql)))
        return rc;
    db_bind_text(st, 1, res->s->id);
    db_bind_text(st, 2, res->prefecture);
    while ((rc = db_step(st)) == 1) {
        size_t gi = grouping_index(&g, db_column_text(st, 0), db_column_text(st, 1));
        if (gi >= res->n_groups || res->groups[gi].suppressed)
            continue;
        json_t *answers = json_loads(db_column_text(st, 2), 0, NULL);
        rc = fn(gi, db_column_text(st, 3), db_column_text(st, 4), db_column_text(st, 1),
                db_column_text(st, 0), answers, ctx);
        json_decref(answers);
        if (rc)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

struct details_ctx {
    const struct agg_result *res;
    const struct question *q;
    struct arena *a;
    struct detail_row {
        size_t group;
        size_t seq;
        json_t *row;
    } * rows;
    size_t n, cap;
};

static int
collect_detail(size_t g, const char *code, const char *name, const char *prefecture,
               const char *kind, json_t *answers, void *arg)
{
    (void)code, (void)name, (void)prefecture, (void)kind;
    struct details_ctx *c = arg;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(answers, c->q->id), i, row)
    {
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 64;
            struct detail_row *more = realloc(c->rows, cap * sizeof(*more));
            if (!more)
                return ERR_NOMEM;
            c->rows = more;
            c->cap = cap;
        }
        c->rows[c->n] = (struct detail_row){g, c->n, json_incref(row)};
        c->n++;
    }
    return 0;
}

static int
compare_details(const void *pa, const void *pb)
{
    const struct detail_row *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int
report_details_table(struct db *db, const struct agg_result *res, const struct question *q,
                     struct arena *a, struct table *t)
{
    struct details_ctx c = {res, q, a, NULL, 0, 0};
    int rc = report_each_response(db, res, a, collect_detail, &c);
    if (rc == 0)
        rc = table_init(t, a, q->label, "区分ごとに、回答の行をそのまま示します", 1 + q->n_columns);
    if (rc == 0) {
        if (c.n > 1) /* rows is NULL when nobody answered: not for qsort */
            qsort(c.rows, c.n, sizeof(*c.rows), compare_details);
        table_head(t, 0, res->scheme_label);
        for (size_t k = 0; k < q->n_columns; k++)
            table_head(t, 1 + k, q->columns[k].label);
        for (size_t i = 0; rc == 0 && i < c.n; i++) {
            size_t row = table_row(t);
            if (row == (size_t)-1) {
                rc = ERR_NOMEM;
                break;
            }
            table_text(t, row, 0, res->groups[c.rows[i].group].label);
            for (size_t k = 0; k < q->n_columns; k++) {
                json_t *v = json_object_get(c.rows[i].row, q->columns[k].id);
                if (json_is_string(v))
                    table_text(t, row, 1 + k, json_string_value(v));
                else if (json_is_number(v))
                    table_number(t, row, 1 + k, arena_printf(a, "%g", json_number_value(v)));
            }
        }
    }
    for (size_t i = 0; i < c.n; i++)
        json_decref(c.rows[i].row);
    free(c.rows);
    return rc;
}

struct respondents_ctx {
    const struct agg_result *res;
    const char *qid, *option, *group;
    struct table *t;
};

static int
collect_respondent(size_t g, const char *code, const char *name, const char *prefecture,
                   const char *kind, json_t *answers, void *arg)
{
    struct respondents_ctx *c = arg;
    if (c->group && strcmp(c->res->groups[g].label, c->group) != 0)
        return 0;
    if (c->qid && !answer_holds(json_object_get(answers, c->qid), c->option))
        return 0;
    size_t row = table_row(c->t);
    if (row == (size_t)-1)
        return ERR_NOMEM;
    table_text(c->t, row, 0, code);
    table_text(c->t, row, 1, name);
    table_text(c->t, row, 2, prefecture);
    table_text(c->t, row, 3, kind);
    return 0;
}

int
report_respondents_table(struct db *db, const struct agg_result *res, const char *qid,
                         const char *option, const char *group, struct arena *a, struct table *t)
{
    int rc = table_init(t, a, "回答した団体", "提出済みの回答による", 4);
    if (rc)
        return rc;
    table_head(t, 0, "団体コード");
    table_head(t, 1, "団体名");
    table_head(t, 2, "都道府県");
    table_head(t, 3, "回答時の団体区分");
    struct respondents_ctx c = {res, qid, option, group, t};
    return report_each_response(db, res, a, collect_respondent, &c);
}
