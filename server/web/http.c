/*
 * http.c: CivetWeb start/stop, request parsing and responses (see http.h).
 *
 * CivetWeb 1.15 as Debian ships it is lax about framing and CORS and has no
 * body cap (RELIABILITY.md findings 2-6), so this file checks framing itself,
 * empties the CORS options, never serves files from disk, reads bodies with
 * its own cap and deadline, and sets every security header on every response
 * (CivetWeb's additional_header only reaches the responses it builds itself).
 */
#include "http.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db_pool.h"
#include "err.h"
#include "html.h"
#include "jsonin.h"
#include "local_path.h"
#include "log.h"
#include "xmalloc.h"
#include "utf8.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What a request may use besides four times its body: pages, exports and
   their buffers (buf_new_in charges the arena), 20 MiB in all by default. */
#define HTTP_ARENA_OVERHEAD (16u << 20)
/* The largest body copied behind its headers for one write. */
#define HTTP_COPY_MAX (16u << 10)

static const char security_headers[] =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n";

struct http_server {
    struct mg_context *ctx;
    const struct app *app;
    const struct http_hooks *hooks;
    int port;
};

int
http_status_of_err(int err)
{
    switch (err) {
    case ERR_OK:
        return 200;
    case ERR_INPUT:
        return 400;
    case ERR_NOTFOUND:
        return 404;
    case ERR_CONFLICT:
        return 409;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_UNAUTH:
    case ERR_EXPIRED:
        return 401;
    case ERR_TOOBIG:
        return 413;
    case ERR_THROTTLED:
    case ERR_OVERLOADED:
        return 429;
    case ERR_BUSY:
    case ERR_FULL:
        return 503;
    default:
        return 500;
    }
}

static const char *
status_text(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return status >= 500 ? "Internal Server Error" : "Error";
    }
}

const char *
http_header(const struct req *r, const char *name)
{
    return mg_get_header(r->conn, name);
}

int
http_header_count(const struct req *r, const char *name)
{
    const struct mg_request_info *ri = mg_get_request_info(r->conn);
    int n = 0;
    for (int i = 0; i < ri->num_headers; i++)
        n += strcasecmp(ri->http_headers[i].name, name) == 0;
    return n;
}

const char *
http_cookie(struct req *r, const char *name)
{
    return http_cookie_parse(&r->arena, http_header(r, "Cookie"), name);
}

const char *
http_cookie_parse(struct arena *a, const char *h, const char *name)
{
    size_t nlen = strlen(name);
    while (h && *h) {
        while (*h == ' ' || *h == ';')
            h++;
        const char *end = strchr(h, ';');
        size_t len = end ? (size_t)(end - h) : strlen(h);
        if (len > nlen && strncmp(h, name, nlen) == 0 && h[nlen] == '=')
            return arena_strndup(a, h + nlen + 1, len - nlen - 1);
        h = end;
    }
    return NULL;
}

void
http_add_header(struct req *r, const char *name, const char *value)
{
    if (strpbrk(value, "\r\n") || strpbrk(name, "\r\n: ")) {
        log_event("header_dropped", "id", r->id, "name", name, NULL);
        return;
    }
    if (r->n_extra < HTTP_MAX_EXTRA_HEADERS)
        r->extra[r->n_extra++] = arena_printf(&r->arena, "%s: %s", name, value);
}

void
http_etag_set(struct req *r, const void *data, size_t len)
{
    crypto_generichash_state st;
    unsigned char digest[16];
    char hex[2 * sizeof(digest) + 1];
    crypto_generichash_init(&st, NULL, 0, sizeof(digest));
    crypto_generichash_update(&st, data, len);
    const char *parts[] = {r->path, role_name(r->user.role), r->user.org_code, r->user.prefecture};
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        crypto_generichash_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    for (size_t i = 0; i < r->query.n_fields; i++) {
        const char *name = r->query.fields[i].name, *value = r->query.fields[i].value;
        crypto_generichash_update(&st, (const unsigned char *)name, strlen(name) + 1);
        crypto_generichash_update(&st, (const unsigned char *)value, strlen(value) + 1);
    }
    crypto_generichash_final(&st, digest, sizeof(digest));
    sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
    r->etag = arena_printf(&r->arena, "\"%s\"", hex);
}

