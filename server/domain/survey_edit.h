/*
 * survey_edit.h: the survey editor's operations over a definition's JSON
 * (issue #18): settings, materials, shared option lists, sections, questions
 * and a table's columns. Each changes def in place and checks only what it
 * needs to find its target; the whole definition is validated afterwards
 * (survey_definition_put), so an edit can never store what survey.c refuses.
 *
 * Every function returns 0, or ERR_NOTFOUND / ERR_INPUT with the reason in
 * Japanese in msg.
 */
#ifndef SHOKAI_SURVEY_EDIT_H
#define SHOKAI_SURVEY_EDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The survey as a whole. opens, closes: ISO 8601 with a zone, both or
   neither (NULL: no period yet). audience: the 団体区分 asked (an array,
   borrowed), NULL or empty for all. */
struct survey_settings {
    const char *title;
    const char *description; /* NULL or "": none */
    const char *opens, *closes;
    json_t *audience;
};
int survey_edit_settings(json_t *def, const struct survey_settings *st, char *msg, size_t msglen);
/* 提示資料: one document a line ("" or NULL: none). */
int survey_edit_materials(json_t *def, const char *lines, char *msg, size_t msglen);
/* A shared option list (top-level "options"): one option a line; NULL or ""
   removes the list. */
int survey_edit_option_list(json_t *def, const char *name, const char *lines, char *msg,
                            size_t msglen);

/* Sections. add appends one (its id generated, s1 s2 ...; *new_id in a static
   buffer of the caller, 16 bytes); move shifts one by delta (-1 up, +1 down);
   delete removes it with its questions. */
int survey_edit_section_add(json_t *def, const char *title, char new_id[16], char *msg,
                            size_t msglen);
int survey_edit_section_update(json_t *def, const char *sid, const char *title, const char *help,
                               char *msg, size_t msglen);
int survey_edit_section_move(json_t *def, const char *sid, int delta, char *msg, size_t msglen);
int survey_edit_section_delete(json_t *def, const char *sid, char *msg, size_t msglen);

/* What the editor's question (or column) form sets. A bool or number not
   given is false or the default; text NULL or "" is none. */
struct question_fields {
    const char *type;        /* NULL: unchanged; another type converts it */
    const char *label;       /* required */
    const char *help;        /* shown under the label */
    bool required;           /* checked on submission */
    const char *options;     /* single, multi: one option a line */
    const char *options_ref; /* single, multi: a shared list instead of options */
    const char *exclusive;   /* multi: options that stand alone, one a line */
    long max_length;         /* text: 0 the default */
    bool multiline;          /* text */
    bool integer;            /* number */
    const char *min, *max;   /* number: decimal text; date: YYYY-MM-DD */
    long min_rows, max_rows; /* table: 0 the default */
    const char *level;       /* check: 必須 / 推奨 */
    const char *measure;     /* check: 技術的対策 / 組織的・人的対策 */
    const char *visible_if;  /* NULL or "*": unchanged; "": always shown;
                                "qid:option": shown when qid's answer is option */
};

/* Questions (col NULL) or a table question's columns (col its id). add
   appends one of type with label to section sid (or to table qid's columns),
   its id generated (q1 q2 ... unique in the survey; c1 c2 ... in the table)
   into new_id; move shifts one by delta inside its section or table. */
int survey_edit_question_add(json_t *def, const char *sid, const char *type, const char *label,
                             char new_id[16], char *msg, size_t msglen);
int survey_edit_column_add(json_t *def, const char *qid, const char *type, const char *label,
                           char new_id[16], char *msg, size_t msglen);
int survey_edit_question_update(json_t *def, const char *qid, const char *col,
                                const struct question_fields *f, char *msg, size_t msglen);
int survey_edit_question_move(json_t *def, const char *qid, const char *col, int delta, char *msg,
                              size_t msglen);
int survey_edit_question_delete(json_t *def, const char *qid, const char *col, char *msg,
                                size_t msglen);

/* The types the editor offers, as stored ("single" ...), NULL-terminated. */
extern const char *const survey_edit_types[];
/* The type names a column may have, NULL-terminated. */
extern const char *const survey_edit_column_types[];

#endif
