/*
 * survey_editor_page.c: the survey editor's page (GET /surveys/:id/edit):
 * every part of a definition as a plain form that works without JavaScript,
 * each posting one operation of survey_editor_http.c.
 */
#include "survey_editor.h"
#include "clock.h"
#include "buf.h"
#include "err.h"
#include "guard.h"
#include "jsonin.h"
#include "http.h"
#include "page.h"
#include "page_survey.h"
#include "param.h"
#include "route.h"
#include "survey.h"
#include "survey_change.h"
#include "survey_definition.h"
#include "survey_edit.h"
#include "tpl.h"

#include <stdlib.h>
#include <string.h>

const struct audience_param editor_audience[] = {
    {"audience_pref", "都道府県"},  {"audience_seirei", "政令市"},
    {"audience_chukaku", "中核市"}, {"audience_tokubetsu", "特別区"},
    {"audience_city", "市"},        {"audience_town", "町"},
    {"audience_village", "村"},     {NULL, NULL}};

json_t *
survey_editor_def_or_reply(struct req *r, bool *draft)
{
    json_t *def;
    int rc = survey_definition_get(r->db, form_get(&r->path_params, "id"), &def, draft);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "survey", "その照会・下書きはありません。");
        return NULL;
    }
    if (rc || arena_defer(&r->arena, json_decref_cb, def)) {
        if (!rc)
            json_decref(def);
        http_send_err(r, rc ? rc : ERR_NOMEM);
        return NULL;
    }
    return def;
}

static const char *
text_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The strings of array a, one a line, in arena. */
static const char *
lines_of(struct arena *a, json_t *list)
{
    struct buf *b = buf_new_in(a, 0);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        buf_puts(b, json_string_value(x) ? json_string_value(x) : "");
        buf_puts(b, "\n");
    }
    return buf_str(b);
}

/* A number member as text, "" when absent. */
static const char *
number_of(struct arena *a, json_t *o, const char *key)
{
    json_t *n = json_object_get(o, key);
    if (json_is_integer(n))
        return arena_printf(a, "%lld", (long long)json_integer_value(n));
    if (json_is_real(n))
        return arena_printf(a, "%g", json_real_value(n));
    return json_is_string(n) ? json_string_value(n) : "";
}

static void
type_choices(struct tpl_vars *item, const char *list, const char *const *types, const char *now)
{
    tpl_set_list(item, list);
    for (size_t t = 0; types[t]; t++) {
        struct tpl_vars *o = tpl_add_item(item, list);
        tpl_set(o, "value", types[t]);
        /* survey_edit_types lists the types in the order of enum qtype. */
        for (size_t k = 0; survey_edit_types[k]; k++)
            if (strcmp(survey_edit_types[k], types[t]) == 0)
                tpl_set(o, "label", qtype_label((enum qtype)k));
        tpl_set_bool(o, "selected", now && strcmp(types[t], now) == 0);
    }
}

static void
value_choices(struct tpl_vars *item, const char *list, const char *const *values, const char *now)
{
    tpl_set_list(item, list);
    for (size_t i = 0; values[i]; i++) {
        struct tpl_vars *o = tpl_add_item(item, list);
        tpl_set(o, "value", values[i]);
        tpl_set_bool(o, "selected", strcmp(values[i], now) == 0);
    }
}

/* The shared option lists to choose from, the current one selected. */
static void
list_choices(struct tpl_vars *item, json_t *def, const char *now)
{
    json_t *lists = json_object_get(def, "options");
    tpl_set_bool(item, "has_lists", json_object_size(lists) > 0);
    tpl_set_list(item, "lists");
    const char *name;
    json_t *list;
    json_object_foreach(lists, name, list)
    {
        struct tpl_vars *o = tpl_add_item(item, "lists");
        tpl_set(o, "name", name);
        tpl_set_bool(o, "selected", strcmp(name, now) == 0);
    }
}

/* The options of a choice question or column, its shared list resolved. */
static json_t *
options_of(json_t *def, json_t *q)
{
    const char *ref = json_string_value(json_object_get(q, "options_ref"));
    return ref ? json_object_get(json_object_get(def, "options"), ref)
               : json_object_get(q, "options");
}

