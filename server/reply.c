/*
 * reply.c: shared lookups that reply on failure (see reply.h).
 */
#include "reply.h"
#include "clock.h"
#include "err.h"
#include "http.h"
#include "survey_store.h"

struct audit_actor
req_actor(const struct req *r)
{
    struct audit_actor who = {r->user.id, r->user.login, r->ip, r->id};
    return who;
}

struct survey *
survey_find_or_reply(struct req *r)
{
    struct survey *s = NULL;
    int rc = survey_load(r->db, form_get(&r->path_params, "id"), &s);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "survey", "その照会はありません。");
        return NULL;
    }
    if (rc || arena_defer(&r->arena, survey_free_cb, s)) {
        survey_free(s);
        http_send_err(r, rc ? rc : ERR_NOMEM);
        return NULL;
    }
    return s;
}

bool
response_access_or_reply(struct req *r, const struct survey *s, bool write, struct org *org,
                         bool *proxy)
{
    int rc =
        access_response(r->db, &r->user, s, form_get(&r->path_params, "code"), write, org, proxy);
    if (rc == ERR_FORBIDDEN) {
        http_send_error(r, 403, "code", "この団体の回答を扱う権限がありません。");
        return false;
    }
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "code", "その団体はないか、この照会の対象ではありません。");
        return false;
    }
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    return true;
}

bool
period_open_or_reply(struct req *r, const struct survey *s, const char *org_code)
{
    if (r->user.role == ROLE_MINISTRY)
        return true;
    const char *why;
    int rc = survey_accepting(r->db, s, org_code, clock_now(), &why);
    if (rc == ERR_CONFLICT) {
        http_send_error(r, 409, "period", why);
        return false;
    }
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    return true;
}

void
answer_issues_reply(struct req *r, const struct answer_issues *is)
{
    json_t *errors = json_array();
    for (size_t i = 0; i < is->n; i++)
        json_array_append_new(errors, json_pack("{s:s, s:s}", "question", is->items[i].question,
                                                "message", is->items[i].message));
    http_send_json(r, 422, json_pack("{s:o}", "errors", errors));
}
