/*
 * past_round_http.c: 過年度実績 over HTTP: the Ministry records the earlier
 * rounds a report compares with (figures with their source, or a link to a
 * survey run in shokai), on a page and through the API with one handler per
 * operation (workflow_http.c's pattern).
 */
#include "err.h"
#include "guard.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "page_survey.h"
#include "past_round.h"
#include "route.h"
#include "survey_store.h"
#include "tpl.h"

#include <string.h>

static const char *
rounds_location(struct req *r, const struct survey *s)
{
    return arena_printf(&r->arena, "/surveys/%s/report/rounds", s->id);
}

static json_t *
round_json(const struct past_round *p)
{
    char held[8];
    snprintf(held, sizeof(held), "%04d-%02d", p->year, p->month);
    return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:I, s:s}", "id", (json_int_t)p->id, "label",
                     p->label, "held", held, "held_wareki", p->held, "linked_survey",
                     p->linked_survey, "senders_pref", (json_int_t)p->senders_pref, "senders_muni",
                     (json_int_t)p->senders_muni, "source", p->source);
}

/* One list for the page and the API. */
static bool
rounds_or_reply(struct req *r, struct survey **s, struct past_round **rounds, size_t *n)
{
    *s = survey_find_or_reply(r);
    return *s && http_ok_or_send_err(r, past_rounds_list(r->db, (*s)->id, &r->arena, rounds, n));
}

static void
rounds_api(struct req *r)
{
    struct survey *s;
    struct past_round *rounds;
    size_t n;
    if (!rounds_or_reply(r, &s, &rounds, &n))
        return;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, round_json(&rounds[i]));
    http_send_json(r, 200, json_pack("{s:s, s:o}", "survey", s->id, "rounds", list));
}

static int
survey_choice(const struct survey_row *row, void *arg)
{
    struct tpl_vars *v = arg;
    struct tpl_vars *item = tpl_add_item(v, "surveys");
    if (!item)
        return ERR_NOMEM;
    tpl_set(item, "id", row->id);
    tpl_set(item, "title", row->title);
    return 0;
}

static void
rounds_page(struct req *r)
{
    struct survey *s;
    struct past_round *rounds;
    size_t n;
    if (!rounds_or_reply(r, &s, &rounds, &n))
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, s, NULL);
    tpl_set_list(v, "rounds");
    for (size_t i = 0; i < n; i++) {
        const struct past_round *p = &rounds[i];
        struct tpl_vars *item = tpl_add_item(v, "rounds");
        if (!item)
            break;
        tpl_setf(item, "id", "%lld", (long long)p->id);
        tpl_set(item, "label", p->label);
        tpl_set(item, "held_wareki", p->held);
        tpl_setf(item, "held", "%04d-%02d", p->year, p->month);
        tpl_set(item, "senders", past_round_senders_text(p, &r->arena));
        tpl_set_bool(item, "linked", p->linked_survey != NULL);
        tpl_set(item, "linked_survey", p->linked_survey ? p->linked_survey : "");
        tpl_set(item, "linked_title", p->linked_title ? p->linked_title : "");
        tpl_setf(item, "senders_pref", "%lld", p->linked_survey ? 0LL : (long long)p->senders_pref);
        tpl_setf(item, "senders_muni", "%lld", p->linked_survey ? 0LL : (long long)p->senders_muni);
        tpl_set(item, "source", p->source);
    }
    tpl_set_list(v, "surveys");
    int rc = survey_each_by_period(r->db, survey_choice, v);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "past_rounds", "過年度実績の登録", v);
}

/* --- add, change and remove a round */

#define ROUND_PARAMS                                                                               \
    {"label", PARAM_BODY, PARAM_TEXT, true, 1, PAST_ROUND_LABEL_MAX, NULL, "改定・照会の名前"},    \
        {"held", PARAM_BODY, PARAM_TEXT, true, 7, 7, NULL, "時期（年月）"},                        \
        {"linked_survey", PARAM_BODY, PARAM_TEXT, false, 0, 64, NULL, "shokai の照会"},            \
        {"senders_pref", PARAM_BODY, PARAM_INT, false, 0, 47, NULL, "都道府県の提出団体数"},       \
        {"senders_muni", PARAM_BODY, PARAM_INT, false, 0, 1741, NULL, "市区町村の提出団体数"},     \
    {                                                                                              \
        "source", PARAM_BODY, PARAM_TEXT, false, 0, PAST_ROUND_SOURCE_MAX, NULL, "出典"          \
    }
