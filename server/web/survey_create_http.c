/*
 * survey_create_http.c: a new survey from the browser or the API (issue #18):
 * the page that starts one (a copy of an earlier survey, an uploaded
 * definition, or empty), its definition as a whole document, the preview as
 * a 団体 will see it, and opening it after a confirmation.
 *
 * Creating and opening are each one handler behind a page's form and an API
 * route with the same declared parameters (param.h).
 */
#include "survey_editor.h"
#include "answer_html.h"
#include "clock.h"
#include "buf.h"
#include "err.h"
#include "guard.h"
#include "jsonin.h"
#include "http.h"
#include "org.h"
#include "outcome.h"
#include "page.h"
#include "page_survey.h"
#include "param.h"
#include "route.h"
#include "survey.h"
#include "survey_definition.h"
#include "survey_draft.h"
#include "survey_store.h"
#include "survey_upload.h"
#include "tpl.h"

#include <stdio.h>
#include <string.h>

/* --- the page that starts a survey */

/* The surveys to copy from, oldest period first; the newest 意見照会 (kind
   survey) is chosen to start with, as last year's is the usual start. */
struct copy_choices {
    struct tpl_vars *v, *newest;
};

static struct tpl_vars *
copy_choice(struct copy_choices *c, const char *id, const char *title, bool draft)
{
    struct tpl_vars *item = tpl_add_item(c->v, "sources");
    if (!item)
        return NULL;
    tpl_set(item, "id", id);
    tpl_set(item, "title", title ? title : id);
    tpl_set_bool(item, "is_draft", draft);
    tpl_set_bool(item, "selected", false);
    return item;
}

static int
copy_choice_survey(const struct survey_row *s, void *arg)
{
    struct copy_choices *c = arg;
    struct tpl_vars *item = copy_choice(c, s->id, s->title, false);
    if (item && strcmp(s->kind, "survey") == 0)
        c->newest = item;
    return item ? 0 : ERR_NOMEM;
}

static int
copy_choice_draft(const struct survey_draft_row *d, void *arg)
{
    return copy_choice(arg, d->id, d->title, true) ? 0 : ERR_NOMEM;
}

/* The page, with the reason a creation was refused (NULL: none) and what
   was sent kept in its fields. */
static void
new_page_render(struct req *r, int status, const char *message)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "message", message ? message : "");
    tpl_set(v, "new_id", param_text_or_empty(&r->params, "new_id"));
    tpl_set(v, "new_title", param_text_or_empty(&r->params, "title"));
    tpl_set(v, "definition", param_text_or_empty(&r->params, "definition"));
    struct copy_choices c = {v, NULL};
    tpl_set_list(v, "sources");
    int rc = survey_each_by_period(r->db, copy_choice_survey, &c);
    if (rc == 0)
        rc = survey_draft_each(r->db, copy_choice_draft, &c);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    if (c.newest)
        tpl_set_bool(c.newest, "selected", true);
    page_render(r, status, "survey_new", "新しい照会を作る", v);
}

static void
new_page(struct req *r)
{
    new_page_render(r, 200, NULL);
}

/* --- creating one: page and API */

PARAMS(create_params) = {
    {"copy_of", PARAM_BODY, PARAM_TEXT, false, 0, 64, NULL, "コピー元の照会"},
    {"definition", PARAM_BODY, PARAM_TEXT, false, 0, 0, NULL, "定義ファイルの内容"},
    {"new_id", PARAM_BODY, PARAM_TEXT, false, 0, 64, NULL, "新しい照会の ID"},
    {"title", PARAM_BODY, PARAM_TEXT, false, 0, 200, NULL, "題名"},
    PARAMS_END,
};

/* The new draft's definition from the parameters (a new object), or an error
   with its field and message. */
