/*
 * survey_draft.c: drafts of surveys in SQLite (see survey_draft.h).
 */
#include "survey_draft.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "survey.h"
#include "survey_definition.h"
#include "survey_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* def as stored text (malloc'd), after checking it as a draft. */
static int
draft_text(json_t *def, char **text, char *msg, size_t msglen)
{
    *text = json_dumps(def, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!*text)
        return ERR_NOMEM;
    const char *id = json_string_value(json_object_get(def, "id"));
    struct survey *s;
    int rc = survey_parse_draft(*text, strlen(*text), id ? id : "定義", &s, msg, msglen);
    survey_release(s);
    if (rc) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

/* 1 if a survey or a draft is called id, 0 if none, or an err. */
static int
id_taken(struct db *db, const char *id)
{
    static const char sql[] = "SELECT 1 FROM surveys WHERE id = ?1"
                              " UNION ALL SELECT 1 FROM survey_drafts WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(id));
    db_done(st);
    return rc;
}

int
survey_draft_create(struct db *db, const struct audit_actor *who, json_t *def, char *msg,
                    size_t msglen)
{
    static const char sql[] = "INSERT INTO survey_drafts(id, definition, created_at, created_by,"
                              " updated_at) VALUES (?1, ?2, ?3, ?4, ?3)";
    char *text;
    int rc = draft_text(def, &text, msg, msglen);
    if (rc)
        return rc;
    const char *id = json_string_value(json_object_get(def, "id"));
    if ((rc = db_begin(db)))
        goto out;
    if ((rc = id_taken(db, id)) == 1) {
        snprintf(msg, msglen, "ID「%s」の照会または下書きが既にあります。別の ID にしてください。",
                 id);
        rc = ERR_CONFLICT;
        goto out;
    }
    if (rc == 0)
        rc = db_run(db, sql, db_text(id), db_text(text), db_int(clock_now()),
                    who->user_id ? db_int(who->user_id) : db_null());
    if (rc == 0)
        rc = audit_record(db, who, "survey.draft.create", id, NULL, NULL);
out:
    rc = db_finish(db, rc);
    free(text);
    return rc;
}

int
survey_draft_copy_of(struct db *db, const char *from_id, const char *new_id, json_t **out)
{
    bool draft;
    int rc = survey_definition_get(db, from_id, out, &draft);
    if (rc)
        return rc;
    char id[80];
    snprintf(id, sizeof(id), "%s", new_id ? new_id : "");
    for (int n = 1; !new_id && n < 100; n++) {
        snprintf(id, sizeof(id), n == 1 ? "%.56s-copy" : "%.56s-copy%d", from_id, n);
        if ((rc = id_taken(db, id)) <= 0)
            break;
    }
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    const char *title = json_string_value(json_object_get(*out, "title"));
    char *copy_title = NULL;
    if (asprintf(&copy_title, "%s%s", title ? title : "", SURVEY_COPY_SUFFIX) < 0)
        copy_title = NULL;
    json_object_set_new(*out, "id", json_string(id));
    json_object_set_new(*out, "title", json_string(copy_title ? copy_title : SURVEY_COPY_SUFFIX));
    json_object_set_new(*out, "revision", json_integer(1));
    json_object_del(*out, "period");
    json_object_del(*out, "published_summary");
    /* A self-check's copy is its next clause set: answers carry over from
       the one copied, and the 新旧対照 compares with it (revision.h). */
    const char *kind = json_string_value(json_object_get(*out, "kind"));
    if (kind && strcmp(kind, "selfcheck") == 0)
        json_object_set_new(*out, "previous", json_string(from_id));
    free(copy_title);
    return 0;
}

json_t *
survey_draft_empty(const char *id, const char *title)
{
    return json_pack("{s:s, s:i, s:s, s:s, s:[{s:s, s:s, s:[]}]}", "id", id, "revision", 1, "kind",
                     "survey", "title", title, "sections", "id", "s1", "title", "セクション1",
                     "questions");
}

int
survey_draft_get(struct db *db, const char *id, json_t **def)
{
    return survey_definition_row(db, "SELECT definition FROM survey_drafts WHERE id = ?1", id, def);
}

/* ERR_CONFLICT with msg when stored differs from based_on (NULL: no check). */
int
survey_draft_unchanged(const json_t *stored, const json_t *based_on, char *msg, size_t msglen)
{
    if (!based_on || json_equal(stored, based_on))
        return 0;
    snprintf(msg, msglen, "%s", SURVEY_CHANGED_MEANWHILE);
    return ERR_CONFLICT;
}

int
survey_draft_put(struct db *db, const struct audit_actor *who, const char *id, json_t *def,
                 const json_t *based_on, const char *action, char *msg, size_t msglen)
{
    static const char sql[] =
        "UPDATE survey_drafts SET definition = ?2, updated_at = ?3 WHERE id = ?1";
    char *text;
    int rc = draft_text(def, &text, msg, msglen);
    if (rc)
        return rc;
    if ((rc = db_begin(db)))
        goto out;
    json_t *stored;
    if ((rc = survey_draft_get(db, id, &stored)))
        goto out;
    rc = survey_draft_unchanged(stored, based_on, msg, msglen);
    json_decref(stored);
    if (rc == 0)
        rc = db_run(db, sql, db_text(id), db_text(text), db_int(clock_now()));
    if (rc == 0)
        rc = audit_record(db, who, action, id, NULL, NULL);
out:
    rc = db_finish(db, rc);
    free(text);
    return rc;
}

int
survey_draft_openable(json_t *def, struct survey **out, char *msg, size_t msglen)
{
    *out = NULL;
    if (!json_object_get(def, "period")) {
        snprintf(msg, msglen, "照会期間（開始・終了）を設定してから公開してください。");
        return ERR_INPUT;
    }
    char *text = json_dumps(def, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return ERR_NOMEM;
    const char *id = json_string_value(json_object_get(def, "id"));
    int rc = survey_parse(text, strlen(text), id ? id : "定義", out, msg, msglen);
    free(text);
    return rc;
}

int
survey_draft_open(struct db *db, const struct audit_actor *who, const char *id, char *msg,
                  size_t msglen)
{
    static const char sql_del[] = "DELETE FROM survey_drafts WHERE id = ?1";
    struct survey *s = NULL;
    int rc = db_begin(db);
    if (rc)
        return rc;
    json_t *def;
    if ((rc = survey_draft_get(db, id, &def)))
        goto out;
    rc = survey_draft_openable(def, &s, msg, msglen);
    json_decref(def);
    if (rc || (rc = survey_default_group_known(db, s, id, msg, msglen)))
        goto out;
    if ((rc = db_run(db, sql_del, db_text(id))) == 0)
        rc = survey_row_write(db, who, s, false, "survey.open");
out:
    survey_release(s);
    return db_finish(db, rc);
}

int
survey_draft_delete(struct db *db, const struct audit_actor *who, const char *id)
{
    static const char sql[] = "DELETE FROM survey_drafts WHERE id = ?1";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = db_run(db, sql, db_text(id));
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = audit_record(db, who, "survey.draft.delete", id, NULL, NULL);
    return db_finish(db, rc);
}

int
survey_draft_each(struct db *db, int (*fn)(const struct survey_draft_row *d, void *ctx), void *ctx)
{
    static const char sql[] =
        "SELECT id, json_extract(definition, '$.title'), updated_at FROM survey_drafts"
        " ORDER BY updated_at DESC, id";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    while ((rc = db_step(st)) == 1) {
        struct survey_draft_row d = {db_column_text(st, 0), db_column_text(st, 1),
                                     sqlite3_column_int64(st, 2)};
        if ((rc = fn(&d, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
