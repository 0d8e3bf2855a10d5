/*
 * chohyo_http.c: a 団体's 調査票 as Excel (chohyo.h) over HTTP: the download
 * with the current answers, and its upload back, by the API's PUT (the file
 * as the body) and the answering page's form, one handler for both.
 *
 * Reading and writing are permitted exactly as the response itself
 * (response_target_or_reply): an upload is a save, checked by the same
 * answer_check, stored as a draft version (代理入力 for the Ministry), and
 * either stored whole or not at all.
 */
#include "buf.h"
#include "chohyo.h"
#include "download.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "jsonin.h"
#include "page_survey.h"
#include "response.h"
#include "response_guard.h"
#include "route.h"

#include <string.h>

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

/* GET /api/v1/surveys/:id/responses/:code.xlsx */
static void
chohyo_download(struct req *r)
{
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, false, &org, &proxy);
    if (!s)
        return;
    struct response resp;
    int rc = response_get(r->db, s->id, org.code, &resp);
    struct buf *out = rc == 0 ? buf_new_in(&r->arena, DOWNLOAD_MAX) : NULL;
    if (rc == 0)
        rc = out ? chohyo_write(s, &org, resp.answers, out) : ERR_NOMEM;
    response_cleanup(&resp);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    http_send_download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       arena_printf(&r->arena, "chohyo-%s-%s.xlsx", s->id, org.code), out->data,
                       out->len);
}

/* Reads the workbook into a draft of org's response: 0 and *saved, or
   ERR_INPUT with every problem in is (nothing stored). */
static int
chohyo_store(struct req *r, const struct survey *s, const struct org *org, bool proxy,
             const char *data, size_t len, struct answer_issues *is, long *saved)
{
    char written[7];
    json_t *answers = NULL;
    int rc = chohyo_read(s, data, len, written, &answers, is);
    if (rc == 0 && strcmp(written, org->code) != 0) {
        answer_issue_add(is, "",
                         "この調査票は団体コード %s のものです（%s %s の回答には読み込めません）",
                         written, org->code, org->name);
        rc = ERR_INPUT;
    }
    struct audit_actor who = req_actor(r);
    if (rc == 0)
        rc = chohyo_save(r->db, &who, s, org->code, answers, proxy, is, saved);
    json_decref(answers);
    return rc;
}

/* PUT /api/v1/surveys/:id/responses/:code.xlsx (the file as the body) and
   POST /surveys/:id/responses/:code/upload (the page's form, field "file"). */
static void
chohyo_upload(struct req *r)
{
    const char *data = r->body;
    size_t len = r->body_len;
    if (!r->is_api) {
        data = r->uploads.n ? r->uploads.items[0].data : NULL;
        len = r->uploads.n ? r->uploads.items[0].len : 0;
    }
    struct org org;
    bool proxy;
    struct survey *s = response_target_or_reply(r, true, &org, &proxy);
    if (!s)
        return;
    if (!data || len == 0) {
        http_send_error(r, 400, "file", "Excel の調査票（.xlsx）を選んでください。");
        return;
    }
    struct answer_issues *is = answer_issues_new_or_reply(r);
    if (!is)
        return;
    long saved = 0;
    int rc = chohyo_store(r, s, &org, proxy, data, len, is, &saved);
    if (rc == ERR_INPUT || rc == ERR_TOOBIG) {
        if (r->is_api)
            answer_issues_reply(r, is);
        else
            page_answer_render(r, 422, s, &org, NULL, is, -1, NULL,
                               "Excel の調査票を読み込めませんでした。何も保存していません。");
    } else if (rc) {
        http_send_err(r, rc);
    } else if (r->is_api) {
        http_send_json(r, 200,
                       json_pack("{s:s, s:I}", "state", "draft", "version", (json_int_t)saved));
    } else {
        http_redirect(
            r, arena_printf(&r->arena, "/surveys/%s/responses/%s?done=xlsx", s->id, org.code));
    }
}

API_DOC(chohyo_download_doc) = {"団体の調査票（Excel、現在の回答入り）", API_XLSX, NULL, false,
                                NULL};
API_DOC(chohyo_upload_doc) = {"記入した調査票（Excel）を一時保存として読み込む", API_JSON, "Saved",
                              false, NULL};

// clang-format off
ROUTES(chohyo_http_routes) = {
    {"GET", "/api/v1/surveys/:id/responses/:code.xlsx", SURVEY_ROLES, BODY_NONE, chohyo_download, NULL, &chohyo_download_doc},
    {"PUT", "/api/v1/surveys/:id/responses/:code.xlsx", SURVEY_ROLES, BODY_XLSX, chohyo_upload, NULL, &chohyo_upload_doc},
    {"POST", "/surveys/:id/responses/:code/upload", SURVEY_ROLES, BODY_MULTIPART, chohyo_upload, NULL},
    ROUTES_END,
};
// clang-format on
