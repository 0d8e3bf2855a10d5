/*
 * survey_editor_http.c: the survey editor's operations (issue #18), for the
 * browser and the API alike: settings, 提示資料, shared option lists,
 * sections, questions and a table's columns.
 *
 * Each operation is one handler behind two routes, the editor page's form
 * (answered by going back to the editor, PRG) and the API's JSON (answered
 * with the new definition), with the same declared parameters. All of them
 * run through edit_run: read the definition (draft or opened), change it with
 * survey_edit.c, store it with survey_definition_put, which validates it and,
 * for an opened survey, refuses what the stored answers forbid.
 */
#include "survey_editor.h"
#include "clock.h"
#include "buf.h"
#include "err.h"
#include "guard.h"
#include "jsonin.h"
#include "http.h"
#include "outcome.h"
#include "param.h"
#include "route.h"
#include "survey_definition.h"
#include "survey_edit.h"

#include <stdio.h>
#include <string.h>

/* One edit: changes def from r's parameters; msg gets the reason of a
   refusal; *focus may name the question to open afterwards. */
typedef int (*edit_fn)(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus);

/* A refused edit: the API's errors, or the editor page again with them. */
static void
edit_refused(struct req *r, int rc, json_t *def, bool draft, json_t *errors, const char *title)
{
    if (r->is_api) {
        http_send_json(r, http_status_of_err(rc), json_pack("{s:O}", "errors", errors));
        return;
    }
    survey_editor_render(r, http_status_of_err(rc), form_get(&r->path_params, "id"), def, draft,
                         errors, title);
}

static void
edit_run(struct req *r, edit_fn fn, const char *action)
{
    bool draft;
    json_t *def = survey_editor_def_or_reply(r, &draft);
    if (!def)
        return;
    const char *id = form_get(&r->path_params, "id");
    json_t *next = json_deep_copy(def), *errors = json_array();
    arena_defer(&r->arena, json_decref_cb, next);
    arena_defer(&r->arena, json_decref_cb, errors);
    char msg[512] = "";
    const char *focus = NULL;
    struct audit_actor who = req_actor(r);
    int rc = fn(r, next, msg, sizeof(msg), &focus);
    if (rc == 0)
        rc = survey_definition_put(r->db, &who, id, next, def, action, errors, msg, sizeof(msg));
    if (rc == ERR_CONFLICT && json_array_size(errors)) {
        edit_refused(r, rc, def, draft, errors,
                     "回答が保存されているため、この変更はできません（何も保存していません）。");
        return;
    }
    if (rc == ERR_INPUT || rc == ERR_CONFLICT || (rc == ERR_NOTFOUND && msg[0])) {
        if (rc == ERR_INPUT)
            survey_fault_words(next, msg, sizeof(msg));
        json_array_append_new(errors, json_pack("{s:n, s:s}", "field", "message", msg));
        edit_refused(r, rc, def, draft, errors, "保存できませんでした（何も保存していません）。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    const char *location =
        focus ? arena_printf(&r->arena, "/surveys/%s/edit?saved=1&open=%s#q-%s", id, focus, focus)
              : arena_printf(&r->arena, "/surveys/%s/edit?saved=1", id);
    outcome_done(r, json_pack("{s:s, s:s?, s:O}", "id", id, "question", focus, "definition", next),
                 location);
}

/* --- the survey as a whole */

PARAMS(settings_params) = {
    {"title", PARAM_BODY, PARAM_TEXT, true, 1, 200, NULL, "題名"},
    {"description", PARAM_BODY, PARAM_TEXT, false, 0, 5000, NULL, "説明"},
    {"opens", PARAM_BODY, PARAM_TIME, false, 0, 0, NULL, "開始日時"},
    {"closes", PARAM_BODY, PARAM_TIME, false, 0, 0, NULL, "終了日時"},
    EDITOR_AUDIENCE_PARAMS,
    PARAMS_END,
};

static int
settings_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    json_t *audience = json_array();
    arena_defer(&r->arena, json_decref_cb, audience);
    for (size_t i = 0; editor_audience[i].param; i++)
        if (param_int(&r->params, editor_audience[i].param, 0))
            json_array_append_new(audience, json_string(editor_audience[i].kind));
    struct survey_settings st = {param_text(&r->params, "title"),
                                 param_text(&r->params, "description"), NULL, NULL, audience};
    if (param_given(&r->params, "opens"))
        st.opens = clock_iso_in(&r->arena, param_int(&r->params, "opens", 0));
    if (param_given(&r->params, "closes"))
        st.closes = clock_iso_in(&r->arena, param_int(&r->params, "closes", 0));
    return survey_edit_settings(def, &st, msg, msglen);
}

static void
settings(struct req *r)
{
    edit_run(r, settings_edit, "survey.edit.settings");
}

PARAMS(materials_params) = {
    {"materials", PARAM_BODY, PARAM_TEXT, false, 0, 20000, NULL, "提示資料"},
    PARAMS_END,
};

static int
materials_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    return survey_edit_materials(def, param_text(&r->params, "materials"), msg, msglen);
}

