/*
 * page_results.c: the Ministry's results pages: response status, a chart and
 * a cross-tab per choice question for any grouping scheme, and the 意見・質問
 * list with filters and its 分類 summary. They render the same agg_result and
 * entries the API and exports do.
 */
#include "agg.h"
#include "buf.h"
#include "chart_svg.h"
#include "disclosure.h"
#include "err.h"
#include "http.h"
#include "html.h"
#include "page.h"
#include "publication.h"
#include "published_summary.h"
#include "page_survey.h"
#include "guard.h"
#include "results.h"
#include "route.h"
#include "table.h"
#include "tpl.h"

#include <stdlib.h>
#include <string.h>

#define RESULT_ROLES (ROLE_MINISTRY | ROLE_PREF | ROLE_ORG)

/* Renders into a new arena buffer and returns it as markup (NULL on failure). */
static struct buf *
markup_buf(struct req *r)
{
    return buf_new_in(&r->arena, 0);
}

/* Sets "compare" to the 過年度 table of qid when another survey shares it. */
static int
compare_vars(struct req *r, struct tpl_vars *v, const char *qid)
{
    struct table t;
    size_t n;
    struct buf *html = markup_buf(r);
    int rc =
        html ? results_compare_table(r->db, qid, results_scope(r), &r->arena, &t, &n) : ERR_NOMEM;
    if (rc)
        return rc;
    if (n >= 2)
        table_html(html, &t);
    tpl_set_markup(v, "compare", html);
    return 0;
}

static int
question_vars(struct req *r, struct tpl_vars *item, const struct agg_result *res,
              const struct agg_question *aq)
{
    struct chart_bar *bars = arena_alloc(&r->arena, (aq->n_options + 1) * sizeof(*bars));
    struct buf *total = markup_buf(r), *table = markup_buf(r);
    if (!bars || !total || !table)
        return ERR_NOMEM;
    tpl_set(item, "qid", aq->id);
    tpl_set(item, "label", aq->label);
    size_t n_bars = agg_bars(aq, res->n_groups, bars);
    if (res->groups[res->n_groups].suppressed)
        html_lit(total, "<p class=\"note\">回答が少ないため全体の数値は表示していません。</p>");
    else
        chart_svg_bars(total, arena_printf(&r->arena, "c-%s-all", aq->id),
                       aq->column ? arena_printf(&r->arena, "%s（全体・%lld行）", aq->label,
                                                 (long long)aq->answered[res->n_groups])
                                  : arena_printf(&r->arena, "%s（全体・%s%lld団体）", aq->label,
                                                 agg_base_label(aq),
                                                 (long long)agg_base(aq, res->n_groups)),
                       bars, n_bars, 0);
    tpl_set_markup(item, "chart_total", total);
    tpl_set_list(item, "groups");
    for (size_t g = 0; g < res->n_groups; g++) {
        struct tpl_vars *gv = tpl_add_item(item, "groups");
        struct buf *chart = markup_buf(r);
        if (!gv || !chart)
            return ERR_NOMEM;
        if (res->groups[g].suppressed) {
            html_lit(chart, "<p class=\"note\">回答が少ないため表示していません。</p>");
            tpl_set(gv, "group", res->groups[g].label);
            tpl_set(gv, "respondents", DISCLOSURE_HIDDEN);
            tpl_set_markup(gv, "chart", chart);
            continue;
        }
        n_bars = agg_bars(aq, g, bars);
        chart_svg_bars(chart, arena_printf(&r->arena, "c-%s-%zu", aq->id, g),
                       arena_printf(&r->arena, "%s（%s）", aq->label, res->groups[g].label), bars,
                       n_bars, 0);
        tpl_set(gv, "group", res->groups[g].label);
        tpl_set_int(gv, "respondents", res->groups[g].respondents);
        tpl_set_markup(gv, "chart", chart);
    }
    struct table t;
    int rc = agg_question_table(res, aq, &r->arena, &t);
    if (rc)
        return rc;
    table_html(table, &t);
    if (r->user.role != ROLE_ORG) /* other surveys may not be published */
        rc = compare_vars(r, item, aq->id);
    else
        tpl_set_markup(item, "compare", NULL);
    if (rc)
        return rc;
    tpl_set(item, "base_note", t.note ? t.note : "");
    tpl_set_markup(item, "table", table);
    return 0;
}

