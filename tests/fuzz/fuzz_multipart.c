/*
 * fuzz_multipart.c: our multipart/form-data parser (multipart.c), the upload
 * forms' body. Properties: it returns; every text field it accepts is valid
 * UTF-8; every file lies inside the body; at most MULTIPART_MAX_FILES.
 */
#include "arena.h"
#include "form.h"
#include "fuzz.h"
#include "multipart.h"
#include "utf8.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 64u << 20);
    struct form f = {0};
    struct uploads files = {0};
    const char *why = NULL;
    const char *body = (const char *)data;
    if (multipart_parse(&a, "multipart/form-data; boundary=XyZ", body, size, &f, &files, &why) ==
        0) {
        FUZZ_REQUIRE(files.n <= MULTIPART_MAX_FILES);
        for (size_t i = 0; i < f.n_fields; i++)
            FUZZ_REQUIRE(utf8_valid(f.fields[i].value, strlen(f.fields[i].value)));
        for (size_t i = 0; i < files.n; i++) {
            FUZZ_REQUIRE(files.items[i].data >= body);
            FUZZ_REQUIRE(files.items[i].data + files.items[i].len <= body + size);
            FUZZ_REQUIRE(utf8_valid(files.items[i].filename, strlen(files.items[i].filename)));
        }
    } else {
        FUZZ_REQUIRE(why != NULL && why[0] != '\0');
    }
    arena_reset(&a);
    return 0;
}
