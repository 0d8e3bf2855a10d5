/*
 * openapi.c: the OpenAPI 3.1 document from the route table (see openapi.h).
 *
 * Everything a route says of itself becomes the document: its method and
 * pattern (":id" is the path parameter {id}), the roles it admits (x-roles),
 * its declared query and body parameters with their types, bounds, choices
 * and Japanese labels, and the api_doc it may carry (summary, the answer's
 * media type and schema, whether a read-only token may call it). The schemas
 * the answers name are written once, in templates/openapi/components.json.
 * A route without a doc still appears, with a generic answer.
 */
#include "openapi.h"
#include "assets.h"
#include "param.h"
#include "route.h"
#include "user.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define API_PREFIX "/api/v1/"
#define COMPONENTS_ASSET "templates/openapi/components.json"

static json_t *
schema_ref(const char *name)
{
    char ref[128];
    snprintf(ref, sizeof(ref), "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", ref);
}

/* The JSON Schema of one declared parameter's value. */
static json_t *
param_schema(const struct param_spec *p)
{
    json_t *s = json_object();
    switch (p->type) {
    case PARAM_TEXT:
        json_object_set_new(s, "type", json_string("string"));
        if (p->min > 0)
            json_object_set_new(s, "minLength", json_integer(p->min));
        if (p->max > 0)
            json_object_set_new(s, "maxLength", json_integer(p->max));
        break;
    case PARAM_INT:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "minimum", json_integer(p->min));
        json_object_set_new(s, "maximum", json_integer(p->max));
        break;
    case PARAM_ORG:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "pattern", json_string("^[0-9]{6}$"));
        break;
    case PARAM_TIME:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("date-time"));
        break;
    case PARAM_CHOICE: {
        json_t *values = json_array();
        for (size_t i = 0; p->choices && p->choices[i]; i++)
            json_array_append_new(values, json_string(p->choices[i]));
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "enum", values);
        break;
    }
    case PARAM_BOOL:
        json_object_set_new(s, "type", json_string("boolean"));
        break;
    }
    return s;
}

/* What a path parameter no route declares is, by its name; the name itself
   for one this file has not met. */
static const char *
path_param_label(const char *name)
{
    static const struct {
        const char *name, *label;
    } known[] = {
        {"id", "照会の ID（例: r7-ikenshokai）"},
        {"code", "団体コード（6桁）"},
        {"n", "版の番号"},
        {"key", "意見・質問のキー"},
        {"token", "トークンの番号"},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(known[i].name, name) == 0)
            return known[i].label;
    return name;
}

static const struct param_spec *
declared(const struct route *rt, enum param_source from, const char *name)
{
    for (const struct param_spec *p = rt->params; p && p->name; p++)
        if (p->from == from && strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

static json_t *
parameter(const char *in, const char *name, bool required, const char *label, json_t *schema)
{
    return json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", name, "in", in, "required", required,
                     "description", label, "schema", schema);
}

/* The path (with {name}) and its parameters: each :name of the pattern,
   typed by its declaration when there is one, else a string. */
static json_t *
path_and_params(const struct route *rt, json_t *params, char *path, size_t path_size)
{
    size_t n = 0;
    for (const char *p = rt->pattern; *p && n + 2 < path_size;) {
        if (*p != ':') {
            path[n++] = *p++;
            continue;
        }
        size_t len = strcspn(p + 1, "/."); /* ":code.xlsx": the name ends at the suffix */
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)len, p + 1);
        n += (size_t)snprintf(path + n, path_size - n, "{%s}", name);
        if (n >= path_size)
            n = path_size - 1;
        const struct param_spec *spec = declared(rt, PARAM_PATH, name);
        json_t *schema = spec ? param_schema(spec) : json_pack("{s:s}", "type", "string");
        json_array_append_new(
            params, parameter("path", name, true,
                              spec && spec->label ? spec->label : path_param_label(name), schema));
        p += 1 + len;
    }
    path[n] = '\0';
    for (const struct param_spec *p = rt->params; p && p->name; p++)
        if (p->from == PARAM_QUERY)
            json_array_append_new(params,
                                  parameter("query", p->name, p->required,
                                            p->label ? p->label : p->name, param_schema(p)));
    return params;
}

/* The JSON body: the declared body parameters as typed members, added to
   the doc's whole-document schema when it has one; NULL: no body. */
