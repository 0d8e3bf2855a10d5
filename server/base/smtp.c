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

struct smtp_session {
    CURL *curl;
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

struct smtp_session *
smtp_open(const struct smtp_config *c)
{
    struct smtp_session *s = xmalloc(sizeof(*s));
    memset(s, 0, sizeof(*s));
    s->curl = curl_easy_init();
    if (!s->curl) {
        free(s);
        return NULL;
    }
    s->config = c;
    return s;
}

void
smtp_close(struct smtp_session *s)
{
    if (!s)
        return;
    curl_easy_cleanup(s->curl);
    free(s);
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
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_reply);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, s);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); /* feeds keep_reply; nothing is printed */
    CURLcode res = curl_easy_perform(curl);
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
