/*
 * curation_http.c: the curation of a report's 具体的な内容 (curation.h) over
 * HTTP, for the Ministry: the view of one section with its bullets and the
 * answer rows to pick from, and the operations (pick a row, edit, merge,
 * remove a bullet, write the section's summary and ※ notes), each one
 * handler behind a page form and an API route (workflow_http.c's pattern).
 */
#include "buf.h"
#include "curation.h"
#include "err.h"
#include "guard.h"
#include "html.h"
#include "http.h"
#include "outcome.h"
#include "page.h"
#include "page_survey.h"
#include "results.h"
#include "route.h"
#include "tpl.h"
#include "utf8.h"

#include <string.h>

/* The scheme a new curation starts with: the R7 document's five sections. */
#define CURATION_DEFAULT_SCHEME "kind5"

struct curation_view {
    struct survey *s;
    const struct question *q;
    struct curation cur;
    const char *scheme; /* the curation's, or the one asked for a new one */
    struct agg_result res;
    struct curation_row *rows;
    size_t n_rows;
};

/* The survey's curation, its scheme's groups and the answer rows; false
   after a reply. scheme_asked is used only while there is no curation. */
static bool
view_or_reply(struct req *r, const char *scheme_asked, struct curation_view *c)
{
    memset(c, 0, sizeof(*c));
    c->s = survey_find_or_reply(r);
    if (!c->s)
        return false;
    c->q = curation_question(c->s);
    if (!c->q) {
        http_send_error(r, 404, NULL, "この照会には具体的な内容の設問がありません。");
        return false;
    }
    int rc = curation_get(r->db, c->s->id, &r->arena, &c->cur);
    c->scheme = c->cur.scheme                   ? c->cur.scheme
                : scheme_asked && *scheme_asked ? scheme_asked
                                                : CURATION_DEFAULT_SCHEME;
    if (rc == 0)
        rc = agg_compute(r->db, c->s, c->scheme, NULL, &r->arena, &c->res);
    if (rc == ERR_NOTFOUND) {
        static const struct outcome_words words = {NULL, "group", RESULTS_SCHEME_UNKNOWN};
        outcome_fail(r, ERR_INPUT, &words);
        return false;
    }
    if (rc == 0)
        rc = curation_rows(r->db, &c->res, c->q, &r->arena, &c->rows, &c->n_rows);
    return http_ok_or_send_err(r, rc);
}

static const char *
url_part(struct req *r, const char *s)
{
    struct buf *b = buf_new_in(&r->arena, 0);
    if (!b)
        return "";
    html_esc_url(b, s);
    return buf_err(b) ? "" : buf_str(b);
}

/* ERR_CONFLICT when the request names another scheme than the curation's. */
static int
same_scheme(struct req *r, const struct curation_view *c)
{
    const char *asked = param_text_nonblank(&r->params, "group");
    return c->cur.scheme && asked && strcmp(asked, c->cur.scheme) != 0 ? ERR_CONFLICT : 0;
}

/* Where the page goes back to: the section of group. */
static const char *
section_location(struct req *r, const struct survey *s, const char *group)
{
    return arena_printf(&r->arena, "/surveys/%s/report/curation?g=%s", s->id,
                        url_part(r, group ? group : ""));
}

/* The section (group label) of bullet id, or NULL. */
static const char *
bullet_section(const struct curation *cur, int64_t id)
{
    for (size_t i = 0; i < cur->n_bullets; i++)
        if (cur->bullets[i].id == id)
            return cur->bullets[i].group;
    return NULL;
}

static bool
row_in_bullets(const struct curation *cur, const char *key)
{
    for (size_t i = 0; i < cur->n_bullets; i++)
        for (size_t k = 0; k < cur->bullets[i].n_keys; k++)
            if (strcmp(cur->bullets[i].keys[k], key) == 0)
                return true;
    return false;
}

static const struct curation_row *
row_of(const struct curation_view *c, const char *key)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (strcmp(c->rows[i].key, key) == 0)
            return &c->rows[i];
    return NULL;
}

/* --- the view */

