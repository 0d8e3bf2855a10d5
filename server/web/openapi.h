/*
 * openapi.h: the OpenAPI 3.1 document of the API, made from the route table
 * (route.h) and the parameters each route declares (param.h), so that no
 * /api/v1 route can exist undocumented: GET /api/v1/openapi.json and
 * `shokai routes --openapi` print it.
 */
#ifndef SHOKAI_OPENAPI_H
#define SHOKAI_OPENAPI_H

#include <jansson.h>

/* The document, owned by the caller; NULL when memory ran out or the
   embedded components (templates/openapi/components.json) do not parse. */
json_t *openapi_document(void);

#endif
