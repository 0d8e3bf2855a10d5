/*
 * smtp.c: SMTP delivery through libcurl (see smtp.h).
 */
#include "smtp.h"
#include "err.h"
#include "xmalloc.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct smtp_session {
    CURLM *multi; /* keeps the connection between messages */
    CURL *curl;
    curl_socket_t fd; /* the connection's socket, or CURL_SOCKET_BAD */
    const struct smtp_config *config;
    /* The message being uploaded. */
    const char *msg;
    size_t len, sent;
    /* The server's last reply line, and its last refusal (4xx, 5xx: a
       QUIT's 221 may follow it), kept by the debug callback. */
    char last[512];
    char refusal[512];
};

int
smtp_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : ERR_IO;
}

void
smtp_global_cleanup(void)
{
    curl_global_cleanup();
}

int
smtp_url_ok(const char *url)
{
    const char *host = strncmp(url, "smtp://", 7) == 0    ? url + 7
                       : strncmp(url, "smtps://", 8) == 0 ? url + 8
                                                          : NULL;
    return host && *host && *host != '/' && *host != ':';
}

static size_t
read_message(char *out, size_t size, size_t nmemb, void *arg)
{
    struct smtp_session *s = arg;
    size_t n = size * nmemb, left = s->len - s->sent;
    if (n > left)
        n = left;
    memcpy(out, s->msg + s->sent, n);
    s->sent += n;
    return n;
}

/* Keeps the last line the server sent (CURLINFO_HEADER_IN is its replies). */
static int
keep_reply(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
    (void)curl;
    struct smtp_session *s = arg;
    if (type != CURLINFO_HEADER_IN)
        return 0;
    while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
        size--;
    if (size >= sizeof(s->last))
        size = sizeof(s->last) - 1;
    memcpy(s->last, data, size);
    s->last[size] = '\0';
    if (size && (data[0] == '4' || data[0] == '5'))
        memcpy(s->refusal, s->last, size + 1);
    return 0;
}

/* Notes each socket libcurl opens (one at a time: one connection). */
static int
note_socket(void *arg, curl_socket_t fd, curlsocktype purpose)
{
    struct smtp_session *s = arg;
    if (purpose == CURLSOCKTYPE_IPCXN)
        s->fd = fd;
    return CURL_SOCKOPT_OK;
}

/* Closes a socket for libcurl, forgetting it (its number may be reused). */
static int
close_socket(void *arg, curl_socket_t fd)
{
    struct smtp_session *s = arg;
    if (fd == s->fd)
        s->fd = CURL_SOCKET_BAD;
    return close(fd);
}

struct smtp_session *
smtp_open(const struct smtp_config *c)
{
    struct smtp_session *s = xmalloc(sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->curl = curl_easy_init();
    s->multi = curl_multi_init();
    if (!s->curl || !s->multi) {
        curl_easy_cleanup(s->curl);
        curl_multi_cleanup(s->multi);
        free(s);
        return NULL;
    }
    s->config = c;
    s->fd = CURL_SOCKET_BAD;
    curl_easy_setopt(s->curl, CURLOPT_SOCKOPTFUNCTION, note_socket);
    curl_easy_setopt(s->curl, CURLOPT_SOCKOPTDATA, s);
    curl_easy_setopt(s->curl, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
    curl_easy_setopt(s->curl, CURLOPT_CLOSESOCKETDATA, s);
    return s;
}

void
smtp_close(struct smtp_session *s)
{
    if (!s)
        return;
    curl_multi_cleanup(s->multi);
    curl_easy_cleanup(s->curl);
    free(s);
}

/* Whether the server is stopping; then the connection is cut, so that no
   goodbye (QUIT) waits for a server that does not answer. */
static bool
stopping(struct smtp_session *s)
{
    if (!s->config->stop_requested || !s->config->stop_requested())
        return false;
    if (s->fd != CURL_SOCKET_BAD)
        shutdown(s->fd, SHUT_RDWR);
    return true;
}

/* libcurl waits for the answer to the end of a message inside one call;
   it asks this meanwhile (non-zero: give up). */
static int
check_stop(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return stopping(arg);
}

/* Runs the transfer set up on s->curl, looking every 200 ms whether the
   server is stopping (then it ends at once, the connection dropped). */
static CURLcode
perform(struct smtp_session *s)
{
    CURLcode res = CURLE_OK;
    int running = 1;
    if (curl_multi_add_handle(s->multi, s->curl) != CURLM_OK)
        return CURLE_FAILED_INIT;
    while (running) {
        if (curl_multi_perform(s->multi, &running) != CURLM_OK) {
            res = CURLE_SEND_ERROR;
            break;
        }
        if (!running)
            break;
        if (stopping(s)) {
            res = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_multi_poll(s->multi, NULL, 0, 200, NULL);
    }
    int left;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(s->multi, &left)))
        if (msg->msg == CURLMSG_DONE && res == CURLE_OK)
            res = msg->data.result;
    curl_multi_remove_handle(s->multi, s->curl);
    return res;
}

int
smtp_send(struct smtp_session *s, const char *to, const char *msg, size_t len, char *reply,
          size_t reply_len)
{
    const struct smtp_config *c = s->config;
    CURL *curl = s->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    if (!rcpt) {
        snprintf(reply, reply_len, "out of memory");
        return ERR_NOMEM;
    }
    s->msg = msg;
    s->len = len;
    s->sent = 0;
    s->last[0] = s->refusal[0] = '\0';
    bool implicit_tls = strncmp(c->url, "smtps://", 8) == 0;
    curl_easy_setopt(curl, CURLOPT_URL, c->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     implicit_tls || c->user ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
    if (c->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password ? c->password : "");
    }
    if (c->ca_file)
        curl_easy_setopt(curl, CURLOPT_CAINFO, c->ca_file);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, c->from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, s);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_TIMEOUT_S);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)SMTP_TIMEOUT_S);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_stop);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, s);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_reply);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, s);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); /* feeds keep_reply; nothing is printed */
    CURLcode res = perform(s);
    curl_slist_free_all(rcpt);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, NULL);
    if (res == CURLE_OK) {
        snprintf(reply, reply_len, "%s", s->last);
        return 0;
    }
    /* The server's words when it refused; libcurl's when there were none. */
    if (s->refusal[0])
        snprintf(reply, reply_len, "%s", s->refusal);
    else
        snprintf(reply, reply_len, "%s", errbuf[0] ? errbuf : curl_easy_strerror(res));
    return ERR_IO;
}
