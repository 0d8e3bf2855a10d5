/*
 * api_survey.c: /api/v1/surveys: definitions, and each 団体's response
 * (read, save a draft, submit, versions).
 */
#include "clock.h"
#include "err.h"
#include "http.h"
#include "guard.h"
#include "response.h"
#include "route.h"
#include "survey_store.h"
#include "workflow.h"

#include <stdlib.h>
#include <string.h>

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

static json_t *
iso_time(int64_t t)
{
    if (!t)
        return json_null();
    char buf[32];
    clock_iso(t, buf, sizeof(buf));
    return json_string(buf);
}

struct list_ctx {
    struct req *r;
    json_t *list;
};

static int
survey_list_item(const struct survey_row *row, void *arg)
{
    struct list_ctx *c = arg;
    json_t *item = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", row->id, "kind", row->kind, "title",
                             row->title, "opens_at", iso_time(row->opens_at), "closes_at",
                             iso_time(row->closes_at));
    if (c->r->user.org_code[0]) {
        struct response resp;
        int rc = response_get(c->r->db, row->id, c->r->user.org_code, &resp);
        if (rc) {
            json_decref(item);
            return rc;
        }
        json_object_set_new(item, "state", json_string(resp.state));
        response_cleanup(&resp);
    }
    return json_array_append_new(c->list, item) == 0 ? 0 : ERR_NOMEM;
}

static void
api_surveys(struct req *r)
{
    struct list_ctx c = {r, json_array()};
    int rc = survey_each(r->db, survey_list_item, &c);
    if (rc) {
        json_decref(c.list);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, c.list);
}

static void
api_survey(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    json_t *def = json_deep_copy(s->def);
    json_object_set_new(
        def, "period",
        json_pack("{s:o, s:o}", "opens", iso_time(s->opens_at), "closes", iso_time(s->closes_at)));
    http_send_json(r, 200, def);
}

static json_t *
response_json(const struct survey *s, const struct org *org, struct response *resp)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:O, s:o, s:o, s:b}", "survey", s->id,
                     "organization", org->code, "state", resp->state, "version",
                     (json_int_t)resp->version, "submitted_version",
                     (json_int_t)resp->submitted_version, "answers", resp->answers, "saved_at",
                     iso_time(resp->saved_at), "submitted_at", iso_time(resp->submitted_at),
                     "proxy", resp->proxy);
}

static void
api_response_get(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    struct response resp;
    int rc = response_get(r->db, s->id, org.code, &resp);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    struct workflow_status ws;
    if ((rc = workflow_status(r->db, s->id, org.code, &r->arena, &ws))) {
        response_cleanup(&resp);
        http_send_err(r, rc);
        return;
    }
    json_t *j = response_json(s, &org, &resp);
    json_object_set_new(j, "workflow",
                        json_pack("{s:b, s:b, s:s, s:s}", "returned", ws.returned,
                                  "awaiting_approval", ws.awaiting_approval, "last_event", ws.event,
                                  "comment", ws.comment));
    http_send_json(r, 200, j);
    response_cleanup(&resp);
}

/* Reads the optional "version" member; false (and 400 sent) when malformed. */
static bool
expected_version_or_reply(struct req *r, json_t *body, long *out)
{
    json_t *v = json_object_get(body, "version");
    *out = RESPONSE_ANY_VERSION;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000000) {
        http_send_error(r, 400, "version", "version は 0 以上の整数にしてください。");
        return false;
    }
    *out = (long)json_integer_value(v);
    return true;
}

static void
conflict_reply(struct req *r, const char *message)
{
    http_send_error(r, 409, "version", message);
}