PARAMS(view_params) = {
    {"group", PARAM_QUERY, PARAM_TEXT, false, 0, 32, NULL, "集計区分"},
    {"g", PARAM_QUERY, PARAM_TEXT, false, 0, 200, NULL, "節（区分）"},
    PARAMS_END,
};

static json_t *
bullet_json(const struct curation_bullet *b)
{
    json_t *keys = json_array();
    for (size_t k = 0; k < b->n_keys; k++)
        json_array_append_new(keys, json_string(b->keys[k]));
    return json_pack("{s:I, s:i, s:s, s:s, s:s, s:o}", "id", (json_int_t)b->id, "position",
                     (int)b->position, "challenge", b->challenge, "item", b->item, "body", b->body,
                     "entry_keys", keys);
}

static void
view_api(struct req *r)
{
    struct curation_view c;
    if (!view_or_reply(r, param_text(&r->params, "group"), &c))
        return;
    json_t *sections = json_array(), *rows = json_array();
    for (size_t g = 0; g < c.res.n_groups; g++) {
        const char *label = c.res.groups[g].label;
        const struct curation_section *sec = curation_section(&c.cur, label);
        json_t *bullets = json_array();
        for (size_t i = 0; i < c.cur.n_bullets; i++)
            if (strcmp(c.cur.bullets[i].group, label) == 0)
                json_array_append_new(bullets, bullet_json(&c.cur.bullets[i]));
        json_array_append_new(sections, json_pack("{s:s, s:s, s:s, s:o}", "group", label, "summary",
                                                  sec ? sec->summary : "", "notes",
                                                  sec ? sec->notes : "", "bullets", bullets));
    }
    for (size_t i = 0; i < c.n_rows; i++) {
        const struct curation_row *row = &c.rows[i];
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "key", row->key, "group",
                            c.res.groups[row->group].label, "challenge", row->challenge, "item",
                            row->item, "content", row->content, "organization", row->org_name,
                            "published", row_in_bullets(&c.cur, row->key)));
    }
    http_send_json(r, 200,
                   json_pack("{s:s, s:s, s:b, s:o, s:o}", "survey", c.s->id, "scheme", c.scheme,
                             "started", c.cur.scheme != NULL, "sections", sections, "rows", rows));
}

/* The first 40 characters of s, with "…" when cut. */
static const char *
text_head(struct arena *a, const char *s)
{
    char head[40 * 4 + 1];
    utf8_prefix(s, 40, head, sizeof(head));
    return strlen(head) < strlen(s) ? arena_printf(a, "%s…", head) : s;
}

/* The bullets of section g with what each can be merged into. */
static int
bullets_vars(struct req *r, struct tpl_vars *v, const struct curation_view *c, const char *g)
{
    tpl_set_list(v, "bullets");
    size_t n = 0;
    for (size_t i = 0; i < c->cur.n_bullets; i++) {
        const struct curation_bullet *b = &c->cur.bullets[i];
        if (strcmp(b->group, g) != 0)
            continue;
        struct tpl_vars *item = tpl_add_item(v, "bullets");
        if (!item)
            return ERR_NOMEM;
        n++;
        tpl_setf(item, "id", "%lld", (long long)b->id);
        tpl_setf(item, "position", "%ld", b->position);
        tpl_set(item, "challenge", b->challenge);
        tpl_set(item, "item", b->item);
        tpl_set(item, "body", b->body);
        tpl_setf(item, "n_keys", "%zu", b->n_keys);
        bool missing = false;
        for (size_t k = 0; k < b->n_keys; k++)
            missing |= row_of(c, b->keys[k]) == NULL;
        tpl_set_bool(item, "missing", missing);
        tpl_set_list(item, "targets");
        size_t n_targets = 0;
        for (size_t j = 0; j < c->cur.n_bullets; j++) {
            const struct curation_bullet *t = &c->cur.bullets[j];
            if (t == b || strcmp(t->group, g) != 0)
                continue;
            struct tpl_vars *opt = tpl_add_item(item, "targets");
            if (!opt)
                return ERR_NOMEM;
            n_targets++;
            tpl_setf(opt, "id", "%lld", (long long)t->id);
            tpl_setf(opt, "text", "%ld. %s／%s：%s", t->position, t->challenge, t->item,
                     text_head(&r->arena, t->body));
        }
        tpl_set_bool(item, "has_targets", n_targets > 0);
    }
    tpl_setf(v, "n_bullets", "%zu", n);
    return 0;
}