static void
materials(struct req *r)
{
    edit_run(r, materials_edit, "survey.edit.materials");
}

PARAMS(option_list_params) = {
    {"name", PARAM_BODY, PARAM_TEXT, true, 1, 64, NULL, "選択肢リストの名前"},
    {"options", PARAM_BODY, PARAM_TEXT, false, 0, 20000, NULL, "選択肢"},
    PARAMS_END,
};

static int
option_list_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    return survey_edit_option_list(def, param_text(&r->params, "name"),
                                   param_text(&r->params, "options"), msg, msglen);
}

static void
option_list(struct req *r)
{
    edit_run(r, option_list_edit, "survey.edit.options");
}

/* --- sections */

PARAMS(section_add_params) = {
    {"title", PARAM_BODY, PARAM_TEXT, true, 1, 200, NULL, "セクションの題名"},
    PARAMS_END,
};
PARAMS(section_update_params) = {
    {"sid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "セクション"},
    {"title", PARAM_BODY, PARAM_TEXT, true, 1, 200, NULL, "セクションの題名"},
    {"help", PARAM_BODY, PARAM_TEXT, false, 0, 5000, NULL, "説明"},
    PARAMS_END,
};
static const char *const directions[] = {"up", "down", NULL};
PARAMS(section_move_params) = {
    {"sid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "セクション"},
    {"direction", PARAM_BODY, PARAM_CHOICE, true, 0, 0, directions, "移動の向き"},
    PARAMS_END,
};
PARAMS(section_params) = {
    {"sid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "セクション"},
    PARAMS_END,
};

static int
delta(struct req *r)
{
    return strcmp(param_text(&r->params, "direction"), "up") == 0 ? -1 : 1;
}

static int
section_add_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    char id[16];
    return survey_edit_section_add(def, param_text(&r->params, "title"), id, msg, msglen);
}

static int
section_update_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    return survey_edit_section_update(def, param_text(&r->params, "sid"),
                                      param_text(&r->params, "title"),
                                      param_text(&r->params, "help"), msg, msglen);
}

static int
section_move_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    return survey_edit_section_move(def, param_text(&r->params, "sid"), delta(r), msg, msglen);
}

static int
section_delete_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    (void)focus;
    return survey_edit_section_delete(def, param_text(&r->params, "sid"), msg, msglen);
}

static void
section_add(struct req *r)
{
    edit_run(r, section_add_edit, "survey.edit.section.add");
}

static void
section_update(struct req *r)
{
    edit_run(r, section_update_edit, "survey.edit.section");
}

static void
section_move(struct req *r)
{
    edit_run(r, section_move_edit, "survey.edit.section.move");
}

static void
section_delete(struct req *r)
{
    edit_run(r, section_delete_edit, "survey.edit.section.delete");
}

/* --- questions and a table's columns */

static const char *const levels[] = {"必須", "推奨", NULL};
static const char *const measures[] = {"技術的対策", "組織的・人的対策", NULL};

