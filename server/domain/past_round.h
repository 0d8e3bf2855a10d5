/*
 * past_round.h: 過年度実績, the earlier rounds of a consultation that its
 * report compares 意見・質問 senders with. The Ministry records each one: a
 * round run outside shokai as figures with their source (document and page),
 * a round run in shokai as a link to its survey, whose senders are counted.
 * Nothing is inferred from surveys that happen to share a question id.
 */
#ifndef SHOKAI_PAST_ROUND_H
#define SHOKAI_PAST_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;
struct table;

#define PAST_ROUND_LABEL_MAX 100
#define PAST_ROUND_SOURCE_MAX 300
#define PAST_ROUNDS_MAX 50

struct past_round {
    int64_t id;
    const char *label;                  /* 「令和6年10月改定」 */
    int year, month;                    /* when it was held */
    const char *held;                   /* the same in 和暦: 「令和6年10月」 */
    const char *linked_survey;          /* run in shokai: its id; NULL for entered figures */
    const char *linked_title;           /* and its title */
    int64_t senders_pref, senders_muni; /* 意見・質問提出団体 (counted when linked) */
    const char *source;                 /* where the figures come from */
};

/* What the Ministry enters for a round: held is "YYYY-MM"; either
   linked_survey, or both figures (-1: not given). */
struct past_round_input {
    const char *label, *held, *linked_survey, *source;
    int64_t senders_pref, senders_muni;
};

/* Parses "YYYY-MM" (1989-01 to 2100-12); false when it is not one. */
bool past_round_parse_held(const char *held, int *year, int *month);

/* The rounds recorded for survey_id, oldest first, linked ones counted from
   their survey's submitted 意見・質問. In arena a. */
int past_rounds_list(struct db *db, const char *survey_id, struct arena *a, struct past_round **out,
                     size_t *n);
/* Records a new round (*id: 0) or changes round *id of survey_id; audited.
   ERR_INPUT with *field set for a bad input (a month that is not YYYY-MM, a
   link to the survey itself or to an unknown survey or one without
   意見・質問, figures and a link both or neither), ERR_NOTFOUND for a round
   that is not this survey's. */
int past_round_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                    const struct past_round_input *in, int64_t *id, const char **field);
/* Removes round id of survey_id; audited. ERR_NOTFOUND when there is none. */
int past_round_delete(struct db *db, const struct audit_actor *who, const char *survey_id,
                      int64_t id);

/* The rounds as the 過年度実績 table (時期, 照会, 意見・質問提出団体, 都道府県,
   市区町村, 出典), after a first row for the current round (now_label and its
   senders) unless now_label is NULL. In arena a. */
int past_rounds_table(const struct past_round *rounds, size_t n, const char *now_label,
                      int64_t now_pref, int64_t now_muni, struct arena *a, struct table *t);
/* "54団体（都道府県：18団体 市区町村：36団体）", as the document writes it. */
const char *past_round_senders_text(const struct past_round *r, struct arena *a);

#endif