/* The fields a question and a column share. */
static void
item_vars(struct req *r, struct tpl_vars *item, json_t *def, json_t *q)
{
    struct arena *a = &r->arena;
    const char *type = text_of(q, "type");
    bool choice = strcmp(type, "single") == 0 || strcmp(type, "multi") == 0;
    tpl_set(item, "label", text_of(q, "label"));
    tpl_set(item, "help", text_of(q, "help"));
    tpl_set_bool(item, "required", json_is_true(json_object_get(q, "required")));
    tpl_set_bool(item, "is_choice", choice);
    tpl_set_bool(item, "is_multi", strcmp(type, "multi") == 0);
    tpl_set_bool(item, "is_text", strcmp(type, "text") == 0);
    tpl_set_bool(item, "is_number", strcmp(type, "number") == 0);
    tpl_set_bool(item, "is_date", strcmp(type, "date") == 0);
    tpl_set_bool(item, "is_table", strcmp(type, "table") == 0);
    tpl_set_bool(item, "is_check", strcmp(type, "check") == 0);
    tpl_set(item, "options",
            json_object_get(q, "options_ref") ? "" : lines_of(a, json_object_get(q, "options")));
    tpl_set(item, "exclusive", lines_of(a, json_object_get(q, "exclusive")));
    list_choices(item, def, text_of(q, "options_ref"));
    tpl_set(item, "max_length", number_of(a, q, "max_length"));
    tpl_set_bool(item, "multiline", json_is_true(json_object_get(q, "multiline")));
    tpl_set_bool(item, "integer", json_is_true(json_object_get(q, "integer")));
    tpl_set(item, "min", number_of(a, q, "min"));
    tpl_set(item, "max", number_of(a, q, "max"));
    tpl_set(item, "min_rows", number_of(a, q, "min_rows"));
    tpl_set(item, "max_rows", number_of(a, q, "max_rows"));
}

/* The choice questions before q, as conditions q may be shown under. */
static void
condition_choices(struct req *r, struct tpl_vars *item, json_t *def, json_t *earlier, json_t *q)
{
    json_t *vi = json_object_get(q, "visible_if");
    const char *on = text_of(vi, "question");
    const char *equals = json_string_value(json_object_get(vi, "equals"));
    bool simple = !vi || equals;
    tpl_set_bool(item, "has_condition", vi != NULL);
    tpl_set_bool(item, "always", !vi);
    char *kept = NULL;
    if (!simple)
        kept = json_dumps(vi, JSON_COMPACT | JSON_PRESERVE_ORDER);
    tpl_set(item, "condition_kept", kept ? arena_strdup(&r->arena, kept) : "");
    free(kept);
    tpl_set_list(item, "conditions");
    size_t i, k;
    json_t *c, *o;
    json_array_foreach(earlier, i, c)
    {
        struct tpl_vars *g = tpl_add_item(item, "conditions");
        const char *cid = text_of(c, "id");
        tpl_set(g, "label", arena_printf(&r->arena, "%s: %s", cid, text_of(c, "label")));
        tpl_set_list(g, "choices");
        json_array_foreach(options_of(def, c), k, o)
        {
            struct tpl_vars *ch = tpl_add_item(g, "choices");
            tpl_set(ch, "value", arena_printf(&r->arena, "%s:%s", cid, json_string_value(o)));
            tpl_set(ch, "option", json_string_value(o));
            tpl_set_bool(ch, "selected",
                         equals && strcmp(on, cid) == 0 &&
                             strcmp(equals, json_string_value(o)) == 0);
        }
    }
}

static void
column_vars(struct req *r, struct tpl_vars *qi, json_t *def, json_t *q)
{
    tpl_set_list(qi, "columns");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(q, "columns"), i, c)
    {
        struct tpl_vars *ci = tpl_add_item(qi, "columns");
        tpl_set(ci, "cid", text_of(c, "id"));
        item_vars(r, ci, def, c);
        type_choices(ci, "types", survey_edit_column_types, text_of(c, "type"));
    }
    type_choices(qi, "column_types", survey_edit_column_types, NULL);
}

static void
question_vars(struct req *r, struct tpl_vars *si, json_t *def, json_t *earlier, json_t *answered,
              json_t *q)
{
    static const char *const levels[] = {"必須", "推奨", NULL};
    static const char *const measures[] = {"技術的対策", "組織的・人的対策", NULL};
    struct tpl_vars *qi = tpl_add_item(si, "questions");
    const char *qid = text_of(q, "id"), *type = text_of(q, "type");
    const char *open = param_text(&r->params, "open");
    tpl_set(qi, "qid", qid);
    tpl_set_bool(qi, "answered", json_object_get(answered, qid) != NULL);
    tpl_set_bool(qi, "open", open && strcmp(open, qid) == 0);
    item_vars(r, qi, def, q);
    for (size_t k = 0; survey_edit_types[k]; k++)
        if (strcmp(survey_edit_types[k], type) == 0)
            tpl_set(qi, "type_label", qtype_label((enum qtype)k));
    type_choices(qi, "types", survey_edit_types, type);
    value_choices(qi, "levels", levels, text_of(q, "level"));
    value_choices(qi, "measures", measures, text_of(q, "measure"));
    condition_choices(r, qi, def, earlier, q);
    column_vars(r, qi, def, q);
}

