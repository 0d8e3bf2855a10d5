/*
 * param.h: the parameters a route declares (Kore's validators): where each
 * comes from, its type and bounds, whether it is required, and its Japanese
 * name for messages.
 *
 * The router checks a route's parameters before its handler runs, the same
 * way for a page's form and the API's JSON, and answers 400 naming the first
 * bad one; a handler reads only checked, typed values (param_text, param_int,
 * param_time) and never a form field or JSON member of its own. So a page and
 * the API that share a handler take the same input by construction.
 */
#ifndef SHOKAI_PARAM_H
#define SHOKAI_PARAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct form;

enum param_source {
    PARAM_PATH,  /* a :name segment of the route's pattern */
    PARAM_QUERY, /* ?name= of the URL */
    PARAM_BODY,  /* a field of the form, or a member of the JSON object */
};

enum param_type {
    PARAM_TEXT,   /* text a person typed: valid UTF-8, no control character but tab,
                     LF and CR, no noncharacter; from min to max characters (max 0:
                     no limit; min 1: not blank) */
    PARAM_INT,    /* a whole number from min to max (a JSON number or decimal digits) */
    PARAM_ORG,    /* a 団体コード: six digits with a valid check digit */
    PARAM_TIME,   /* ISO 8601 with an offset (2025-02-13T23:59:59+09:00), or a
                     form's datetime-local in JST (2025-02-13T23:59) */
    PARAM_CHOICE, /* one of choices */
    PARAM_BOOL,   /* yes or no: a JSON true or false; a form's or query's 1, true or on
                     (yes) and 0, false or off (no); param_int gives 1 or 0 */
};

struct param_spec {
    const char *name;
    enum param_source from;
    enum param_type type;
    bool required;
    long long min, max;         /* PARAM_INT: bounds; PARAM_TEXT: characters */
    const char *const *choices; /* PARAM_CHOICE: NULL-terminated */
    const char *label;          /* its name in messages: 「コメント」 */
};

#define PARAMS(name) static const struct param_spec name[]
#define PARAMS_END                                                                                 \
    {                                                                                              \
        NULL, PARAM_PATH, PARAM_TEXT, false, 0, 0, NULL, NULL                                      \
    }

/* The checked values of one request, in its arena. */
struct param_value {
    const struct param_spec *spec;
    bool given;
    const char *text; /* as sent (PARAM_INT: its digits) */
    long long num;    /* PARAM_INT: the number; PARAM_TIME: Unix seconds */
};

struct params {
    struct param_value *values;
    size_t n;
};

/* Where a request's parameters come from; json is the parsed body or NULL. */
struct param_sources {
    const struct form *path, *query, *form;
    json_t *json;
    /* Turns what a person typed for a PARAM_ORG that is not a code (函館市,
       「函館市（012025）」) into the code, or returns why not (Japanese); NULL:
       only codes are taken. */
    const char *(*org_named)(void *ctx, struct arena *a, const char *text, const char **code);
    void *org_ctx;
};

/* Checks every spec (NULL: none) against the sources into out. On a bad or
   missing parameter returns ERR_INPUT with *field (the parameter's name, or
   NULL for the body as a whole) and *message (Japanese, naming it by its
   label) set; ERR_NOMEM when the arena is full. */
int params_check(struct arena *a, const struct param_spec *specs, const struct param_sources *src,
                 struct params *out, const char **field, const char **message);

/* Names of a source and a type, as `shokai routes` prints them. */
const char *param_source_name(enum param_source from);
const char *param_type_name(enum param_type type);

/* The value of name as text, or NULL when it was not sent (optional). */
const char *param_text(const struct params *p, const char *name);
/* The same, "" when it was not sent. */
const char *param_text_or_empty(const struct params *p, const char *name);
/* The same, NULL when it was not sent or left blank (an optional filter). */
const char *param_text_nonblank(const struct params *p, const char *name);
/* The number (PARAM_INT), Unix time (PARAM_TIME) or 1/0 (PARAM_BOOL) of name,
   or absent. */
long long param_int(const struct params *p, const char *name, long long absent);
/* Whether name was sent. */
bool param_given(const struct params *p, const char *name);

#endif
