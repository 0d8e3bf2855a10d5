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
    "                    [--peer-min N] [--token-days N] [--base-url URL] [--demo]\n"
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
    "  --base-url URL     where people reach this server (https://shokai.example.lg.jp),\n"
    "                     for the one-time setup and reset links; default: the Host of\n"
    "                     the administrator's request\n"
    "  --peer-min N       a 団体 sees the self-check scores of its 区分 and of the\n"
    "                     country only from N submitted self-checks on (default 10,\n"
    "                     at least 5)\n"
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
                                         "base-url",
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
