/*
 * results_page.c: the results pages: response status, a chart and a
 * cross-tab per choice question for any grouping scheme with the
 * publication controls, the 意見・質問 list with filters and its 分類
 * summary, and the reply form. They render the same agg_result and entries
 * the API and exports do (results_http.c looks them up).
 */
#include "results_page.h"
#include "agg.h"
#include "buf.h"
#include "chart_svg.h"
#include "disclosure.h"
#include "err.h"
#include "http.h"
#include "html.h"
#include "page.h"
#include "page_survey.h"
#include "publication.h"
#include "published_summary.h"
#include "route.h"
#include "table.h"
#include "tpl.h"

#include <string.h>

/* "全体" or the group's name, with the base the chart counts. */
static const char *
chart_title(struct req *r, const struct agg_result *res, const struct agg_question *aq, size_t g)
{
    return arena_printf(&r->arena, "%s（%s・%s%lld）", aq->label,
                        g == res->n_groups ? "全体" : res->groups[g].label, agg_base_label(aq),
                        (long long)agg_base(aq, g));
}

int
results_charts_vars(struct req *r, struct tpl_vars *item, const struct agg_result *res,
                    const struct agg_question *aq, const char *id_prefix)
{
    struct chart_bar *bars = arena_alloc(&r->arena, (aq->n_options + 1) * sizeof(*bars));
    struct buf *total = buf_new_in(&r->arena, 0);
    if (!bars || !total)
        return ERR_NOMEM;
    if (res->groups[res->n_groups].suppressed)
        html_lit(total, "<p class=\"note\">回答が少ないため全体の数値は表示していません。</p>");
    else
        chart_svg_bars(total, arena_printf(&r->arena, "%s-%s-all", id_prefix, aq->id),
                       chart_title(r, res, aq, res->n_groups), bars,
                       agg_bars(aq, res->n_groups, bars), 0);
    tpl_set_markup(item, "chart_total", total);
    tpl_set_list(item, "groups");
    /* The groups' small multiples share one scale, so that a bar's length
       compares across them (北海道's 20 is longer than 青森's 4). */
    int64_t shared_scale = 0;
    for (size_t g = 0; g < res->n_groups; g++) {
        size_t n = res->groups[g].suppressed ? 0 : agg_bars(aq, g, bars);
        for (size_t i = 0; i < n; i++)
            if (bars[i].value > shared_scale)
                shared_scale = bars[i].value;
    }
    for (size_t g = 0; g < res->n_groups; g++) {
        struct tpl_vars *gv = tpl_add_item(item, "groups");
        struct buf *chart = buf_new_in(&r->arena, 0);
        if (!gv || !chart)
            return ERR_NOMEM;
        tpl_set(gv, "group", res->groups[g].label);
        tpl_set(gv, "respondents", agg_count_text(res, g, res->groups[g].respondents, &r->arena));
        if (res->groups[g].suppressed)
            html_lit(chart, "<p class=\"note\">回答が少ないため表示していません。</p>");
        else
            chart_svg_bars(chart, arena_printf(&r->arena, "%s-%s-%zu", id_prefix, aq->id, g),
                           chart_title(r, res, aq, g), bars, agg_bars(aq, g, bars), shared_scale);
        tpl_set_markup(gv, "chart", chart);
    }
    return 0;
}

