/*
 * survey_definition.c: reading and changing a definition, draft or opened
 * (see survey_definition.h).
 */
#include "survey_definition.h"
#include "db.h"
#include "err.h"
#include "survey.h"
#include "survey_change.h"
#include "survey_draft.h"
#include "survey_store.h"

#include <stdlib.h>
#include <string.h>

int
survey_definition_row(struct db *db, const char *sql, const char *id, json_t **def)
{
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(id));
    *def = rc == 1 ? json_loads(db_column_text(st, 0), 0, NULL) : NULL;
    db_done(st);
    if (rc == 1 && !*def)
        return ERR_DB;
    return rc == 1 ? 0 : rc < 0 ? rc : ERR_NOTFOUND;
}

/* The stored definition of opened survey id (a new object), ERR_NOTFOUND. */
static int
opened_definition(struct db *db, const char *id, json_t **def)
{
    return survey_definition_row(db, "SELECT definition FROM surveys WHERE id = ?1", id, def);
}

int
survey_definition_get(struct db *db, const char *id, json_t **def, bool *draft)
{
    int rc = survey_draft_get(db, id, def);
    *draft = rc == 0;
    if (rc == ERR_NOTFOUND)
        rc = opened_definition(db, id, def);
    return rc;
}

/* Parses a definition object (strictly, or as a draft). */
static int
parse_object(json_t *def, bool draft, const char *source, struct survey **out, char *msg,
             size_t msglen)
{
    char *text = json_dumps(def, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return ERR_NOMEM;
    int rc = draft ? survey_parse_draft(text, strlen(text), source, out, msg, msglen)
                   : survey_parse(text, strlen(text), source, out, msg, msglen);
    free(text);
    return rc;
}

/* An opened survey's change, inside the transaction: checked against the
   stored definition and answers, then written as the next revision. */
static int
revise_opened(struct db *db, const struct audit_actor *who, const char *id, json_t *def,
              const json_t *based_on, const char *action, json_t *refusals, char *msg,
              size_t msglen)
{
    json_t *stored;
    struct survey *old = NULL, *next = NULL;
    struct stored_answers sa = {NULL, NULL, NULL};
    int rc = opened_definition(db, id, &stored);
    if (rc)
        return rc;
    if ((rc = survey_draft_unchanged(stored, based_on, msg, msglen)))
        goto out;
    json_object_set(def, "period", json_object_get(stored, "period"));
    json_int_t revision = json_integer_value(json_object_get(stored, "revision"));
    json_object_set_new(def, "revision", json_integer(revision));
    bool same = json_equal(def, stored);
    json_object_set_new(def, "revision", json_integer(revision + 1));
    if (same)
        goto out;
    if ((rc = parse_object(stored, false, id, &old, msg, msglen)) ||
        (rc = parse_object(def, false, id, &next, msg, msglen)) ||
        (rc = survey_default_group_known(db, next, id, msg, msglen)) ||
        (rc = stored_answers_load(db, id, &sa)))
        goto out;
    if (survey_change_check(old, next, &sa, refusals)) {
        rc = ERR_CONFLICT;
        goto out;
    }
    rc = survey_row_write(db, who, next, true, action);
out:
    stored_answers_cleanup(&sa);
    survey_release(old);
    survey_release(next);
    json_decref(stored);
    return rc;
}

static const char *
member_text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void
survey_fault_words(json_t *def, char *msg, size_t msglen)
{
    const char *path = strstr(msg, ": /");
    const char *what = path ? strstr(path + 2, ": ") : NULL;
    if (!what)
        return;
    size_t sec, q;
    int n_sec = 0, n_q = 0;
    sscanf(path + 2, "/sections/%zu%n/questions/%zu%n", &sec, &n_sec, &q, &n_q);
    json_t *js = n_sec ? json_array_get(json_object_get(def, "sections"), sec) : NULL;
    json_t *jq = n_q ? json_array_get(json_object_get(js, "questions"), q) : NULL;
    char place[400] = "";
    if (js)
        snprintf(place, sizeof(place), "セクション%zu「%s」", sec + 1, member_text(js, "title"));
    if (jq)
        snprintf(place + strlen(place), sizeof(place) - strlen(place), "の設問「%s」",
                 member_text(jq, "label"));
    char out[1024];
    snprintf(out, sizeof(out), "%s%s%s", place, place[0] ? ": " : "", what + 2);
    snprintf(msg, msglen, "%s", out);
}

int
survey_definition_put(struct db *db, const struct audit_actor *who, const char *id, json_t *def,
                      const json_t *based_on, const char *action, json_t *refusals, char *msg,
                      size_t msglen)
{
    json_object_set_new(def, "id", json_string(id));
    json_t *draft_def;
    int rc = survey_draft_get(db, id, &draft_def);
    if (rc == 0) {
        json_decref(draft_def);
        return survey_draft_put(db, who, id, def, based_on, action, msg, msglen);
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    if ((rc = db_begin(db)))
        return rc;
    rc = revise_opened(db, who, id, def, based_on, action, refusals, msg, msglen);
    return db_finish(db, rc);
}
