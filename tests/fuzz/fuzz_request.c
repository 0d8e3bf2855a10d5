/*
 * fuzz_request.c: what the server parses of a request before any route runs:
 * the request target (path and query), the Cookie header, and the
 * same-origin rule of unsafe requests.
 * Input: lines of the target, the Cookie, Sec-Fetch-Site, Origin and Host
 * headers (a missing line is an absent header).
 * Properties: an accepted path starts with '/', has no empty or dot segment
 * and no backslash, and holds no NUL; a session cookie found holds no ';'
 * and is what followed "shokai_session=" in the header; an unsafe request
 * passes the origin rule only if it is not cross-site and its Origin, when
 * present, is http:// or https:// followed by exactly the Host.
 */
#include "arena.h"
#include "fuzz.h"
#include "http.h"
#include "route.h"

#include <stdlib.h>
#include <string.h>

static void
check_path(const char *path)
{
    size_t n = strlen(path);
    FUZZ_REQUIRE(path[0] == '/');
    FUZZ_REQUIRE(!strstr(path, "//") && !strstr(path, "/./") && !strstr(path, "/../"));
    FUZZ_REQUIRE(!strchr(path, '\\'));
    FUZZ_REQUIRE(!(n >= 2 && strcmp(path + n - 2, "/.") == 0));
    FUZZ_REQUIRE(!(n >= 3 && strcmp(path + n - 3, "/..") == 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    char *line[5] = {text, NULL, NULL, NULL, NULL}; /* target, cookie, site, origin, host */
    for (int i = 1; i < 5 && line[i - 1]; i++) {
        line[i] = strchr(line[i - 1], '\n');
        if (line[i])
            *line[i]++ = '\0';
    }
    const char *cookie = line[1];
    char *query = strchr(text, '?');

    struct req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena, 1u << 20);
    if (http_parse_target(&r, text, query ? query + 1 : NULL) == 0)
        check_path(r.path);

    const char *value = http_cookie_parse(&r.arena, cookie, "shokai_session");
    if (value) {
        FUZZ_REQUIRE(!strchr(value, ';'));
        char *pair = malloc(strlen(value) + 16);
        if (pair) {
            strcpy(pair, "shokai_session=");
            strcat(pair, value);
            FUZZ_REQUIRE(strstr(cookie, pair) != NULL);
            free(pair);
        }
    }
    if (route_origin_allowed(line[2], line[3], line[4])) {
        FUZZ_REQUIRE(!line[2] || strcmp(line[2], "cross-site") != 0);
        if (line[3]) {
            const char *rest = strncmp(line[3], "https://", 8) == 0 ? line[3] + 8 : line[3] + 7;
            FUZZ_REQUIRE(strncmp(line[3], "http://", 7) == 0 ||
                         strncmp(line[3], "https://", 8) == 0);
            FUZZ_REQUIRE(line[4] && strcmp(rest, line[4]) == 0);
        }
    }
    arena_reset(&r.arena);
    free(text);
    return 0;
}
