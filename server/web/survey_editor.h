/*
 * survey_editor.h: what the survey editor's files share (issue #18): the
 * editor page (survey_editor_page.c), its operations (survey_editor_http.c)
 * and creating, previewing and opening surveys (survey_create_http.c).
 */
#ifndef SHOKAI_SURVEY_EDITOR_H
#define SHOKAI_SURVEY_EDITOR_H

#include <jansson.h>
#include <stdbool.h>

struct req;

/* The 団体区分 a survey may be addressed to, each a yes/no parameter of the
   settings (a form's checkbox, the API's true/false). */
struct audience_param {
    const char *param, *kind;
};
extern const struct audience_param editor_audience[];
#define EDITOR_AUDIENCE_PARAMS                                                                     \
    {"audience_pref", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（都道府県）"},              \
        {"audience_seirei", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（政令市）"},          \
        {"audience_chukaku", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（中核市）"},         \
        {"audience_tokubetsu", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（特別区）"},       \
        {"audience_city", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（市）"},                \
        {"audience_town", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（町）"},                \
    {                                                                                              \
        "audience_village", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "対象（村）"           \
    }

/* Renders the editor of survey id (def: its definition; draft: not yet
   opened). errors: {"field", "message"} items of a refused edit (NULL: none),
   shown above the forms under error_title. */
void survey_editor_render(struct req *r, int status, const char *id, json_t *def, bool draft,
                          json_t *errors, const char *error_title);
/* The definition of the survey or draft named by the :id path parameter, for
   the Ministry (a new reference, dropped with the request), *draft telling
   which; or NULL after answering 404. */
json_t *survey_editor_def_or_reply(struct req *r, bool *draft);

#endif