PARAMS(question_add_params) = {
    {"sid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "セクション"},
    {"type", PARAM_BODY, PARAM_CHOICE, true, 0, 0, survey_edit_types, "設問の種類"},
    {"label", PARAM_BODY, PARAM_TEXT, true, 1, 2000, NULL, "設問文"},
    PARAMS_END,
};
PARAMS(column_add_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    {"type", PARAM_BODY, PARAM_CHOICE, true, 0, 0, survey_edit_column_types, "列の種類"},
    {"label", PARAM_BODY, PARAM_TEXT, true, 1, 2000, NULL, "列の見出し"},
    PARAMS_END,
};
#define QUESTION_FIELD_PARAMS(types)                                                               \
    {"type", PARAM_BODY, PARAM_CHOICE, false, 0, 0, types, "種類"},                                \
        {"label", PARAM_BODY, PARAM_TEXT, true, 1, 2000, NULL, "設問文"},                          \
        {"help", PARAM_BODY, PARAM_TEXT, false, 0, 5000, NULL, "補足説明"},                        \
        {"required", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "必須"},                           \
        {"options", PARAM_BODY, PARAM_TEXT, false, 0, 20000, NULL, "選択肢"},                      \
        {"options_ref", PARAM_BODY, PARAM_TEXT, false, 0, 64, NULL, "共通の選択肢リスト"},         \
        {"exclusive", PARAM_BODY, PARAM_TEXT, false, 0, 5000, NULL, "同時に選べない選択肢"},       \
        {"max_length", PARAM_BODY, PARAM_INT, false, 1, 100000, NULL, "最大文字数"},               \
        {"multiline", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "複数行"},                        \
        {"integer", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "整数のみ"},                        \
        {"min", PARAM_BODY, PARAM_TEXT, false, 0, 32, NULL, "最小値"},                             \
        {"max", PARAM_BODY, PARAM_TEXT, false, 0, 32, NULL, "最大値"},                             \
        {"min_rows", PARAM_BODY, PARAM_INT, false, 0, 1000, NULL, "最少行数"},                     \
        {"max_rows", PARAM_BODY, PARAM_INT, false, 1, 1000, NULL, "最多行数"},                     \
        {"level", PARAM_BODY, PARAM_CHOICE, false, 0, 0, levels, "区分"},                          \
    {                                                                                              \
        "measure", PARAM_BODY, PARAM_CHOICE, false, 0, 0, measures, "対策"                       \
    }
PARAMS(question_update_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    QUESTION_FIELD_PARAMS(survey_edit_types),
    {"visible_if", PARAM_BODY, PARAM_TEXT, false, 0, 2100, NULL, "表示する条件"},
    PARAMS_END,
};
PARAMS(column_update_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    {"col", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "列"},
    QUESTION_FIELD_PARAMS(survey_edit_column_types),
    PARAMS_END,
};
PARAMS(question_move_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    {"direction", PARAM_BODY, PARAM_CHOICE, true, 0, 0, directions, "移動の向き"},
    PARAMS_END,
};
PARAMS(column_move_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    {"col", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "列"},
    {"direction", PARAM_BODY, PARAM_CHOICE, true, 0, 0, directions, "移動の向き"},
    PARAMS_END,
};
PARAMS(question_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    PARAMS_END,
};
PARAMS(column_params) = {
    {"qid", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "設問"},
    {"col", PARAM_PATH, PARAM_TEXT, true, 1, 64, NULL, "列"},
    PARAMS_END,
};

static int
question_add_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    char id[16];
    int rc =
        survey_edit_question_add(def, param_text(&r->params, "sid"), param_text(&r->params, "type"),
                                 param_text(&r->params, "label"), id, msg, msglen);
    *focus = rc ? NULL : arena_strdup(&r->arena, id);
    return rc;
}

static int
column_add_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    char id[16];
    const char *qid = param_text(&r->params, "qid");
    *focus = qid;
    return survey_edit_column_add(def, qid, param_text(&r->params, "type"),
                                  param_text(&r->params, "label"), id, msg, msglen);
}

static int
question_update_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    const struct params *p = &r->params;
    struct question_fields f = {
        .type = param_text(p, "type"),
        .label = param_text(p, "label"),
        .help = param_text(p, "help"),
        .required = param_int(p, "required", 0),
        .options = param_text(p, "options"),
        .options_ref = param_text(p, "options_ref"),
        .exclusive = param_text(p, "exclusive"),
        .max_length = (long)param_int(p, "max_length", 0),
        .multiline = param_int(p, "multiline", 0),
        .integer = param_int(p, "integer", 0),
        .min = param_text(p, "min"),
        .max = param_text(p, "max"),
        .min_rows = (long)param_int(p, "min_rows", 0),
        .max_rows = (long)param_int(p, "max_rows", 0),
        .level = param_text(p, "level"),
        .measure = param_text(p, "measure"),
        .visible_if = param_text(p, "visible_if"),
    };
    *focus = param_text(p, "qid");
    return survey_edit_question_update(def, *focus, param_text(p, "col"), &f, msg, msglen);
}

static int
question_move_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    *focus = param_text(&r->params, "qid");
    return survey_edit_question_move(def, *focus, param_text(&r->params, "col"), delta(r), msg,
                                     msglen);
}

static int
question_delete_edit(struct req *r, json_t *def, char *msg, size_t msglen, const char **focus)
{
    const char *col = param_text(&r->params, "col");
    *focus = col ? param_text(&r->params, "qid") : NULL;
    return survey_edit_question_delete(def, param_text(&r->params, "qid"), col, msg, msglen);
}