/* Whether If-None-Match ("a", W/"b" or *) names the ETag etag. */
static bool
etag_named(const char *if_none_match, const char *etag)
{
    size_t n = strlen(etag);
    for (const char *p = if_none_match; p && *p;) {
        p += strspn(p, " \t,");
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        size_t len = strcspn(p, ",");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == n && strncmp(p, etag, n) == 0)
            return true;
        p = strchr(p, ',');
    }
    return false;
}

bool
http_not_modified_reply(struct req *r)
{
    if (!r->etag || !etag_named(http_header(r, "If-None-Match"), r->etag))
        return false;
    http_send(r, 304, NULL, NULL, 0);
    return true;
}

/* The status line and headers of an answer, without the blank line ending
   them; len (size_t)-1: a chunked body. */
static void
head_lines(struct req *r, struct buf *out, int status, const char *content_type, size_t len)
{
    /* A 304 has no body and says nothing of it but its ETag. */
    if (status == 304)
        buf_printf(out, "HTTP/1.1 304 Not Modified\r\n%s", security_headers);
    else if (len == (size_t)-1)
        buf_printf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n%s",
                   status, status_text(status), content_type, security_headers);
    else
        buf_printf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s", status,
                   status_text(status), content_type, len, security_headers);
    bool cacheable = status == 200 && !r->authed && strncmp(r->path, "/static/", 8) == 0;
    bool revalidate = r->etag && (status == 200 || status == 304);
    if (revalidate)
        buf_printf(out, "ETag: %s\r\nCache-Control: private, no-cache\r\n", r->etag);
    else
        buf_puts(out, cacheable ? "Cache-Control: public, max-age=3600\r\n"
                                : "Cache-Control: no-store\r\n");
    if (status == 413 || status == 400 || status == 411 || status == 501)
        buf_puts(out, "Connection: close\r\n");
    for (size_t i = 0; i < r->n_extra; i++) {
        buf_puts(out, r->extra[i]);
        buf_puts(out, "\r\n");
    }
}

void
http_send(struct req *r, int status, const char *content_type, const char *body, size_t len)
{
    if (r->sent)
        return;
    if (status == 200 && r->etag_from_body && !r->etag) {
        http_etag_set(r, body, len);
        if (http_not_modified_reply(r))
            return;
    }
    if (r->hooks && r->hooks->sent)
        r->hooks->sent(r, status, content_type, body, len);
    struct buf out;
    buf_init(&out, 0);
    head_lines(r, &out, status, content_type, len);
    buf_puts(&out, "\r\n");
    /* A large body is written from where it is, not copied behind the
       headers (the sockets are TCP_NODELAY: two writes cost no delay). */
    bool with_body = !r->is_head && status != 304;
    bool apart = with_body && len > HTTP_COPY_MAX;
    if (with_body && !apart)
        buf_append(&out, body, len);
    if (!buf_err(&out)) {
        mg_write(r->conn, out.data, out.len);
        if (apart)
            mg_write(r->conn, body, len);
    }
    buf_cleanup(&out);
    r->status = status;
    r->sent = true;
}

void
http_send_html(struct req *r, int status, const struct buf *body)
{
    http_send(r, status, "text/html; charset=utf-8", buf_str(body), body->len);
}

void
http_send_json(struct req *r, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!s) {
        static const char internal[] = "{\"errors\":[{\"field\":null,\"message\":\"内部エラー\"}]}";
        http_send(r, 500, "application/json; charset=utf-8", internal, sizeof(internal) - 1);
        return;
    }
    http_send(r, status, "application/json; charset=utf-8", s, strlen(s));
    free(s);
}

/* Content-Disposition: attachment with filename made ASCII-safe. */
static void
add_disposition(struct req *r, const char *filename)
{
    char safe[128];
    size_t i = 0;
    for (const char *p = filename; *p && i < sizeof(safe) - 1; p++) {
        char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        safe[i++] = ok ? c : '_';
    }
    safe[i] = '\0';
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"%s\"", safe));
}

