/*
 * export_cache.c: capture and replay of export answers (see export_cache.h).
 * The answer is stored in agg_cache's int64 slots: slot 0 the number of
 * bytes that follow from slot 1: the content type, the Content-Disposition
 * value ("" for none), each ending with NUL, then the body.
 */
#include "export_cache.h"
#include "agg_cache.h"
#include "arena.h"
#include "buf.h"
#include "http.h"
#include "survey.h"
#include "user.h"

#include <string.h>

struct export_capture {
    struct agg_lookup lookup;
};

static const char disposition_header[] = "Content-Disposition: ";

/* The key's variant: the path and every query field, in order. */
static const char *
request_variant(struct req *r, const char *scope, bool published, int64_t suppress_below)
{
    struct buf b;
    buf_init(&b, 4096);
    buf_printf(&b, "%s\x1f%s\x1f%s\x1f%d\x1f%lld", r->path, role_name(r->user.role),
               scope ? scope : "", (int)published, (long long)suppress_below);
    for (size_t i = 0; i < r->query.n_fields; i++)
        buf_printf(&b, "\x1f%s=%s", r->query.fields[i].name, r->query.fields[i].value);
    const char *v = buf_err(&b) ? NULL : arena_strdup(&r->arena, buf_str(&b));
    buf_cleanup(&b);
    return v;
}

bool
export_etag_reply(struct req *r, const struct survey *s, const char *variant)
{
    struct agg_generation gen;
    if (!variant || agg_cache_generation(r->db, s, &gen) != 0)
        return false;
    char *validator = arena_printf(&r->arena, "%lld\x1f%lld\x1f%ld\x1f%s", (long long)gen.master,
                                   (long long)gen.survey, s->revision, variant);
    if (validator)
        http_etag_set(r, validator, strlen(validator));
    return http_not_modified_reply(r);
}

bool
export_cache_replay(struct req *r, const struct survey *s, const char *scope, bool published,
                    int64_t suppress_below)
{
    const char *variant = request_variant(r, scope, published, suppress_below);
    if (export_etag_reply(r, s, variant))
        return true; /* 304: nothing is built */
    struct export_capture *c = arena_alloc(&r->arena, sizeof(*c));
    const int64_t *cached;
    size_t n_slots;
    if (!variant || !c ||
        agg_cache_lookup(r->db, s, "export", variant, NULL, &r->arena, &c->lookup, &cached,
                         &n_slots))
        return false;
    if (cached && n_slots >= 1 && cached[0] >= 0 &&
        (size_t)cached[0] <= (n_slots - 1) * sizeof(int64_t)) {
        const char *p = (const char *)(cached + 1), *end = p + cached[0];
        const char *type_end = memchr(p, '\0', (size_t)(end - p));
        const char *disp = type_end ? type_end + 1 : NULL;
        const char *disp_end = disp ? memchr(disp, '\0', (size_t)(end - disp)) : NULL;
        if (disp_end) {
            if (*disp)
                http_add_header(r, "Content-Disposition", disp);
            http_send(r, 200, p, disp_end + 1, (size_t)(end - disp_end - 1));
            return true;
        }
    }
    r->export_capture = c; /* a miss: this request's answer fills the entry */
    return false;
}

void
export_cache_capture(struct req *r, int status, const char *content_type, const char *body,
                     size_t len)
{
    struct export_capture *c = r->export_capture;
    if (!c)
        return;
    const char *disposition = "";
    for (size_t i = 0; i < r->n_extra; i++)
        if (strncmp(r->extra[i], disposition_header, sizeof(disposition_header) - 1) == 0)
            disposition = r->extra[i] + sizeof(disposition_header) - 1;
    int64_t *slots = NULL;
    size_t n_slots = 0;
    if (status == 200) {
        size_t type_len = strlen(content_type) + 1, disp_len = strlen(disposition) + 1;
        size_t bytes = type_len + disp_len + len;
        n_slots = 1 + (bytes + sizeof(int64_t) - 1) / sizeof(int64_t);
        if ((slots = arena_alloc(&r->arena, n_slots * sizeof(int64_t)))) {
            slots[0] = (int64_t)bytes;
            char *p = (char *)(slots + 1);
            memcpy(p, content_type, type_len);
            memcpy(p + type_len, disposition, disp_len);
            memcpy(p + type_len + disp_len, body, len);
        }
    }
    agg_cache_store(&c->lookup, slots, slots ? n_slots : 0);
    r->export_capture = NULL;
}

void
export_cache_finish(struct req *r)
{
    if (!r->export_capture)
        return;
    /* The handler sent nothing through http_send: let the waiting go on. */
    agg_cache_store(&r->export_capture->lookup, NULL, 0);
    r->export_capture = NULL;
}
