/*
 * app.h: what the server loads before it starts serving and never changes
 * afterwards (configuration and compiled templates). Run-time state lives in
 * SQLite; request state lives in struct req.
 */
#ifndef SHOKAI_APP_H
#define SHOKAI_APP_H

#include <stdbool.h>
#include <stddef.h>

struct tpl;

struct app_template {
    char *name; /* e.g. "login" for templates/login.html; owned */
    struct tpl *tpl;
};

struct app {
    const char *db_path;
    bool secure_cookies; /* behind TLS: __Host- cookie with Secure */
    /* A Ministry or admin account without an authenticator key may set one up
       at login (else only `shokai user second-factor` gives keys). */
    bool self_enrol;
    /* The fewest submitted self-checks a peer group needs before its
       distribution is shown to a 団体 (--peer-min, at least SC_PEER_MIN_FLOOR). */
    size_t peer_min;
    /* The reverse proxy's address: its requests carry the client's address in
       X-Forwarded-For (login throttling and logs use it). NULL: none trusted. */
    const char *trusted_proxy;
    int token_days; /* an API token's life (serve --token-days) */
    /* Where people reach this server (serve --base-url https://…, no trailing
       slash), for the one-time links handed out; NULL: from the request's
       Host. */
    const char *base_url;
    /* An SMTP server was given (serve --smtp): mails are sent, not only
       queued; pages that queue mails say which. */
    bool mail_delivering;
    size_t max_body;     /* request body cap in bytes */
    int body_timeout_ms; /* total time allowed to receive a body */
    struct app_template *templates;
    size_t n_templates;
};

/* Compiles every .html under templates/. On a syntax error returns ERR_INPUT and
   prints where. Caller frees with app_free(). */
int app_load_templates(struct app *app);
void app_free(struct app *app);
/* The compiled template `name`, or NULL. */
const struct tpl *app_template(const struct app *app, const char *name);

#endif
