/*
 * outcome.c: one reply for an operation's result, page or API (see outcome.h).
 */
#include "outcome.h"
#include "err.h"
#include "http.h"

void
outcome_fail(struct req *r, int rc, const struct outcome_words *w)
{
    if (rc == ERR_CONFLICT && w && w->conflict)
        http_send_error(r, http_status_of_err(rc), NULL, w->conflict);
    else if (rc == ERR_INPUT && w && w->input)
        http_send_error(r, http_status_of_err(rc), w->input_field, w->input);
    else
        http_send_err(r, rc);
}

void
outcome_done(struct req *r, json_t *api_body, const char *page_location)
{
    if (r->is_api) {
        http_send_json(r, 200, api_body);
        return;
    }
    json_decref(api_body);
    http_redirect(r, page_location);
}

void
outcome_send(struct req *r, int rc, const struct outcome_words *w, json_t *api_body,
             const char *page_location)
{
    if (rc) {
        json_decref(api_body);
        outcome_fail(r, rc, w);
        return;
    }
    outcome_done(r, api_body, page_location);
}
