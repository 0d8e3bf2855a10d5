/*
 * results_http.c: the results over HTTP, for the browser and the API alike:
 * the aggregated results per grouping scheme (page, JSON, CSV, XLSX), the
 * 意見・質問 list and its 分類 summary, the 過年度 comparison, the Ministry's
 * replies (回答・考え方, one entry or a 分類 at once). Publication is
 * publication_http.c.
 *
 * Views that differ only in representation share their lookup (results.h)
 * and their declared parameters; each operation is one handler behind a
 * page's form and the API's JSON with the same parameters (param.h) and the
 * same refusals (outcome.h). The results page itself is results_page.c.
 */
#include "download.h"
#include "entries_stream.h"
#include "err.h"
#include "http.h"
#include "outcome.h"
#include "publication.h"
#include "published_summary.h"
#include "guard.h"
#include "results.h"
#include "results_page.h"
#include "route.h"
#include "table.h"
#include "text_answers.h"

#include <string.h>

/* Who may see results: the Ministry, prefecture coordinators for their own
   prefecture (results_scope), and org accounts once published. */
#define RESULT_ROLES (ROLE_MINISTRY | ROLE_PREF | ROLE_ORG)
#define COMPARE_ROLES (ROLE_MINISTRY | ROLE_PREF)

// clang-format off
#define P_QUESTION {"question", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "設問"}
// clang-format on

/* --- results (集計結果) */

PARAMS(results_params) = {RESULTS_GROUP_PARAM, RESULTS_SCOPE_PARAM, PARAMS_END};
PARAMS(results_csv_params) = {RESULTS_GROUP_PARAM, RESULTS_SCOPE_PARAM, P_QUESTION,
                              DOWNLOAD_ENCODING_PARAM, PARAMS_END};

static bool
results_view_or_reply(struct req *r, struct agg_result *res, enum results_use use)
{
    return results_or_reply(r, param_text(&r->params, "group"), res, use);
}

static void
results_page(struct req *r)
{
    struct agg_result res;
    if (results_view_or_reply(r, &res, RESULTS_PAGE))
        results_page_render(r, &res);
}