static json_t *
request_body(const struct route *rt)
{
    if (rt->body == BODY_NONE)
        return NULL;
    /* A whole file as the body: its media type, the bytes as they are. */
    const char *file_type = rt->body == BODY_CSV    ? API_CSV
                            : rt->body == BODY_XLSX ? API_XLSX
                            : rt->body == BODY_FILE ? "application/octet-stream"
                                                    : NULL;
    if (file_type)
        return json_pack("{s:b, s:{s:{s:{s:s, s:s}}}}", "required", 1, "content", file_type,
                         "schema", "type", "string", "format", "binary");
    json_t *props = json_object(), *required = json_array();
    for (const struct param_spec *p = rt->params; p && p->name; p++) {
        if (p->from != PARAM_BODY)
            continue;
        json_t *s = param_schema(p);
        json_object_set_new(s, "description", json_string(p->label ? p->label : p->name));
        json_object_set_new(props, p->name, s);
        if (p->required)
            json_array_append_new(required, json_string(p->name));
    }
    json_t *schema = json_pack("{s:s, s:o}", "type", "object", "properties", props);
    if (json_array_size(required))
        json_object_set_new(schema, "required", required);
    else
        json_decref(required);
    if (rt->doc && rt->doc->body_schema)
        schema = json_pack("{s:[o, o]}", "allOf", schema_ref(rt->doc->body_schema), schema);
    const char *type =
        rt->body == BODY_FORM ? "application/x-www-form-urlencoded" : "application/json";
    return json_pack("{s:b, s:{s:{s:o}}}", "required", rt->body != BODY_JSON_OPTIONAL, "content",
                     type, "schema", schema);
}

static json_t *
error_response(const char *description)
{
    return json_pack("{s:s, s:{s:{s:o}}}", "description", description, "content", API_JSON,
                     "schema", schema_ref("Error"));
}

/* The success answer the doc names, and every error the router and the
   handlers may give, in the one Error shape. */
static json_t *
responses(const struct route *rt, bool has_path_params)
{
    const struct api_doc *d = rt->doc;
    json_t *out = json_object();
    if (d && !d->type) {
        json_object_set_new(out, "204", json_pack("{s:s}", "description", "成功（本文なし）"));
    } else {
        const char *type = d ? d->type : API_JSON;
        json_t *schema = d && d->schema ? schema_ref(d->schema)
                         : strcmp(type, API_JSON) == 0
                             ? json_object()
                             : json_pack("{s:s, s:s}", "type", "string", "contentMediaType", type);
        json_t *ok = json_pack("{s:s, s:{s:{s:o}}}", "description",
                               d ? d->summary : "成功（この操作の応答はまだ文書化されていません）",
                               "content", type, "schema", schema);
        if (strcmp(rt->method, "GET") == 0 && d && d->read_scope)
            json_object_set_new(
                ok, "headers",
                json_pack("{s:{s:s, s:{s:s}}}", "ETag", "description",
                          "データの世代・表現・パラメータ・閲覧者の範囲から決まる強い ETag。"
                          "次回 If-None-Match に付けると、変わっていなければ 304 です。",
                          "schema", "type", "string"));
        json_object_set_new(out, "200", ok);
        if (strcmp(rt->method, "GET") == 0 && d && d->read_scope)
            json_object_set_new(out, "304",
                                json_pack("{s:s}", "description",
                                          "If-None-Match の ETag から変わっていない（本文なし）"));
    }
    if (rt->params || rt->body != BODY_NONE)
        json_object_set_new(out, "400", error_response("パラメータまたは送信内容が正しくない"));
    if (rt->roles != ROLE_PUBLIC) {
        json_object_set_new(out, "401", error_response("ログインまたはトークンが必要・期限切れ"));
        json_object_set_new(out, "403",
                            error_response("このロール・トークンでは呼び出せない（読み取り専用"
                                           "トークンでの書き込みなど）"));
    }
    if (has_path_params)
        json_object_set_new(out, "404", error_response("パスの照会・団体などが見つからない"));
    if (strcmp(rt->method, "GET") != 0) {
        json_object_set_new(out, "409", error_response("状態が許さない（期間外、競合など）"));
        json_object_set_new(out, "422", error_response("回答の内容が正しくない"));
    }
    json_object_set_new(out, "default", error_response("その他のエラー（429, 503 など）"));
    return out;
}

/* "get_api_v1_surveys_id_results_csv": unique, as method and pattern are. */
static json_t *
operation_id(const struct route *rt)
{
    char id[256];
    size_t n = (size_t)snprintf(id, sizeof(id), "%s", rt->method);
    for (size_t i = 0; i < n; i++)
        id[i] = (char)tolower((unsigned char)id[i]);
    for (const char *p = rt->pattern; *p && n + 1 < sizeof(id); p++)
        if (*p != ':')
            id[n++] = isalnum((unsigned char)*p) ? *p : '_';
    id[n] = '\0';
    while (n > 0 && id[n - 1] == '_')
        id[--n] = '\0';
    return json_string(id);
}

static json_t *
roles_of(const struct route *rt, char *text, size_t text_size)
{
    static const enum role all[] = {ROLE_ORG, ROLE_PREF, ROLE_MINISTRY, ROLE_ADMIN};
    json_t *roles = json_array();
    size_t n = 0;
    text[0] = '\0';
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (!(rt->roles & all[i]))
            continue;
        json_array_append_new(roles, json_string(role_name(all[i])));
        n += (size_t)snprintf(text + n, text_size - n, "%s%s（%s）", n ? "、" : "",
                              role_label(all[i]), role_name(all[i]));
        if (n >= text_size)
            n = text_size - 1;
    }
    return roles;
}

