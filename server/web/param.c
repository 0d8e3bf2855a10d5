/*
 * param.c: declared route parameters, checked into typed values (see param.h).
 */
#include "param.h"
#include "arena.h"
#include "clock.h"
#include "err.h"
#include "form.h"
#include "utf8.h"
#include "org.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The raw value of spec from its source: a string, or (JSON) a number as
   text. *count is how often a form sent it; *type_ok is false for a JSON
   member of the wrong type. */
static const char *
raw_value(struct arena *a, const struct param_spec *spec, const struct param_sources *src,
          size_t *count, bool *type_ok)
{
    *count = 1;
    *type_ok = true;
    const struct form *f = spec->from == PARAM_PATH    ? src->path
                           : spec->from == PARAM_QUERY ? src->query
                                                       : src->form;
    if (spec->from == PARAM_BODY && src->json) {
        json_t *m = json_object_get(src->json, spec->name);
        if (!m || json_is_null(m))
            return NULL;
        /* JSON is typed: a number or a yes/no is not a string. */
        if (json_is_string(m) && spec->type != PARAM_INT && spec->type != PARAM_BOOL)
            return json_string_value(m);
        if (json_is_integer(m) && spec->type == PARAM_INT)
            return arena_printf(a, "%lld", (long long)json_integer_value(m));
        if (json_is_boolean(m) && spec->type == PARAM_BOOL)
            return json_is_true(m) ? "true" : "false";
        *type_ok = false;
        return "";
    }
    if (!f)
        return NULL;
    *count = form_count(f, spec->name);
    const char *v = form_get(f, spec->name);
    /* An empty form field or query parameter is one left blank: not sent,
       except for text, where "" is what was typed. */
    if (v && !*v && spec->type != PARAM_TEXT)
        return NULL;
    return v;
}

static const char *
choices_text(struct arena *a, const char *const *choices)
{
    const char *list = "";
    for (size_t i = 0; choices && choices[i]; i++)
        list = arena_printf(a, "%s%s%s", list, i ? "、" : "", choices[i]);
    return list;
}

static bool
choice_valid(const char *const *choices, const char *v)
{
    for (size_t i = 0; choices && choices[i]; i++)
        if (strcmp(choices[i], v) == 0)
            return true;
    return false;
}

/* Checks one given value; NULL when good, else the message. */
static const char *
check_value(struct arena *a, const struct param_spec *spec, const char *v, long long *num)
{
    const char *label = spec->label ? spec->label : spec->name;
    switch (spec->type) {
    case PARAM_TEXT:
        if (!utf8_text_ok(v, strlen(v)))
            return arena_printf(
                a, "%sに使えない文字（制御文字や U+FFFF などの非文字）が含まれています。", label);
        if (spec->max > 0 && utf8_length(v) > (size_t)spec->max)
            return arena_printf(a, "%sは%lld文字以内で入力してください。", label, spec->max);
        if (spec->min > 0 && utf8_length(v) < (size_t)spec->min)
            return arena_printf(a, "%sを入力してください。", label);
        return NULL;
    case PARAM_INT: {
        char *end;
        errno = 0;
        long long n = strtoll(v, &end, 10);
        bool digits = *v && strspn(v + (*v == '-'), "0123456789") == strlen(v + (*v == '-'));
        if (!digits || errno || *end || n < spec->min || n > spec->max)
            return arena_printf(a, "%sは%lldから%lldまでの整数で指定してください。", label,
                                spec->min, spec->max);
        *num = n;
        return NULL;
    }
    case PARAM_ORG:
        if (!org_code_valid(v))
            return arena_printf(a, "%sは6桁の団体コードで指定してください。", label);
        return NULL;
    case PARAM_TIME: {
        int64_t t;
        if (!clock_parse_iso(v, &t) && !clock_parse_local_jst(v, &t))
            return arena_printf(a, "%sは 2025-02-13T23:59:59+09:00 の形で指定してください。",
                                label);
        *num = t;
        return NULL;
    }
    case PARAM_CHOICE:
        if (!choice_valid(spec->choices, v))
            return arena_printf(a, "%sは %s のいずれかです。", label,
                                choices_text(a, spec->choices));
        return NULL;
    case PARAM_BOOL: {
        static const char *const yes[] = {"1", "true", "on", NULL}, *const no[] = {"0", "false",
                                                                                   "off", NULL};
        if (!choice_valid(yes, v) && !choice_valid(no, v))
            return arena_printf(a, "%sは 1（はい）か 0（いいえ）で指定してください。", label);
        *num = choice_valid(yes, v);
        return NULL;
    }
    }
    return "パラメータが正しくありません。";
}

