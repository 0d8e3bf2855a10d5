/*
 * test_openapi.c: the OpenAPI document describes a route it has never seen
 * from the route alone (openapi_add_route): a made-up route with no api_doc,
 * an unknown path parameter, typed query and body parameters; and the
 * shipped document holds every /api/v1 route of the table.
 */
#include "../tap.h"
#include "openapi.h"
#include "param.h"
#include "route.h"
#include "user.h"

#include <stdlib.h>
#include <string.h>

static const char *const colours[] = {"red", "blue", NULL};

PARAMS(widget_params) = {
    {"colour", PARAM_QUERY, PARAM_CHOICE, true, 0, 0, colours, "色"},
    {"limit", PARAM_QUERY, PARAM_INT, false, 1, 500, NULL, "件数"},
    {"note", PARAM_BODY, PARAM_TEXT, true, 1, 200, NULL, "メモ"},
    {"since", PARAM_BODY, PARAM_TIME, false, 0, 0, NULL, "いつから"},
    PARAMS_END,
};

// clang-format off
static ROUTES(made_up) = {
    {"GET", "/api/v1/widgets/:widget/parts.csv", ROLE_PREF | ROLE_MINISTRY, BODY_NONE, NULL, widget_params},
    {"POST", "/api/v1/widgets/:widget", ROLE_MINISTRY, BODY_JSON, NULL, widget_params},
    {"GET", "/widgets", ROLE_ANY, BODY_NONE, NULL, NULL},
    ROUTES_END,
};
// clang-format on

/* The member at path ("a|b|0|c": object keys and array indexes) of root,
   as text: a string itself, "true"/"false", "int" for a number; NULL when
   it is not there. */
static const char *
text_at(json_t *root, const char *path)
{
    json_t *j = root;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, "|", &save); j && k; k = strtok_r(NULL, "|", &save))
        j = json_is_array(j) ? json_array_get(j, (size_t)atoi(k)) : json_object_get(j, k);
    if (json_is_boolean(j))
        return json_is_true(j) ? "true" : "false";
    if (json_is_integer(j))
        return "int";
    return j ? json_string_value(j) : NULL;
}

static void
test_made_up_routes(void)
{
    json_t *paths = json_object();
    for (const struct route *rt = made_up; rt->method; rt++)
        openapi_add_route(paths, rt);
    is_int((int64_t)json_object_size(paths), 2, "the two API routes, not the page");
    json_t *get =
        json_object_get(json_object_get(paths, "/api/v1/widgets/{widget}/parts.csv"), "get");
    ok(get != NULL, ":widget is the path parameter {widget}");
    is_str(text_at(get, "summary"), "（説明なし）", "no doc: a placeholder summary");
    is_str(text_at(get, "x-read-token"), "false", "no doc: not for read-only tokens");
    is_str(text_at(get, "tags|0"), "parts", "listed under its segment after the parameter");
    is_str(text_at(get, "x-roles|0"), "pref", "its roles");
    is_str(text_at(get, "x-roles|1"), "ministry", "its roles (2)");
    is_str(text_at(get, "parameters|0|name"), "widget", "the unknown path parameter");
    is_str(text_at(get, "parameters|0|in"), "path", "in the path");
    is_str(text_at(get, "parameters|0|schema|type"), "string", "as a string");
    is_str(text_at(get, "parameters|1|name"), "colour", "the declared query parameter");
    is_str(text_at(get, "parameters|1|description"), "色", "its label");
    is_str(text_at(get, "parameters|1|required"), "true", "required");
    is_str(text_at(get, "parameters|1|schema|enum|1"), "blue", "its choices as an enum");
    is_str(text_at(get, "parameters|2|schema|type"), "integer", "an integer");
    is_str(text_at(get, "parameters|2|schema|maximum"), "int", "with its bounds");
    ok(json_object_get(get, "requestBody") == NULL, "a GET has no body");
    ok(text_at(get, "responses|200|description") != NULL, "a generic success answer");
    is_str(text_at(get, "responses|403|content|application/json|schema|$ref"),
           "#/components/schemas/Error", "errors in the one shape");
    json_t *post = json_object_get(json_object_get(paths, "/api/v1/widgets/{widget}"), "post");
#define BODY "requestBody|content|application/json|schema|"
    is_str(text_at(post, BODY "properties|note|type"), "string", "a body parameter is a member");
    is_str(text_at(post, BODY "properties|note|description"), "メモ", "with its label");
    is_str(text_at(post, BODY "properties|since|format"), "date-time", "a time is a date-time");
    is_str(text_at(post, BODY "required|0"), "note", "required members listed");
    is_str(text_at(post, "requestBody|required"), "true", "a JSON body is required");
#undef BODY
    ok(json_object_get(json_object_get(post, "responses"), "409") != NULL, "a write may conflict");
    json_decref(paths);
}

struct count {
    json_t *paths;
    int routes, missing;
};

static void
count_route(const struct route *rt, void *arg)
{
    struct count *c = arg;
    if (strncmp(rt->pattern, "/api/v1/", 8) != 0)
        return;
    c->routes++;
    char path[256], method[8];
    size_t n = 0;
    for (const char *p = rt->pattern; *p && n + 2 < sizeof(path); p++) {
        if (*p == ':') {
            path[n++] = '{';
            while (p[1] && p[1] != '/' && p[1] != '.' && n + 2 < sizeof(path))
                path[n++] = *++p;
            path[n++] = '}';
        } else {
            path[n++] = *p;
        }
    }
    path[n] = '\0';
    for (n = 0; rt->method[n] && n + 1 < sizeof(method); n++)
        method[n] = (char)(rt->method[n] - 'A' + 'a');
    method[n] = '\0';
    if (!json_object_get(json_object_get(c->paths, path), method)) {
        c->missing++;
        printf("# missing: %s %s\n", rt->method, rt->pattern);
    }
}

static void
test_shipped_document(void)
{
    json_t *doc = openapi_document();
    ok(doc != NULL, "the document is made");
    is_str(text_at(doc, "openapi"), "3.1.0", "OpenAPI 3.1");
    struct count c = {json_object_get(doc, "paths"), 0, 0};
    route_each(count_route, &c);
    ok(c.routes > 30, "the table has its API routes");
    is_int(c.missing, 0, "every one is in the document");
    ok(json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"), "Error") !=
           NULL,
       "with the Error schema");
    json_decref(doc);
}

int
main(void)
{
    test_made_up_routes();
    test_shipped_document();
    return done_testing();
}
