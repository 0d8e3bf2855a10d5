/*
 * fuzz_request.c: what the server parses of a request before any route runs:
 * the request target (path and query) and the Cookie header.
 * Input: the target, a newline, then the Cookie header.
 * Properties: an accepted path starts with '/', has no empty or dot segment
 * and no backslash, and holds no NUL; a session cookie found holds no ';'
 * and is what followed "shokai_session=" in the header.
 */
#include "arena.h"
#include "fuzz.h"
#include "http.h"

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
    char *cookie = strchr(text, '\n');
    if (cookie)
        *cookie++ = '\0';
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
    arena_reset(&r.arena);
    free(text);
    return 0;
}
