/*
 * page_report.c: the results report (結果報告) page, the まとめ form,
 * and the list of respondents behind a figure. The Ministry sees the report at
 * any time; org and pref accounts once the survey is published (national,
 * small groups suppressed, no 団体 names).
 */
#include "agg.h"
#include "buf.h"
#include "chart_svg.h"
#include "curation.h"
#include "download.h"
#include "entries.h"
#include "err.h"
#include "html.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "page_report.h"
#include "param.h"
#include "past_round.h"
#include "page_survey.h"
#include "publication.h"
#include "grouping.h"
#include "guard.h"
#include "response.h"
#include "report.h"
#include "published_summary.h"
#include "results.h"
#include "results_page.h"
#include "route.h"
#include "table.h"
#include "tpl.h"

#include <stdlib.h>
#include <string.h>

/* Leaves out of c's rounds those linked to a survey that is not published
   yet, for all but the Ministry. */
static int
visible_rounds(struct req *r, struct report_ctx *c)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->n_rounds; i++) {
        struct publication pub = {.published = true};
        int rc = 0;
        if (c->rounds[i].linked_survey && r->user.role != ROLE_MINISTRY)
            rc = publication_get(r->db, c->rounds[i].linked_survey, &pub);
        if (rc)
            return rc;
        if (pub.published)
            c->rounds[kept++] = c->rounds[i];
    }
    c->n_rounds = kept;
    return 0;
}

bool
report_or_reply(struct req *r, struct report_ctx *c)
{
    memset(c, 0, sizeof(*c));
    c->s = survey_find_or_reply(r);
    if (!c->s)
        return false;
    int rc = publication_get(r->db, c->s->id, &c->pub);
    if (rc == 0 && r->user.role != ROLE_MINISTRY && !c->pub.published) {
        http_send_error(r, 403, NULL, "この照会の結果報告はまだ公表されていません。");
        return false;
    }
    const char *scheme = param_text(&r->params, "group");
    if (rc == 0)
        rc = agg_compute(r->db, c->s, results_scheme(c->s, scheme), NULL, &r->arena, &c->res);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 400, "group", "集計区分が正しくありません。");
        return false;
    }
    if (rc == 0)
        rc = agg_compute(r->db, c->s, "pref_muni", NULL, &r->arena, &c->pref_muni);
    if (rc == 0 && c->pub.published)
        rc = agg_suppress(&c->res, c->pub.suppress_below, &r->arena);
    if (rc == 0 && c->pub.published) /* the header's 都道府県 / 市区町村 counts */
        rc = agg_suppress(&c->pref_muni, c->pub.suppress_below, &r->arena);
    for (size_t i = 0; rc == 0 && !c->entries_q && i < c->s->n_questions; i++)
        c->entries_q = entries_question(c->s, c->s->questions[i].id);
    if (rc == 0 && c->entries_q)
        rc =
            entries_collect(r->db, c->s, c->entries_q, NULL, &r->arena, &c->entries, &c->n_entries);
    if (rc == 0)
        rc = past_rounds_list(r->db, c->s->id, &r->arena, &c->rounds, &c->n_rounds);
    if (rc == 0)
        rc = visible_rounds(r, c);
    c->anonymous = r->user.role != ROLE_MINISTRY;
    return http_ok_or_send_err(r, rc);
}

/* 過年度実績: the rounds the Ministry recorded. */
static int
rounds_vars(struct req *r, struct tpl_vars *v, const struct report_ctx *c)
{
    tpl_set_list(v, "rounds");
    size_t shown = 0;
    for (size_t i = 0; i < c->n_rounds; i++) {
        const struct past_round *p = &c->rounds[i];
        struct tpl_vars *item = tpl_add_item(v, "rounds");
        if (!item)
            return ERR_NOMEM;
        tpl_set(item, "label", p->label);
        tpl_set(item, "held", p->held);
        tpl_set(item, "senders", past_round_senders_text(p, &r->arena));
        shown++;
    }
    tpl_set_bool(v, "has_history", shown > 0);
    return 0;
}

