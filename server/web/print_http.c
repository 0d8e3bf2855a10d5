/*
 * print_http.c: the blank printable 調査票 (/surveys/:id/print, print_html.h),
 * for a 団体's or the Ministry's 決裁.
 */
#include "buf.h"
#include "err.h"
#include "guard.h"
#include "http.h"
#include "page.h"
#include "page_survey.h"
#include "print_html.h"
#include "route.h"
#include "tpl.h"

#define SURVEY_ROLES (ROLE_ORG | ROLE_PREF | ROLE_MINISTRY)

/* GET /surveys/:id/print */
static void
print_page(struct req *r)
{
    struct survey *s = survey_find_or_reply(r);
    if (!s)
        return;
    struct buf *questions = buf_new_in(&r->arena, 0);
    if (!questions) {
        http_send_err(r, ERR_NOMEM);
        return;
    }
    print_html_blank(questions, s);
    struct tpl_vars *v = page_vars(r);
    tpl_set(v, "survey_title", s->title);
    tpl_set(v, "description", s->description ? s->description : "");
    page_time_vars(v, "opens", s->opens_at);
    page_time_vars(v, "closes", s->closes_at);
    tpl_set_markup(v, "questions", questions);
    page_render(r, 200, "print", s->title, v);
}

// clang-format off
ROUTES(print_http_routes) = {
    {"GET", "/surveys/:id/print", SURVEY_ROLES, BODY_NONE, print_page, NULL},
    ROUTES_END,
};
// clang-format on
