/*
 * survey_store.c: survey definitions and periods in SQLite (see survey_store.h).
 */
#include "survey_store.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "revision.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True if every answer stored under the stored definition (JSON text) can
   be read under next (revision_keeps_answers). */
static bool
stored_answers_kept(const char *stored, const struct survey *next)
{
    struct survey *old;
    char msg[256];
    if (survey_parse(stored, strlen(stored), "stored", &old, msg, sizeof(msg)))
        return false;
    bool kept = revision_keeps_answers(old, next);
    survey_release(old);
    return kept;
}

int
survey_default_group_known(struct db *db, const struct survey *s, const char *source, char *msg,
                           size_t msglen)
{
    static const char sql[] = "SELECT 1 FROM groupings WHERE scheme = ?1";
    if (!s->default_group)
        return 0;
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(s->default_group));
    db_done(st);
    if (rc == 1)
        return 0;
    if (rc == 0) {
        snprintf(msg, msglen, "%s: /default_group: 集計区分「%s」はありません", source,
                 s->default_group);
        rc = ERR_INPUT;
    }
    return rc;
}

int
survey_row_write(struct db *db, const struct audit_actor *who, const struct survey *s, bool exists,
                 const char *action)
{
    static const char sql_add[] =
        "INSERT INTO surveys(id, revision, kind, title, definition, opens_at, closes_at, position,"
        " loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT count(*) FROM surveys), ?8)";
    static const char sql_replace[] =
        "UPDATE surveys SET revision = ?2, kind = ?3, title = ?4, definition = ?5, loaded_at = ?6"
        " WHERE id = ?1";
    char *canonical = json_dumps(s->def, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!canonical)
        return ERR_NOMEM;
    int64_t now = clock_now();
    int rc;
    if (exists)
        rc = db_run(db, sql_replace, db_text(s->id), db_int((int64_t)s->revision), db_text(s->kind),
                    db_text(s->title), db_text(canonical), db_int(now));
    else
        rc = db_run(db, sql_add, db_text(s->id), db_int((int64_t)s->revision), db_text(s->kind),
                    db_text(s->title), db_text(canonical), db_int(s->opens_at),
                    db_int(s->closes_at), db_int(now));
    if (rc == 0)
        rc = audit_record(db, who, action, s->id, NULL, NULL);
    free(canonical);
    return rc;
}

int
survey_store(struct db *db, const struct audit_actor *who, const char *json, size_t len,
             const char *source, enum survey_store_result *res, char *msg, size_t msglen)
{
    struct survey *s;
    int rc = survey_parse(json, len, source, &s, msg, msglen);
    if (rc)
        return rc;
    char *canonical = json_dumps(s->def, JSON_COMPACT | JSON_PRESERVE_ORDER);
    static const char sql_get[] =
        "SELECT definition, (SELECT count(*) FROM responses r WHERE r.survey_id = s.id), revision"
        " FROM surveys s WHERE id = ?1";
    if ((rc = db_begin(db)))
        goto out;
    sqlite3_stmt *st;
    rc = db_first_row(db, sql_get, &st, db_text(s->id));
    bool exists = rc == 1;
    /* The same definition whatever its key order (an XLSForm read back writes
       its keys in another order than the JSON file it came from); and a later
       revision made with the editor (survey_definition.h) stays: a shipped
       file seeded again never takes a survey back to its own. */
    json_t *stored = exists ? json_loads(db_column_text(st, 0), 0, NULL) : NULL;
    bool same = exists && ((stored && json_equal(stored, s->def)) ||
                           sqlite3_column_int64(st, 2) > s->revision);
    json_decref(stored);
    int64_t n_responses = exists ? sqlite3_column_int64(st, 1) : 0;
    bool keeps = exists && n_responses > 0 && !same && sqlite3_column_int64(st, 2) < s->revision &&
                 stored_answers_kept(db_column_text(st, 0), s);
    db_done(st);
    if (rc < 0)
        goto out;
    if ((rc = survey_default_group_known(db, s, source, msg, msglen)))
        goto out;
    if (same) {
        *res = SURVEY_UNCHANGED;
        goto out;
    }
    if (exists && n_responses > 0 && !keeps) {
        snprintf(msg, msglen,
                 "%s: 照会「%s」には既に回答があるため、revision を上げずに、または回答の設問・"
                 "選択肢を除いて定義を変更することはできません。新しい id にしてください",
                 source, s->id);
        rc = ERR_CONFLICT;
        goto out;
    }
    rc = survey_row_write(db, who, s, exists, exists ? "survey.replace" : "survey.add");
    *res = exists ? SURVEY_REPLACED : SURVEY_ADDED;
out:
    rc = db_finish(db, rc);
    free(canonical);
    survey_release(s);
    return rc;
}

/* Parsed definitions kept between requests: parsing a definition is most of
   what an answering page costs. An entry is used only while the 'master'
   data generation it was read with is current, and every change to a
   survey's row (definition, period) replaces that token (migration 0006). */
#define SURVEY_CACHE_SIZE 16

static struct {
    pthread_mutex_t lock;
    struct survey *entries[SURVEY_CACHE_SIZE]; /* each holds one reference */
    size_t next;                               /* the slot replaced next when full */
} parsed = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct survey *
parsed_get(const char *id, int64_t generation)
{
    struct survey *s = NULL;
    pthread_mutex_lock(&parsed.lock);
    for (size_t i = 0; !s && i < SURVEY_CACHE_SIZE; i++)
        if (parsed.entries[i] && parsed.entries[i]->master_generation == generation &&
            strcmp(parsed.entries[i]->id, id) == 0)
            s = survey_ref(parsed.entries[i]);
    pthread_mutex_unlock(&parsed.lock);
    return s;
}

