/*
 * http.h: the request and response, and the only code that talks to CivetWeb.
 *
 * A handler gets a struct req with the method, the decoded and validated path,
 * path/query/body parameters, the authenticated user and its arena. It answers
 * with exactly one http_send* call (or an *_or_reply helper that did). Every
 * response carries the security headers (CSP, nosniff, frame-ancestors,
 * Referrer-Policy, charset=utf-8, no-store) and is written in one write.
 */
#ifndef SHOKAI_HTTP_H
#define SHOKAI_HTTP_H

#include "arena.h"
#include "auth.h"
#include "form.h"
#include "multipart.h"
#include "param.h"
#include "user.h"

#include <jansson.h>
#include <stdbool.h>

struct app;
struct buf;
struct db;
struct mg_connection;

#define HTTP_MAX_EXTRA_HEADERS 8

struct req {
    struct arena arena;
    const struct app *app;
    struct mg_connection *conn;     /* http.c only */
    const struct http_hooks *hooks; /* http.c only */
    struct db *db; /* borrowed from db_pool.h for the request; NULL while a body arrives */

    const char *method; /* "GET", "POST", ... (HEAD is served as GET) */
    bool is_head;
    const char *path; /* percent-decoded, no dot segments, valid UTF-8 */
    const char *ip;
    char id[13];      /* request id, in every log line */
    bool is_api;      /* path under /api/ */
    bool json_errors; /* errors answered as the API's JSON on a page route too
                         (set by a handler whose page script asked for JSON) */

    struct form path_params;
    struct form query;
    struct form form;       /* urlencoded body, or an upload form's text fields */
    struct uploads uploads; /* an upload form's files (multipart.h) */
    json_t *json; /* JSON body, owned by the arena from its parsing on (decref at reset) */
    const char *body;
    size_t body_len;
    const char *upload; /* the file of a BODY_MULTIPART or BODY_CSV route (raw bytes), or NULL */
    size_t upload_len;
    struct params params; /* the route's declared parameters, checked (param.h) */

    /* Who is asking. */
    bool authed;
    bool via_bearer;
    bool read_only; /* via a read-only token: the routes marked read_scope only (route.h) */
    /* A session waiting for its second factor: user, csrf and session_token
       are set, authed is not (route.h ROLE_SECOND_FACTOR_PENDING). */
    bool second_factor_pending;
    struct user user;
    char csrf[AUTH_TOKEN_CHARS];
    const char *session_token; /* the cookie's token, if any */

    /* The response. */
    int status;
    bool sent;
    size_t n_extra;
    const char *extra[HTTP_MAX_EXTRA_HEADERS]; /* "Name: value" lines */
    struct export_capture *export_capture;     /* set by export_cache_replay() on a miss */
    struct page_capture *page_capture;         /* set by page_cache_replay() on a miss */
    struct http_stream *stream;                /* a streamed download (http_stream_begin) */
    const char *etag;    /* the answer's strong ETag (http_etag_set), or NULL */
    bool etag_from_body; /* a 200 without one gets one made from its body (http_send) */
};

struct http_server;

/* What the layer above http.c installs at start, so that http.c calls no
   router, page or cache of its own (it only speaks HTTP). */
struct http_hooks {
    void (*dispatch)(struct req *r); /* answers a well-formed request (route_dispatch) */
    /* An error for a browser; NULL: plain text. */
    void (*error_page)(struct req *r, int status, const char *message);
    /* Sees every answer sent through http_send (the export cache); NULL: none. */
    void (*sent)(struct req *r, int status, const char *content_type, const char *body, size_t len);
    /* After the handler, before the database connection goes back; NULL: none. */
    void (*ended)(struct req *r);
};

struct http_options {
    const char *listen; /* "127.0.0.1:8080" */
    int threads;
    int request_timeout_ms;
    int keep_alive_ms;
    const struct http_hooks *hooks;
};

/* Starts serving; returns NULL and prints why on failure. */
struct http_server *http_start(const struct app *app, const struct http_options *opt);
void http_stop(struct http_server *s);
/* The TCP port actually bound (for --listen 127.0.0.1:0). */
int http_port(const struct http_server *s);

