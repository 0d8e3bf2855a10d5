/*
 * outcome.h: how the result of an operation reaches the client, the same for
 * a page and the API.
 *
 * A handler shared by a page route and an API route runs one operation and
 * hands its result here: a failure gets the status http_status_of_err gives
 * it and the same Japanese message on both (the operation's own words for a
 * conflict or bad input); a success is the API's JSON or the page's redirect.
 * So the page and the API cannot drift apart in what they accept or refuse.
 */
#ifndef SHOKAI_OUTCOME_H
#define SHOKAI_OUTCOME_H

#include <jansson.h>

struct req;

/* What an operation says when it is refused for a reason of its own. */
struct outcome_words {
    const char *conflict;    /* ERR_CONFLICT (409): why the state forbids it */
    const char *input_field; /* ERR_INPUT (400): the field it concerns */
    const char *input;       /* and what was wrong with it */
};

/* rc != 0: answers the failure (w may be NULL: the generic message of rc). */
void outcome_fail(struct req *r, int rc, const struct outcome_words *w);
/* Success: the API answers api_body (200, JSON; the reference is taken
   over), a page goes on to page_location (303). */
void outcome_done(struct req *r, json_t *api_body, const char *page_location);
/* outcome_fail when rc != 0, else outcome_done; api_body is taken over either way. */
void outcome_send(struct req *r, int rc, const struct outcome_words *w, json_t *api_body,
                  const char *page_location);

#endif
