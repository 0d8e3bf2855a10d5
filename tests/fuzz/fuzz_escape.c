/*
 * fuzz_escape.c: the HTML escaper every template value goes through.
 * Property: the output holds no raw < > " ' and every & starts an entity.
 */
#include "buf.h"
#include "fuzz.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>

static bool
starts_entity(const char *p)
{
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;"};
    for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
        if (strncmp(p, entities[i], strlen(entities[i])) == 0)
            return true;
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    struct buf out;
    buf_init(&out, 64u << 20);
    html_esc(&out, text);
    if (!buf_err(&out)) {
        const char *s = buf_str(&out);
        FUZZ_REQUIRE(strpbrk(s, "<>\"'") == NULL);
        for (const char *amp = strchr(s, '&'); amp; amp = strchr(amp + 1, '&'))
            FUZZ_REQUIRE(starts_entity(amp));
    }
    buf_cleanup(&out);
    free(text);
    return 0;
}