static void
view_page(struct req *r)
{
    struct curation_view c;
    if (!view_or_reply(r, param_text(&r->params, "group"), &c))
        return;
    const char *g = param_text_nonblank(&r->params, "g");
    size_t gi = 0;
    for (size_t i = 0; g && i < c.res.n_groups; i++)
        if (strcmp(c.res.groups[i].label, g) == 0)
            gi = i;
    g = c.res.n_groups ? c.res.groups[gi].label : "";
    struct tpl_vars *v = page_vars(r);
    page_survey_vars(v, c.s, NULL);
    tpl_set(v, "scheme", c.scheme);
    tpl_set(v, "scheme_label", c.res.scheme_label);
    tpl_set_bool(v, "started", c.cur.scheme != NULL);
    tpl_set(v, "section", g);
    tpl_set(v, "question", c.q->label);
    tpl_set_list(v, "schemes");
    int rc = c.cur.scheme ? 0 : page_scheme_choices(r, v, c.scheme);
    tpl_set_list(v, "sections");
    for (size_t i = 0; rc == 0 && i < c.res.n_groups; i++) {
        struct tpl_vars *item = tpl_add_item(v, "sections");
        size_t n = 0;
        for (size_t k = 0; k < c.cur.n_bullets; k++)
            n += strcmp(c.cur.bullets[k].group, c.res.groups[i].label) == 0;
        tpl_set(item, "label", c.res.groups[i].label);
        tpl_setf(item, "n", "%zu", n);
        tpl_set_bool(item, "current", i == gi);
    }
    const struct curation_section *sec = curation_section(&c.cur, g);
    tpl_set(v, "summary", sec ? sec->summary : "");
    tpl_set(v, "notes", sec ? sec->notes : "");
    if (rc == 0)
        rc = bullets_vars(r, v, &c, g);
    tpl_set_list(v, "rows");
    size_t n_rows = 0;
    for (size_t i = 0; rc == 0 && i < c.n_rows; i++) {
        const struct curation_row *row = &c.rows[i];
        if (row->group != gi)
            continue;
        struct tpl_vars *item = tpl_add_item(v, "rows");
        if (!item) {
            rc = ERR_NOMEM;
            break;
        }
        n_rows++;
        tpl_set(item, "key", row->key);
        tpl_set(item, "challenge", row->challenge);
        tpl_set(item, "item", row->item);
        tpl_set(item, "content", row->content);
        tpl_set(item, "organization", row->org_name);
        tpl_set_bool(item, "used", row_in_bullets(&c.cur, row->key));
    }
    tpl_setf(v, "n_rows", "%zu", n_rows);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    page_render(r, 200, "curation", arena_printf(&r->arena, "具体的な内容の編集: %s", c.s->title),
                v);
}

/* --- the operations */

#define P_BULLET                                                                                   \
    {                                                                                              \
        "bullet", PARAM_PATH, PARAM_INT, true, 1, INT32_MAX, NULL, "掲載内容の番号"         \
    }
#define P_SCHEME                                                                                   \
    {                                                                                              \
        "group", PARAM_BODY, PARAM_TEXT, false, 0, 32, NULL, "集計区分"                        \
    }
#define P_SECTION                                                                                  \
    {                                                                                              \
        "g", PARAM_BODY, PARAM_TEXT, true, 1, 200, NULL, "節（区分）"                         \
    }