static int
overview_vars(struct req *r, struct tpl_vars *v, const struct report_ctx *c)
{
    const struct agg_result *pm = &c->pref_muni;
    tpl_set_int(v, "organizations", pm->groups[pm->n_groups].organizations);
    tpl_set(v, "respondents",
            agg_count_text(pm, pm->n_groups, pm->groups[pm->n_groups].respondents, &r->arena));
    tpl_set(v, "respondents_pref",
            pm->n_groups > 0 ? agg_count_text(pm, 0, pm->groups[0].respondents, &r->arena) : "0");
    tpl_set(v, "respondents_muni",
            pm->n_groups > 1 ? agg_count_text(pm, 1, pm->groups[1].respondents, &r->arena) : "0");
    tpl_set_bool(v, "has_materials", c->s->materials != NULL);
    tpl_set_list(v, "materials");
    size_t i;
    json_t *m;
    json_array_foreach(c->s->materials, i, m)
        tpl_set(tpl_add_item(v, "materials"), "name", json_string_value(m));
    int64_t sp, sm;
    report_senders(c->entries, c->n_entries, &sp, &sm);
    tpl_set_bool(v, "has_entries", c->entries_q != NULL);
    tpl_set_int(v, "senders", sp + sm);
    tpl_set_int(v, "senders_pref", sp);
    tpl_set_int(v, "senders_muni", sm);
    return rounds_vars(r, v, c);
}

static int
question_vars(struct req *r, struct tpl_vars *item, const struct report_ctx *c,
              const struct agg_question *aq)
{
    const struct agg_result *res = &c->res;
    struct buf *table = buf_new_in(&r->arena, 0);
    if (!table)
        return ERR_NOMEM;
    tpl_set(item, "qid", aq->id);
    tpl_set(item, "label", aq->label);
    tpl_set_list(item, "options");
    for (size_t o = 0; o < aq->n_options; o++) { /* 未回答 has no respondents to trace */
        struct tpl_vars *opt = tpl_add_item(item, "options");
        tpl_set(opt, "option", aq->options[o]);
        tpl_set(opt, "count",
                agg_count_text(res, res->n_groups, aq->counts[res->n_groups * aq->n_options + o],
                               &r->arena));
    }
    int rc = results_charts_vars(r, item, res, aq, "rc");
    if (rc)
        return rc;
    struct table t;
    rc = agg_question_table(res, aq, &r->arena, &t);
    if (rc == 0)
        table_html(table, &t);
    tpl_set_markup(item, "table", table);
    return rc;
}

/* One table per group from the combined 具体的な内容 table. */
static int
details_vars(struct req *r, struct tpl_vars *v, const struct report_ctx *c, size_t *index)
{
    tpl_set_list(v, "details");
    for (size_t i = 0; i < c->s->n_questions; i++) {
        const struct question *q = &c->s->questions[i];
        if (!report_details_question(c->s, q))
            continue;
        struct table all;
        int rc = report_details_table(r->db, &c->res, q, &r->arena, &all);
        if (rc)
            return rc;
        for (size_t g = 0; g < c->res.n_groups; g++) {
            struct table part;
            if ((rc = table_init(
                     &part, &r->arena,
                     arena_printf(&r->arena, "%s（%s）", q->label, c->res.groups[g].label), NULL,
                     all.n_cols - 1)))
                return rc;
            for (size_t k = 1; k < all.n_cols; k++)
                table_head(&part, k - 1, all.head[k]);
            for (size_t row = 0; row < all.n_rows; row++) {
                if (strcmp(table_cell(&all, row, 0), c->res.groups[g].label) != 0)
                    continue;
                size_t pr = table_row(&part);
                if (pr == (size_t)-1)
                    return ERR_NOMEM;
                for (size_t k = 1; k < all.n_cols; k++)
                    table_text(&part, pr, k - 1, table_cell(&all, row, k));
            }
            if (part.n_rows == 0)
                continue;
            struct buf *html = buf_new_in(&r->arena, 0);
            struct tpl_vars *item = tpl_add_item(v, "details");
            if (!html || !item)
                return ERR_NOMEM;
            table_html(html, &part);
            tpl_setf(item, "index", "%zu", (*index)++);
            tpl_set(item, "label", q->label);
            tpl_set(item, "group", c->res.groups[g].label);
            tpl_set_markup(item, "table", html);
        }
    }
    return 0;
}

/* The curated 具体的な内容: one section per group of the curation's scheme
   that has bullets or a summary, laid out by 課題 then 項目. */
