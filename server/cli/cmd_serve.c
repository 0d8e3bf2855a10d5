/*
 * cmd_serve.c: `shokai serve`, with --demo to create a demo database.
 */
#include "agg_cache.h"
#include "api_token.h"
#include "app.h"
#include "assets.h"
#include "auth.h"
#include "cli.h"
#include "demo.h"
#include "db.h"
#include "err.h"
#include "group_commit.h"
#include "http.h"
#include "import_store.h"
#include "route.h"
#include "log.h"
#include "mail_sender.h"
#include "mime.h"
#include "selfcheck.h"
#include "startup_check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char serve_usage[] =
    "usage: shokai serve --db PATH [--listen ADDR:PORT] [--threads N] [--max-body BYTES]\n"
    "                    [--body-timeout MS] [--request-timeout MS] [--keep-alive MS]\n"
    "                    [--log FILE] [--assets DIR] [--secure-cookies] [--trusted-proxy ADDR]\n"
    "                    [--group-commit on|off] [--results-cache on|off] [--self-enrol on|off]\n"
    "                    [--peer-min N] [--token-days N] [--demo]\n"
    "                    [--smtp smtp://HOST:PORT|smtps://HOST:PORT [--smtp-user U\n"
    "                     --smtp-password-file F] [--smtp-ca-file F] --mail-from ADDR]\n"
    "                    [--base-url URL]\n"
    "                    [--remind-days 3,1] [--mail-backoff S] [--mail-tries N]\n"
    "  --listen           address and port (default 127.0.0.1:8080; port 0 picks a free one);\n"
    "                     keep it on the loopback behind nginx: direct exposure is not\n"
    "                     supported (a warning at start; docs/operations.md)\n"
    "  --threads          worker threads = concurrent connections served (default 64)\n"
    "  --max-body         request body cap (default 1048576)\n"
    "  --body-timeout     total time to receive a body (default 20000 ms)\n"
    "  --request-timeout  time to receive headers / silence on a socket (default 10000 ms)\n"
    "  --keep-alive       idle keep-alive time (default 5000 ms)\n"
    "  --log FILE         append log lines to FILE (mode 0600) instead of stderr\n"
    "  --assets DIR       read templates/static/migrations/seeds from DIR (development)\n"
    "  --secure-cookies   behind a TLS proxy: __Host- cookie with Secure\n"
    "  --trusted-proxy    the proxy's address (e.g. 127.0.0.1): its X-Forwarded-For\n"
    "                     gives the client address for login throttling and logs\n"
    "  --group-commit     on (default): answers saved at the same moment share one\n"
    "                     durable commit; off: one commit (one fsync) per save, for\n"
    "                     benchmarks\n"
    "  --results-cache    on (default): counted results are reused until a write\n"
    "                     they depend on; off: every table is counted afresh\n"
    "  --self-enrol       on: a ministry or admin account without an authenticator\n"
    "                     key sets one up at its first login; off (default, except\n"
    "                     with --demo): only `shokai user second-factor` gives keys\n"
    "                     (handed over in person)\n"
    "  --token-days       days an API token stays valid after it is issued (default 90)\n"
    "  --peer-min N       a 団体 sees the self-check scores of its 区分 and of the\n"
    "                     country only from N submitted self-checks on (default 10,\n"
    "                     at least 5)\n"
    "  --smtp URL         send e-mail through this SMTP server: smtp:// upgrades with\n"
    "                     STARTTLS when offered (required with --smtp-user), smtps://\n"
    "                     is TLS from the start. Without it nothing is sent; mails\n"
    "                     wait in the outbox (/admin/mail) until a start with --smtp\n"
    "  --smtp-user U      log in to the SMTP server as U, with the password in the\n"
    "  --smtp-password-file F  first line of F (keep it mode 0600)\n"
    "  --smtp-ca-file F   check the SMTP server's certificate against the CA\n"
    "                     certificates in F (PEM) instead of the system's\n"
    "  --mail-from ADDR   the sender address of every mail (required with --smtp)\n"
    "  --base-url URL     the address users open shokai at (https://shokai.example.lg.jp),\n"
    "                     for the links in mails (required with --smtp) and the\n"
    "                     one-time setup and reset links (default: the Host of the\n"
    "                     administrator's request)\n"
    "  --remind-days 3,1  a 督促 to the 未提出 団体 that many days before each\n"
    "                     deadline, once each (default: none)\n"
    "  --mail-backoff S   wait S seconds before trying a failed mail again, then\n"
    "                     twice as long each time up to an hour (default 60)\n"
    "  --mail-tries N     mark a mail failed after N tries (default 8)\n"
    "  --demo             create or refresh a demo database at --db: all seeds and one\n"
    "                     account per role, whose new passwords are printed once\n";