static void
page_results(struct req *r)
{
    struct agg_result res;
    if (!results_or_reply(r, &res, RESULTS_FRESH))
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, res.s, NULL);
    tpl_set(v, "scheme", res.scheme);
    tpl_set(v, "scope", res.prefecture ? res.prefecture : "");
    struct table status;
    struct buf *status_html = markup_buf(r);
    int rc = status_html ? page_scheme_choices(r, v, res.scheme) : ERR_NOMEM;
    if (rc == 0)
        rc = agg_status_table(&res, &r->arena, &status);
    if (rc == 0)
        table_html(status_html, &status);
    tpl_set_markup(v, "status_table", status_html);
    tpl_set_list(v, "questions");
    for (size_t i = 0; rc == 0 && i < res.n_questions; i++) {
        struct tpl_vars *item = tpl_add_item(v, "questions");
        rc = item ? question_vars(r, item, &res, &res.questions[i]) : ERR_NOMEM;
    }
    tpl_set_list(v, "numbers");
    for (size_t i = 0; rc == 0 && i < res.n_numbers; i++) {
        struct tpl_vars *item = tpl_add_item(v, "numbers");
        struct buf *html = markup_buf(r);
        struct table t;
        rc = item && html ? agg_number_table(&res, &res.numbers[i], &r->arena, &t) : ERR_NOMEM;
        if (rc == 0) {
            table_html(html, &t);
            tpl_set(item, "label", res.numbers[i].q->label);
            tpl_set_markup(item, "table", html);
        }
    }
    if (rc == 0)
        rc = results_text_vars(r, v, &res);
    struct publication pub;
    if (rc == 0)
        rc = publication_get(r->db, res.s->id, &pub);
    tpl_set_bool(v, "can_publish", r->user.role == ROLE_MINISTRY);
    tpl_set_bool(v, "published", pub.published);
    tpl_set_int(v, "suppress_below", pub.published ? pub.suppress_below : 3);
    page_time_vars(v, "published", pub.published_at);
    bool has_entries = false;
    for (size_t i = 0; i < res.s->n_questions; i++)
        has_entries = has_entries || entries_question(res.s, res.s->questions[i].id) != NULL;
    tpl_set_bool(v, "has_entries", has_entries);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "results", "集計結果", v);
}

/* Options of a column (or the survey's materials) as a select list. */
static void
option_items(struct tpl_vars *v, const char *list, const struct question *col, const char *selected)
{
    tpl_set_list(v, list);
    size_t i;
    json_t *o;
    json_array_foreach(col ? col->options : NULL, i, o)
    {
        struct tpl_vars *item = tpl_add_item(v, list);
        tpl_set(item, "value", json_string_value(o));
        tpl_set_bool(item, "selected", selected && strcmp(selected, json_string_value(o)) == 0);
    }
}

static void
page_entries(struct req *r)
{
    struct entries_view ev;
    if (!entries_or_reply(r, &ev, RESULTS_FRESH))
        return;
    struct entries_summary sum;
    struct table summary;
    struct buf *summary_html = markup_buf(r);
    int rc = summary_html ? 0 : ERR_NOMEM;
    if (rc == 0)
        rc = entries_summarize(ev.q, ev.all, ev.n_all, &r->arena, &sum);
    if (rc == 0)
        rc = published_summary_table(ev.s, &sum, &r->arena, &summary);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    table_html(summary_html, &summary);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, ev.s, NULL);
    tpl_set(v, "qid", ev.q->id);
    if (r->user.role == ROLE_ORG)
        tpl_set_markup(v, "compare", NULL);
    else if ((rc = compare_vars(r, v, ev.q->id))) {
        http_send_err(r, rc);
        return;
    }
    const char *scope = results_scope(r);
    tpl_set(v, "scope", scope ? scope : "");
    tpl_set_markup(v, "summary_table", summary_html);
    bool can_reply = r->user.role == ROLE_MINISTRY;
    tpl_set_bool(v, "can_reply", can_reply);
    tpl_set_list(v, "entries");
    for (size_t i = 0; i < ev.n; i++) {
        const struct entry *e = &ev.entries[i];
        struct tpl_vars *item = tpl_add_item(v, "entries");
        tpl_set(item, "kind", e->kind);
        tpl_set_int(item, "no", e->no);
        tpl_set(item, "material", e->material);
        tpl_set(item, "page", e->page);
        tpl_set(item, "category", e->category);
        tpl_set(item, "body", e->body);
        tpl_set(item, "org_name", e->org_name);
        tpl_set(item, "key", e->key);
        tpl_set(item, "disposition", e->disposition);
        tpl_set(item, "reply", e->reply);
    }
    tpl_set_list(v, "dispositions");
    for (size_t i = 0; i < 4; i++)
        tpl_set(tpl_add_item(v, "dispositions"), "value", entry_dispositions[i]);
    const char *done = form_get(&r->query, "replied");
    tpl_set(v, "message", done ? arena_printf(&r->arena, "%s件に回答しました。", done) : "");
    tpl_set_int(v, "n_shown", (long long)ev.n);
    tpl_set_int(v, "n_all", (long long)ev.n_all);
    tpl_set(v, "text", ev.filter.text ? ev.filter.text : "");
    option_items(v, "kinds", question_column(ev.q, "kind"), ev.filter.kind);
    option_items(v, "categories", question_column(ev.q, "category"), ev.filter.category);
    option_items(v, "materials", question_column(ev.q, "material"), ev.filter.material);
    page_render(r, 200, "entries", "意見・質問", v);
}

