/*
 * survey_draft.h: surveys the Ministry is still designing (issue #18).
 *
 * A draft lives in survey_drafts (migration 0014), apart from the opened
 * surveys, so nothing 団体 see can list or load it. It starts as a copy of an
 * earlier survey, an uploaded definition or an empty skeleton; the editor
 * changes it (survey_definition.h); opening it moves it into surveys. Every
 * step is audited in its own transaction.
 */
#ifndef SHOKAI_SURVEY_DRAFT_H
#define SHOKAI_SURVEY_DRAFT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct audit_actor;

#define SURVEY_COPY_SUFFIX "（コピー）"

/* Stores def (a definition, checked with survey_parse_draft) as a new draft
   under its own id. ERR_INPUT with the fault in msg; ERR_CONFLICT with the
   reason in msg when a survey or draft already has that id. */
int survey_draft_create(struct db *db, const struct audit_actor *who, json_t *def, char *msg,
                        size_t msglen);
/* A copy of survey or draft from_id as a new definition (a new object; the
   caller decrefs): id new_id, or from_id-copy (-copy2 ...) when new_id is
   NULL; title + 「（コピー）」; revision 1; no period and no published summary
   (they belong to the original); a self-check's copy names from_id as its
   previous clause set. ERR_NOTFOUND when from_id is neither. */
int survey_draft_copy_of(struct db *db, const char *from_id, const char *new_id, json_t **out);
/* The smallest definition the editor starts from: one section with no
   question (a new object; the caller decrefs). */
json_t *survey_draft_empty(const char *id, const char *title);
/* The draft's definition (a new object; the caller decrefs), ERR_NOTFOUND. */
int survey_draft_get(struct db *db, const char *id, json_t **def);
/* Replaces a draft's definition (checked with survey_parse_draft; ERR_INPUT
   with msg), audited as action. based_on (NULL: no check) is the definition
   the change was made to: ERR_CONFLICT with msg when the stored one is no
   longer it (someone else changed it meanwhile). ERR_NOTFOUND when it is no
   draft. */
int survey_draft_put(struct db *db, const struct audit_actor *who, const char *id, json_t *def,
                     const json_t *based_on, const char *action, char *msg, size_t msglen);
/* ERR_CONFLICT with SURVEY_CHANGED_MEANWHILE in msg when stored differs from
   based_on (NULL: no check). */
int survey_draft_unchanged(const json_t *stored, const json_t *based_on, char *msg, size_t msglen);
/* The words of that conflict. */
#define SURVEY_CHANGED_MEANWHILE                                                                   \
    "ほかの人が同時にこの照会を変更しました。画面を読み込み直してから、もう一度操作してください。"
struct survey;
/* Whether def can be opened as it is: a period set and survey_parse content
   (ERR_INPUT with the reason in msg). *out gets the parsed survey (the caller
   releases it) or NULL. */
int survey_draft_openable(json_t *def, struct survey **out, char *msg, size_t msglen);
/* Opens a draft: checks it completely (survey_parse: a period is required
   now; ERR_INPUT with msg), stores it as a survey 団体 can see, removes the
   draft, audited survey.open, in one transaction. ERR_NOTFOUND. */
int survey_draft_open(struct db *db, const struct audit_actor *who, const char *id, char *msg,
                      size_t msglen);
/* Deletes a draft, audited. ERR_NOTFOUND. */
int survey_draft_delete(struct db *db, const struct audit_actor *who, const char *id);

struct survey_draft_row {
    const char *id, *title;
    int64_t updated_at;
};
/* Calls fn for every draft, newest change first. */
int survey_draft_each(struct db *db, int (*fn)(const struct survey_draft_row *d, void *ctx),
                      void *ctx);

#endif
