/*
 * smtp.h: handing a message to an SMTP server, with libcurl.
 *
 * smtp://HOST:PORT upgrades to TLS with STARTTLS when the server offers it
 * (and insists on it when a user name is given, so a password never crosses
 * the network in clear); smtps://HOST:PORT speaks TLS from the start. The
 * server's certificate and name are always verified. Every
 * step has a time limit, so a server that stops answering costs the sender
 * thread SMTP_TIMEOUT_S at most, never a request.
 */
#ifndef SHOKAI_SMTP_H
#define SHOKAI_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#define SMTP_CONNECT_TIMEOUT_S 10
#define SMTP_TIMEOUT_S 60

struct smtp_config {
    const char *url;      /* smtp://host:port or smtps://host:port */
    const char *user;     /* NULL: no AUTH */
    const char *password; /* with user */
    const char *from;     /* the envelope sender (MAIL FROM) */
    const char *ca_file;  /* the CA certificates the server's is checked against;
                             NULL: the system's */
    /* Asked during a conversation; true ends it at once (the server is
       stopping). NULL: never. */
    bool (*stop_requested)(void);
};

struct smtp_session;

/* Calls curl_global_init; once, before any thread sends. */
int smtp_global_init(void);
void smtp_global_cleanup(void);

/* Whether url is smtp:// or smtps:// with a host. */
int smtp_url_ok(const char *url);

/* A session that keeps its connection between messages. Caller frees with
   smtp_close(). NULL when libcurl cannot make one. */
struct smtp_session *smtp_open(const struct smtp_config *c);
void smtp_close(struct smtp_session *s);

/* Sends msg (a whole RFC 5322 message) to one recipient. Returns 0 when the
   server accepted it, ERR_IO otherwise; reply gets the server's last answer
   ("250 2.0.0 Ok: queued", "550 5.1.1 User unknown") or why none came. */
int smtp_send(struct smtp_session *s, const char *to, const char *msg, size_t len, char *reply,
              size_t reply_len);

#endif