static void
parsed_put(struct survey *s)
{
    struct survey *old = NULL;
    pthread_mutex_lock(&parsed.lock);
    size_t slot = parsed.next;
    for (size_t i = 0; i < SURVEY_CACHE_SIZE; i++)
        if (!parsed.entries[i] || strcmp(parsed.entries[i]->id, s->id) == 0) {
            slot = i;
            break;
        }
    if (slot == parsed.next)
        parsed.next = (parsed.next + 1) % SURVEY_CACHE_SIZE;
    old = parsed.entries[slot];
    parsed.entries[slot] = survey_ref(s);
    pthread_mutex_unlock(&parsed.lock);
    survey_release(old);
}

/* A survey's period and the current 'master' data generation. */
static int
survey_row(struct db *db, const char *id, int64_t *opens, int64_t *closes, int64_t *generation)
{
    static const char sql[] =
        "SELECT opens_at, closes_at,"
        " coalesce((SELECT token FROM data_generations WHERE id = 'master'), 0)"
        " FROM surveys WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(id));
    if (rc == 1) {
        *opens = sqlite3_column_int64(st, 0);
        *closes = sqlite3_column_int64(st, 1);
        *generation = sqlite3_column_int64(st, 2);
    }
    db_done(st);
    return rc == 1 ? 0 : rc < 0 ? rc : ERR_NOTFOUND;
}

int
survey_load(struct db *db, const char *id, struct survey **out)
{
    static const char sql_def[] = "SELECT definition FROM surveys WHERE id = ?1";
    sqlite3_stmt *st;
    *out = NULL;
    int64_t opens, closes, generation, after;
    int rc = survey_row(db, id, &opens, &closes, &generation);
    if (rc)
        return rc;
    if ((*out = parsed_get(id, generation)))
        return 0;
    rc = db_first_row(db, sql_def, &st, db_text(id));
    if (rc == 1) {
        char msg[256];
        const char *def = db_column_text(st, 0);
        rc = survey_parse(def, strlen(def), id, out, msg, sizeof(msg)) ? ERR_DB : 0;
        /* (a stored definition was validated when stored) */
    } else if (rc == 0) {
        rc = ERR_NOTFOUND;
    }
    db_done(st);
    if (rc)
        return rc;
    (*out)->opens_at = opens;
    (*out)->closes_at = closes;
    /* Kept only if the row did not change while the definition was read
       (two statements, so two snapshots). */
    if (survey_row(db, id, &opens, &closes, &after) == 0 && after == generation) {
        (*out)->has_generation = true;
        (*out)->master_generation = generation;
        parsed_put(*out);
    }
    return 0;
}

/* Rows of surveys in the given order, to fn. */
static int
survey_rows(sqlite3_stmt *st, int (*fn)(const struct survey_row *s, void *ctx), void *ctx)
{
    int rc;
    while ((rc = db_step(st)) == 1) {
        struct survey_row r = {db_column_text(st, 0), db_column_text(st, 1), db_column_text(st, 2),
                               sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)};
        if ((rc = fn(&r, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
survey_each(struct db *db, int (*fn)(const struct survey_row *s, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT id, kind, title, opens_at, closes_at FROM surveys ORDER BY position, id";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    return rc ? rc : survey_rows(st, fn, ctx);
}

int
survey_each_by_period(struct db *db, int (*fn)(const struct survey_row *s, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT id, kind, title, opens_at, closes_at FROM surveys ORDER BY opens_at, id";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    return rc ? rc : survey_rows(st, fn, ctx);
}

int
survey_set_period(struct db *db, const struct audit_actor *who, const char *id, int64_t opens_at,
                  int64_t closes_at)
{
    static const char sql[] = "UPDATE surveys SET opens_at = ?2, closes_at = ?3 WHERE id = ?1";
    if (closes_at <= opens_at)
        return ERR_INPUT;
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(id), db_int(opens_at), db_int(closes_at));
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOTFOUND;
    char detail[96];
    snprintf(detail, sizeof(detail), "{\"opens_at\":%lld,\"closes_at\":%lld}", (long long)opens_at,
             (long long)closes_at);
    if (rc == 0)
        rc = audit_record(db, who, "survey.period", id, NULL, detail);
    rc = db_finish(db, rc);
    return rc;
}

int
survey_reopen(struct db *db, const struct audit_actor *who, const char *id, const char *org_code,
              int64_t until)
{
    static const char sql[] =
        "INSERT INTO survey_reopenings(survey_id, org_code, until) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(survey_id, org_code) DO UPDATE SET until = excluded.until";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(id), db_text(org_code), db_int(until));
    char detail[48];
    snprintf(detail, sizeof(detail), "{\"until\":%lld}", (long long)until);
    if (rc == 0)
        rc = audit_record(db, who, "survey.reopen", id, org_code, detail);
    rc = db_finish(db, rc);
    return rc == ERR_CONFLICT ? ERR_NOTFOUND : rc;
}

int
survey_accepting(struct db *db, const struct survey *s, const char *org_code, int64_t now,
                 const char **why)
{
    *why = NULL;
    if (now >= s->opens_at && now < s->closes_at)
        return 0;
    if (now < s->opens_at) {
        *why = "照会期間の開始前のため、まだ回答できません。";
        return ERR_CONFLICT;
    }
    static const char sql[] =
        "SELECT until FROM survey_reopenings WHERE survey_id = ?1 AND org_code = ?2";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(s->id), db_text(org_code));
    int64_t until = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    db_done(st);
    if (rc < 0)
        return rc;
    if (now < until)
        return 0;
    *why = "照会期間が終了したため、回答の保存・提出はできません。総務省に連絡してください。";
    return ERR_CONFLICT;
}