static void
api_response_put(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    if (!json_is_object(r->json) || !json_object_get(r->json, "answers")) {
        http_send_error(r, 400, "answers",
                        "{\"answers\": {...}, \"version\": n} の形で送信してください。");
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(r->json, key,
                        v) if (strcmp(key, "answers") != 0 && strcmp(key, "version") != 0)
    {
        http_send_error(r, 400, key, "answers と version 以外の項目は受け付けません。");
        return;
    }
    long expected;
    if (!expected_version_or_reply(r, r->json, &expected))
        return;
    struct answer_issues is;
    answer_issues_init(&is, &r->arena);
    json_t *clean = answer_check(s, json_object_get(r->json, "answers"), false, &is);
    if (is.n) {
        json_decref(clean);
        answer_issues_reply(r, &is);
        return;
    }
    struct audit_actor who = req_actor(r);
    long version;
    int rc = response_save(r->db, &who, s->id, org.code, clean, expected, proxy, &version);
    json_decref(clean);
    if (rc == ERR_CONFLICT) {
        conflict_reply(r, "他の人が先に保存したため保存できませんでした。最新の内容を読み込んでから"
                          "、もう一度保存してください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200,
                   json_pack("{s:s, s:I}", "state", "draft", "version", (json_int_t)version));
}

static void
api_response_submit(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    if (approval_required_or_reply(r, s))
        return;
    long expected = RESPONSE_ANY_VERSION;
    if (r->json &&
        (!json_is_object(r->json) || !expected_version_or_reply(r, r->json, &expected))) {
        if (!r->sent)
            http_send_error(r, 400, NULL, "{\"version\": n} の形で送信してください。");
        return;
    }
    struct answer_issues is;
    answer_issues_init(&is, &r->arena);
    struct audit_actor who = req_actor(r);
    long version;
    int rc = response_submit(r->db, &who, s, org.code, expected, proxy, &is, &version);
    if (rc == ERR_INPUT) {
        answer_issues_reply(r, &is);
        return;
    }
    if (rc == ERR_CONFLICT) {
        conflict_reply(r, "提出できる一時保存の回答がありません（未保存か、既に提出済みか、他の人が"
                          "更新しました）。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    char at[32];
    clock_iso(clock_now(), at, sizeof(at));
    http_send_json(r, 200,
                   json_pack("{s:s, s:I, s:s}", "state", "submitted", "version",
                             (json_int_t)version, "submitted_at", at));
}

static int
version_item(const struct response_version_row *v, void *ctx)
{
    json_t *item =
        json_pack("{s:I, s:s, s:o, s:s, s:b}", "version", (json_int_t)v->version, "state", v->state,
                  "saved_at", iso_time(v->saved_at), "saved_by", v->saved_by, "proxy", v->proxy);
    return json_array_append_new(ctx, item) == 0 ? 0 : ERR_NOMEM;
}

static void
api_response_versions(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    json_t *list = json_array();
    int rc = response_each_version(r->db, s->id, org.code, version_item, list);
    if (rc) {
        json_decref(list);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, json_pack("{s:o}", "versions", list));
}

static void
api_response_version(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    const char *n = form_get(&r->path_params, "n");
    char *end;
    long version = strtol(n, &end, 10);
    if (*end || version < 1) {
        http_send_error(r, 404, "version", "その版はありません。");
        return;
    }
    json_t *answers;
    char state[16];
    int rc = response_version_answers(r->db, s->id, org.code, version, &answers, state);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 404, "version", "その版はありません。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200,
                   json_pack("{s:I, s:s, s:o}", "version", (json_int_t)version, "state", state,
                             "answers", answers));
}

ROUTES(api_survey_routes) = {
    {"GET", "/api/v1/surveys", SURVEY_ROLES, BODY_NONE, api_surveys, NULL},
    {"GET", "/api/v1/surveys/:id", SURVEY_ROLES, BODY_NONE, api_survey, NULL},
    {"GET", "/api/v1/surveys/:id/responses/:code", SURVEY_ROLES, BODY_NONE, api_response_get, NULL},
    {"PUT", "/api/v1/surveys/:id/responses/:code", SURVEY_ROLES, BODY_JSON, api_response_put, NULL},
    {"POST", "/api/v1/surveys/:id/responses/:code/submit", SURVEY_ROLES, BODY_JSON_OPTIONAL,
     api_response_submit, NULL},
    {"GET", "/api/v1/surveys/:id/responses/:code/versions", SURVEY_ROLES, BODY_NONE,
     api_response_versions, NULL},
    {"GET", "/api/v1/surveys/:id/responses/:code/versions/:n", SURVEY_ROLES, BODY_NONE,
     api_response_version, NULL},
    ROUTES_END,
};