static void
question_add(struct req *r)
{
    edit_run(r, question_add_edit, "survey.edit.question.add");
}

static void
column_add(struct req *r)
{
    edit_run(r, column_add_edit, "survey.edit.column.add");
}

static void
question_update(struct req *r)
{
    edit_run(r, question_update_edit, "survey.edit.question");
}

static void
question_move(struct req *r)
{
    edit_run(r, question_move_edit, "survey.edit.question.move");
}

static void
question_delete(struct req *r)
{
    edit_run(r, question_delete_edit, "survey.edit.question.delete");
}

API_DOC(edited_doc) = {"照会の案（または回答のある照会）の定義を編集する", API_JSON, "SurveyEdited",
                       false, NULL};

#define EDIT ROLE_MINISTRY
#define S "/surveys/:id"
#define A "/api/v1/surveys/:id"
// clang-format off
ROUTES(survey_editor_http_routes) = {
    {"POST", S "/edit/settings", EDIT, BODY_FORM, settings, settings_params},
    {"PUT", A "/settings", EDIT, BODY_JSON, settings, settings_params, &edited_doc},
    {"POST", S "/edit/materials", EDIT, BODY_FORM, materials, materials_params},
    {"PUT", A "/materials", EDIT, BODY_JSON, materials, materials_params, &edited_doc},
    {"POST", S "/edit/option-lists", EDIT, BODY_FORM, option_list, option_list_params},
    {"POST", A "/option-lists", EDIT, BODY_JSON, option_list, option_list_params, &edited_doc},
    {"POST", S "/sections", EDIT, BODY_FORM, section_add, section_add_params},
    {"POST", A "/sections", EDIT, BODY_JSON, section_add, section_add_params, &edited_doc},
    {"POST", S "/sections/:sid", EDIT, BODY_FORM, section_update, section_update_params},
    {"PUT", A "/sections/:sid", EDIT, BODY_JSON, section_update, section_update_params, &edited_doc},
    {"POST", S "/sections/:sid/move", EDIT, BODY_FORM, section_move, section_move_params},
    {"POST", A "/sections/:sid/move", EDIT, BODY_JSON, section_move, section_move_params, &edited_doc},
    {"POST", S "/sections/:sid/delete", EDIT, BODY_FORM, section_delete, section_params},
    {"DELETE", A "/sections/:sid", EDIT, BODY_NONE, section_delete, section_params, &edited_doc},
    {"POST", S "/sections/:sid/questions", EDIT, BODY_FORM, question_add, question_add_params},
    {"POST", A "/sections/:sid/questions", EDIT, BODY_JSON, question_add, question_add_params, &edited_doc},
    {"POST", S "/questions/:qid", EDIT, BODY_FORM, question_update, question_update_params},
    {"PUT", A "/questions/:qid", EDIT, BODY_JSON, question_update, question_update_params, &edited_doc},
    {"POST", S "/questions/:qid/move", EDIT, BODY_FORM, question_move, question_move_params},
    {"POST", A "/questions/:qid/move", EDIT, BODY_JSON, question_move, question_move_params, &edited_doc},
    {"POST", S "/questions/:qid/delete", EDIT, BODY_FORM, question_delete, question_params},
    {"DELETE", A "/questions/:qid", EDIT, BODY_NONE, question_delete, question_params, &edited_doc},
    {"POST", S "/questions/:qid/columns", EDIT, BODY_FORM, column_add, column_add_params},
    {"POST", A "/questions/:qid/columns", EDIT, BODY_JSON, column_add, column_add_params, &edited_doc},
    {"POST", S "/questions/:qid/columns/:col", EDIT, BODY_FORM, question_update, column_update_params},
    {"PUT", A "/questions/:qid/columns/:col", EDIT, BODY_JSON, question_update, column_update_params, &edited_doc},
    {"POST", S "/questions/:qid/columns/:col/move", EDIT, BODY_FORM, question_move, column_move_params},
    {"POST", A "/questions/:qid/columns/:col/move", EDIT, BODY_JSON, question_move, column_move_params, &edited_doc},
    {"POST", S "/questions/:qid/columns/:col/delete", EDIT, BODY_FORM, question_delete, column_params},
    {"DELETE", A "/questions/:qid/columns/:col", EDIT, BODY_NONE, question_delete, column_params, &edited_doc},
    ROUTES_END,
};
// clang-format on