/* Sets "compare" to the 過年度 table of qid when another survey shares it. */
static int
compare_vars(struct req *r, struct tpl_vars *v, const char *qid)
{
    struct table t;
    size_t n;
    struct buf *html = buf_new_in(&r->arena, 0);
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
    struct buf *total = buf_new_in(&r->arena, 0), *table = buf_new_in(&r->arena, 0);
    if (!bars || !total || !table)
        return ERR_NOMEM;
    tpl_set(item, "qid", aq->id);
    tpl_set(item, "label", aq->label);
    int rc = results_charts_vars(r, item, res, aq, "c");
    if (rc)
        return rc;
    struct table t;
    rc = agg_question_table(res, aq, &r->arena, &t);
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

/* Sets the publication state and the publish form's values. */
static int
publication_vars(struct req *r, struct tpl_vars *v, const struct survey *s)
{
    struct publication pub = {0};
    int rc = publication_get(r->db, s->id, &pub);
    tpl_set_bool(v, "can_publish", r->user.role == ROLE_MINISTRY);
    tpl_set_bool(v, "published", pub.published);
    tpl_set_int(v, "suppress_below", publication_threshold(&pub));
    page_time_vars(v, "published", pub.published_at);
    return rc;
}

void
results_page_render(struct req *r, const struct agg_result *res)
{
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, res->s, NULL);
    tpl_set(v, "scheme", res->scheme);
    /* A 団体 sees published results by the survey's own scheme only. */
    tpl_set_bool(v, "choose_scheme", r->user.role != ROLE_ORG);
    tpl_set(v, "scope", res->prefecture ? res->prefecture : "");
    struct table status;
    struct buf *status_html = buf_new_in(&r->arena, 0);
    int rc = status_html ? page_scheme_choices(r, v, res->scheme) : ERR_NOMEM;
    if (rc == 0)
        rc = agg_status_table(res, &r->arena, &status);
    if (rc == 0)
        table_html(status_html, &status);
    tpl_set_markup(v, "status_table", status_html);
    tpl_set_list(v, "questions");
    for (size_t i = 0; rc == 0 && i < res->n_questions; i++) {
        struct tpl_vars *item = tpl_add_item(v, "questions");
        rc = item ? question_vars(r, item, res, &res->questions[i]) : ERR_NOMEM;
    }
    tpl_set_list(v, "numbers");
    for (size_t i = 0; rc == 0 && i < res->n_numbers; i++) {
        struct tpl_vars *item = tpl_add_item(v, "numbers");
        struct buf *html = buf_new_in(&r->arena, 0);
        struct table t;
        rc = item && html ? agg_number_table(res, &res->numbers[i], &r->arena, &t) : ERR_NOMEM;
        if (rc == 0) {
            table_html(html, &t);
            tpl_set(item, "label", res->numbers[i].q->label);
            tpl_set_markup(item, "table", html);
        }
    }
    if (rc == 0)
        rc = results_text_vars(r, v, res);
    if (rc == 0)
        rc = publication_vars(r, v, res->s);
    tpl_set_bool(v, "has_entries", entries_first_question(res->s) != NULL);
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

void
entries_page_render(struct req *r, const struct entries_view *ev, long long replied)
{
    struct entries_summary sum;
    struct table summary;
    struct buf *summary_html = buf_new_in(&r->arena, 0);
    int rc = summary_html ? 0 : ERR_NOMEM;
    if (rc == 0)
        rc = entries_summarize(ev->q, ev->all, ev->n_all, &r->arena, &sum);
    if (rc == 0)
        rc = published_summary_table(ev->s, &sum, &r->arena, &summary);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    table_html(summary_html, &summary);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, ev->s, NULL);
    tpl_set(v, "qid", ev->q->id);
    if (r->user.role == ROLE_ORG)
        tpl_set_markup(v, "compare", NULL);
    else if ((rc = compare_vars(r, v, ev->q->id))) {
        http_send_err(r, rc);
        return;
    }
    const char *scope = results_scope(r);
    tpl_set(v, "scope", scope ? scope : "");
    tpl_set_markup(v, "summary_table", summary_html);
    bool can_reply = r->user.role == ROLE_MINISTRY;
    tpl_set_bool(v, "can_reply", can_reply);
    tpl_set_list(v, "entries");
    for (size_t i = 0; i < ev->n; i++) {
        const struct entry *e = &ev->entries[i];
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
    for (size_t i = 0; i < ENTRY_DISPOSITIONS; i++)
        tpl_set(tpl_add_item(v, "dispositions"), "value", entry_dispositions[i]);
    tpl_set(v, "message",
            replied >= 0 ? arena_printf(&r->arena, "%lld件に回答しました。", replied) : "");
    tpl_set_int(v, "n_shown", (long long)ev->n);
    tpl_set_int(v, "n_all", (long long)ev->n_all);
    tpl_set(v, "text", ev->filter.text ? ev->filter.text : "");
    tpl_set(v, "filter_query", entries_filter_query(&r->arena, &ev->filter));
    for (size_t i = 0; entry_answered_states[i]; i++) {
        struct tpl_vars *item = tpl_add_item(v, "answered_states");
        tpl_set(item, "value", entry_answered_states[i]);
        tpl_set_bool(item, "selected",
                     ev->filter.answered &&
                         strcmp(ev->filter.answered, entry_answered_states[i]) == 0);
    }
    option_items(v, "kinds", question_column(ev->q, "kind"), ev->filter.kind);
    option_items(v, "categories", question_column(ev->q, "category"), ev->filter.category);
    option_items(v, "materials", question_column(ev->q, "material"), ev->filter.material);
    page_render(r, 200, "entries", "意見・質問", v);
}

void
reply_page_render(struct req *r, const struct entries_view *ev, const struct entry *e)
{
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, ev->s, NULL);
    tpl_set(v, "qid", ev->q->id);
    tpl_set(v, "key", e->key);
    tpl_set(v, "kind", e->kind);
    tpl_set_int(v, "no", e->no);
    tpl_set(v, "org_name", e->org_name);
    tpl_set(v, "material", e->material);
    tpl_set(v, "page", e->page);
    tpl_set(v, "category", e->category);
    tpl_set(v, "body", e->body);
    tpl_set(v, "reply", e->reply);
    tpl_set(v, "filter_query", entries_filter_query(&r->arena, &ev->filter));
    for (size_t i = 0; i < ENTRY_DISPOSITIONS; i++) {
        struct tpl_vars *item = tpl_add_item(v, "dispositions");
        tpl_set(item, "value", entry_dispositions[i]);
        tpl_set_bool(item, "selected", strcmp(e->disposition, entry_dispositions[i]) == 0);
    }
    page_render(r, 200, "reply", "回答・考え方の入力", v);
}