#define ROUND_ID                                                                                   \
    {                                                                                              \
        "round", PARAM_PATH, PARAM_INT, true, 1, INT32_MAX, NULL, "過年度実績の番号"       \
    }

PARAMS(add_params) = {ROUND_PARAMS, PARAMS_END};
PARAMS(change_params) = {ROUND_ID, ROUND_PARAMS, PARAMS_END};
PARAMS(delete_params) = {ROUND_ID, PARAMS_END};

static void
round_save(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    const char *link = param_text_nonblank(&r->params, "linked_survey");
    struct past_round_input in = {
        param_text(&r->params, "label"),
        param_text(&r->params, "held"),
        link,
        param_text_or_empty(&r->params, "source"),
        param_int(&r->params, "senders_pref", -1),
        param_int(&r->params, "senders_muni", -1),
    };
    int64_t id = param_int(&r->params, "round", 0);
    const char *field = NULL;
    struct audit_actor who = req_actor(r);
    int rc = past_round_save(r->db, &who, s->id, &in, &id, &field);
    static const struct outcome_words held = {NULL, "held",
                                              "時期は 2024-10 のように年と月で入力してください。"};
    static const struct outcome_words label = {NULL, "label",
                                               "改定・照会の名前を100文字以内で入力してください。"};
    static const struct outcome_words source = {NULL, "source",
                                                "出典は300文字以内で入力してください。"};
    static const struct outcome_words link_words = {
        NULL, "linked_survey",
        "shokai で行った照会（意見・質問のある、この照会以外のもの）を選ぶか、都道府県と市区町村"
        "の提出団体数を両方入力してください（どちらか一方です）。"};
    const struct outcome_words *words = &link_words;
    if (field && strcmp(field, "held") == 0)
        words = &held;
    else if (field && strcmp(field, "label") == 0)
        words = &label;
    else if (field && strcmp(field, "source") == 0)
        words = &source;
    outcome_send(r, rc, words, json_pack("{s:I}", "id", (json_int_t)id), rounds_location(r, s));
}

static void
round_delete(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc = past_round_delete(r->db, &who, s->id, param_int(&r->params, "round", 0));
    outcome_send(r, rc, NULL, json_pack("{s:b}", "deleted", 1), rounds_location(r, s));
}

API_DOC(rounds_doc) = {"過年度実績の一覧", API_JSON, "PastRounds", false, NULL};
API_DOC(round_changed_doc) = {"過年度実績を登録・変更・削除する", API_JSON, "PastRoundChanged",
                              false, NULL};

// clang-format off
ROUTES(past_round_http_routes) = {
    {"GET", "/surveys/:id/report/rounds", ROLE_MINISTRY, BODY_NONE, rounds_page, NULL},
    {"GET", "/api/v1/surveys/:id/report/rounds", ROLE_MINISTRY, BODY_NONE, rounds_api, NULL, &rounds_doc},
    {"POST", "/surveys/:id/report/rounds", ROLE_MINISTRY, BODY_FORM, round_save, add_params},
    {"POST", "/api/v1/surveys/:id/report/rounds", ROLE_MINISTRY, BODY_JSON, round_save, add_params, &round_changed_doc},
    {"POST", "/surveys/:id/report/rounds/:round", ROLE_MINISTRY, BODY_FORM, round_save, change_params},
    {"PUT", "/api/v1/surveys/:id/report/rounds/:round", ROLE_MINISTRY, BODY_JSON, round_save, change_params, &round_changed_doc},
    {"POST", "/surveys/:id/report/rounds/:round/delete", ROLE_MINISTRY, BODY_FORM, round_delete, delete_params},
    {"DELETE", "/api/v1/surveys/:id/report/rounds/:round", ROLE_MINISTRY, BODY_NONE, round_delete, delete_params, &round_changed_doc},
    ROUTES_END,
};
// clang-format on
