/*
 * openapi.h: the OpenAPI 3.1 document of the API, made from the route table
 * (route.h) and the parameters each route declares (param.h), so that no
 * /api/v1 route can exist undocumented: GET /api/v1/openapi.json and
 * `shokai routes --openapi` print it.
 */
#ifndef SHOKAI_OPENAPI_H
#define SHOKAI_OPENAPI_H

#include <jansson.h>

struct route;

/* The document, owned by the caller; NULL when memory ran out or the
   embedded components (templates/openapi/components.json) do not parse. */
json_t *openapi_document(void);
/* Adds the operation of rt to paths (a document's "paths" object) when rt
   is an /api/v1 route; any other route is passed over. A route without an
   api_doc gets a generic answer and is marked as not for read-only tokens. */
void openapi_add_route(json_t *paths, const struct route *rt);

#endif
