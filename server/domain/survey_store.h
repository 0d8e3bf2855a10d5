/*
 * survey_store.h: survey definitions in the database, their periods, and
 * whether a 団体 may answer now.
 */
#ifndef SHOKAI_SURVEY_STORE_H
#define SHOKAI_SURVEY_STORE_H

#include "survey.h"

struct db;
struct audit_actor;

enum survey_store_result { SURVEY_ADDED, SURVEY_UNCHANGED, SURVEY_REPLACED };

/* Validates and stores a definition. A definition that already has responses
   is replaced only by a higher revision that keeps every stored answer
   readable (revision_keeps_answers: no question, option or column removed or
   retyped); any other change gives ERR_CONFLICT (give it a new id). The
   period stored is the definition's only when the survey is new. A stored
   revision higher than the definition's (the editor's) is kept:
   SURVEY_UNCHANGED. */
int survey_store(struct db *db, const struct audit_actor *who, const char *json, size_t len,
                 const char *source, enum survey_store_result *res, char *msg, size_t msglen);
/* Inside the caller's transaction: writes parsed survey s as a new row
   (exists false; its period is the definition's) or over the existing one
   (the period stays), and the audit row action. */
int survey_row_write(struct db *db, const struct audit_actor *who, const struct survey *s,
                     bool exists, const char *action);
/* ERR_INPUT with a message "source: /default_group: ..." when the
   definition's default_group names no grouping scheme of the database. */
int survey_default_group_known(struct db *db, const struct survey *s, const char *source, char *msg,
                               size_t msglen);
/* Loads survey id with its current period. ERR_NOTFOUND if none. Caller frees. */
int survey_load(struct db *db, const char *id, struct survey **out);

struct survey_row {
    const char *id, *kind, *title;
    int64_t opens_at, closes_at;
};
/* Calls fn for every survey in list order. */
int survey_each(struct db *db, int (*fn)(const struct survey_row *s, void *ctx), void *ctx);

/* Calls fn for every survey, oldest period first. */
int survey_each_by_period(struct db *db, int (*fn)(const struct survey_row *s, void *ctx),
                          void *ctx);

/* Changes a survey's period (照会期間), audited. */
int survey_set_period(struct db *db, const struct audit_actor *who, const char *id,
                      int64_t opens_at, int64_t closes_at);
/* Re-opens a survey for one 団体 until `until`, audited. */
int survey_reopen(struct db *db, const struct audit_actor *who, const char *id,
                  const char *org_code, int64_t until);
/* 0 if org_code may save and submit now; ERR_CONFLICT with a Japanese reason
   in why (static text) when the period has not begun or has ended. */
int survey_accepting(struct db *db, const struct survey *s, const char *org_code, int64_t now,
                     const char **why);

#endif
