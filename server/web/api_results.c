/*
 * api_results.c: /api/v1/surveys/{id}/results and /entries: the aggregated
 * results per grouping scheme, the 意見・質問 lists and their 分類 summary, as
 * JSON, CSV (UTF-8 with BOM or CP932) and XLSX.
 */
#include "agg.h"
#include "buf.h"
#include "csv_out.h"
#include "entries.h"
#include "err.h"
#include "http.h"
#include "jsonin.h"
#include "guard.h"
#include "results.h"
#include "publication.h"
#include "published_summary.h"
#include "route.h"
#include "table.h"
#include "text_answers.h"
#include "xlsx_out.h"

#include <string.h>

/* Who may see aggregated results: the Ministry, and prefecture coordinators
   for their own prefecture (results_scope). Publication to org accounts is the
   workflow issue's. */
#define RESULT_ROLES (ROLE_MINISTRY | ROLE_PREF | ROLE_ORG)

static void
api_results(struct req *r)
{
    struct agg_result res;
    if (!results_or_reply(r, &res, RESULTS_EXPORT))
        return;
    json_t *out = agg_json(&res), *texts = json_array();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < res.s->n_questions; i++) {
        const struct question *q = &res.s->questions[i];
        struct text_answer *items;
        size_t n;
        if (q->type == Q_TEXT && (rc = text_answers_collect(r->db, res.s, q, res.prefecture,
                                                            &r->arena, &items, &n)) == 0)
            json_array_append_new(texts, text_answers_json(q, items, n));
    }
    json_object_set_new(out, "texts", texts);
    if (rc) {
        json_decref(out);
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, out);
}

static void
api_results_csv(struct req *r)
{
    struct agg_result res;
    if (!results_or_reply(r, &res, RESULTS_EXPORT))
        return;
    struct table t;
    const char *qid = form_get(&r->query, "question");
    int rc;
    const struct question *text = qid ? survey_question(res.s, qid) : NULL;
    if (text && text->type == Q_TEXT) {
        rc = results_text_table(r->db, &res, text, false, &r->arena, &t);
    } else if (qid) {
        const struct agg_question *aq = agg_question(&res, qid);
        if (!aq) {
            http_send_error(r, 400, "question",
                            "question は選択式または自由記述の設問の id にしてください。");
            return;
        }
        rc = agg_question_table(&res, aq, &r->arena, &t);
    } else {
        rc = agg_status_table(&res, &r->arena, &t);
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    results_send_csv(
        r, &t,
        arena_printf(&r->arena, "%s_%s_%s.csv", res.s->id, qid ? qid : "status", res.scheme));
}

static void
api_results_xlsx(struct req *r)
{
    struct agg_result res;
    if (!results_or_reply(r, &res, RESULTS_EXPORT))
        return;
    struct table *tables;
    size_t n;
    int rc = results_tables(r->db, &res, &r->arena, &tables, &n);
    struct buf *out = rc ? NULL : buf_new_in(&r->arena, 256u << 20);
    if (!rc && !out)
        rc = ERR_NOMEM;
    if (!rc)
        rc = xlsx_write_tables(tables, n, out);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       arena_printf(&r->arena, "%s_results_%s.xlsx", res.s->id, res.scheme),
                       out->data, out->len);
}

static json_t *
entry_json(const struct entry *e)
{
    json_t *org = *e->org_code ? json_pack("{s:s, s:s}", "code", e->org_code, "name", e->org_name)
                               : json_null();
    return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "key", e->key, "no",
                     (json_int_t)e->no, "kind", e->kind, "material", e->material, "page", e->page,
                     "category", e->category, "body", e->body, "organization", org, "disposition",
                     e->disposition, "reply", e->reply);
}

static void
api_entries(struct req *r)
{
    struct entries_view v;
    if (!entries_or_reply(r, &v, RESULTS_EXPORT))
        return;
    json_t *list = json_array();
    for (size_t i = 0; i < v.n; i++)
        json_array_append_new(list, entry_json(&v.entries[i]));
    http_send_json(
        r, 200,
        json_pack("{s:s, s:s, s:o}", "survey", v.s->id, "question", v.q->id, "entries", list));
}