static int
create_definition(struct req *r, json_t **def, const char **field, char *msg, size_t msglen)
{
    const struct params *p = &r->params;
    const char *copy_of = param_text_nonblank(p, "copy_of");
    const char *text = param_text_nonblank(p, "definition");
    const char *new_id = param_text_nonblank(p, "new_id");
    const char *title = param_text_nonblank(p, "title");
    int rc;
    *def = NULL;
    if (copy_of) {
        *field = "copy_of";
        rc = survey_draft_copy_of(r->db, copy_of, new_id, def);
        if (rc == ERR_NOTFOUND) {
            snprintf(msg, msglen, "コピー元の照会「%s」はありません。", copy_of);
            rc = ERR_INPUT;
        }
    } else if (text) {
        *field = "definition";
        rc = survey_draft_json_from_upload(text, strlen(text), def, msg, msglen);
        if (rc == 0 && new_id)
            json_object_set_new(*def, "id", json_string(new_id));
    } else if (new_id && title) {
        *def = survey_draft_empty(new_id, title);
        rc = *def ? 0 : ERR_NOMEM;
    } else {
        *field = new_id ? "title" : "new_id";
        snprintf(msg, msglen,
                 "コピー元の照会か定義ファイルを選ぶか、空の照会の ID と題名を"
                 "入力してください。");
        rc = ERR_INPUT;
    }
    if (rc == 0 && title)
        json_object_set_new(*def, "title", json_string(title));
    return rc;
}

/* Stores def (taken over; NULL after a failure rc with field and msg) as a
   new draft and answers: the API with its id, the page with its editor. */
static void
create_send(struct req *r, int rc, json_t *def, const char *field, char *msg, size_t msglen)
{
    struct audit_actor who = req_actor(r);
    if (rc == 0) {
        rc = survey_draft_create(r->db, &who, def, msg, msglen);
        field = "new_id";
    }
    const char *id = def ? json_string_value(json_object_get(def, "id")) : NULL;
    id = id ? arena_strdup(&r->arena, id) : "";
    json_decref(def);
    const struct outcome_words words = {msg, field, msg};
    if (!r->is_api && !r->json_errors && msg[0] && (rc == ERR_INPUT || rc == ERR_CONFLICT)) {
        new_page_render(r, http_status_of_err(rc), msg);
        return;
    }
    outcome_send(r, rc, msg[0] ? &words : NULL, json_pack("{s:s, s:s}", "id", id, "state", "draft"),
                 arena_printf(&r->arena, "/surveys/%s/edit", id));
}

static void
create(struct req *r)
{
    json_t *def = NULL;
    const char *field = "new_id";
    char msg[512] = "";
    int rc = create_definition(r, &def, &field, msg, sizeof(msg));
    create_send(r, rc, def, field, msg, sizeof(msg));
}

PARAMS(upload_params) = {
    {"new_id", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "新しい照会の ID"},
    PARAMS_END,
};

/* POST of a definition file's bytes (JSON or XLSForm): the API's,
   and the new survey page's script (which asks for JSON errors). */
static void
upload(struct req *r)
{
    const char *accept = http_header(r, "Accept");
    r->json_errors = accept && strstr(accept, "application/json");
    json_t *def = NULL;
    char msg[512] = "";
    int rc;
    if (!r->body_len) {
        snprintf(msg, sizeof(msg), "定義ファイルを選んでください。");
        rc = ERR_INPUT;
    } else {
        rc = survey_draft_json_from_upload(r->body, r->body_len, &def, msg, sizeof(msg));
    }
    const char *new_id = param_text_nonblank(&r->params, "new_id");
    if (rc == 0 && new_id)
        json_object_set_new(def, "id", json_string(new_id));
    create_send(r, rc, def, "file", msg, sizeof(msg));
}

/* --- the definition as a whole (API) */

static void
definition_get(struct req *r)
{
    bool draft;
    json_t *def = survey_editor_def_or_reply(r, &draft);
    if (!def)
        return;
    http_send_json(r, 200,
                   json_pack("{s:s, s:O}", "state", draft ? "draft" : "open", "definition", def));
}

/* PUT: the body is the whole definition, which the domain validates
   (survey_definition_put); an opened survey's refusals come back as errors. */