static int
curated_vars(struct req *r, struct tpl_vars *v, const struct report_ctx *c,
             const struct curation *cur, size_t *index)
{
    struct grouping g;
    int rc = grouping_load(r->db, cur->scheme, &r->arena, &g);
    const struct question *q = curation_question(c->s);
    tpl_set_list(v, "curated");
    for (size_t gi = 0; rc == 0 && q && gi < g.n_groups; gi++) {
        size_t n;
        const struct curation_bullet *b = curation_section_bullets(cur, g.groups[gi], &n);
        const struct curation_section *sec = curation_section(cur, g.groups[gi]);
        if (n == 0 && (!sec || (!*sec->summary && !*sec->notes)))
            continue;
        struct curation_line *lines;
        size_t n_lines;
        struct tpl_vars *item = tpl_add_item(v, "curated");
        if (!item || (rc = curation_layout(b, n, &r->arena, &lines, &n_lines)))
            return rc ? rc : ERR_NOMEM;
        tpl_setf(item, "index", "%zu", (*index)++);
        tpl_set(item, "label", q->label);
        tpl_set(item, "group", g.groups[gi]);
        tpl_set(item, "summary", sec ? sec->summary : "");
        tpl_set(item, "notes", sec ? sec->notes : "");
        tpl_set_list(item, "lines");
        for (size_t l = 0; l < n_lines; l++) {
            struct tpl_vars *line = tpl_add_item(item, "lines");
            if (!line)
                return ERR_NOMEM;
            tpl_set_bool(line, "first", lines[l].challenge_rows > 0);
            tpl_setf(line, "rows", "%zu", lines[l].challenge_rows);
            tpl_set(line, "challenge", lines[l].challenge);
            tpl_set(line, "item", lines[l].item);
            tpl_set_list(line, "bullets");
            for (size_t k = 0; k < lines[l].n_bullets; k++)
                tpl_set(tpl_add_item(line, "bullets"), "body", lines[l].bullets[k]->body);
        }
    }
    return rc;
}

static void
page_report(struct req *r)
{
    struct report_ctx c;
    if (!report_or_reply(r, &c))
        return;
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, c.s, NULL);
    tpl_set(v, "scheme", c.res.scheme);
    tpl_set_bool(v, "can_trace", r->user.role == ROLE_MINISTRY);
    tpl_set_bool(v, "can_edit", r->user.role == ROLE_MINISTRY);
    int rc = overview_vars(r, v, &c);
    tpl_set_list(v, "questions");
    for (size_t i = 0; rc == 0 && i < c.res.n_questions; i++) {
        if (c.res.questions[i].column)
            continue; /* table columns are shown as 具体的な内容 */
        struct tpl_vars *item = tpl_add_item(v, "questions");
        rc = item ? question_vars(r, item, &c, &c.res.questions[i]) : ERR_NOMEM;
    }
    size_t index = 0;
    struct curation cur;
    if (rc == 0)
        rc = curation_get(r->db, c.s->id, &r->arena, &cur);
    tpl_set_list(v, "details");
    tpl_set_list(v, "curated");
    if (rc == 0)
        rc = cur.scheme ? curated_vars(r, v, &c, &cur, &index) : details_vars(r, v, &c, &index);
    tpl_set_bool(v, "can_curate", r->user.role == ROLE_MINISTRY && curation_question(c.s));
    if (rc == 0)
        rc = results_text_vars(r, v, &c.res);
    struct report_notes notes;
    if (rc == 0)
        rc = report_notes_get(r->db, c.s->id, &r->arena, &notes);
    struct table et;
    struct buf *entries_html = buf_new_in(&r->arena, 0);
    if (rc == 0 && c.entries_q)
        rc = entries_table(c.entries, c.n_entries, true, false, true, &r->arena, &et);
    if (rc == 0 && c.entries_q && entries_html)
        table_html(entries_html, &et);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    tpl_set(v, "considerations", notes.considerations);
    tpl_set(v, "direction", notes.direction);
    tpl_setf(v, "notes_version", "%ld", notes.version);
    if (!notes.version)
        tpl_set(v, "notes_version", "");
    tpl_set(v, "notes_by", notes.saved_by);
    tpl_set_markup(v, "entries_table", entries_html);
    struct entries_summary sum;
    const char *published_note = NULL;
    if (c.entries_q && entries_summarize(c.entries_q, c.entries, c.n_entries, &r->arena, &sum) == 0)
        published_note = published_summary_note(c.s, &sum, &r->arena);
    tpl_set(v, "published_note", published_note ? published_note : "");
    char rule[AGG_RULE_SIZE];
    agg_suppression_rule(c.res.suppress_below, rule, sizeof(rule));
    tpl_set(v, "footnote", c.res.suppress_below > 0 ? rule : "");
    page_render(r, 200, "report", arena_printf(&r->arena, "結果報告: %s", c.s->title), v);
}