static void
api_entries_csv(struct req *r)
{
    struct entries_view v;
    if (!entries_or_reply(r, &v, RESULTS_EXPORT))
        return;
    struct table t;
    bool one_kind = v.filter.kind != NULL;
    bool with_org = form_get(&r->query, "organizations") != NULL && !v.anonymous;
    int rc = entries_table(v.entries, v.n, !one_kind, with_org,
                           form_get(&r->query, "replies") != NULL, &r->arena, &t);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    results_send_csv(r, &t,
                     arena_printf(&r->arena, "%s_%s%s.csv", v.s->id, v.q->id,
                                  !one_kind                            ? ""
                                  : strcmp(v.filter.kind, "意見") == 0 ? "_opinions"
                                                                       : "_questions"));
}

/* The 分類 summary of every entry, whatever filter was asked for. */
static bool
summary_or_reply(struct req *r, struct entries_view *v, struct entries_summary *sum)
{
    const char *by = form_get(&r->query, "by"), *split = form_get(&r->query, "split");
    if ((by && strcmp(by, "category") != 0) || (split && strcmp(split, "kind") != 0)) {
        http_send_error(r, 400, "by", "by=category&split=kind だけが使えます。");
        return false;
    }
    if (!entries_or_reply(r, v, RESULTS_EXPORT))
        return false;
    int rc = entries_summarize(v->q, v->all, v->n_all, &r->arena, sum);
    return http_ok_or_send_err(r, rc);
}

static void
api_entries_summary(struct req *r)
{
    struct entries_view v;
    struct entries_summary sum;
    if (summary_or_reply(r, &v, &sum))
        http_send_json(r, 200, published_summary_json(v.s, &sum, &r->arena));
}

static void
api_entries_summary_csv(struct req *r)
{
    struct entries_view v;
    struct entries_summary sum;
    struct table t;
    if (!summary_or_reply(r, &v, &sum))
        return;
    int rc = published_summary_table(v.s, &sum, &r->arena, &t);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    results_send_csv(r, &t, arena_printf(&r->arena, "%s_%s_summary.csv", v.s->id, v.q->id));
}

