/*
 * response.h: a 団体's response to a survey, stored as immutable versions.
 *
 * Every draft save and every submission adds a version; nothing is ever
 * overwritten. The response row points at the newest version and the newest
 * submitted one (which results count). A save that names a stale version is
 * refused with ERR_CONFLICT, so two people editing one form cannot silently
 * overwrite each other.
 */
#ifndef SHOKAI_RESPONSE_H
#define SHOKAI_RESPONSE_H

#include "answer.h"
#include "survey.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct audit_actor;

#define RESPONSE_ANY_VERSION (-1L)
/* The largest version a client may name (a bound for declared parameters). */
#define RESPONSE_MAX_VERSION 1000000000L

struct response {
    bool exists;
    long version;           /* newest version, 0 when none */
    long submitted_version; /* newest submitted version, 0 when none */
    const char *state;      /* "none", "draft" or "submitted" (of the newest version) */
    json_t *answers;        /* the newest version's answers; owned: json_decref */
    int64_t saved_at;
    int64_t submitted_at; /* of the newest submitted version, 0 when none */
    bool proxy;           /* newest version entered by the Ministry (代理入力) */
};

/* Loads the response of org_code to survey_id (exists=false and empty answers
   when there is none). */
int response_get(struct db *db, const char *survey_id, const char *org_code, struct response *out);
void response_cleanup(struct response *r);

/* Saves answers (already checked by answer_check) as a new draft version.
   expected_version: the version the editor started from, or
   RESPONSE_ANY_VERSION. ERR_CONFLICT when stale. */
int response_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                  const char *org_code, json_t *answers, long expected_version, bool proxy,
                  long *new_version);
/* Submits the newest draft as a new submitted version after checking it for
   submission. ERR_CONFLICT when there is no draft to submit (nothing saved,
   or already submitted) or the version is stale; ERR_INPUT with issues when a
   required answer is missing, or when the submission would change or delete
   an 意見・質問 entry the Ministry has replied to (entry_key.h). */
int response_submit(struct db *db, const struct audit_actor *who, const struct survey *s,
                    const char *org_code, long expected_version, bool proxy,
                    struct answer_issues *issues, long *new_version);

/* Inside the caller's transaction: stores answers (already checked for
   submission) as a new submitted version, e.g. for imports where a whole file
   must commit or nothing. ERR_INPUT with issues (not NULL) as for
   response_submit when a replied entry would change. */
int response_add_submitted_tx(struct db *db, const struct audit_actor *who, const char *survey_id,
                              const char *org_code, json_t *answers, bool proxy,
                              struct answer_issues *issues, long *new_version);

struct response_version_row {
    long version;
    const char *state;
    int64_t saved_at;
    const char *saved_by; /* login, or "-" */
    bool proxy;
};
/* Calls fn for every version, newest first. */
int response_each_version(struct db *db, const char *survey_id, const char *org_code,
                          int (*fn)(const struct response_version_row *v, void *ctx), void *ctx);
struct response_submitted {
    const char *org_code, *org_name;
    const char *org_kind; /* the 団体区分 when it submitted */
    json_t *answers;      /* borrowed for the call */
};
/* Calls fn for the submitted answers of every 団体 (of one prefecture when
   prefecture is not NULL), in 団体 code order; ERR_DB for unreadable answers. */
int response_each_submitted(struct db *db, const char *survey_id, const char *prefecture,
                            int (*fn)(const struct response_submitted *r, void *ctx), void *ctx);
/* The answers of one version (owned by the caller) and its state. */
int response_version_answers(struct db *db, const char *survey_id, const char *org_code,
                             long version, json_t **answers, char state[16]);

#endif
