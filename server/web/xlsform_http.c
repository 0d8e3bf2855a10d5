/*
 * xlsform_http.c: a survey's definition as an XLSForm workbook, for the
 * Ministry to edit in Excel and load again (docs/survey-format.md, "XLSForm").
 */
#include "buf.h"
#include "download.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "route.h"
#include "survey.h"
#include "xlsform_out.h"

/* GET /api/v1/surveys/:id/definition.xlsx: the definition with its period in force. */
static void
definition_xlsx(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct buf *out = buf_new_in(&r->arena, DOWNLOAD_MAX);
    json_t *def = survey_definition_now(s);
    int rc = out ? xlsform_write(def, out) : ERR_NOMEM;
    json_decref(def);
    if (rc) {
        http_send_err(r, rc);
        return;
    }
    char *name = arena_printf(&r->arena, "%s-definition.xlsx", s->id);
    http_send_download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name,
                       out->data, out->len);
}

API_DOC(definition_xlsx_doc) = {"照会の定義（XLSForm の Excel ファイル）", API_XLSX, NULL, false,
                                NULL};

// clang-format off
ROUTES(xlsform_http_routes) = {
    {"GET", "/api/v1/surveys/:id/definition.xlsx", ROLE_MINISTRY, BODY_NONE, definition_xlsx, NULL, &definition_xlsx_doc},
    ROUTES_END,
};
// clang-format on