/* The entry named by :key, with the view it belongs to; NULL after a 404. */
static const struct entry *
entry_or_reply(struct req *r, struct entries_view *ev)
{
    if (!entries_or_reply(r, ev, RESULTS_FRESH))
        return NULL;
    const struct entry *e = entries_find(ev->all, ev->n_all, form_get(&r->path_params, "key"));
    if (!e)
        http_send_error(r, 404, "key", "その意見・質問はありません。");
    return e;
}

static void
page_reply(struct req *r)
{
    struct entries_view ev;
    const struct entry *e = entry_or_reply(r, &ev);
    if (!e)
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, ev.s, NULL);
    tpl_set(v, "qid", ev.q->id);
    tpl_set(v, "key", e->key);
    tpl_set(v, "kind", e->kind);
    tpl_set_int(v, "no", e->no);
    tpl_set(v, "org_name", e->org_name);
    tpl_set(v, "material", e->material);
    tpl_set(v, "page", e->page);
    tpl_set(v, "category", e->category);
    tpl_set(v, "body", e->body);
    tpl_set(v, "reply", e->reply);
    for (size_t i = 0; i < 4; i++) {
        struct tpl_vars *item = tpl_add_item(v, "dispositions");
        tpl_set(item, "value", entry_dispositions[i]);
        tpl_set_bool(item, "selected", strcmp(e->disposition, entry_dispositions[i]) == 0);
    }
    page_render(r, 200, "reply", "回答・考え方の入力", v);
}

static void
page_reply_save(struct req *r)
{
    struct entries_view ev;
    const struct entry *e = entry_or_reply(r, &ev);
    if (!e)
        return;
    const char *disposition = form_get(&r->form, "disposition");
    const char *reply = form_get(&r->form, "reply");
    struct audit_actor who = req_actor(r);
    int rc = entries_reply(r->db, &who, ev.s, ev.q, e->key, disposition ? disposition : "",
                           reply ? reply : "");
    if (rc == ERR_INPUT) {
        http_send_error(r, 400, "disposition",
                        "対応区分を選び、回答・考え方は4000文字以内で、制御文字や非文字（U+FFFF "
                        "など）を含まないようにしてください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_redirect(r, arena_printf(&r->arena, "/surveys/%s/entries?question=%s&replied=1", ev.s->id,
                                  ev.q->id));
}

static void
page_reply_bulk(struct req *r)
{
    struct entries_view ev;
    if (!entries_or_reply(r, &ev, RESULTS_FRESH))
        return;
    const char *category = form_get(&r->form, "category");
    const char *kind = form_get(&r->form, "kind");
    const char *disposition = form_get(&r->form, "disposition");
    const char *reply = form_get(&r->form, "reply");
    size_t n;
    struct audit_actor who = req_actor(r);
    int rc = entries_reply_bulk(r->db, &who, ev.s, ev.q, ev.all, ev.n_all, category ? category : "",
                                kind && *kind ? kind : NULL, disposition ? disposition : "",
                                reply ? reply : "", form_get(&r->form, "overwrite") != NULL, &n);
    if (rc == ERR_INPUT) {
        http_send_error(r, 400, "disposition",
                        "対応区分を選び、回答・考え方は4000文字以内で、制御文字や非文字（U+FFFF "
                        "など）を含まないようにしてください。");
        return;
    }
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_redirect(r, arena_printf(&r->arena, "/surveys/%s/entries?question=%s&replied=%zu",
                                  ev.s->id, ev.q->id, n));
}

static void
page_publish(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    const char *below = form_get(&r->form, "suppress_below");
    char *end = NULL;
    long n = below ? strtol(below, &end, 10) : 3;
    int rc =
        form_get(&r->form, "withdraw")
            ? publication_withdraw(r->db, &who, s->id)
            : (below && (*end || !*below) ? ERR_INPUT : publication_publish(r->db, &who, s->id, n));
    if (rc == ERR_INPUT) {
        http_send_error(r, 400, "suppress_below",
                        "非表示にする回答団体数は 0〜100 の整数にしてください。");
        return;
    }
    if (rc && rc != ERR_NOTFOUND) {
        http_send_err(r, rc);
        return;
    }
    http_redirect(r, arena_printf(&r->arena, "/surveys/%s/results", s->id));
}

ROUTES(page_results_routes) = {
    {"POST", "/surveys/:id/publish", ROLE_MINISTRY, BODY_FORM, page_publish, NULL},
    {"GET", "/surveys/:id/entries/:key", ROLE_MINISTRY, BODY_NONE, page_reply, NULL},
    {"POST", "/surveys/:id/entries/:key", ROLE_MINISTRY, BODY_FORM, page_reply_save, NULL},
    {"POST", "/surveys/:id/replies", ROLE_MINISTRY, BODY_FORM, page_reply_bulk, NULL},
    {"GET", "/surveys/:id/results", RESULT_ROLES, BODY_NONE, page_results, NULL},
    {"GET", "/surveys/:id/entries", RESULT_ROLES, BODY_NONE, page_entries, NULL},
    ROUTES_END,
};