static bool
parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* An --NAME on|off option, def when absent; false (and a message) otherwise. */
static bool
on_off_option(const struct cli_args *a, const char *name, bool def, bool *on)
{
    const char *v = cli_get(a, name);
    *on = v ? strcmp(v, "on") == 0 : def;
    if (v && !*on && strcmp(v, "off") != 0) {
        fprintf(stderr, "shokai: --%s must be on or off\n", name);
        return false;
    }
    return true;
}

/* Whether host (an --listen entry's address, "[::1]" or "::1" for IPv6) is
   on the loopback: 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
static bool
host_is_loopback(const char *host, size_t n)
{
    char addr[64];
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
        host++, n -= 2;
    if (n == 0 || n >= sizeof(addr))
        return false;
    memcpy(addr, host, n);
    addr[n] = '\0';
    struct in_addr v4;
    struct in6_addr v6;
    if (strcmp(addr, "localhost") == 0)
        return true;
    if (inet_pton(AF_INET, addr, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, addr, &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
    return false;
}

/* Whether every entry of --listen ("ADDR:PORT[,ADDR:PORT…]", CivetWeb's
   listening_ports) is on the loopback; a bare port listens on every address. */
static bool
listen_is_loopback(const char *listen)
{
    while (*listen) {
        size_t n = strcspn(listen, ",");
        const char *colon = NULL;
        for (size_t i = 0; i < n; i++)
            if (listen[i] == ':')
                colon = listen + i;
        if (!colon || !host_is_loopback(listen, (size_t)(colon - listen)))
            return false;
        listen += n + (listen[n] == ',');
    }
    return true;
}

/* The SMTP password, read from --smtp-password-file (freed at the end of serve). */
static char *smtp_password;