/* --- まとめ (考察 and 方向性): one save for the report's form and the API */

PARAMS(notes_params) = {
    {"considerations", PARAM_BODY, PARAM_TEXT, true, 0, REPORT_NOTE_MAX, NULL, "考察"},
    {"direction", PARAM_BODY, PARAM_TEXT, true, 0, REPORT_NOTE_MAX, NULL, "方向性"},
    /* The version the writer saw; none (a fresh report's empty field) is 0:
       nothing written yet. */
    {"version", PARAM_BODY, PARAM_INT, false, 0, RESPONSE_MAX_VERSION, NULL, "まとめの版"},
    PARAMS_END,
};

static void
notes_save(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct audit_actor who = req_actor(r);
    long saved = 0;
    int rc = report_notes_save(r->db, &who, s->id, param_text(&r->params, "considerations"),
                               param_text(&r->params, "direction"),
                               (long)param_int(&r->params, "version", 0), &saved);
    static const struct outcome_words words = {
        "他の人が先にまとめを保存しました。ページを読み込み直してから保存してください。",
        "considerations",
        "考察と方向性は20000文字以内で、制御文字や非文字（U+FFFF など）を含まないようにしてく"
        "ださい。"};
    outcome_send(r, rc, &words, json_pack("{s:i}", "version", (int)saved),
                 arena_printf(&r->arena, "/surveys/%s/report#r-summary", s->id));
}

static void
notes_api(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    struct report_notes n;
    if (!s || !http_ok_or_send_err(r, report_notes_get(r->db, s->id, &r->arena, &n)))
        return;
    http_send_json(r, 200,
                   json_pack("{s:i, s:s, s:s, s:s}", "version", (int)n.version, "considerations",
                             n.considerations, "direction", n.direction, "saved_by", n.saved_by));
}

/* --- the 団体 behind a figure */

PARAMS(respondents_params) = {
    {"question", PARAM_QUERY, PARAM_TEXT, false, 0, 64, NULL, "設問"},
    {"option", PARAM_QUERY, PARAM_TEXT, false, 0, 1000, NULL, "選択肢"},
    {"g", PARAM_QUERY, PARAM_TEXT, false, 0, 200, NULL, "区分"},
    RESULTS_GROUP_PARAM,
    {"prefecture", PARAM_QUERY, PARAM_TEXT, false, 0, 32, NULL, "都道府県"},
    PARAMS_END,
};
PARAMS(report_params) = {RESULTS_GROUP_PARAM, PARAMS_END};

static void
page_respondents(struct req *r)
{
    struct agg_result res;
    if (!results_or_reply(r, param_text(&r->params, "group"), &res, RESULTS_FRESH))
        return;
    const char *qid = param_text_nonblank(&r->params, "question");
    const char *option = param_text_nonblank(&r->params, "option");
    const char *group = param_text_nonblank(&r->params, "g");
    struct table t;
    struct buf *html = buf_new_in(&r->arena, 0);
    int rc =
        html ? report_respondents_table(r->db, &res, qid, option, group, &r->arena, &t) : ERR_NOMEM;
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    t.title =
        arena_printf(&r->arena, "%s%s%s%s%s（%zu団体）", qid ? qid : "回答", option ? "：" : "",
                     option ? option : "", group ? "・" : "", group ? group : "", t.n_rows);
    table_html(html, &t);
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, res.s, NULL);
    tpl_set_markup(v, "table", html);
    page_render(r, 200, "respondents", "回答した団体", v);
}

API_DOC(notes_doc) = {"報告書のまとめ", API_JSON, "ReportNotes", false, NULL};
API_DOC(notes_save_doc) = {"報告書のまとめを保存する", API_JSON, "ReportNotes", false, NULL};

// clang-format off
ROUTES(page_report_routes) = {
    {"GET", "/surveys/:id/report", REPORT_ROLES, BODY_NONE, page_report, report_params},
    {"POST", "/surveys/:id/report/notes", ROLE_MINISTRY, BODY_FORM, notes_save, notes_params},
    {"GET", "/api/v1/surveys/:id/report/notes", ROLE_MINISTRY, BODY_NONE, notes_api, NULL, &notes_doc},
    {"PUT", "/api/v1/surveys/:id/report/notes", ROLE_MINISTRY, BODY_JSON, notes_save, notes_params, &notes_save_doc},
    {"GET", "/surveys/:id/respondents", ROLE_MINISTRY, BODY_NONE, page_respondents, respondents_params},
    ROUTES_END,
};
// clang-format on
