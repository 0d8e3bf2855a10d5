/*
 * survey.h: survey definitions: parsing, validation and the question model.
 *
 * A survey is data (JSON files under seeds/surveys/, format in docs/survey-format.md).
 * survey_parse() validates a definition completely, so code that uses a
 * struct survey can trust it: every option list is resolved, every visible_if
 * names an earlier choice question and its options, every table column is
 * typed.
 */
#ifndef SHOKAI_SURVEY_H
#define SHOKAI_SURVEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

enum qtype { Q_SINGLE, Q_MULTI, Q_TEXT, Q_NUMBER, Q_DATE, Q_TABLE, Q_CHECK };

#define SURVEY_TEXT_DEFAULT_MAX 2000
#define SURVEY_TABLE_DEFAULT_MAX_ROWS 100
#define SURVEY_CHECK_NOTE_MAX 1000
#define SURVEY_CONDITION_DEPTH 8 /* visible_if's all/any/not nesting */

struct question {
    const char *id;
    enum qtype type;
    const char *label;
    const char *help; /* may be NULL */
    bool required;
    bool public_answers;             /* "public": true: published lists may name the 団体 */
    json_t *options;                 /* single, multi: resolved array of strings (borrowed) */
    json_t *exclusive;               /* multi: options that stand alone, or NULL */
    long max_length;                 /* text */
    bool multiline;                  /* text */
    bool integer;                    /* number */
    bool has_min, has_max;           /* number */
    double min, max;                 /* number */
    const char *date_min, *date_max; /* date, may be NULL */
    json_t *visible_if;       /* {"question", "equals"|"any_of"|"none_of"}, {"all"|"any": [...]},
                                 {"not": ...} or NULL */
    struct question *columns; /* table */
    size_t n_columns;
    long min_rows, max_rows; /* table */
    const char *level;       /* check: 必須 / 推奨 */
    const char *measure;     /* check: 技術的対策 / 組織的・人的対策 */
    bool level_assumed;      /* check: no reference document gives its level */
    json_t *source;          /* check: {"document", "file", "page", "part"} or NULL (borrowed) */
    const char *clause; /* check: the 対策基準 clause a requirement table stands in, or NULL */
    const char *category; /* check: its 分類 in that table (端末の設定), or NULL */
    const char *remark;   /* check: its 備考 there, or NULL */
    size_t section;       /* index into survey->sections */
};

struct survey_section {
    const char *id;
    const char *title;
    const char *help;    /* may be NULL */
    const char *chapter; /* the chapter a clause belongs to (self-checks), or NULL */
    size_t first, count; /* its questions in survey->questions */
};

struct survey {
    char *id;
    long revision;
    char *kind; /* "survey" or "selfcheck" */
    char *title;
    const char *description; /* may be NULL */
    int64_t opens_at, closes_at;
    json_t *def;       /* owned; every const char * above and below points into it */
    json_t *audience;  /* array of kinds, or NULL for every 団体 */
    json_t *materials; /* array of strings, or NULL */
    bool approval;     /* staff submit through an approver of their 団体 (課長決裁) */
    const char
        *previous; /* the survey this one revises (a self-check's earlier clause set), or NULL */
    const char *default_group; /* the grouping scheme its results open on, or NULL (kind6) */
    json_t *published_summary; /* the 分類 summary as published, or NULL (borrowed) */
    struct survey_section *sections;
    size_t n_sections;
    struct question *questions;
    size_t n_questions;
    /* Set by survey_load: the 'master' data generation (agg_cache.h) read with
       the definition, so counts cached for it belong to this definition. */
    bool has_generation;
    int64_t master_generation;
    int refs; /* survey_ref() adds one, survey_release() drops one: the last frees */
};

/* Parses and validates a definition. source names it in messages ("r7.json").
   On error returns ERR_INPUT with msg "source: /json/path: what is wrong".
   The caller owns one reference: drop it with survey_release(). */
int survey_parse(const char *json, size_t len, const char *source, struct survey **out, char *msg,
                 size_t msglen);
/* The same for a draft the Ministry is still designing (survey_draft.h): the
   period may be absent (opens_at = closes_at = 0) and a section may have no
   question yet; everything present is checked as survey_parse checks it. */
int survey_parse_draft(const char *json, size_t len, const char *source, struct survey **out,
                       char *msg, size_t msglen);
/* A loaded survey may be shared between threads (survey_store.c keeps parsed
   definitions): never change one after it is loaded. survey_ref adds a
   reference; survey_release drops one and frees the survey with the last
   (NULL: nothing); survey_release_cb is the same for arena_defer. */
void survey_release(struct survey *s);
struct survey *survey_ref(struct survey *s);
void survey_release_cb(void *s);

/* The definition as it stands: s->def with the period in force (survey_load
   reads the current one; written as the definition writes it while it is
   unchanged, else in Japan's time). A new reference the caller owns. */
json_t *survey_definition_now(const struct survey *s);
/* The question with this id (top level), or NULL. */
const struct question *survey_question(const struct survey *s, const char *id);
/* The column with this id of a table question, or NULL. */
const struct question *question_column(const struct question *q, const char *id);
/* True if value is one of the question's options. */
bool question_has_option(const struct question *q, const char *value);
/* True if 団体 of this kind are asked this survey. */
bool survey_for_kind(const struct survey *s, const char *kind);
/* A check item's level as users read it: 必須 / 推奨, with 「（想定）」 when no
   reference document gives it (level_assumed). */
const char *question_level_label(const struct question *q);
#define SURVEY_LEVEL_ASSUMED_NOTE                                                                  \
    "必須／推奨の区分は参照資料に示されていないため、想定で置いています（（想定））。"
/* A question's condition (visible_if) in words, appended to out: a leaf is
   前の設問「L」で 「a」・「b」 以外 を選んだ; leaves join with かつ / または, nested
   ones in （）, not as 「…」ではない. */
void survey_condition_words(const struct survey *s, json_t *vi, struct buf *out);
/* The Japanese name of a question type ("単一選択" ...). */
const char *qtype_label(enum qtype t);

#endif