/* 過年度: ?question= across every survey that has it, as JSON or CSV. */
static bool
compare_or_reply(struct req *r, struct table *t)
{
    const char *qid = form_get(&r->query, "question");
    if (!qid || !*qid) {
        http_send_error(r, 400, "question", "question に設問 id を指定してください。");
        return false;
    }
    size_t n;
    int rc = results_compare_table(r->db, qid, results_scope(r), &r->arena, t, &n);
    if (rc == 0 && n == 0) {
        http_send_error(r, 404, "question", "その設問 id を持つ照会はありません。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

static void
api_compare(struct req *r)
{
    struct table t;
    if (compare_or_reply(r, &t))
        http_send_json(r, 200, table_json(&t));
}

static void
api_compare_csv(struct req *r)
{
    struct table t;
    if (compare_or_reply(r, &t))
        results_send_csv(
            r, &t, arena_printf(&r->arena, "compare_%s.csv", form_get(&r->query, "question")));
}

/* Reads {"disposition", "reply"} from the body; false after a 400. */
static bool
reply_body_or_reply(struct req *r, const char **disposition, const char **reply)
{
    *disposition = json_string_value(json_object_get(r->json, "disposition"));
    json_t *text = json_object_get(r->json, "reply");
    *reply = text ? json_string_value(text) : "";
    if (!*disposition || !entry_disposition_valid(*disposition)) {
        http_send_error(
            r, 400, "disposition",
            "disposition は 修正する・原案どおり・今後の検討課題・回答 のいずれかです。");
        return false;
    }
    if (!*reply) {
        http_send_error(r, 400, "reply", "reply は文字列にしてください。");
        return false;
    }
    return true;
}

static void
api_entry_reply(struct req *r)
{
    struct entries_view v;
    const char *disposition, *reply;
    if (!reply_body_or_reply(r, &disposition, &reply) || !entries_or_reply(r, &v, RESULTS_FRESH))
        return;
    const struct entry *e = entries_find(v.all, v.n_all, form_get(&r->path_params, "key"));
    if (!e) {
        http_send_error(r, 404, "key", "その意見・質問はありません。");
        return;
    }
    struct audit_actor who = req_actor(r);
    int rc = entries_reply(r->db, &who, v.s, v.q, e->key, disposition, reply);
    if (rc == ERR_INPUT) {
        http_send_error(r, 422, "reply",
                        "回答・考え方は4000文字以内で、制御文字や非文字（U+FFFF "
                        "など）を含まないようにしてください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(
        r, 200,
        json_pack("{s:s, s:s, s:s}", "key", e->key, "disposition", disposition, "reply", reply));
}

static void
api_entry_reply_bulk(struct req *r)
{
    struct entries_view v;
    const char *disposition, *reply;
    if (!reply_body_or_reply(r, &disposition, &reply) || !entries_or_reply(r, &v, RESULTS_FRESH))
        return;
    const char *category = json_string_value(json_object_get(r->json, "category"));
    const char *kind = json_string_value(json_object_get(r->json, "kind"));
    if (!category) {
        http_send_error(r, 400, "category", "category（分類）を指定してください。");
        return;
    }
    size_t n;
    struct audit_actor who = req_actor(r);
    int rc = entries_reply_bulk(r->db, &who, v.s, v.q, v.all, v.n_all, category, kind, disposition,
                                reply, json_is_true(json_object_get(r->json, "overwrite")), &n);
    if (rc == ERR_INPUT) {
        http_send_error(r, 422, "reply",
                        "回答・考え方は4000文字以内で、制御文字や非文字（U+FFFF "
                        "など）を含まないようにしてください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, json_pack("{s:I}", "replied", (json_int_t)n));
}

static void
api_publish(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    json_t *below = r->json ? json_object_get(r->json, "suppress_below") : NULL;
    if (below && !json_is_integer(below)) {
        http_send_error(r, 400, "suppress_below", "suppress_below は整数にしてください。");
        return;
    }
    struct audit_actor who = req_actor(r);
    int rc = publication_publish(r->db, &who, s->id, below ? json_integer_value(below) : 3);
    if (rc == ERR_INPUT) {
        http_send_error(r, 400, "suppress_below", "suppress_below は 0〜100 にしてください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200,
                   json_pack("{s:b, s:I}", "published", 1, "suppress_below",
                             (json_int_t)(below ? json_integer_value(below) : 3)));
}

static void
api_withdraw(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    int rc = publication_withdraw(r->db, &who, s->id);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 409, NULL, "この照会は公表されていません。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_json(r, 200, json_pack("{s:b}", "published", 0));
}

ROUTES(api_results_routes) = {
    {"PUT", "/api/v1/surveys/:id/entries/:key/reply", ROLE_MINISTRY, BODY_JSON, api_entry_reply,
     NULL},
    {"POST", "/api/v1/surveys/:id/replies", ROLE_MINISTRY, BODY_JSON, api_entry_reply_bulk, NULL},
    {"GET", "/api/v1/compare", ROLE_MINISTRY | ROLE_PREF, BODY_NONE, api_compare, NULL},
    {"GET", "/api/v1/compare.csv", ROLE_MINISTRY | ROLE_PREF, BODY_NONE, api_compare_csv, NULL},
    {"POST", "/api/v1/surveys/:id/publish", ROLE_MINISTRY, BODY_JSON_OPTIONAL, api_publish, NULL},
    {"DELETE", "/api/v1/surveys/:id/publish", ROLE_MINISTRY, BODY_NONE, api_withdraw, NULL},
    {"GET", "/api/v1/surveys/:id/results", RESULT_ROLES, BODY_NONE, api_results, NULL},
    {"GET", "/api/v1/surveys/:id/results.csv", RESULT_ROLES, BODY_NONE, api_results_csv, NULL},
    {"GET", "/api/v1/surveys/:id/results.xlsx", RESULT_ROLES, BODY_NONE, api_results_xlsx, NULL},
    {"GET", "/api/v1/surveys/:id/entries", RESULT_ROLES, BODY_NONE, api_entries, NULL},
    {"GET", "/api/v1/surveys/:id/entries.csv", RESULT_ROLES, BODY_NONE, api_entries_csv, NULL},
    {"GET", "/api/v1/surveys/:id/entries/summary", RESULT_ROLES, BODY_NONE, api_entries_summary,
     NULL},
    {"GET", "/api/v1/surveys/:id/entries/summary.csv", RESULT_ROLES, BODY_NONE,
     api_entries_summary_csv, NULL},
    ROUTES_END,
};
