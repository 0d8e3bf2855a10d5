/*
 * past_round.c: 過年度実績 recorded by the Ministry (see past_round.h).
 */
#include "past_round.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "entries.h"
#include "err.h"
#include "report.h"
#include "survey_store.h"
#include "table.h"
#include "utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

bool
past_round_parse_held(const char *held, int *year, int *month)
{
    if (!held || strlen(held) != 7 || held[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (held[i] < '0' || held[i] > '9'))
            return false;
    *year = atoi(held);
    *month = atoi(held + 5);
    return *year >= 1989 && *year <= 2100 && *month >= 1 && *month <= 12;
}

/* The senders of a round run in shokai: the 団体 that sent 意見・質問 in
   its first entry question's submitted answers. */
static int
count_linked(struct db *db, struct past_round *r, struct arena *a)
{
    struct survey *s;
    int rc = survey_load(db, r->linked_survey, &s);
    if (rc)
        return rc;
    r->linked_title = arena_strdup(a, s->title);
    const struct question *q = entries_first_question(s);
    struct entry *e = NULL;
    size_t n = 0;
    if (q)
        rc = entries_collect(db, s, q, NULL, a, &e, &n);
    if (rc == 0)
        report_senders(e, n, &r->senders_pref, &r->senders_muni);
    survey_release(s);
    return rc;
}

int
past_rounds_list(struct db *db, const char *survey_id, struct arena *a, struct past_round **out,
                 size_t *n)
{
    static const char sql[] =
        "SELECT id, label, year, month, linked_survey, senders_pref, senders_muni, source"
        " FROM past_rounds WHERE survey_id = ?1 ORDER BY year, month, id LIMIT 50";
    struct past_round *rounds = arena_alloc(a, PAST_ROUNDS_MAX * sizeof(*rounds));
    sqlite3_stmt *st;
    *out = rounds;
    *n = 0;
    int rc = rounds ? db_prepare(db, &st, sql) : ERR_NOMEM;
    if (rc)
        return rc;
    db_bind_text(st, 1, survey_id);
    while ((rc = db_step(st)) == 1 && *n < PAST_ROUNDS_MAX) {
        struct past_round *r = &rounds[(*n)++];
        char held[32];
        r->id = sqlite3_column_int64(st, 0);
        r->label = arena_strdup(a, db_column_text(st, 1));
        r->year = sqlite3_column_int(st, 2);
        r->month = sqlite3_column_int(st, 3);
        clock_wareki_month(r->year, r->month, held, sizeof(held));
        r->held = arena_strdup(a, held);
        bool linked = sqlite3_column_type(st, 4) != SQLITE_NULL;
        r->linked_survey = linked ? arena_strdup(a, db_column_text(st, 4)) : NULL;
        r->linked_title = NULL;
        r->senders_pref = sqlite3_column_int64(st, 5);
        r->senders_muni = sqlite3_column_int64(st, 6);
        r->source = arena_strdup(a, db_column_text(st, 7));
    }
    db_done(st);
    for (size_t i = 0; rc >= 0 && i < *n; i++)
        if (rounds[i].linked_survey)
            rc = count_linked(db, &rounds[i], a);
    return rc < 0 ? rc : 0;
}

/* ERR_INPUT with *field when in cannot be recorded for survey_id. */
static int
check_input(struct db *db, const char *survey_id, const struct past_round_input *in, int *year,
            int *month, const char **field)
{
    bool figures = in->senders_pref >= 0 && in->senders_muni >= 0;
    bool linked = in->linked_survey && *in->linked_survey;
    *field = "held";
    if (!past_round_parse_held(in->held, year, month))
        return ERR_INPUT;
    *field = "label";
    if (!utf8_text_ok(in->label, strlen(in->label)) || !*in->label ||
        utf8_length(in->label) > PAST_ROUND_LABEL_MAX)
        return ERR_INPUT;
    *field = "linked_survey";
    if (figures == linked || (in->senders_pref >= 0) != (in->senders_muni >= 0))
        return ERR_INPUT;
    if (!linked)
        return 0;
    if (strcmp(in->linked_survey, survey_id) == 0)
        return ERR_INPUT;
    struct survey *s;
    int rc = survey_load(db, in->linked_survey, &s);
    if (rc)
        return rc == ERR_NOTFOUND ? ERR_INPUT : rc;
    rc = entries_first_question(s) ? 0 : ERR_INPUT;
    survey_release(s);
    return rc;
}

static json_t *
round_detail(int64_t id, const struct past_round_input *in)
{
    if (!in)
        return json_pack("{s:I}", "id", (json_int_t)id);
    return json_pack("{s:I, s:s, s:s, s:s?, s:I, s:I, s:s}", "id", (json_int_t)id, "label",
                     in->label, "held", in->held, "linked_survey",
                     in->linked_survey && *in->linked_survey ? in->linked_survey : NULL,
                     "senders_pref", (json_int_t)in->senders_pref, "senders_muni",
                     (json_int_t)in->senders_muni, "source", in->source ? in->source : "");
}

int
past_round_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                const struct past_round_input *in, int64_t *id, const char **field)
{
    static const char sql_add[] =
        "INSERT INTO past_rounds(survey_id, label, year, month, linked_survey, senders_pref,"
        " senders_muni, source) VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, -1),"
        " nullif(?7, -1), ?8)";
    static const char sql_change[] =
        "UPDATE past_rounds SET label = ?2, year = ?3, month = ?4, linked_survey = nullif(?5, ''),"
        " senders_pref = nullif(?6, -1), senders_muni = nullif(?7, -1), source = ?8"
        " WHERE survey_id = ?1 AND id = ?9";
    int year, month;
    const char *source = in->source ? in->source : "";
    int rc = check_input(db, survey_id, in, &year, &month, field);
    if (rc == 0 &&
        (!utf8_text_ok(source, strlen(source)) || utf8_length(source) > PAST_ROUND_SOURCE_MAX)) {
        *field = "source";
        rc = ERR_INPUT;
    }
    if (rc || (rc = db_begin(db)))
        return rc;
    const char *link = in->linked_survey ? in->linked_survey : "";
    bool linked = *link != '\0';
    int64_t pref = linked ? -1 : in->senders_pref, muni = linked ? -1 : in->senders_muni;
    if (*id == 0) {
        rc = db_run(db, sql_add, db_text(survey_id), db_text(in->label), db_int(year),
                    db_int(month), db_text(link), db_int(pref), db_int(muni), db_text(source));
        if (rc == 0)
            *id = db_last_rowid(db);
    } else {
        rc = db_run(db, sql_change, db_text(survey_id), db_text(in->label), db_int(year),
                    db_int(month), db_text(link), db_int(pref), db_int(muni), db_text(source),
                    db_int(*id));
        if (rc == 0 && db_changes(db) == 0)
            rc = ERR_NOTFOUND;
    }
    if (rc == 0)
        rc = audit_record_json(db, who, "report.past_round", survey_id, round_detail(*id, in));
    return db_finish(db, rc);
}