PARAMS(add_params) = {
    P_SCHEME,
    P_SECTION,
    {"key", PARAM_BODY, PARAM_TEXT, true, 1, 64, NULL, "回答の行"},
    PARAMS_END,
};
PARAMS(edit_params) = {
    P_BULLET,
    {"challenge", PARAM_BODY, PARAM_TEXT, true, 1, CURATION_LABEL_MAX, NULL, "課題"},
    {"item", PARAM_BODY, PARAM_TEXT, true, 1, CURATION_LABEL_MAX, NULL, "項目"},
    {"body", PARAM_BODY, PARAM_TEXT, true, 1, CURATION_TEXT_MAX, NULL, "具体的な内容"},
    {"position", PARAM_BODY, PARAM_INT, true, 1, CURATION_MAX_BULLETS, NULL, "順番"},
    PARAMS_END,
};
PARAMS(merge_params) = {
    P_BULLET,
    {"into", PARAM_BODY, PARAM_INT, true, 1, INT32_MAX, NULL, "統合先"},
    PARAMS_END,
};
PARAMS(remove_params) = {P_BULLET, PARAMS_END};
PARAMS(section_params) = {
    P_SCHEME,
    P_SECTION,
    {"summary", PARAM_BODY, PARAM_TEXT, false, 0, CURATION_NOTE_MAX, NULL, "まとめの文"},
    {"notes", PARAM_BODY, PARAM_TEXT, false, 0, CURATION_NOTE_MAX, NULL, "※の注記"},
    PARAMS_END,
};

static const struct outcome_words scheme_words = {
    "この照会の具体的な内容は、別の集計区分で編集されています。", "group", NULL};

static void
add(struct req *r)
{
    struct curation_view c;
    if (!view_or_reply(r, param_text(&r->params, "group"), &c))
        return;
    const char *g = param_text(&r->params, "g");
    const struct curation_row *row = row_of(&c, param_text(&r->params, "key"));
    struct outcome_words words = scheme_words;
    words.input_field = "key";
    words.input = "その回答の行は、この区分の具体的な内容にありません（回答が変更された可能性が"
                  "あります）。";
    int64_t id = 0;
    int rc = same_scheme(r, &c);
    if (rc == 0 && !(row && strcmp(c.res.groups[row->group].label, g) == 0))
        rc = ERR_INPUT;
    if (rc == 0) {
        struct audit_actor who = req_actor(r);
        rc = curation_add(r->db, &who, c.s->id, c.scheme, g, row, &id);
    }
    outcome_send(r, rc, &words, json_pack("{s:I}", "id", (json_int_t)id),
                 arena_printf(&r->arena, "%s#b-%lld", section_location(r, c.s, g), (long long)id));
}

/* The survey and the section of the :bullet path parameter; false after a
   reply (404 for a bullet that is not the survey's). */
static bool
bullet_or_reply(struct req *r, struct survey **s, const char **group)
{
    struct curation cur;
    *s = survey_find_or_reply(r);
    if (!*s || !http_ok_or_send_err(r, curation_get(r->db, (*s)->id, &r->arena, &cur)))
        return false;
    *group = bullet_section(&cur, param_int(&r->params, "bullet", 0));
    if (!*group)
        http_send_error(r, 404, NULL, "その掲載内容はありません。");
    return *group != NULL;
}

static void
edit(struct req *r)
{
    struct survey *s;
    const char *g;
    if (!bullet_or_reply(r, &s, &g))
        return;
    int64_t id = param_int(&r->params, "bullet", 0);
    struct audit_actor who = req_actor(r);
    int rc = curation_edit(r->db, &who, s->id, id, param_text(&r->params, "challenge"),
                           param_text(&r->params, "item"), param_text(&r->params, "body"),
                           (long)param_int(&r->params, "position", 1));
    static const struct outcome_words words = {
        NULL, "body", "課題・項目は100文字、具体的な内容は4000文字以内で入力してください。"};
    outcome_send(r, rc, &words, json_pack("{s:I}", "id", (json_int_t)id),
                 arena_printf(&r->arena, "%s#b-%lld", section_location(r, s, g), (long long)id));
}

static void
merge(struct req *r)
{
    struct survey *s;
    const char *g;
    if (!bullet_or_reply(r, &s, &g))
        return;
    int64_t into = param_int(&r->params, "into", 0);
    struct audit_actor who = req_actor(r);
    int rc = curation_merge(r->db, &who, s->id, param_int(&r->params, "bullet", 0), into);
    static const struct outcome_words words = {
        NULL, "into", "統合先には、同じ区分の別の掲載内容を選んでください。"};
    outcome_send(r, rc == ERR_NOTFOUND ? ERR_INPUT : rc, &words,
                 json_pack("{s:I}", "id", (json_int_t)into),
                 arena_printf(&r->arena, "%s#b-%lld", section_location(r, s, g), (long long)into));
}