/* The first line of path, malloc'd, or NULL (and a message). */
static char *
read_first_line(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    if (!f || !fgets(line, sizeof(line), f)) {
        fprintf(stderr, "shokai: cannot read the SMTP password from %s\n", path);
        if (f)
            fclose(f);
        return NULL;
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    return strdup(line);
}

/* "3,1" into days (each 1 to 60, at most MAIL_REMIND_DAYS_MAX). */
static bool
parse_days(const char *s, struct mail_sender_config *c)
{
    while (*s) {
        char one[8];
        size_t n = strcspn(s, ",");
        long d;
        if (n == 0 || n >= sizeof(one) || c->n_remind_days == MAIL_REMIND_DAYS_MAX)
            return false;
        memcpy(one, s, n);
        one[n] = '\0';
        if (!parse_int(one, 1, 60, &d))
            return false;
        c->remind_days[c->n_remind_days++] = (int)d;
        s += n + (s[n] == ',');
    }
    return true;
}

/* The e-mail options (--smtp, --mail-from, --base-url ...) into c; false
   with a message when they do not fit together. */
static bool
mail_options(const struct cli_args *a, struct mail_sender_config *c)
{
    const char *smtp = cli_get(a, "smtp"), *from = cli_get(a, "mail-from");
    const char *base = cli_get(a, "base-url"), *user = cli_get(a, "smtp-user");
    const char *password_file = cli_get(a, "smtp-password-file");
    if (cli_get(a, "remind-days") && !parse_days(cli_get(a, "remind-days"), c)) {
        fprintf(stderr, "shokai: --remind-days is a list of days from 1 to 60, e.g. 3,1\n");
        return false;
    }
    if (base && ((strncmp(base, "https://", 8) != 0 && strncmp(base, "http://", 7) != 0) ||
                 strpbrk(base, " \t\r\n\"<>") || strlen(base) > 400)) {
        fprintf(stderr, "shokai: --base-url must be an http:// or https:// address\n");
        return false;
    }
    outbox_set_base_url(base);
    if (!smtp) {
        if (from || user || password_file || cli_get(a, "smtp-ca-file")) {
            fprintf(stderr, "shokai: --mail-from, --smtp-user and --smtp-ca-file need --smtp\n");
            return false;
        }
        return true;
    }
    if (!smtp_url_ok(smtp)) {
        fprintf(stderr, "shokai: --smtp must be smtp://HOST:PORT or smtps://HOST:PORT\n");
        return false;
    }
    if (!from || !mime_address_ok(from) || !base) {
        fprintf(stderr, "shokai: --smtp needs --mail-from ADDR (an address) and --base-url URL\n");
        return false;
    }
    if (!user != !password_file) {
        fprintf(stderr, "shokai: --smtp-user and --smtp-password-file go together\n");
        return false;
    }
    if (password_file && !(smtp_password = read_first_line(password_file)))
        return false;
    c->deliver = true;
    c->smtp =
        (struct smtp_config){smtp, user, smtp_password, from, cli_get(a, "smtp-ca-file"), NULL};
    return true;
}

int
cmd_serve(int argc, char **argv)
{
    static const char *const valued[] = {"db",
                                         "listen",
                                         "threads",
                                         "max-body",
                                         "body-timeout",
                                         "request-timeout",
                                         "keep-alive",
                                         "log",
                                         "assets",
                                         "trusted-proxy",
                                         "group-commit",
                                         "results-cache",
                                         "self-enrol",
                                         "peer-min",
                                         "token-days",
                                         "smtp",
                                         "smtp-user",
                                         "smtp-password-file",
                                         "smtp-ca-file",
                                         "mail-from",
                                         "base-url",
                                         "remind-days",
                                         "mail-backoff",
                                         "mail-tries",
                                         NULL};
    static const char *const flags[] = {"secure-cookies", "demo", "help", NULL};
    struct cli_args a;
    if (!cli_parse(argc, argv, valued, flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        fputs(serve_usage, stdout);
        return 0;
    }
    struct {
        const char *name;
        long def, lo, hi, value;
    } nums[] = {
        {"threads", 64, 2, 4096, 0},
        {"max-body", 1 << 20, 1024, 64L << 20, 0},
        {"body-timeout", 20000, 100, 600000, 0},
        {"request-timeout", 10000, 100, 600000, 0},
        {"keep-alive", 5000, 0, 600000, 0},
        {"peer-min", SC_PEER_MIN_DEFAULT, SC_PEER_MIN_FLOOR, 100000, 0},
        {"token-days", API_TOKEN_DAYS_DEFAULT, 1, API_TOKEN_DAYS_MAX, 0},
        {"mail-backoff", MAIL_BACKOFF_DEFAULT_S, 1, MAIL_BACKOFF_CAP_S, 0},
        {"mail-tries", MAIL_TRIES_DEFAULT, 1, 100, 0},
    };
    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        const char *v = cli_get(&a, nums[i].name);
        nums[i].value = nums[i].def;
        if (v && !parse_int(v, nums[i].lo, nums[i].hi, &nums[i].value)) {
            fprintf(stderr, "shokai: --%s must be a number from %ld to %ld\n", nums[i].name,
                    nums[i].lo, nums[i].hi);
            return 2;
        }
    }
    bool grouped, cached, self_enrol;
    /* A key set up by whoever has the password only in the demo (#15 finding 10). */
    if (!on_off_option(&a, "group-commit", true, &grouped) ||
        !on_off_option(&a, "results-cache", true, &cached) ||
        !on_off_option(&a, "self-enrol", cli_flag(&a, "demo"), &self_enrol))
        return 2;
    agg_cache_enable(cached);
    const char *base_url = cli_get(&a, "base-url");
    if (base_url &&
        ((strncmp(base_url, "https://", 8) != 0 && strncmp(base_url, "http://", 7) != 0) ||
         base_url[strlen(base_url) - 1] == '/' || strpbrk(base_url, " \"<>'?#"))) {
        fprintf(stderr, "shokai: --base-url must be http(s)://HOST[:PORT][/PATH] without a "
                        "trailing slash\n");
        return 2;
    }
    struct mail_sender_config mail = {0};
    mail.policy = (struct outbox_policy){nums[7].value, MAIL_BACKOFF_CAP_S, (int)nums[8].value};
    if (!mail_options(&a, &mail))
        return 2;
    const char *path = cli_get(&a, "db");
    if (!path) {
        fprintf(stderr, "shokai: --db PATH is required\n");
        return 2;
    }
    if (cli_get(&a, "assets"))
        assets_set_dir(cli_get(&a, "assets"));
    if (log_open(cli_get(&a, "log"))) {
        fprintf(stderr, "shokai: cannot open log file %s\n", cli_get(&a, "log"));
        return 1;
    }
    if (auth_init()) {
        fprintf(stderr, "shokai: libsodium failed to initialize\n");
        return 1;
    }
    auth_limit_waiting(nums[0].value); /* --threads */
    if (cli_flag(&a, "demo") && demo_prepare(path))
        return 1;

    struct db *db;
    if (cli_open_db(path, false, &db))
        return 1;
    char why[512];
    int rc = startup_check(db, path, why, sizeof(why));
    if (rc) {
        db_close(db);
        log_event("startup_refused", "why", why, NULL);
        fprintf(stderr, "shokai: %s\n", why);
        return 1;
    }
    db_close(db);

    struct app app = {0};
    app.db_path = path;
    app.secure_cookies = cli_flag(&a, "secure-cookies");
    app.self_enrol = self_enrol;
    app.trusted_proxy = cli_get(&a, "trusted-proxy");
    app.max_body = (size_t)nums[1].value;
    app.body_timeout_ms = (int)nums[2].value;
    app.peer_min = (size_t)nums[5].value;
    app.token_days = (int)nums[6].value;
    app.base_url = base_url;
    app.mail_delivering = mail.deliver;
    if (app_load_templates(&app)) {
        app_free(&app);
        return 1;
    }
    /* Worker threads inherit this mask, so only the main thread takes the signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* A file size limit reached (ulimit -f) fails the write, which SQLite
       reports and the request answers with 503, instead of killing us. */
    signal(SIGXFSZ, SIG_IGN);

    struct http_options opt = {cli_get(&a, "listen") ? cli_get(&a, "listen") : "127.0.0.1:8080",
                               (int)nums[0].value, (int)nums[3].value, (int)nums[4].value,
                               &route_http_hooks};
    if (grouped && group_commit_start(path)) {
        fprintf(stderr, "shokai: cannot start the database writer on %s\n", path);
        app_free(&app);
        return 1;
    }
    struct http_server *server = http_start(&app, &opt);
    if (!server) {
        group_commit_stop();
        app_free(&app);
        free(smtp_password);
        return 1;
    }
    if (mail_sender_start(&mail)) { /* borrows from the pool http_start opened */
        fprintf(stderr, "shokai: cannot start the mail sender\n");
        http_stop(server);
        group_commit_stop();
        app_free(&app);
        free(smtp_password);
        return 1;
    }
    const char *listen = opt.listen;
    if (!listen_is_loopback(listen)) {
        /* #15 finding 11: CivetWeb gives each connection a thread; slow
           clients reaching it directly tie them up. nginx absorbs them. */
        fprintf(
            stderr,
            "shokai: warning: listening on %s, which is not a loopback address. Direct exposure "
            "is not supported: slow clients can tie up every worker. Listen on 127.0.0.1 and "
            "put nginx in front (docs/operations.md, \"Network exposure\").\n",
            listen);
        log_event("listen_not_loopback", "listen", listen, "see", "docs/operations.md", NULL);
    }
    const char *colon = strrchr(listen, ':');
    printf("shokai listening on http://%.*s:%d/\n", colon ? (int)(colon - listen) : 9,
           colon ? listen : "127.0.0.1", http_port(server));
    fflush(stdout);
    log_event("started", "db", path, NULL);
    int sig;
    sigwait(&stop, &sig);
    log_event("stopping", NULL);
    mail_sender_stop(); /* before the pool closes with the server */
    http_stop(server);
    import_store_clear();
    group_commit_stop(); /* after the workers, which may be waiting on it */
    struct agg_cache_stats cache;
    agg_cache_stats(&cache);
    char hits[24], misses[24];
    snprintf(hits, sizeof(hits), "%ld", cache.hits);
    snprintf(misses, sizeof(misses), "%ld", cache.misses);
    log_event("results_cache_stopped", "hits", hits, "misses", misses, NULL);
    app_free(&app);
    free(smtp_password);
    return 0;
}

/* `shokai health`: the container HEALTHCHECK (the runtime image has no curl). */
int
cmd_health(int argc, char **argv)
{
    static const char *const valued[] = {"listen", NULL};
    static const char *const flags[] = {"help", NULL};
    struct cli_args a;
    if (!cli_parse(argc, argv, valued, flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        printf("usage: shokai health [--listen ADDR:PORT]\n"
               "GETs /healthz from a running server (default 127.0.0.1:8080); exits 0 when\n"
               "it answers 200, 1 otherwise.\n");
        return 0;
    }
    const char *listen = cli_get(&a, "listen") ? cli_get(&a, "listen") : "127.0.0.1:8080";
    const char *colon = strrchr(listen, ':');
    long port;
    if (!colon || colon == listen || colon - listen > 255 ||
        !parse_int(colon + 1, 1, 65535, &port)) {
        fprintf(stderr, "shokai: --listen must be ADDR:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    char host[256];
    snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
    /* A server listening on every address is probed on the loopback. */
    if (strcmp(host, "0.0.0.0") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    char why[256];
    int status = http_probe(host, (int)port, "/healthz", why, sizeof(why));
    if (status == 200) {
        printf("ok\n");
        return 0;
    }
    if (status)
        fprintf(stderr, "shokai: /healthz answered %d\n", status);
    else
        fprintf(stderr, "shokai: no answer from %s:%ld (%s)\n", host, port, why[0] ? why : "?");
    return 1;
}
