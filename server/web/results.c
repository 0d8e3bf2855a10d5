/*
 * results.c: the results lookups shared by the results views and other
 * features (see results.h).
 */
#include "results.h"
#include "buf.h"
#include "download.h"
#include "err.h"
#include "export_cache.h"
#include "page_cache.h"
#include "http.h"
#include "publication.h"
#include "guard.h"
#include "html.h"
#include "table.h"
#include "tpl.h"

#include <string.h>

/* Org accounts see a survey's results only once published; false after 403. */
static bool
published_or_reply(struct req *r, const struct survey *s, struct publication *p)
{
    memset(p, 0, sizeof(*p));
    if (r->user.role != ROLE_ORG)
        return true;
    int rc = publication_get(r->db, s->id, p);
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    if (!p->published) {
        http_send_error(r, 403, NULL, "この照会の結果はまだ公表されていません。");
        return false;
    }
    return true;
}

const char *
results_scope(struct req *r)
{
    if (r->user.role == ROLE_ORG)
        return NULL; /* the published national results */
    if (r->user.role == ROLE_PREF)
        return r->user.prefecture; /* a coordinator sees its own prefecture only */
    const char *p = param_text(&r->params, "prefecture");
    return p && *p ? p : NULL;
}

bool
results_or_reply(struct req *r, const char *group, struct agg_result *out, enum results_use use)
{
    struct survey *s = survey_find_or_reply(r);
    struct publication pub;
    if (!s || !published_or_reply(r, s, &pub))
        return false;
    if (use == RESULTS_EXPORT &&
        export_cache_replay(r, s, results_scope(r), pub.published, pub.suppress_below))
        return false; /* answered from the cache */
    const char *scheme = results_scheme(s, group);
    if (r->user.role == ROLE_ORG && !results_scheme_open_to_orgs(s, scheme)) {
        http_send_error(r, 403, "group",
                        "公表された集計結果は、公表した集計区分でのみご覧いただけます。");
        return false;
    }
    struct publication shown;
    if (use == RESULTS_PAGE && (publication_get(r->db, s->id, &shown) == 0 &&
                                page_cache_replay(r, s, results_scope(r), &shown, "集計結果")))
        return false; /* answered from the cache */
    int rc = agg_compute(r->db, s, scheme, results_scope(r), &r->arena, out);
    if (rc == ERR_NOTFOUND) {
        http_send_error(r, 400, "group", RESULTS_SCHEME_UNKNOWN);
        return false;
    }
    if (rc) {
        http_send_err(r, rc);
        return false;
    }
    /* The one point where published tables are built: every output of out
       (pages, JSON, CSV, XLSX) shows the same groups hidden. */
    rc = pub.published ? agg_suppress(out, pub.suppress_below, &r->arena) : 0;
    return http_ok_or_send_err(r, rc);
}

const char *
entries_filter_query(struct arena *a, const struct entry_filter *f)
{
    const char *const names[] = {"kind", "category", "material", "q", "answered"};
    const char *const values[] = {f->kind, f->category, f->material, f->text, f->answered};
    struct buf *b = buf_new_in(a, 0);
    if (!b)
        return "";
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!values[i])
            continue;
        buf_printf(b, "&%s=", names[i]);
        html_esc_url(b, values[i]);
    }
    return buf_err(b) ? "" : buf_str(b);
}

bool
entries_target_or_reply(struct req *r, const char *qid, const struct entry_filter *filter,
                        struct entries_view *v, enum results_use use)
{
    memset(v, 0, sizeof(*v));
    v->s = survey_find_or_reply(r);
    struct publication pub;
    if (!v->s || !published_or_reply(r, v->s, &pub))
        return false;
    if (use == RESULTS_EXPORT &&
        export_cache_replay(r, v->s, results_scope(r), pub.published, pub.suppress_below))
        return false; /* answered from the cache */
    v->q = entries_question(v->s, qid && *qid ? qid : "entries");
    if (!v->q) {
        http_send_error(r, 404, "question", "その照会に意見・質問の設問はありません。");
        return false;
    }
    if (filter)
        v->filter = *filter;
    /* The published list names no 団体, unless the definition marks it public. */
    v->anonymous = pub.published && !v->q->public_answers;
    return true;
}

bool
entries_or_reply(struct req *r, const char *qid, const struct entry_filter *filter,
                 struct entries_view *v, enum results_use use)
{
    if (!entries_target_or_reply(r, qid, filter, v, use))
        return false;
    int rc = entries_collect(r->db, v->s, v->q, results_scope(r), &r->arena, &v->all, &v->n_all);
    if (rc == 0 && v->anonymous)
        entries_hide_orgs(v->all, v->n_all);
    if (rc == 0)
        rc = entries_filter(v->all, v->n_all, &v->filter, &r->arena, &v->entries, &v->n);
    return http_ok_or_send_err(r, rc);
}

/* Sets "texts": each free-text question's answers; the 団体 are named for the
   Ministry and coordinators, and for org accounts only when the question is
   public. */
int
results_text_vars(struct req *r, struct tpl_vars *v, const struct agg_result *res)
{
    tpl_set_list(v, "texts");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < res->s->n_questions; i++) {
        const struct question *q = &res->s->questions[i];
        if (q->type != Q_TEXT)
            continue;
        struct tpl_vars *item = tpl_add_item(v, "texts");
        struct buf *html = buf_new_in(&r->arena, 0);
        struct table t;
        bool with_org = r->user.role != ROLE_ORG || q->public_answers;
        rc = item && html ? results_text_table(r->db, res, q, with_org, &r->arena, &t) : ERR_NOMEM;
        if (rc == 0) {
            table_html(html, &t);
            tpl_set(item, "qid", q->id);
            tpl_set(item, "label", q->label);
            tpl_set_int(item, "count", (int64_t)t.n_rows);
            tpl_set_markup(item, "table", html);
        }
    }
    return rc;
}