int
past_round_delete(struct db *db, const struct audit_actor *who, const char *survey_id, int64_t id)
{
    static const char sql[] = "DELETE FROM past_rounds WHERE survey_id = ?1 AND id = ?2";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(survey_id), db_int(id));
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = audit_record_json(db, who, "report.past_round_delete", survey_id,
                               round_detail(id, NULL));
    return db_finish(db, rc);
}

const char *
past_round_senders_text(const struct past_round *r, struct arena *a)
{
    return arena_printf(a, "%lld団体（都道府県：%lld団体 市区町村：%lld団体）",
                        (long long)(r->senders_pref + r->senders_muni), (long long)r->senders_pref,
                        (long long)r->senders_muni);
}

static int
table_round(struct table *t, const char *held, const char *label, int64_t pref, int64_t muni,
            const char *source)
{
    size_t row = table_row(t);
    if (row == (size_t)-1)
        return ERR_NOMEM;
    table_text(t, row, 0, held);
    table_text(t, row, 1, label);
    table_int(t, row, 2, pref + muni);
    table_int(t, row, 3, pref);
    table_int(t, row, 4, muni);
    table_text(t, row, 5, source);
    return 0;
}

int
past_rounds_table(const struct past_round *rounds, size_t n, const char *now_label,
                  int64_t now_pref, int64_t now_muni, struct arena *a, struct table *t)
{
    int rc = table_init(t, a, "過年度実績", "意見・質問を提出した団体の数", 6);
    if (rc)
        return rc;
    static const char *const heads[] = {"時期",         "照会",         "意見・質問提出団体",
                                        "うち都道府県", "うち市区町村", "出典"};
    for (size_t k = 0; k < 6; k++)
        table_head(t, k, heads[k]);
    if (now_label)
        rc = table_round(t, "今回", now_label, now_pref, now_muni, "shokai の提出済みの回答");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct past_round *r = &rounds[i];
        const char *source =
            r->linked_survey ? arena_printf(a, "shokai の照会「%s」", r->linked_title) : r->source;
        rc = table_round(t, r->held, r->label, r->senders_pref, r->senders_muni, source);
    }
    return rc;
}
