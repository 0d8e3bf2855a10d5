/*
 * guard.c: the _or_reply guards (see guard.h).
 */
#include "guard.h"
#include "err.h"
#include "http.h"
#include "survey_store.h"

#include <stdlib.h>
#include <string.h>

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
    if (rc || arena_defer(&r->arena, survey_release_cb, s)) {
        survey_release(s);
        http_send_err(r, rc ? rc : ERR_NOMEM);
        return NULL;
    }
    return s;
}
