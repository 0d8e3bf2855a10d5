/*
 * report.h: the results report (結果報告) in the order of the Ministry's
 * published document: overview, charts, 具体的な内容 per group, まとめ
 * (考察 and 方向性, written by the Ministry, versioned) and the 意見・質問 list
 * with replies. Also the list of respondents behind any figure, so every
 * number can be traced to rows.
 */
#ifndef SHOKAI_REPORT_H
#define SHOKAI_REPORT_H

#include "agg.h"
#include "survey.h"

#include <stdint.h>

struct arena;
struct db;
struct table;
struct audit_actor;

#define REPORT_NOTE_MAX 20000

struct report_notes {
    long version;               /* 0 when nothing was written yet */
    const char *considerations; /* 考察 */
    const char *direction;      /* 方向性 */
    int64_t saved_at;
    const char *saved_by;
};

int report_notes_get(struct db *db, const char *survey_id, struct arena *a,
                     struct report_notes *out);
/* Saves a new version of the notes; ERR_CONFLICT when expected_version is not
   the newest (someone saved meanwhile), ERR_INPUT when a text is too long. */
int report_notes_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                      const char *considerations, const char *direction, long expected_version,
                      long *new_version);

struct entry;

/* How many distinct 団体 sent entries[0..n), split into prefectures and
   municipalities (the report's 意見・質問提出団体). */
void report_senders(const struct entry *entries, size_t n, int64_t *pref, int64_t *muni);

/* True if q is a table question whose rows a report lists per group (a table
   that is not an 意見・質問 list, such as 具体的な内容). */
bool report_details_question(const struct survey *s, const struct question *q);
/* The rows of table question q from submitted responses, grouped like res
   (same scheme and scope): 区分, then q's columns; groups in report order,
   suppressed groups left out. */
int report_details_table(struct db *db, const struct agg_result *res, const struct question *q,
                         struct arena *a, struct table *t);

/* Calls fn for every submitted response in res's scope, in order of 団体コード,
   with the index of its group in res (responses of suppressed groups and of
   none are left out) and its answers (borrowed for the call). */
int report_each_response(struct db *db, const struct agg_result *res, struct arena *a,
                         int (*fn)(size_t g, const char *code, const char *name,
                                   const char *prefecture, const char *kind, json_t *answers,
                                   void *ctx),
                         void *ctx);

/* The 団体 behind one figure: submitted responses whose answer to qid holds
   option (any answer when option is NULL), in group g of res's scheme (every
   group when g is NULL): 団体コード, 団体名, 都道府県, 回答時の区分. */
int report_respondents_table(struct db *db, const struct agg_result *res, const char *qid,
                             const char *option, const char *group, struct arena *a,
                             struct table *t);

#endif
