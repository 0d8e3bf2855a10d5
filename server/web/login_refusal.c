/*
 * login_refusal.c: the answer to a refused login attempt (see login_refusal.h).
 */
#include "login_refusal.h"
#include "auth.h"
#include "err.h"
#include "http.h"
#include "log.h"

struct login_refusal {
    int status;          /* 401, 422 or 429 */
    int retry_after;     /* seconds for Retry-After; 0 for none */
    const char *message; /* what to tell the person */
    const char *event;   /* the log event */
};

/* Fills *out for rc; false when rc is not a refusal. */
static bool
refusal_of(struct arena *a, enum login_kind kind, int rc, int wait, struct login_refusal *out)
{
    out->retry_after = 0;
    out->event = kind == LOGIN_CODE ? "second_factor_failed" : "login_failed";
    switch (rc) {
    case ERR_INPUT:
        if (kind != LOGIN_CODE)
            return false;
        out->status = 422;
        out->message = "確認コードは認証アプリに表示されている6桁の数字で入力してください。";
        return true;
    case ERR_UNAUTH:
        out->status = kind == LOGIN_CURRENT_PASSWORD ? 422 : 401;
        out->message = kind == LOGIN_PASSWORD ? "ログイン名またはパスワードが正しくありません。"
                       : kind == LOGIN_CURRENT_PASSWORD
                           ? "現在のパスワードが正しくありません。"
                           : "確認コードが正しくありません。認証アプリに表示されている最新のコード"
                             "を入力してください（一度使ったコードは使えません）。";
        return true;
    case ERR_THROTTLED:
        out->status = 429;
        out->retry_after = wait;
        out->event = "login_throttled";
        out->message = arena_printf(a, "%s試行が多すぎます。%d分ほど待ってから再度お試しください。",
                                    kind == LOGIN_PASSWORD ? "ログインの"
                                    : kind == LOGIN_CODE   ? "確認コードの"
                                                           : "",
                                    (wait + 59) / 60);
        return true;
    case ERR_OVERLOADED:
        out->status = 429;
        out->retry_after = AUTH_OVERLOADED_RETRY_SECONDS;
        out->event = "login_queue_full";
        out->message = AUTH_OVERLOADED_MESSAGE;
        return true;
    default:
        return false;
    }
}

bool
login_refusal_reply(struct req *r, enum login_kind kind, int rc, int wait, const char *who,
                    const char *field, login_form_fn *page_form)
{
    struct login_refusal no;
    if (!refusal_of(&r->arena, kind, rc, wait, &no))
        return false;
    log_event(no.event, "id", r->id, "ip", r->ip, kind == LOGIN_CODE ? "user" : "login", who, "via",
              r->is_api ? "api" : "page", NULL);
    if (no.retry_after)
        http_add_retry_after(r, no.retry_after);
    if (r->is_api)
        http_send_error(r, no.status, field, no.message);
    else
        page_form(r, no.status, no.message);
    return true;
}