static void
sections_vars(struct req *r, struct tpl_vars *v, json_t *def, json_t *answered)
{
    json_t *earlier = json_array(); /* choice questions so far */
    tpl_set_list(v, "sections");
    size_t i, j;
    json_t *sec, *q;
    json_array_foreach(json_object_get(def, "sections"), i, sec)
    {
        struct tpl_vars *si = tpl_add_item(v, "sections");
        tpl_set(si, "sid", text_of(sec, "id"));
        tpl_set_int(si, "number", (long long)i + 1);
        tpl_set(si, "title", text_of(sec, "title"));
        tpl_set(si, "help", text_of(sec, "help"));
        tpl_set_list(si, "questions");
        type_choices(si, "new_types", survey_edit_types, NULL);
        json_array_foreach(json_object_get(sec, "questions"), j, q)
        {
            question_vars(r, si, def, earlier, answered, q);
            const char *type = text_of(q, "type");
            if (strcmp(type, "single") == 0 || strcmp(type, "multi") == 0)
                json_array_append(earlier, q);
        }
    }
    json_decref(earlier);
}

static void
settings_vars(struct req *r, struct tpl_vars *v, json_t *def)
{
    tpl_set(v, "survey_title", text_of(def, "title"));
    tpl_set(v, "description", text_of(def, "description"));
    json_t *period = json_object_get(def, "period");
    int64_t opens = 0, closes = 0;
    bool has_period = clock_parse_iso(text_of(period, "opens"), &opens) &&
                      clock_parse_iso(text_of(period, "closes"), &closes);
    char local[2][20] = {"", ""};
    if (has_period) {
        clock_local_jst(opens, local[0], sizeof(local[0]));
        clock_local_jst(closes, local[1], sizeof(local[1]));
    }
    tpl_set(v, "opens_local", arena_strdup(&r->arena, local[0]));
    tpl_set(v, "closes_local", arena_strdup(&r->arena, local[1]));
    page_time_vars(v, "opens", opens);
    page_time_vars(v, "closes", closes);
    json_t *audience = json_object_get(def, "audience");
    tpl_set_list(v, "audience");
    for (size_t i = 0; editor_audience[i].param; i++) {
        struct tpl_vars *a = tpl_add_item(v, "audience");
        tpl_set(a, "param", editor_audience[i].param);
        tpl_set(a, "kind", editor_audience[i].kind);
        bool in = false;
        size_t k;
        json_t *x;
        json_array_foreach(audience, k, x) in =
            in || strcmp(json_string_value(x), editor_audience[i].kind) == 0;
        tpl_set_bool(a, "checked", in);
    }
    tpl_set(v, "materials", lines_of(&r->arena, json_object_get(def, "materials")));
    tpl_set_list(v, "option_lists");
    const char *name;
    json_t *list;
    json_object_foreach(json_object_get(def, "options"), name, list)
    {
        struct tpl_vars *o = tpl_add_item(v, "option_lists");
        tpl_set(o, "name", name);
        tpl_set(o, "options", lines_of(&r->arena, list));
    }
}

void
survey_editor_render(struct req *r, int status, const char *id, json_t *def, bool draft,
                     json_t *errors, const char *error_title)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "survey_id", id);
    tpl_set_bool(v, "draft", draft);
    tpl_set_int(v, "revision", json_integer_value(json_object_get(def, "revision")));
    tpl_set(v, "message", param_int(&r->params, "saved", 0) ? "保存しました。" : "");
    tpl_set_bool(v, "has_errors", json_array_size(errors) > 0);
    tpl_set(v, "error_title", error_title ? error_title : "");
    tpl_set_list(v, "errors");
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        struct tpl_vars *item = tpl_add_item(v, "errors");
        tpl_set(item, "message", text_of(e, "message"));
    }
    /* An opened survey says which questions have stored answers. */
    struct stored_answers sa = {NULL, NULL, NULL};
    json_t *answered = NULL;
    int rc = draft ? 0 : stored_answers_load(r->db, id, &sa);
    if (rc == 0 && !draft) {
        answered = stored_answers_questions(&sa);
        stored_answers_cleanup(&sa);
        arena_defer(&r->arena, json_decref_cb, answered);
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    settings_vars(r, v, def);
    sections_vars(r, v, def, answered);
    page_render(r, status, "survey_edit", "照会の編集", v);
}

PARAMS(edit_page_params) = {
    {"open", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "開く設問"},
    {"saved", PARAM_QUERY, PARAM_BOOL, false, 0, 0, NULL, "保存済み"},
    PARAMS_END,
};

static void
edit_page(struct req *r)
{
    bool draft;
    json_t *def = survey_editor_def_or_reply(r, &draft);
    if (def)
        survey_editor_render(r, 200, form_get(&r->path_params, "id"), def, draft, NULL, NULL);
}

// clang-format off
ROUTES(survey_editor_page_routes) = {
    {"GET", "/surveys/:id/edit", ROLE_MINISTRY, BODY_NONE, edit_page, edit_page_params},
    ROUTES_END,
};
// clang-format on
