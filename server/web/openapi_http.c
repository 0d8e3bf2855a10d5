/*
 * openapi_http.c: GET /api/v1/openapi.json, the API's OpenAPI 3.1 document
 * (openapi.h), for anyone signed in.
 */
#include "err.h"
#include "http.h"
#include "openapi.h"
#include "route.h"

static void
openapi_send(struct req *r)
{
    json_t *doc = openapi_document();
    if (!doc) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    http_send_json(r, 200, doc);
}

API_DOC(openapi_doc) = {"この API の OpenAPI 3.1 文書", API_JSON, "OpenAPI", true, NULL};

// clang-format off
ROUTES(openapi_http_routes) = {
    {"GET", "/api/v1/openapi.json", ROLE_ANY, BODY_NONE, openapi_send, NULL, &openapi_doc},
    ROUTES_END,
};
// clang-format on