int
params_check(struct arena *a, const struct param_spec *specs, const struct param_sources *src,
             struct params *out, const char **field, const char **message)
{
    *out = (struct params){0};
    *field = *message = NULL;
    size_t n = 0;
    bool body_params = false;
    for (const struct param_spec *s = specs; s && s->name; s++, n++)
        body_params |= s->from == PARAM_BODY;
    if (n == 0)
        return 0;
    if (body_params && src->json && !json_is_object(src->json)) {
        *message = "送信内容は JSON オブジェクト（{…}）にしてください。";
        return ERR_INPUT;
    }
    out->values = arena_alloc(a, n * sizeof(*out->values));
    if (!out->values)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct param_spec *spec = &specs[i];
        const char *label = spec->label ? spec->label : spec->name;
        struct param_value *pv = &out->values[out->n++];
        *pv = (struct param_value){spec, false, NULL, 0};
        size_t count;
        bool type_ok;
        const char *v = raw_value(a, spec, src, &count, &type_ok);
        *field = spec->name;
        if (!type_ok) {
            /* The words a form's bad value gets, so page and API say the same;
               text has no bad value of its own. */
            long long unused;
            *message = spec->type == PARAM_TEXT
                           ? arena_printf(a, "%sは文字列で指定してください。", label)
                           : check_value(a, spec, "", &unused);
            return ERR_INPUT;
        }
        if (count > 1) {
            *message = arena_printf(a, "%sが複数送信されています。", label);
            return ERR_INPUT;
        }
        if (!v) {
            if (!spec->required)
                continue;
            *message = arena_printf(a, "%sを指定してください。", label);
            return ERR_INPUT;
        }
        if (spec->type == PARAM_ORG && !org_code_valid(v) && src->org_named) {
            const char *code = NULL;
            if ((*message = src->org_named(src->org_ctx, a, v, &code)))
                return ERR_INPUT;
            v = code;
        }
        if ((*message = check_value(a, spec, v, &pv->num)))
            return ERR_INPUT;
        pv->given = true;
        pv->text = v;
    }
    *field = NULL;
    return 0;
}

static const struct param_value *
param_find(const struct params *p, const char *name)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (strcmp(p->values[i].spec->name, name) == 0)
            return p->values[i].given ? &p->values[i] : NULL;
    return NULL;
}

const char *
param_text(const struct params *p, const char *name)
{
    const struct param_value *v = param_find(p, name);
    return v ? v->text : NULL;
}

const char *
param_text_or_empty(const struct params *p, const char *name)
{
    const char *t = param_text(p, name);
    return t ? t : "";
}

const char *
param_text_nonblank(const struct params *p, const char *name)
{
    const char *t = param_text(p, name);
    return t && *t ? t : NULL;
}

long long
param_int(const struct params *p, const char *name, long long absent)
{
    const struct param_value *v = param_find(p, name);
    return v ? v->num : absent;
}

bool
param_given(const struct params *p, const char *name)
{
    return param_find(p, name) != NULL;
}

const char *
param_source_name(enum param_source from)
{
    static const char *const names[] = {"path", "query", "body"};
    return names[from];
}

const char *
param_type_name(enum param_type type)
{
    static const char *const names[] = {"text", "int", "org", "time", "choice", "bool"};
    return names[type];
}