/* GETs http://host:port/path as a client and returns the HTTP status, or 0
 * (with the reason in errbuf) when no answer came. For `shokai health`. */
int http_probe(const char *host, int port, const char *path, char *errbuf, size_t errlen);

/* A request header, or NULL. */
const char *http_header(const struct req *r, const char *name);
/* How many times a request header occurs. */
int http_header_count(const struct req *r, const char *name);
/* The value of cookie `name`, in the arena, or NULL. */
const char *http_cookie(struct req *r, const char *name);
/* The value of cookie name in a Cookie header (NULL header: none), in a. */
const char *http_cookie_parse(struct arena *a, const char *header, const char *name);
/* Decodes and validates the path of a request URI into r->path (an encoded
   slash, empty or dot segments are refused) and parses the query string
   (CivetWeb hands it over separately) into r->query, in r->arena. Returns 0,
   or the status to answer: 400, or 404 for a path that is not ours. */
int http_parse_target(struct req *r, const char *uri, const char *query);
/* Reads the whole body into the arena, capped at app->max_body and the body
   deadline. ERR_TOOBIG over the cap, ERR_INPUT on a deadline or a short body. */
int http_read_body(struct req *r);

/* Sets the strong ETag of r's answer, made from what the answer depends on
   (len bytes of data: a data generation, or the body itself), the
   representation asked for (path and query) and the viewer (role, 団体 and
   prefecture), so that two viewers who may see different answers never
   share one. A 200 then carries it with Cache-Control: private, no-cache. */
void http_etag_set(struct req *r, const void *data, size_t len);
/* True after answering 304 (no body) when If-None-Match names r's ETag. */
bool http_not_modified_reply(struct req *r);

/* Adds a response header line "Name: value". CR or LF in value drops the
   header (and logs it): a header can never be split. */
void http_add_header(struct req *r, const char *name, const char *value);
void http_send(struct req *r, int status, const char *content_type, const char *body, size_t len);
void http_send_html(struct req *r, int status, const struct buf *body);
/* Sends json_dumps(j) with status; steals the reference to j. */
void http_send_json(struct req *r, int status, json_t *j);
/* Sends a file download: Content-Disposition attachment with filename made
   ASCII-safe ([A-Za-z0-9._-], anything else becomes '_'), never CR/LF. */
void http_send_download(struct req *r, const char *content_type, const char *filename,
                        const char *data, size_t len);
/* A download too large to build in memory, sent as it is made (chunked):
   http_stream_begin sends the status 200 and the headers (as
   http_send_download, with the ETag set before), each http_stream_write a
   piece (ERR_IO when the client has gone), http_stream_end the end; with
   complete false (a failure after the headers went out) the body is left
   unfinished, so the client sees a broken download, never a short file. A
   body that stays under HTTP_STREAM_COPY_MAX is handed to http_hooks.sent
   at the end like a sent one (the export cache keeps it). */
#define HTTP_STREAM_COPY_MAX (4u << 20)
void http_stream_begin(struct req *r, const char *content_type, const char *filename);
int http_stream_write(struct req *r, const char *data, size_t len);
void http_stream_end(struct req *r, bool complete);
/* 303 See Other to a same-origin path (anything else becomes "/"). */
void http_redirect(struct req *r, const char *path);
/* A 303 to page with ?next= the path to come back to (omitted for "/"). */
void http_redirect_next(struct req *r, const char *page, const char *next);
/* An error in the form the client reads: JSON {"errors":[...]} under /api/,
   otherwise the HTML error page. message is Japanese; field may be NULL. */
void http_send_error(struct req *r, int status, const char *field, const char *message);
/* The status for an enum err. */
int http_status_of_err(int err);
/* Adds "Retry-After: seconds" (at least 1). */
void http_add_retry_after(struct req *r, int seconds);
/* Sends the error page for err with a generic Japanese message (and
   Retry-After with 503 and ERR_OVERLOADED). */
void http_send_err(struct req *r, int err);
/* True when err is 0; otherwise sends http_send_err(r, err) and returns false
   (the tail of every ..._or_reply helper). */
bool http_ok_or_send_err(struct req *r, int err);

#endif