static void
remove_bullet(struct req *r)
{
    struct survey *s;
    const char *g;
    if (!bullet_or_reply(r, &s, &g))
        return;
    struct audit_actor who = req_actor(r);
    int rc = curation_remove(r->db, &who, s->id, param_int(&r->params, "bullet", 0));
    outcome_send(r, rc, NULL, json_pack("{s:b}", "deleted", 1), section_location(r, s, g));
}

static void
section_save(struct req *r)
{
    struct curation_view c;
    if (!view_or_reply(r, param_text(&r->params, "group"), &c))
        return;
    const char *g = param_text(&r->params, "g");
    bool known = false;
    for (size_t i = 0; i < c.res.n_groups; i++)
        known |= strcmp(c.res.groups[i].label, g) == 0;
    struct audit_actor who = req_actor(r);
    int rc = same_scheme(r, &c);
    if (rc == 0)
        rc = known ? curation_section_save(r->db, &who, c.s->id, c.scheme, g,
                                           param_text_or_empty(&r->params, "summary"),
                                           param_text_or_empty(&r->params, "notes"))
                   : ERR_INPUT;
    struct outcome_words words = scheme_words;
    words.input_field = known ? "summary" : "g";
    words.input = known ? "まとめの文と※の注記は10000文字以内で入力してください。"
                        : "その区分はこの集計区分にありません。";
    outcome_send(r, rc, &words, json_pack("{s:s}", "group", g), section_location(r, c.s, g));
}

API_DOC(curation_doc) = {"具体的な内容の掲載内容", API_JSON, "Curation", false, NULL};
API_DOC(curation_changed_doc) = {"具体的な内容の箇条・文章を変更する", API_JSON, "CurationChanged",
                                 false, NULL};

// clang-format off
ROUTES(curation_http_routes) = {
    {"GET", "/surveys/:id/report/curation", ROLE_MINISTRY, BODY_NONE, view_page, view_params},
    {"GET", "/api/v1/surveys/:id/report/curation", ROLE_MINISTRY, BODY_NONE, view_api, view_params, &curation_doc},
    {"POST", "/surveys/:id/report/curation/bullets", ROLE_MINISTRY, BODY_FORM, add, add_params},
    {"POST", "/api/v1/surveys/:id/report/curation/bullets", ROLE_MINISTRY, BODY_JSON, add, add_params, &curation_changed_doc},
    {"POST", "/surveys/:id/report/curation/bullets/:bullet", ROLE_MINISTRY, BODY_FORM, edit, edit_params},
    {"PUT", "/api/v1/surveys/:id/report/curation/bullets/:bullet", ROLE_MINISTRY, BODY_JSON, edit, edit_params, &curation_changed_doc},
    {"POST", "/surveys/:id/report/curation/bullets/:bullet/merge", ROLE_MINISTRY, BODY_FORM, merge, merge_params},
    {"POST", "/api/v1/surveys/:id/report/curation/bullets/:bullet/merge", ROLE_MINISTRY, BODY_JSON, merge,
     merge_params, &curation_changed_doc},
    {"POST", "/surveys/:id/report/curation/bullets/:bullet/delete", ROLE_MINISTRY, BODY_FORM, remove_bullet,
     remove_params},
    {"DELETE", "/api/v1/surveys/:id/report/curation/bullets/:bullet", ROLE_MINISTRY, BODY_NONE, remove_bullet,
     remove_params, &curation_changed_doc},
    {"POST", "/surveys/:id/report/curation/section", ROLE_MINISTRY, BODY_FORM, section_save, section_params},
    {"PUT", "/api/v1/surveys/:id/report/curation/section", ROLE_MINISTRY, BODY_JSON, section_save,
     section_params, &curation_changed_doc},
    ROUTES_END,
};
// clang-format on
