/*
 * survey_http.c: the surveys over HTTP: the list (照会一覧) for the browser
 * and the API, a survey's definition, and the Ministry's way to one 団体's
 * response.
 *
 * The page and the API list the same surveys from one lookup
 * (survey_listing_each) and differ only in how they encode each one.
 */
#include "clock.h"
#include "err.h"
#include "guard.h"
#include "html.h"
#include "http.h"
#include "page.h"
#include "page_survey.h"
#include "publication.h"
#include "response.h"
#include "route.h"
#include "survey_draft.h"
#include "survey_store.h"
#include "tpl.h"
#include "workflow.h"

#include <string.h>

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

/* --- the list (照会一覧) */

/* One survey as the signed-in account sees it in the list. */
struct survey_listing {
    const struct survey_row *row;
    bool published; /* its results are open to 団体 */
    bool has_org;   /* the account belongs to a 団体: the rest is that 団体's */
    struct response resp;
    struct workflow_status ws;
};

struct listing_ctx {
    struct req *r;
    int (*fn)(struct req *r, const struct survey_listing *l, void *ctx);
    void *ctx;
};

static int
listing_one(const struct survey_row *row, void *arg)
{
    struct listing_ctx *c = arg;
    struct req *r = c->r;
    struct survey_listing l = {.row = row, .has_org = r->user.org_code[0] != '\0'};
    struct publication pub;
    int rc = publication_get(r->db, row->id, &pub);
    if (rc)
        return rc;
    l.published = pub.published;
    if (!l.has_org)
        return c->fn(r, &l, c->ctx);
    if ((rc = response_get(r->db, row->id, r->user.org_code, &l.resp)))
        return rc;
    rc = workflow_status(r->db, row->id, r->user.org_code, &r->arena, &l.ws);
    if (rc == 0)
        rc = c->fn(r, &l, c->ctx);
    response_cleanup(&l.resp);
    return rc;
}

/* Calls fn for every survey in list order, as the signed-in account sees it
   (the listing is valid for the call). */
static int
survey_listing_each(struct req *r,
                    int (*fn)(struct req *r, const struct survey_listing *l, void *ctx), void *ctx)
{
    struct listing_ctx c = {r, fn, ctx};
    return survey_each(r->db, listing_one, &c);
}

static int
listing_json(struct req *r, const struct survey_listing *l, void *list)
{
    (void)r;
    json_t *item = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", l->row->id, "kind", l->row->kind,
                             "title", l->row->title, "opens_at", clock_iso_json(l->row->opens_at),
                             "closes_at", clock_iso_json(l->row->closes_at));
    if (l->has_org)
        json_object_set_new(item, "state", json_string(l->resp.state));
    return json_array_append_new(list, item) == 0 ? 0 : ERR_NOMEM;
}

static void
surveys_api(struct req *r)
{
    json_t *list = json_array();
    int rc = survey_listing_each(r, listing_json, list);
    if (rc) {
        json_decref(list);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, list);
}

/* The state a 団体 sees in the list: its label and CSS class, and whether the
   link reads ("回答を見る", "提出した回答を見る") or answers ("回答する"). */
static void
listing_state_vars(struct tpl_vars *item, const struct survey_listing *l)
{
    const struct response *resp = &l->resp;
    int64_t now = clock_now();
    bool closed = now >= l->row->closes_at && !l->ws.returned; /* a return reopens it */
    bool submitted = strcmp(resp->state, "submitted") == 0;
    struct state_display shown = response_state_display(resp, &l->ws, closed);
    tpl_set(item, "state_label", shown.label);
    tpl_set(item, "state_class", shown.css);
    /* A submitted response is read first (修正 is an explicit step there). */
    tpl_set(item, "action_label",
            closed || now < l->row->opens_at ? "回答を見る"
            : submitted && !l->ws.returned   ? "提出した回答を見る"
                                             : "回答する");
}

static int
listing_page_item(struct req *r, const struct survey_listing *l, void *v)
{
    struct tpl_vars *item = tpl_add_item(v, "surveys");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "id", l->row->id);
    tpl_set(item, "title", l->row->title);
    page_time_vars(item, "opens", l->row->opens_at);
    page_time_vars(item, "closes", l->row->closes_at);
    tpl_set_bool(item, "can_see_results", r->user.role & (ROLE_MINISTRY | ROLE_PREF));
    tpl_set_bool(item, "published_results", l->published && r->user.role == ROLE_ORG);
    tpl_set_bool(item, "has_org", l->has_org);
    tpl_set(item, "org_code", r->user.org_code);
    if (l->has_org)
        listing_state_vars(item, l);
    return 0;
}

/* The Ministry's drafts (survey_draft.h), above the list. */
static int
draft_page_item(const struct survey_draft_row *d, void *v)
{
    struct tpl_vars *item = tpl_add_item(v, "drafts");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "id", d->id);
    tpl_set(item, "title", d->title ? d->title : d->id);
    page_time_vars(item, "updated", d->updated_at);
    return 0;
}

static void
surveys_page(struct req *r)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set_list(v, "surveys");
    tpl_set_list(v, "drafts");
    int rc = r->user.role == ROLE_MINISTRY ? survey_draft_each(r->db, draft_page_item, v) : 0;
    if (rc == 0)
        rc = survey_listing_each(r, listing_page_item, v);
    if (rc == 0 && r->user.role == ROLE_MINISTRY)
        rc = page_org_choices(r, v);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "surveys", "照会一覧", v);
}

/* --- one survey */

static void
definition_api(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    json_t *def = json_deep_copy(s->def);
    json_object_set_new(def, "period",
                        json_pack("{s:o, s:o}", "opens", clock_iso_json(s->opens_at), "closes",
                                  clock_iso_json(s->closes_at)));
    http_send_json(r, 200, def);
}

PARAMS(pick_params) = {
    {"code", PARAM_QUERY, PARAM_ORG, true, 0, 0, NULL, "団体"},
    PARAMS_END,
};

/* GET /surveys/:id/responses?code=NNNNNN: the Ministry's way to a 団体's response. */
static void
pick_page(struct req *r)
{
    struct buf *to = buf_new_in(&r->arena, 1024);
    if (!to) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    html_lit(to, "/surveys/");
    html_esc_url(to, form_get(&r->path_params, "id"));
    html_lit(to, "/responses/");
    html_esc_url(to, param_text(&r->params, "code"));
    http_redirect(r, buf_str(to));
}

API_DOC(surveys_doc) = {"照会の一覧", API_JSON, "SurveyList", true, NULL};
API_DOC(survey_doc) = {"照会の定義と回答期間", API_JSON, "Survey", true, NULL};

// clang-format off
ROUTES(survey_http_routes) = {
    {"GET", "/surveys", SURVEY_ROLES, BODY_NONE, surveys_page, NULL},
    {"GET", "/api/v1/surveys", SURVEY_ROLES, BODY_NONE, surveys_api, NULL, &surveys_doc},
    {"GET", "/api/v1/surveys/:id", SURVEY_ROLES, BODY_NONE, definition_api, NULL, &survey_doc},
    {"GET", "/surveys/:id/responses", ROLE_MINISTRY, BODY_NONE, pick_page, pick_params},
    ROUTES_END,
};
// clang-format on