void
http_send_download(struct req *r, const char *content_type, const char *filename, const char *data,
                   size_t len)
{
    add_disposition(r, filename);
    http_send(r, 200, content_type, data, len);
}

/* A streamed download's state: the type, and a copy of the body for the
   export cache while it stays under HTTP_STREAM_COPY_MAX. */
struct http_stream {
    const char *content_type;
    struct buf copy;
    bool copying;
};

void
http_stream_begin(struct req *r, const char *content_type, const char *filename)
{
    if (r->sent)
        return;
    struct http_stream *st = arena_alloc(&r->arena, sizeof(*st));
    if (st) {
        st->content_type = content_type;
        st->copying = r->export_capture != NULL && r->hooks && r->hooks->sent && !r->is_head;
        buf_init(&st->copy, 0);
    }
    r->stream = st;
    add_disposition(r, filename);
    struct buf out;
    buf_init(&out, 0);
    head_lines(r, &out, 200, content_type, (size_t)-1);
    buf_puts(&out, "\r\n");
    if (!buf_err(&out))
        mg_write(r->conn, out.data, out.len);
    buf_cleanup(&out);
    r->status = 200;
    r->sent = true;
}

int
http_stream_write(struct req *r, const char *data, size_t len)
{
    struct http_stream *st = r->stream;
    if (r->is_head || len == 0)
        return 0;
    if (st && st->copying) {
        if (st->copy.len + len > HTTP_STREAM_COPY_MAX) {
            st->copying = false; /* too large to keep: streamed again next time */
            buf_cleanup(&st->copy);
        } else {
            buf_append(&st->copy, data, len);
        }
    }
    for (size_t off = 0; off < len;) {
        unsigned piece = len - off > (1u << 20) ? (1u << 20) : (unsigned)(len - off);
        if (mg_send_chunk(r->conn, data + off, piece) < 0)
            return ERR_IO;
        off += piece;
    }
    return 0;
}

void
http_stream_end(struct req *r, bool complete)
{
    struct http_stream *st = r->stream;
    if (complete && !r->is_head)
        mg_send_chunk(r->conn, "", 0); /* the last chunk */
    if (!complete)
        log_event("stream_aborted", "id", r->id, "path", r->path, NULL);
    if (st && st->copying && complete && !buf_err(&st->copy))
        r->hooks->sent(r, 200, st->content_type, st->copy.data ? st->copy.data : "", st->copy.len);
    if (st)
        buf_cleanup(&st->copy);
    r->stream = NULL;
}

void
http_redirect(struct req *r, const char *path)
{
    /* Same-origin paths only: never "//host", "/\\host" or "/\thost". */
    http_add_header(r, "Location", local_path_or_root(path));
    http_send(r, 303, "text/plain; charset=utf-8", "", 0);
}

void
http_redirect_next(struct req *r, const char *page, const char *next)
{
    if (!next || strcmp(next, "/") == 0) {
        http_redirect(r, page);
        return;
    }
    struct buf to;
    buf_init(&to, 4096);
    buf_puts(&to, page);
    buf_puts(&to, "?next=");
    html_esc_url(&to, next);
    http_redirect(r, buf_err(&to) ? page : buf_str(&to));
    buf_cleanup(&to);
}

void
http_send_error(struct req *r, int status, const char *field, const char *message)
{
    /* A message that quotes input might not be UTF-8; JSON cannot carry it. */
    if (!message || !utf8_valid(message, strlen(message)))
        message = "送信内容が正しくありません。";
    if (field && !utf8_valid(field, strlen(field)))
        field = NULL;
    if (r->is_api || r->json_errors) {
        json_t *e = json_pack("{s:[{s:s?, s:s}]}", "errors", "field", field, "message", message);
        http_send_json(r, status, e);
    } else if (r->hooks && r->hooks->error_page) {
        r->hooks->error_page(r, status, message);
    } else {
        http_send(r, status, "text/plain; charset=utf-8", message, strlen(message));
    }
}