/* The group an operation is listed under: the first fixed segment after a
   path parameter, else the first after /api/v1/, its extension dropped:
   /api/v1/surveys/:id/results.csv is "results", /api/v1/tokens/current
   "tokens". */
static json_t *
tag_of(const struct route *rt)
{
    const char *tag = NULL;
    size_t tag_len = 0;
    bool after_param = false;
    for (const char *p = rt->pattern + sizeof(API_PREFIX) - 1; *p;) {
        size_t len = strcspn(p, "/");
        if (*p == ':') {
            after_param = true;
        } else if (!tag || after_param) {
            tag = p;
            tag_len = strcspn(p, "/.") < len ? strcspn(p, "/.") : len;
            if (after_param)
                break;
        }
        p += len + (p[len] == '/');
    }
    return tag ? json_stringn(tag, tag_len) : json_string("api");
}

static json_t *
operation(const struct route *rt, char *path, size_t path_size)
{
    json_t *params = path_and_params(rt, json_array(), path, path_size);
    bool has_path_params = strchr(rt->pattern, ':') != NULL;
    char roles_text[256], description[512];
    json_t *roles = roles_of(rt, roles_text, sizeof(roles_text));
    const bool read = rt->doc && rt->doc->read_scope;
    if (rt->roles == ROLE_PUBLIC)
        snprintf(description, sizeof(description), "ログインは不要です。");
    else
        snprintf(description, sizeof(description), "呼び出せるロール: %s。%s", roles_text,
                 read ? "読み取り専用トークンでも呼び出せます。"
                      : "読み取り専用トークンでは呼び出せません（403）。");
    json_t *op = json_pack("{s:o, s:s, s:s, s:o, s:b, s:o, s:o}", "operationId", operation_id(rt),
                           "summary", rt->doc ? rt->doc->summary : "（説明なし）", "description",
                           description, "x-roles", roles, "x-read-token", read, "parameters",
                           params, "responses", responses(rt, has_path_params));
    json_object_set_new(op, "tags", json_pack("[o]", tag_of(rt)));
    if (rt->roles == ROLE_PUBLIC)
        json_object_set_new(op, "security", json_array());
    json_t *body = request_body(rt);
    if (body)
        json_object_set_new(op, "requestBody", body);
    return op;
}

void
openapi_add_route(json_t *paths, const struct route *rt)
{
    if (strncmp(rt->pattern, API_PREFIX, sizeof(API_PREFIX) - 1) != 0)
        return;
    char path[512], method[8];
    json_t *op = operation(rt, path, sizeof(path));
    snprintf(method, sizeof(method), "%s", rt->method);
    for (char *m = method; *m; m++)
        *m = (char)tolower((unsigned char)*m);
    json_t *item = json_object_get(paths, path);
    if (!item) {
        item = json_object();
        json_object_set_new(paths, path, item);
    }
    json_object_set_new(item, method, op);
}

static void
add_route(const struct route *rt, void *ctx)
{
    openapi_add_route(ctx, rt);
}

/* The document's list of tags: each operation's, once, in order. */
static json_t *
tags_of(json_t *paths)
{
    json_t *seen = json_object(), *tags = json_array();
    const char *path, *method;
    json_t *item, *op;
    json_object_foreach(paths, path, item)
    {
        json_object_foreach(item, method, op)
        {
            const char *tag = json_string_value(json_array_get(json_object_get(op, "tags"), 0));
            if (tag && !json_object_get(seen, tag)) {
                json_object_set_new(seen, tag, json_true());
                json_array_append_new(tags, json_pack("{s:s}", "name", tag));
            }
        }
    }
    json_decref(seen);
    return tags;
}

json_t *
openapi_document(void)
{
    const struct asset *a = assets_find(COMPONENTS_ASSET);
    json_t *components = a ? json_loadb((const char *)a->data, a->size, 0, NULL) : NULL;
    json_t *paths = json_object();
    if (!components || !paths) {
        json_decref(components);
        json_decref(paths);
        return NULL;
    }
    route_each(add_route, paths);
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s}}, s:[{s:s, s:s}], s:[{s:[]}, {s:[]}], s:o, s:o, "
        "s:o}",
        "openapi", "3.1.0", "info", "title", "shokai（照会）API", "version", "1", "description",
        "総務省と地方公共団体の照会システムの API。集計結果・意見・質問・回答状況を JSON・CSV・"
        "XLSX で取得できます。使い方と例は docs/api.md を参照してください。"
        "エラーはすべて Error の形（errors の配列）で返ります。",
        "license", "name", "MIT", "identifier", "MIT", "servers", "url", "/", "description",
        "このサーバー", "security", "bearerToken", "cookieSession", "tags", tags_of(paths), "paths",
        paths, "components", components);
}