static void
results_json(struct req *r)
{
    struct agg_result res;
    if (!results_view_or_reply(r, &res, RESULTS_EXPORT))
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

/* One table: the response status, or ?question='s cross-tab or free-text
   answers. */
static void
results_csv(struct req *r)
{
    struct agg_result res;
    if (!results_view_or_reply(r, &res, RESULTS_EXPORT))
        return;
    struct table t;
    const char *qid = param_text(&r->params, "question");
    qid = qid && *qid ? qid : NULL;
    int rc;
    const struct question *text = qid ? survey_question(res.s, qid) : NULL;
    const struct agg_question *aq = qid ? agg_question(&res, qid) : NULL;
    if (text && text->type == Q_TEXT)
        rc = results_text_table(r->db, &res, text, false, &r->arena, &t);
    else if (aq)
        rc = agg_question_table(&res, aq, &r->arena, &t);
    else if (qid)
        rc = ERR_INPUT;
    else
        rc = agg_status_table(&res, &r->arena, &t);
    static const struct outcome_words words = {
        NULL, "question", "設問（question）は選択式または自由記述の設問の id にしてください。"};
    if (rc) {
        outcome_fail(r, rc, &words);
        return;
    }
    download_csv(
        r, &t, param_text(&r->params, "encoding"),
        arena_printf(&r->arena, "%s_%s_%s.csv", res.s->id, qid ? qid : "status", res.scheme));
}

static void
results_xlsx(struct req *r)
{
    struct agg_result res;
    if (!results_view_or_reply(r, &res, RESULTS_EXPORT))
        return;
    struct table *tables;
    size_t n;
    int rc = results_tables(r->db, &res, &r->arena, &tables, &n);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    download_xlsx(r, tables, n,
                  arena_printf(&r->arena, "%s_results_%s.xlsx", res.s->id, res.scheme));
}

/* --- 意見・質問 */

// clang-format off
#define ENTRY_FILTER_PARAMS                                                                        \
    P_QUESTION, RESULTS_SCOPE_PARAM,                                                               \
    {"kind", PARAM_QUERY, PARAM_TEXT, false, 0, 20, NULL, "種別"},                                 \
    {"category", PARAM_QUERY, PARAM_TEXT, false, 0, 100, NULL, "分類"},                            \
    {"material", PARAM_QUERY, PARAM_TEXT, false, 0, 100, NULL, "対象資料"},                        \
    {"q", PARAM_QUERY, PARAM_TEXT, false, 0, 100, NULL, "本文の検索"},                             \
    {"answered", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, entry_answered_states, "回答状況"}
// clang-format on
PARAMS(entries_params) = {ENTRY_FILTER_PARAMS, PARAMS_END};
PARAMS(entries_page_params) = {
    ENTRY_FILTER_PARAMS,
    {"replied", PARAM_QUERY, PARAM_INT, false, 0, 1000000, NULL, "回答した件数"},
    PARAMS_END,
};
PARAMS(entries_csv_params) = {
    ENTRY_FILTER_PARAMS,
    {"organizations", PARAM_QUERY, PARAM_BOOL, false, 0, 0, NULL, "団体名を含める"},
    {"replies", PARAM_QUERY, PARAM_BOOL, false, 0, 0, NULL, "回答・考え方を含める"},
    DOWNLOAD_ENCODING_PARAM,
    PARAMS_END,
};

/* A filter value: absent or empty means no filter. */
static const char *
filter_value(struct req *r, const char *name)
{
    const char *v = param_text(&r->params, name);
    return v && *v ? v : NULL;
}

/* The entries of ?question= with the ?kind= ?category= ?material= ?q=
   ?answered= filters. */
static bool
entries_list_or_reply(struct req *r, struct entries_view *v, enum results_use use)
{
    const struct entry_filter f = {filter_value(r, "kind"), filter_value(r, "category"),
                                   filter_value(r, "material"), filter_value(r, "q"),
                                   filter_value(r, "answered")};
    return entries_or_reply(r, param_text(&r->params, "question"), &f, v, use);
}

static void
entries_page(struct req *r)
{
    struct entries_view v;
    if (entries_list_or_reply(r, &v, RESULTS_FRESH))
        entries_page_render(r, &v, param_int(&r->params, "replied", -1));
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
entries_json(struct req *r)
{
    struct entries_view v;
    if (!entries_list_or_reply(r, &v, RESULTS_EXPORT))
        return;
    json_t *list = json_array();
    for (size_t i = 0; i < v.n; i++)
        json_array_append_new(list, entry_json(&v.entries[i]));
    http_send_json(
        r, 200,
        json_pack("{s:s, s:s, s:o}", "survey", v.s->id, "question", v.q->id, "entries", list));
}

/* The 意見・質問 list of an export, streamed (entries_stream.h). */
struct entries_csv {
    struct entries_stream st;
    const struct entries_view *v;
    struct entries_layout layout;
};

static int
entries_csv_write(void *ctx, enum csv_encoding enc, csv_flush_fn flush, void *flush_ctx, char *msg,
                  size_t msglen)
{
    struct entries_csv *c = ctx;
    return entries_stream_csv(&c->st, &c->v->filter, c->v->anonymous, &c->layout, enc, flush,
                              flush_ctx, msg, msglen);
}

static void
entries_csv(struct req *r)
{
    struct entries_view v;
    if (!entries_target_or_reply(
            r, param_text(&r->params, "question"),
            &(const struct entry_filter){filter_value(r, "kind"), filter_value(r, "category"),
                                         filter_value(r, "material"), filter_value(r, "q"),
                                         filter_value(r, "answered")},
            &v, RESULTS_EXPORT))
        return;
    bool one_kind = v.filter.kind != NULL;
    struct entries_csv c = {.v = &v,
                            .layout = {!one_kind,
                                       param_int(&r->params, "organizations", 0) && !v.anonymous,
                                       param_int(&r->params, "replies", 0)}};
    int rc = entries_stream_open(r->db, v.s, v.q, results_scope(r), &c.st);
    if (rc) {
        entries_stream_close(&c.st);
        http_send_err(r, rc);
        return;
    }
    download_csv_stream(r, param_text(&r->params, "encoding"),
                        arena_printf(&r->arena, "%s_%s%s.csv", v.s->id, v.q->id,
                                     !one_kind                            ? ""
                                     : strcmp(v.filter.kind, "意見") == 0 ? "_opinions"
                                                                          : "_questions"),
                        entries_csv_write, &c);
    entries_stream_close(&c.st);
}

/* The 分類 summary of every entry, whatever filter was asked for. */
static const char *const by_choices[] = {"category", NULL}, *const split_choices[] = {"kind", NULL};
// clang-format off
#define SUMMARY_PARAMS                                                                             \
    P_QUESTION, RESULTS_SCOPE_PARAM,                                                               \
    {"by", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, by_choices, "集計の軸"},                        \
    {"split", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, split_choices, "内訳"}
// clang-format on
PARAMS(summary_params) = {SUMMARY_PARAMS, PARAMS_END};
PARAMS(summary_csv_params) = {SUMMARY_PARAMS, DOWNLOAD_ENCODING_PARAM, PARAMS_END};

static bool
summary_or_reply(struct req *r, struct entries_view *v, struct entries_summary *sum)
{
    if (!entries_or_reply(r, param_text(&r->params, "question"), NULL, v, RESULTS_EXPORT))
        return false;
    int rc = entries_summarize(v->q, v->all, v->n_all, &r->arena, sum);
    return http_ok_or_send_err(r, rc);
}

static void
summary_json(struct req *r)
{
    struct entries_view v;
    struct entries_summary sum;
    if (summary_or_reply(r, &v, &sum))
        http_send_json(r, 200, published_summary_json(v.s, &sum, &r->arena));
}

static void
summary_csv(struct req *r)
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
    download_csv(r, &t, param_text(&r->params, "encoding"),
                 arena_printf(&r->arena, "%s_%s_summary.csv", v.s->id, v.q->id));
}

/* --- 過年度: ?question= across every survey that has it */

// clang-format off
#define COMPARE_PARAMS                                                                             \
    {"question", PARAM_QUERY, PARAM_TEXT, true, 1, 64, NULL, "設問 id（question）"},               \
    RESULTS_SCOPE_PARAM
// clang-format on
PARAMS(compare_params) = {COMPARE_PARAMS, PARAMS_END};
PARAMS(compare_csv_params) = {COMPARE_PARAMS, DOWNLOAD_ENCODING_PARAM, PARAMS_END};

static bool
compare_or_reply(struct req *r, struct table *t)
{
    size_t n;
    int rc = results_compare_table(r->db, param_text(&r->params, "question"), results_scope(r),
                                   &r->arena, t, &n);
    if (rc == 0 && n == 0) {
        http_send_error(r, 404, "question", "その設問 id を持つ照会はありません。");
        return false;
    }
    return http_ok_or_send_err(r, rc);
}

static void
compare_json(struct req *r)
{
    struct table t;
    if (compare_or_reply(r, &t))
        http_send_json(r, 200, table_json(&t));
}

static void
compare_csv(struct req *r)
{
    struct table t;
    if (compare_or_reply(r, &t))
        download_csv(r, &t, param_text(&r->params, "encoding"),
                     arena_printf(&r->arena, "compare_%s.csv", param_text(&r->params, "question")));
}

/* --- the Ministry's replies (回答・考え方) */

// clang-format off
#define P_KEY {"key", PARAM_PATH, PARAM_TEXT, true, 1, 100, NULL, "意見・質問"}
#define REPLY_PARAMS                                                                               \
    {"disposition", PARAM_BODY, PARAM_CHOICE, true, 0, 0, entry_dispositions, "対応区分"},         \
    {"reply", PARAM_BODY, PARAM_TEXT, false, 0, ENTRY_REPLY_MAX, NULL, "回答・考え方"}
// clang-format on
/* A reply keeps the list's filters, to go back to the same place. */
PARAMS(reply_form_params) = {P_KEY, ENTRY_FILTER_PARAMS, PARAMS_END};
PARAMS(reply_params) = {P_KEY, ENTRY_FILTER_PARAMS, REPLY_PARAMS, PARAMS_END};
PARAMS(reply_bulk_params) = {
    P_QUESTION,
    {"category", PARAM_BODY, PARAM_TEXT, true, 1, 100, NULL, "分類"},
    {"kind", PARAM_BODY, PARAM_TEXT, false, 0, 20, NULL, "種別"},
    REPLY_PARAMS,
    {"overwrite", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "回答済みのものも上書きする"},
    PARAMS_END,
};

/* What the domain refuses of a reply that passed the declared checks. */
static const struct outcome_words reply_words = {
    NULL, "reply",
    "対応区分を選び、回答・考え方は" ENTRY_REPLY_MAX_TEXT "文字以内で、制御文字や非文字（U+FFFF "
    "など）を含まないようにしてください。"};

/* The entry named by :key, with the (filtered) list it was opened from;
   NULL after a 404. */
static const struct entry *
entry_or_reply(struct req *r, struct entries_view *v)
{
    if (!entries_list_or_reply(r, v, RESULTS_FRESH))
        return NULL;
    const struct entry *e = entries_find(v->all, v->n_all, param_text(&r->params, "key"));
    if (!e)
        http_send_error(r, 404, "key", "その意見・質問はありません。");
    return e;
}

/* The entries page a reply goes back to, with its filters, saying how many
   were replied to, at the row of anchor_key (NULL: the top). */
static const char *
entries_location(struct req *r, const struct entries_view *v, size_t replied,
                 const char *anchor_key)
{
    return arena_printf(&r->arena, "/surveys/%s/entries?question=%s%s&replied=%zu%s%s", v->s->id,
                        v->q->id, entries_filter_query(&r->arena, &v->filter), replied,
                        anchor_key ? "#entry-" : "", anchor_key ? anchor_key : "");
}

/* The row to come back to after replying to e: e itself while the list
   still shows it, else (the list of 未回答 only) the one after it, or before
   it at the end. */
static const char *
row_after_reply(const struct entries_view *v, const struct entry *e)
{
    bool still_shown = !v->filter.answered || strcmp(v->filter.answered, "回答済") == 0;
    for (size_t i = 0; i < v->n; i++) {
        if (strcmp(v->entries[i].key, e->key) != 0)
            continue;
        if (still_shown)
            return e->key;
        return i + 1 < v->n ? v->entries[i + 1].key : i > 0 ? v->entries[i - 1].key : NULL;
    }
    return NULL;
}

static void
reply_form(struct req *r)
{
    struct entries_view v;
    const struct entry *e = entry_or_reply(r, &v);
    if (e)
        reply_page_render(r, &v, e);
}

static void
reply_one(struct req *r)
{
    struct entries_view v;
    const struct entry *e = entry_or_reply(r, &v);
    if (!e)
        return;
    const char *disposition = param_text(&r->params, "disposition");
    const char *reply = param_text_or_empty(&r->params, "reply");
    struct audit_actor who = req_actor(r);
    int rc = entries_reply(r->db, &who, v.s, v.q, e->key, disposition, reply);
    outcome_send(
        r, rc, &reply_words,
        json_pack("{s:s, s:s, s:s}", "key", e->key, "disposition", disposition, "reply", reply),
        entries_location(r, &v, 1, row_after_reply(&v, e)));
}

/* Every entry of a 分類 (and 種別, when given: empty means both) at once. */
static void
reply_bulk(struct req *r)
{
    struct entries_view v;
    if (!entries_or_reply(r, param_text(&r->params, "question"), NULL, &v, RESULTS_FRESH))
        return;
    const char *kind = param_text(&r->params, "kind");
    size_t n;
    struct audit_actor who = req_actor(r);
    int rc = entries_reply_bulk(
        r->db, &who, v.s, v.q, v.all, v.n_all, param_text(&r->params, "category"),
        kind && *kind ? kind : NULL, param_text(&r->params, "disposition"),
        param_text_or_empty(&r->params, "reply"), param_int(&r->params, "overwrite", 0), &n);
    outcome_send(r, rc, &reply_words, json_pack("{s:I}", "replied", (json_int_t)n),
                 entries_location(r, &v, n, NULL));
}

API_DOC(results_doc) = {"集計結果（JSON）", API_JSON, "Results", true, NULL};
API_DOC(results_csv_doc) = {"集計結果（CSV）", API_CSV, NULL, true, NULL};
API_DOC(results_xlsx_doc) = {"集計結果（Excel）", API_XLSX, NULL, true, NULL};
API_DOC(entries_doc) = {"意見・質問の一覧（JSON）", API_JSON, "Entries", true, NULL};
API_DOC(entries_csv_doc) = {"意見・質問の一覧（CSV）", API_CSV, NULL, true, NULL};
API_DOC(summary_doc) = {"意見・質問の分類別件数（JSON）", API_JSON, "EntrySummary", true, NULL};
API_DOC(summary_csv_doc) = {"意見・質問の分類別件数（CSV）", API_CSV, NULL, true, NULL};
API_DOC(compare_doc) = {"過年度との比較（JSON）", API_JSON, "Table", true, NULL};
API_DOC(compare_csv_doc) = {"過年度との比較（CSV）", API_CSV, NULL, true, NULL};
API_DOC(reply_doc) = {"意見・質問 1 件に回答を登録する", API_JSON, "EntryReply", false, NULL};
API_DOC(reply_bulk_doc) = {"同じ分類の意見・質問にまとめて回答を登録する", API_JSON, "Replied",
                           false, NULL};

// clang-format off
ROUTES(results_http_routes) = {
    {"GET", "/surveys/:id/results", RESULT_ROLES, BODY_NONE, results_page, results_params},
    {"GET", "/api/v1/surveys/:id/results", RESULT_ROLES, BODY_NONE, results_json, results_params, &results_doc},
    {"GET", "/api/v1/surveys/:id/results.csv", RESULT_ROLES, BODY_NONE, results_csv, results_csv_params, &results_csv_doc},
    {"GET", "/api/v1/surveys/:id/results.xlsx", RESULT_ROLES, BODY_NONE, results_xlsx, results_params, &results_xlsx_doc},
    {"GET", "/surveys/:id/entries", RESULT_ROLES, BODY_NONE, entries_page, entries_page_params},
    {"GET", "/api/v1/surveys/:id/entries", RESULT_ROLES, BODY_NONE, entries_json, entries_params, &entries_doc},
    {"GET", "/api/v1/surveys/:id/entries.csv", RESULT_ROLES, BODY_NONE, entries_csv, entries_csv_params, &entries_csv_doc},
    {"GET", "/api/v1/surveys/:id/entries/summary", RESULT_ROLES, BODY_NONE, summary_json, summary_params, &summary_doc},
    {"GET", "/api/v1/surveys/:id/entries/summary.csv", RESULT_ROLES, BODY_NONE, summary_csv,
     summary_csv_params, &summary_csv_doc},
    {"GET", "/api/v1/compare", COMPARE_ROLES, BODY_NONE, compare_json, compare_params, &compare_doc},
    {"GET", "/api/v1/compare.csv", COMPARE_ROLES, BODY_NONE, compare_csv, compare_csv_params, &compare_csv_doc},
    {"GET", "/surveys/:id/entries/:key", ROLE_MINISTRY, BODY_NONE, reply_form, reply_form_params},
    {"POST", "/surveys/:id/entries/:key", ROLE_MINISTRY, BODY_FORM, reply_one, reply_params},
    {"PUT", "/api/v1/surveys/:id/entries/:key/reply", ROLE_MINISTRY, BODY_JSON, reply_one, reply_params, &reply_doc},
    {"POST", "/surveys/:id/replies", ROLE_MINISTRY, BODY_FORM, reply_bulk, reply_bulk_params},
    {"POST", "/api/v1/surveys/:id/replies", ROLE_MINISTRY, BODY_JSON, reply_bulk, reply_bulk_params, &reply_bulk_doc},
    ROUTES_END,
};
// clang-format on