bool
http_ok_or_send_err(struct req *r, int err)
{
    if (err)
        http_send_err(r, err);
    return err == 0;
}

/* What to tell the user for an err answered with status. */
static const char *
err_message(int err, int status)
{
    /* ERR_NOMEM is nearly always the request's memory bound (four times
       --max-body and 16 MiB, 20 MiB by default): an export too large to
       build at once. */
    if (err == ERR_NOMEM)
        return "一度に処理できる量を超えました。都道府県や団体区分などで絞り込んでから、"
               "もう一度お試しください。";
    if (err == ERR_OVERLOADED)
        return AUTH_OVERLOADED_MESSAGE;
    switch (status) {
    case 400:
        return "リクエストの内容が正しくありません。";
    case 401:
        return "ログインしてください。";
    case 403:
        return "この操作を行う権限がありません。";
    case 404:
        return "お探しのページは見つかりませんでした。";
    case 409:
        return "他の操作と競合しました。最新の内容を確認してください。";
    case 413:
        return "送信内容が大きすぎます。";
    case 429:
        return "試行回数が多すぎます。しばらく待ってから再度お試しください。";
    case 503:
        return "ただいま混み合っているか保存できない状態です。入力内容は保存されていません。しばら"
               "く"
               "してから再度お試しください。";
    default:
        return "内部エラーが発生しました。管理者に連絡してください。";
    }
}

void
http_add_retry_after(struct req *r, int seconds)
{
    char *value = arena_printf(&r->arena, "%d", seconds > 0 ? seconds : 1);
    if (value)
        http_add_header(r, "Retry-After", value);
}

void
http_send_err(struct req *r, int err)
{
    int status = http_status_of_err(err);
    if (status == 503)
        http_add_retry_after(r, 5);
    if (err == ERR_OVERLOADED)
        http_add_retry_after(r, AUTH_OVERLOADED_RETRY_SECONDS);
    http_send_error(r, status, NULL, err_message(err, status));
}

#define BODY_READ_CHUNK 16

int
http_read_body(struct req *r)
{
    const struct mg_request_info *ri = mg_get_request_info(r->conn);
    size_t cap = r->app->max_body;
    if (ri->content_length > 0 && (unsigned long long)ri->content_length > cap)
        return ERR_TOOBIG;
    size_t want = ri->content_length >= 0 ? (size_t)ri->content_length : cap + 1;
    char *data = arena_alloc(&r->arena, (ri->content_length >= 0 ? want : cap + 1) + 1);
    if (!data)
        return ERR_TOOBIG;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    size_t got = 0;
    /* CivetWeb's mg_read returns only once it has every byte asked for, and a
       client that trickles a byte now and then never lets its own timeout
       fire; so we ask for a few bytes at a time and check the deadline after
       each. A trickler is cut off at most BODY_READ_CHUNK gaps (each under
       --request-timeout) past the deadline; a fast client costs two system
       calls per chunk, which for the 1 MiB cap is well under a second. */
    while (got < want) {
        size_t ask = want - got > BODY_READ_CHUNK ? BODY_READ_CHUNK : want - got;
        int n = mg_read(r->conn, data + got, ask);
        if (n <= 0)
            break;
        got += (size_t)n;
        if (got > cap)
            return ERR_TOOBIG;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (ms > r->app->body_timeout_ms && got < want) {
            log_event("body_deadline", "id", r->id, "ip", r->ip, NULL);
            return ERR_INPUT;
        }
    }
    if (ri->content_length >= 0 && got != want)
        return ERR_INPUT;
    data[got] = '\0';
    r->body = data;
    r->body_len = got;
    return 0;
}

/* Checks request framing that CivetWeb 1.15 lets through (finding 5). */
static int
framing_problem(struct req *r)
{
    int n_cl = http_header_count(r, "Content-Length");
    const char *te = http_header(r, "Transfer-Encoding");
    if (n_cl > 1 || (n_cl == 1 && te))
        return 400;
    if (http_header_count(r, "Transfer-Encoding") > 1)
        return 400;
    if (te && strcasecmp(te, "chunked") != 0)
        return 501;
    if (n_cl == 1) {
        const char *cl = http_header(r, "Content-Length");
        if (!*cl || strspn(cl, "0123456789") != strlen(cl) || strlen(cl) > 15)
            return 400;
    }
    return 0;
}

