/*
 * seed_demo.c: the demo's submitted answers, seeds/demo/answers.json (see
 * seed_demo.h). Core, not command line: the unit tests count them too.
 */
#include "seed_demo.h"
#include "answer.h"
#include "arena.h"
#include "assets.h"
#include "audit.h"
#include "curation.h"
#include "db.h"
#include "err.h"
#include "importer.h"
#include "jsonin.h"
#include "response.h"
#include "survey_store.h"

#include <stdio.h>
#include <string.h>

/* Stores one demo response as submitted, unless the 団体 already responded. */
static int
demo_response_load(struct db *db, const struct survey *s, const char *org, json_t *answers)
{
    struct response cur;
    int rc = response_get(db, s->id, org, &cur);
    bool exists = cur.exists;
    response_cleanup(&cur);
    if (rc || exists)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    struct answer_issues is;
    answer_issues_init(&is, &a);
    json_t *clean = answer_check(s, answers, true, &is);
    long version;
    if (is.n) {
        fprintf(stderr, "shokai: demo answers of %s to %s: %s\n", org, s->id, is.items[0].message);
        rc = ERR_INPUT;
    } else if ((rc = response_save(db, &audit_cli, s->id, org, clean, RESPONSE_ANY_VERSION, false,
                                   &version)) == 0) {
        answer_issues_init(&is, &a);
        rc = response_submit(db, &audit_cli, s, org, version, false, &is, &version);
    }
    json_decref(clean);
    arena_reset(&a);
    return rc;
}

/* The published 令和3年 list (seeds/demo/r3-entries.csv, made by
   tools/make_r3_entries.py from reference 003) as the R3 survey's entries,
   through the same import as `shokai import entries`; only into a survey
   that has no entries yet (a demo database from before keeps its own). */
static int
demo_entries_load(struct db *db)
{
    static const char sql[] = "SELECT (SELECT count(*) FROM imported_entries WHERE survey_id = ?1)"
                              " + (SELECT count(*) FROM responses WHERE survey_id = ?1)";
    const struct asset *csv = assets_find(DEMO_R3_ENTRIES);
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(DEMO_R3_SURVEY));
    bool empty = rc == 1 && sqlite3_column_int64(st, 0) == 0;
    db_done(st);
    if (rc < 0 || !empty)
        return rc < 0 ? rc : 0;
    struct survey *s;
    if (!csv || (rc = survey_load(db, DEMO_R3_SURVEY, &s))) {
        fprintf(stderr, "shokai: %s: %s\n", DEMO_R3_ENTRIES, csv ? "no survey" : "missing");
        return csv ? rc : ERR_INPUT;
    }
    char msg[512];
    int rows;
    rc = import_entries(db, &audit_cli, s, "entries", DEMO_R3_ENTRIES, (const char *)csv->data,
                        csv->size, false, NULL, &rows, msg, sizeof(msg));
    if (rc)
        fprintf(stderr, "shokai: %s\n", msg);
    survey_release(s);
    return rc;
}

/* One section of DEMO_R7_CURATION: each bullet is the demo row of its section
   that carries its text (tools/make_demo_answers.py), under the document's
   課題 and 項目; then the section's sentence and notes. */
static int
demo_section_load(struct db *db, const struct agg_result *res, struct curation_row *rows,
                  size_t n_rows, const char *scheme, json_t *section)
{
    const char *group = json_string_value(json_object_get(section, "group"));
    size_t gi = res->n_groups;
    for (size_t g = 0; group && g < res->n_groups; g++)
        if (strcmp(res->groups[g].label, group) == 0)
            gi = g;
    if (gi == res->n_groups)
        return ERR_INPUT;
    size_t i;
    json_t *b;
    int rc = 0;
    json_array_foreach(json_object_get(section, "bullets"), i, b)
    {
        const char *challenge = json_string_value(json_array_get(b, 0));
        const char *item = json_string_value(json_array_get(b, 1));
        const char *body = json_string_value(json_array_get(b, 2));
        struct curation_row *row = NULL;
        for (size_t k = 0; body && !row && k < n_rows; k++)
            if (rows[k].group == gi && rows[k].key && strcmp(rows[k].content, body) == 0)
                row = &rows[k];
        if (!row || !challenge || !item)
            return ERR_INPUT;
        struct curation_row published = *row;
        published.challenge = challenge;
        published.item = item;
        int64_t id;
        if ((rc = curation_add(db, &audit_cli, res->s->id, scheme, group, &published, &id)))
            return rc;
        row->key = NULL; /* each row once */
    }
    const char *summary = json_string_value(json_object_get(section, "summary"));
    const char *notes = json_string_value(json_object_get(section, "notes"));
    return curation_section_save(db, &audit_cli, res->s->id, scheme, group, summary ? summary : "",
                                 notes ? notes : "");
}

/* The R7 document's 具体的な内容 (DEMO_R7_CURATION) as the demo's curation of
   R7, unless it has one. */
static int
demo_curation_load(struct db *db)
{
    const struct asset *data = assets_find(DEMO_R7_CURATION);
    char msg[256] = "missing";
    json_t *root =
        data ? jsonin_parse((const char *)data->data, data->size, msg, sizeof(msg)) : NULL;
    const char *sid = json_string_value(json_object_get(root, "survey"));
    const char *scheme = json_string_value(json_object_get(root, "scheme"));
    struct arena a;
    arena_init(&a, 0);
    struct survey *s = NULL;
    struct curation cur;
    struct agg_result res;
    struct curation_row *rows;
    size_t n_rows;
    int rc = sid && scheme ? survey_load(db, sid, &s) : ERR_INPUT;
    if (rc == 0)
        rc = curation_get(db, sid, &a, &cur);
    if (rc == 0 && !cur.scheme && curation_question(s)) {
        rc = agg_compute(db, s, scheme, NULL, &a, &res);
        if (rc == 0)
            rc = curation_rows(db, &res, curation_question(s), &a, &rows, &n_rows);
        size_t i;
        json_t *section;
        json_array_foreach(json_object_get(root, "sections"), i, section)
        {
            if (rc)
                break;
            rc = demo_section_load(db, &res, rows, n_rows, scheme, section);
        }
    }
    if (rc)
        fprintf(stderr, "shokai: %s: %s\n", DEMO_R7_CURATION,
                root ? "a bullet has no demo row with its text" : msg);
    survey_release(s);
    arena_reset(&a);
    json_decref(root);
    return rc;
}

int
seed_demo_answers(struct db *db)
{
    const struct asset *data = assets_find("seeds/demo/answers.json");
    char msg[256];
    json_t *root =
        data ? jsonin_parse((const char *)data->data, data->size, msg, sizeof(msg)) : NULL;
    if (!root) {
        fprintf(stderr, "shokai: seeds/demo/answers.json: %s\n", data ? msg : "missing");
        return ERR_INPUT;
    }
    struct survey *s = NULL;
    int rc = 0;
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(root, "responses"), i, item)
    {
        const char *sid = json_string_value(json_object_get(item, "survey"));
        const char *org = json_string_value(json_object_get(item, "org"));
        if (!sid || !org) {
            rc = ERR_INPUT;
            break;
        }
        if (!s || strcmp(s->id, sid) != 0) {
            survey_release(s);
            if ((rc = survey_load(db, sid, &s)))
                break;
        }
        if ((rc = demo_response_load(db, s, org, json_object_get(item, "answers"))))
            break;
    }
    survey_release(s);
    json_decref(root);
    if (rc == 0)
        rc = demo_entries_load(db);
    return rc ? rc : demo_curation_load(db);
}
