/*
 * fuzz_form.c: our urlencoded parser (form.c), which replaces CivetWeb's
 * mg_handle_form_request (CVE-2025-9648). Properties: it returns (no spin),
 * and every field it accepts is valid UTF-8 with no NUL inside.
 */
#include "arena.h"
#include "utf8.h"
#include "form.h"
#include "fuzz.h"
#include "html.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 64u << 20);
    struct form f;
    const char *why = NULL;
    if (form_parse(&a, (const char *)data, size, &f, &why) == 0) {
        FUZZ_REQUIRE(f.n_fields <= FORM_MAX_FIELDS);
        for (size_t i = 0; i < f.n_fields; i++) {
            FUZZ_REQUIRE(utf8_valid(f.fields[i].name, strlen(f.fields[i].name)));
            FUZZ_REQUIRE(utf8_valid(f.fields[i].value, strlen(f.fields[i].value)));
            FUZZ_REQUIRE(strlen(f.fields[i].name) <= size);
        }
    } else {
        FUZZ_REQUIRE(why != NULL && why[0] != '\0');
    }
    arena_reset(&a);
    return 0;
}
