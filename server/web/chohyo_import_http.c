/*
 * chohyo_import_http.c: the Ministry reads many returned 調査票 at once
 * (/surveys/:id/responses/import): each file is the answer of the 団体
 * written in it, checked and stored whole or not at all as 代理入力 (a draft,
 * audited), and the page lists what was saved and what was refused, why.
 */
#include "access.h"
#include "buf.h"
#include "chohyo.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "page.h"
#include "route.h"
#include "tpl.h"

#include <string.h>

static struct tpl_vars *
import_vars(struct req *r, const struct survey *s)
{
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "survey_id", s->id);
    tpl_set(v, "survey_title", s->title);
    return v;
}

/* GET /surveys/:id/responses/import */
static void
import_page(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct tpl_vars *v = import_vars(r, s);
    tpl_set_bool(v, "done", false);
    page_render(r, 200, "chohyo_import", "調査票の一括読み込み（代理入力）", v);
}

/* One file: read, the 団体 written in it checked, saved. Fills the row. */
static bool
import_one(struct req *r, const struct survey *s, const struct upload_file *f, struct tpl_vars *row)
{
    struct answer_issues *is = arena_alloc(&r->arena, sizeof(*is));
    if (!is)
        return false;
    answer_issues_init(is, &r->arena);
    char code[7];
    json_t *answers = NULL;
    struct org org = {0};
    bool proxy = true;
    long saved = 0;
    int rc = chohyo_read(s, f->data, f->len, code, &answers, is);
    if (rc == 0) {
        rc = access_response(r->db, &r->user, s, code, true, &org, &proxy);
        if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
            answer_issue_add(is, "", "団体コード %s の団体はないか、この照会の対象ではありません",
                             code);
    }
    if (rc == 0) {
        struct audit_actor who = req_actor(r);
        rc = chohyo_save(r->db, &who, s, org.code, answers, true, is, &saved);
    }
    json_decref(answers);
    tpl_set(row, "file", f->filename);
    tpl_set(row, "org",
            org.code[0] ? arena_printf(&r->arena, "%s（%s）", org.name, org.code)
            : code[0]   ? code
                        : "—");
    struct buf *reasons = buf_new_in(&r->arena, 0);
    for (size_t i = 0; reasons && i < is->n; i++)
        buf_printf(reasons, "%s%s", i ? "\n" : "", is->items[i].message);
    if (rc == 0) {
        tpl_set(row, "outcome", arena_printf(&r->arena, "保存しました（第%ld版）", saved));
        tpl_set(row, "css", "submitted");
        tpl_set(row, "reasons", "");
        return true;
    }
    tpl_set(row, "outcome", "受け付けませんでした");
    tpl_set(row, "css", "returned");
    tpl_set(row, "reasons", is->n && reasons ? buf_str(reasons) : "保存できませんでした。");
    return false;
}

/* POST /surveys/:id/responses/import (files: the returned 調査票) */
static void
import_files(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    if (r->uploads.n == 0) {
        http_send_error(r, 400, "files", "読み込む調査票（.xlsx）を選んでください。");
        return;
    }
    struct tpl_vars *v = import_vars(r, s);
    tpl_set_bool(v, "done", true);
    tpl_set_list(v, "results");
    long n_saved = 0, n_refused = 0;
    for (size_t i = 0; i < r->uploads.n; i++) {
        struct tpl_vars *row = tpl_add_item(v, "results");
        if (!row) {
            http_send_err(r, ERR_NOMEM);
            return;
        }
        if (import_one(r, s, &r->uploads.items[i], row))
            n_saved++;
        else
            n_refused++;
    }
    tpl_set_int(v, "n_saved", n_saved);
    tpl_set_int(v, "n_refused", n_refused);
    page_render(r, 200, "chohyo_import", "調査票の一括読み込み（代理入力）", v);
}

// clang-format off
ROUTES(chohyo_import_http_routes) = {
    {"GET", "/surveys/:id/responses/import", ROLE_MINISTRY, BODY_NONE, import_page, NULL},
    {"POST", "/surveys/:id/responses/import", ROLE_MINISTRY, BODY_MULTIPART, import_files, NULL},
    ROUTES_END,
};
// clang-format on
