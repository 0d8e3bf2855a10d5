/*
 * survey_change.h: which changes an opened survey's definition may take once
 * answers are stored (issue #18).
 *
 * Allowed: wording (titles, labels, help texts), new options, new optional
 * questions, reordering. Refused, each with its reason in Japanese: removing
 * a question, table column or option that a stored answer uses; changing the
 * type of an answered question or column; making a question required while a
 * submitted response lacks it; leaving out of the audience a 団体区分 that
 * has answered. The rules look at the stored answers
 * themselves, so nothing stored is ever lost or silently read differently;
 * a question or option no answer uses may still go.
 */
#ifndef SHOKAI_SURVEY_CHANGE_H
#define SHOKAI_SURVEY_CHANGE_H

#include "survey.h"

#include <jansson.h>

struct db;

/* The answers stored for one survey. */
struct stored_answers {
    json_t *versions;  /* every stored version's answers object (drafts too) */
    json_t *submitted; /* the newest submitted version of each response */
    json_t *kinds;     /* the 団体区分 of the 団体 that have a response */
};

/* Reads survey_id's stored answers (new arrays; free with
   stored_answers_cleanup). */
int stored_answers_load(struct db *db, const char *survey_id, struct stored_answers *out);
void stored_answers_cleanup(struct stored_answers *sa);

/* The questions some stored version answers: {question id: true} (a new
   object; the caller decrefs), for the editor to say so beside them. */
json_t *stored_answers_questions(const struct stored_answers *sa);

/* Appends to refusals (an array) one {"field": question id, "message": why}
   per change from old to next that the stored answers forbid; none when the
   change is allowed. Returns the number appended. */
size_t survey_change_check(const struct survey *old, const struct survey *next,
                           const struct stored_answers *sa, json_t *refusals);

#endif
