/*
 * route.h: the route table and dispatch.
 *
 * Each page_*.c / api_*.c declares its routes next to its handlers. Before a
 * handler runs, dispatch has: matched the path and method (404/405), resolved
 * the session or bearer token, checked the role (401/403), checked Origin and
 * Sec-Fetch-Site on unsafe methods, read and parsed the body of the declared
 * kind (413/415/400), checked the CSRF token of cookie sessions (403), and
 * checked the route's declared parameters into r->params (400, param.h).
 */
#ifndef SHOKAI_ROUTE_H
#define SHOKAI_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

struct req;
struct http_hooks;

#define ROLE_PUBLIC 0u
/* A session that has given the password of a Ministry or admin account but
   not yet its second factor (second_factor.h); no user role includes it. */
#define ROLE_SECOND_FACTOR_PENDING 16u

/* BODY_JSON_OPTIONAL: a JSON body, or none at all (no Content-Type, no length).
   BODY_XLSX: an Excel workbook as the whole body (r->body, r->body_len).
   BODY_MULTIPART: an upload form (multipart/form-data): its text fields in
   r->form (csrf among them), its files in r->uploads (the one in field
   "file", if any, also as r->upload).
   BODY_CSV: a CSV file as the whole body (text/csv), as r->upload.
   BODY_FILE: the bytes of an uploaded file as they are (r->body, r->body_len;
   any Content-Type, possibly empty), for a handler that gives them to the
   domain whole (survey_draft_json_from_upload).
   An upload is a whole document the domain checks (the only input a handler
   reads besides its declared parameters). */
enum body_kind {
    BODY_NONE,
    BODY_FORM,
    BODY_JSON,
    BODY_JSON_OPTIONAL,
    BODY_XLSX,
    BODY_MULTIPART,
    BODY_CSV,
    BODY_FILE
};

/* The media types of API answers, as the OpenAPI document names them. */
#define API_JSON "application/json"
#define API_CSV "text/csv"
#define API_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* What an API route's documentation (openapi.c) says beyond its parameters,
   and whether a read-only token may call it (route_dispatch). A route
   without one is still documented, with a generic answer, and refused to
   read-only tokens. */
struct api_doc {
    const char *summary; /* Japanese, one line */
    const char *type;    /* the answer's media type: API_JSON, API_CSV, API_XLSX; NULL: 204 */
    const char *schema;  /* its schema in templates/openapi/components.json; NULL: none */
    bool read_scope;     /* a read-only token may call it */
    /* A body that is one document the domain checks (a response's answers):
       its schema, to which the declared body parameters add; NULL: none. */
    const char *body_schema;
};

#define API_DOC(name) static const struct api_doc name

struct route {
    const char *method;  /* GET, POST, PUT, DELETE */
    const char *pattern; /* "/api/v1/surveys/:id"; ":name" matches one segment */
    unsigned roles;      /* ROLE_* mask; ROLE_PUBLIC = no login needed */
    enum body_kind body;
    void (*handler)(struct req *r);
    const struct param_spec *params; /* checked into r->params before the handler; NULL: none */
    const struct api_doc *doc;       /* optional, last: API routes (openapi.c); NULL: none */
};

/* A table's rows may leave out the trailing doc (positional initializers),
   so the warning about a missing initializer is off where tables are written. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define ROUTES(name) const struct route name[]
#define ROUTES_END                                                                                 \
    {                                                                                              \
        NULL, NULL, 0, BODY_NONE, NULL, NULL                                                       \
    }

void route_dispatch(struct req *r);
/* The web layer for http.c (http_options.hooks): route_dispatch, the error
   page, and the export cache's capture. */
extern const struct http_hooks route_http_hooks;
/* Calls fn for every route in the table (tests and `shokai routes`). */
void route_each(void (*fn)(const struct route *rt, void *ctx), void *ctx);
/* The session cookie's name for this app. */
const char *route_cookie_name(const struct req *r);
/* The same-origin rule for unsafe requests, from the Sec-Fetch-Site, Origin
   and Host headers (each NULL when absent): not cross-site, and an Origin,
   when sent, that is exactly http:// or https:// and this Host. */
bool route_origin_allowed(const char *site, const char *origin, const char *host);

#endif