static void
definition_put(struct req *r)
{
    bool draft;
    if (!survey_editor_def_or_reply(r, &draft))
        return;
    json_t *def = json_deep_copy(r->json), *errors = json_array();
    arena_defer(&r->arena, json_decref_cb, def);
    arena_defer(&r->arena, json_decref_cb, errors);
    char msg[512] = "";
    struct audit_actor who = req_actor(r);
    const char *id = form_get(&r->path_params, "id");
    int rc = json_is_object(def)
                 ? survey_definition_put(r->db, &who, id, def, NULL, "survey.definition", errors,
                                         msg, sizeof(msg))
                 : ERR_INPUT;
    if (rc == ERR_INPUT && !msg[0])
        snprintf(msg, sizeof(msg), "定義は JSON オブジェクトにしてください。");
    if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && !json_array_size(errors))
        json_array_append_new(errors, json_pack("{s:n, s:s}", "field", "message", msg));
    if (rc == ERR_INPUT || rc == ERR_CONFLICT)
        http_send_json(r, http_status_of_err(rc), json_pack("{s:O}", "errors", errors));
    else if (rc)
        http_send_err(r, rc);
    else
        http_send_json(r, 200,
                       json_pack("{s:s, s:s, s:O}", "id", id, "state", draft ? "draft" : "open",
                                 "definition", def));
}

/* --- preview and opening */

/* The definition parsed as it stands (a draft's rules), freed with the
   request; or NULL after answering. */
static struct survey *
editor_survey_or_reply(struct req *r, bool *draft)
{
    json_t *def = survey_editor_def_or_reply(r, draft);
    if (!def)
        return NULL;
    char *text = json_dumps(def, JSON_COMPACT | JSON_PRESERVE_ORDER), msg[512];
    struct survey *s = NULL;
    int rc =
        text ? survey_parse_draft(text, strlen(text), "定義", &s, msg, sizeof(msg)) : ERR_NOMEM;
    free(text);
    if (rc || arena_defer(&r->arena, survey_release_cb, s)) {
        survey_release(s);
        http_send_err(r, rc ? rc : ERR_NOMEM);
        return NULL;
    }
    return s;
}

static void
preview_page(struct req *r)
{
    bool draft;
    struct survey *s = editor_survey_or_reply(r, &draft);
    if (!s)
        return;
    json_t *answers = json_object();
    arena_defer(&r->arena, json_decref_cb, answers);
    struct answer_view view = {.s = s, .answers = answers, .arena = &r->arena};
    struct buf *fields = buf_new_in(&r->arena, 0);
    if (!fields) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    answer_html_form(fields, &view);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, NULL);
    tpl_set_bool(v, "has_period", s->closes_at > s->opens_at);
    tpl_set_markup(v, "fields", fields);
    page_render(r, 200, "survey_preview", s->title, v);
}

/* The 団体区分 asked, as a person reads it. */
static const char *
audience_text(struct arena *a, const struct survey *s)
{
    if (!s->audience)
        return "すべての団体";
    struct buf *b = buf_new_in(a, 0);
    size_t i;
    json_t *k;
    json_array_foreach(s->audience, i, k)
    {
        if (i)
            buf_puts(b, "・");
        buf_puts(b, json_string_value(k));
    }
    return buf_str(b);
}

struct audience_count {
    const struct survey *s;
    long long n;
};

static int
count_addressed(const struct org_row *o, void *arg)
{
    struct audience_count *c = arg;
    c->n += survey_for_kind(c->s, o->kind);
    return 0;
}

static void
open_page(struct req *r)
{
    bool draft;
    struct survey *s = editor_survey_or_reply(r, &draft);
    if (!s)
        return;
    if (!draft) {
        http_send_error(r, 409, NULL, "この照会は既に公開されています。");
        return;
    }
    char msg[512] = "";
    struct survey *strict;
    if (survey_draft_openable(s->def, &strict, msg, sizeof(msg)) == 0)
        msg[0] = '\0';
    survey_release(strict);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, NULL);
    tpl_set_bool(v, "has_period", s->closes_at > s->opens_at);
    struct audience_count count = {s, 0};
    const struct org_query everyone = {0};
    int rc = org_each(r->db, &everyone, count_addressed, &count);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    tpl_set(v, "audience",
            arena_printf(&r->arena, "%s（%lld団体）", audience_text(&r->arena, s), count.n));
    tpl_set_int(v, "n_sections", (long long)s->n_sections);
    tpl_set_int(v, "n_questions", (long long)s->n_questions);
    tpl_set(v, "problem", arena_strdup(&r->arena, msg));
    page_render(r, 200, "survey_open", "照会の公開", v);
}

