/*
 * survey_definition.h: a survey's definition wherever it is, a draft or an
 * opened survey, for the editor (issue #18).
 *
 * A draft takes any change survey_parse_draft accepts. An opened survey takes
 * a change only when survey_parse accepts it and survey_change_check finds
 * nothing in the stored answers against it; it is then stored as the next
 * revision, so results, clause sets and the 新旧対照 see a new revision.
 */
#ifndef SHOKAI_SURVEY_DEFINITION_H
#define SHOKAI_SURVEY_DEFINITION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct db;
struct audit_actor;

/* The definition of draft or survey id (a new object; the caller decrefs),
 *draft telling which. ERR_NOTFOUND when it is neither. */
int survey_definition_get(struct db *db, const char *id, json_t **def, bool *draft);

/* The definition in the first column of sql's row for id (?1), a new object
   the caller decrefs; ERR_NOTFOUND without a row. */
int survey_definition_row(struct db *db, const char *sql, const char *id, json_t **def);

/* Replaces id's definition with def (its "id" is set to id), audited as
   action. A draft: ERR_INPUT with the fault in msg. An opened survey: the
   period stays the stored one; ERR_INPUT as for a draft; ERR_CONFLICT with
   one {"field", "message"} per refused change appended to refusals (an
   array) when stored answers forbid it; otherwise stored with the revision
   after the stored one (nothing when def is unchanged). based_on (NULL: no
   check): the definition the change was made to, ERR_CONFLICT with msg when
   someone changed it meanwhile (survey_draft_unchanged). ERR_NOTFOUND. */
int survey_definition_put(struct db *db, const struct audit_actor *who, const char *id, json_t *def,
                          const json_t *based_on, const char *action, json_t *refusals, char *msg,
                          size_t msglen);

/* Rewrites msg, a validation fault "source: /sections/2/questions/0/options:
   what" of def, as a person reads it: "セクション3「題」の設問「設問文」: what"
   (any other path: "what" alone). msg stays as it is when it has no path. */
void survey_fault_words(json_t *def, char *msg, size_t msglen);

#endif