int
http_parse_target(struct req *r, const char *uri, const char *query)
{
    if (!uri || uri[0] != '/')
        return 400;
    size_t n = strcspn(uri, "?#");
    for (size_t i = 0; i + 2 < n; i++) {
        if (uri[i] == '%') {
            /* An encoded slash or backslash would let one path stand for another. */
            if (uri[i + 1] == '2' && (uri[i + 2] == 'f' || uri[i + 2] == 'F'))
                return 404;
            if (uri[i + 1] == '5' && (uri[i + 2] == 'c' || uri[i + 2] == 'C'))
                return 404;
        }
    }
    char *path = form_decode(&r->arena, uri, n, 0);
    if (!path)
        return 400;
    /* No empty or dot segments: /a//b, /./, /../ are not our paths. */
    if (strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../") || strchr(path, '\\'))
        return 404;
    size_t plen = strlen(path);
    if ((plen >= 2 && strcmp(path + plen - 2, "/.") == 0) ||
        (plen >= 3 && strcmp(path + plen - 3, "/..") == 0))
        return 404;
    r->path = path;
    const char *why;
    if (query && form_parse(&r->arena, query, strlen(query), &r->query, &why))
        return 400;
    return 0;
}

/* The client's address: the peer's, or, when the peer is the trusted proxy,
 * the last X-Forwarded-For entry (the one that proxy added). Anything that
 * is not plainly an IPv4 or IPv6 address is ignored. */
static const char *
client_address(struct req *r, const char *peer)
{
    const char *proxy = r->app->trusted_proxy;
    const char *forwarded =
        proxy && strcmp(peer, proxy) == 0 ? http_header(r, "X-Forwarded-For") : NULL;
    if (!forwarded)
        return peer;
    const char *last = strrchr(forwarded, ',');
    last = last ? last + 1 : forwarded;
    while (*last == ' ')
        last++;
    size_t n = strlen(last);
    while (n && last[n - 1] == ' ')
        n--;
    if (n == 0 || n > 45 || strspn(last, "0123456789abcdefABCDEF:.") < n)
        return peer;
    char *ip = arena_alloc(&r->arena, n + 1);
    memcpy(ip, last, n);
    ip[n] = '\0';
    return ip;
}

static int
http_handle(struct mg_connection *conn, void *cbdata)
{
    const struct http_server *server = cbdata;
    const struct app *app = server->app;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    struct req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena, app->max_body * 4 + HTTP_ARENA_OVERHEAD);
    r.app = app;
    r.conn = conn;
    r.hooks = server->hooks;
    r.ip = client_address(&r, ri->remote_addr);
    r.method = ri->request_method;
    r.path = "/";
    unsigned char rid[6];
    randombytes_buf(rid, sizeof(rid));
    sodium_bin2hex(r.id, sizeof(r.id), rid, sizeof(rid));
    if (strcmp(r.method, "HEAD") == 0) {
        r.is_head = true;
        r.method = "GET";
    }
    const char *uri = ri->local_uri_raw ? ri->local_uri_raw : ri->request_uri;
    r.is_api = uri && strncmp(uri, "/api/", 5) == 0;

    int framing = framing_problem(&r);
    int path_status = framing ? 0 : http_parse_target(&r, ri->request_uri, ri->query_string);
    if (framing) {
        http_send_error(
            &r, framing, NULL,
            "リクエストの形式（Content-Length / Transfer-Encoding）が正しくありません。");
    } else if (path_status) {
        if (path_status == 404)
            http_send_err(&r, ERR_NOTFOUND);
        else
            http_send_error(&r, 400, NULL, "URL の形式が正しくありません。");
    } else if (!(r.db = db_pool_acquire())) {
        http_send_err(&r, ERR_BUSY);
    } else {
        r.hooks->dispatch(&r);
    }
    if (!r.sent)
        http_send_err(&r, ERR_DB);
    if (r.hooks->ended)
        r.hooks->ended(&r);
    db_pool_release(r.db);
    r.db = NULL;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    char status[8], ms[24];
    snprintf(status, sizeof(status), "%d", r.status);
    snprintf(ms, sizeof(ms), "%.1f",
             (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    log_event("request", "id", r.id, "ip", r.ip, "user", r.authed ? r.user.login : "-", "org",
              r.authed && r.user.org_code[0] ? r.user.org_code : "-", "method", ri->request_method,
              "path", r.path, "status", status, "ms", ms, NULL);
    arena_reset(&r.arena);
    return r.status;
}

/* CivetWeb's own errors (bad request line, header timeouts): same headers as ours. */
static int
http_civetweb_error(struct mg_connection *conn, int status, const char *errmsg)
{
    (void)errmsg;
    static const char body[] =
        "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\">"
        "<title>エラー</title><p>リクエストを処理できませんでした。</p></html>";
    mg_printf(conn,
              "HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %zu\r\n"
              "%sCache-Control: no-store\r\nConnection: close\r\n\r\n%s",
              status, status_text(status), sizeof(body) - 1, security_headers, body);
    return 0;
}

static int
http_log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    log_event("civetweb", "message", message, NULL);
    return 1;
}

struct http_server *
http_start(const struct app *app, const struct http_options *opt)
{
    if (!opt->hooks || !opt->hooks->dispatch) {
        fprintf(stderr, "shokai: the server has no request dispatcher\n");
        return NULL;
    }
    char threads[16], timeout[16], keep_alive[16];
    snprintf(threads, sizeof(threads), "%d", opt->threads);
    snprintf(timeout, sizeof(timeout), "%d", opt->request_timeout_ms);
    snprintf(keep_alive, sizeof(keep_alive), "%d", opt->keep_alive_ms);
    const char *options[] = {
        "listening_ports",
        opt->listen,
        "num_threads",
        threads,
        "request_timeout_ms",
        timeout,
        "keep_alive_timeout_ms",
        keep_alive,
        "enable_keep_alive",
        "yes",
        "tcp_nodelay",
        "1",
        "enable_directory_listing",
        "no",
        "access_control_allow_origin",
        "",
        "access_control_allow_methods",
        "",
        "access_control_allow_headers",
        "",
        "additional_header",
        "X-Content-Type-Options: nosniff\r\nContent-Security-Policy: "
        "default-src 'self'; frame-ancestors 'none'",
        "decode_url",
        "no",
        NULL,
    };
    struct mg_callbacks cb;
    memset(&cb, 0, sizeof(cb));
    cb.http_error = http_civetweb_error;
    cb.log_message = http_log_message;
    mg_init_library(0);
    struct http_server *s = xmalloc(sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->app = app;
    s->hooks = opt->hooks;
    db_pool_open(app->db_path, DB_POOL_SIZE);
    s->ctx = mg_start(&cb, NULL, options);
    if (!s->ctx) {
        db_pool_close();
        fprintf(stderr, "shokai: cannot listen on %s\n", opt->listen);
        free(s);
        return NULL;
    }
    mg_set_request_handler(s->ctx, "/", http_handle, s);
    struct mg_server_port ports[4];
    int n = mg_get_server_ports(s->ctx, 4, ports);
    s->port = n > 0 ? ports[0].port : 0;
    return s;
}

void
http_stop(struct http_server *s)
{
    if (!s)
        return;
    mg_stop(s->ctx);
    mg_exit_library();
    db_pool_close(); /* after the workers, which borrow its connections */
    free(s);
}

int
http_probe(const char *host, int port, const char *path, char *errbuf, size_t errlen)
{
    mg_init_library(0);
    errbuf[0] = '\0';
    struct mg_connection *conn =
        mg_download(host, port, 0, errbuf, errlen,
                    "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host);
    int status = 0;
    if (conn) {
        const struct mg_response_info *info = mg_get_response_info(conn);
        status = info ? info->status_code : 0;
        mg_close_connection(conn);
    }
    mg_exit_library();
    return status;
}

int
http_port(const struct http_server *s)
{
    return s->port;
}