static void
open_survey(struct req *r)
{
    const char *id = form_get(&r->path_params, "id");
    char msg[512] = "";
    struct audit_actor who = req_actor(r);
    int rc = survey_draft_open(r->db, &who, id, msg, sizeof(msg));
    const struct outcome_words words = {NULL, NULL, msg};
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "survey",
                        "公開できる下書きはありません（既に公開されたか、ありません）。");
        return;
    }
    outcome_send(r, rc, &words, json_pack("{s:s, s:s}", "id", id, "state", "open"),
                 arena_printf(&r->arena, "/surveys/%s/progress", id));
}

static void
discard(struct req *r)
{
    const char *id = form_get(&r->path_params, "id");
    struct audit_actor who = req_actor(r);
    int rc = survey_draft_delete(r->db, &who, id);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "survey", "その下書きはありません。");
        return;
    }
    outcome_send(r, rc, NULL, json_pack("{s:s, s:b}", "id", id, "deleted", 1), "/surveys");
}

API_DOC(create_doc) = {"照会の案を作る（コピー・定義・空から）", API_JSON, "SurveyDraft", false,
                       NULL};
API_DOC(upload_doc) = {"定義ファイル（JSON か XLSForm）から照会の案を作る", API_JSON, "SurveyDraft",
                       false, NULL};
API_DOC(definition_doc) = {"照会の定義", API_JSON, "SurveyDefinition", false, NULL};
API_DOC(definition_put_doc) = {"照会の定義をまとめて置き換える", API_JSON, "SurveyDefinition",
                               false, NULL};
API_DOC(open_doc) = {"照会の案を公開する", API_JSON, "SurveyDraft", false, NULL};
API_DOC(discard_doc) = {"照会の案を破棄する", API_JSON, "SurveyDraft", false, NULL};

// clang-format off
ROUTES(survey_create_http_routes) = {
    {"GET", "/surveys/new", ROLE_MINISTRY, BODY_NONE, new_page, NULL},
    {"POST", "/surveys/new", ROLE_MINISTRY, BODY_FORM, create, create_params},
    {"POST", "/api/v1/surveys", ROLE_MINISTRY, BODY_JSON, create, create_params, &create_doc},
    {"POST", "/surveys/new/file", ROLE_MINISTRY, BODY_FILE, upload, upload_params},
    {"POST", "/api/v1/surveys/file", ROLE_MINISTRY, BODY_FILE, upload, upload_params, &upload_doc},
    {"GET", "/api/v1/surveys/:id/definition", ROLE_MINISTRY, BODY_NONE, definition_get, NULL, &definition_doc},
    {"PUT", "/api/v1/surveys/:id/definition", ROLE_MINISTRY, BODY_JSON, definition_put, NULL, &definition_put_doc},
    {"GET", "/surveys/:id/preview", ROLE_MINISTRY, BODY_NONE, preview_page, NULL},
    {"GET", "/surveys/:id/open", ROLE_MINISTRY, BODY_NONE, open_page, NULL},
    {"POST", "/surveys/:id/open", ROLE_MINISTRY, BODY_FORM, open_survey, NULL},
    {"POST", "/api/v1/surveys/:id/open", ROLE_MINISTRY, BODY_JSON_OPTIONAL, open_survey, NULL, &open_doc},
    {"POST", "/surveys/:id/discard", ROLE_MINISTRY, BODY_FORM, discard, NULL},
    {"DELETE", "/api/v1/surveys/:id/draft", ROLE_MINISTRY, BODY_NONE, discard, NULL, &discard_doc},
    ROUTES_END,
};
// clang-format on
