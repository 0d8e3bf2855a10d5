/*
 * fuzz_multipart.c: the multipart/form-data parser (multipart.c) behind the
 * accounts' CSV upload. The input's first line is the Content-Type header,
 * the rest the body. Properties: it returns; every text field it accepts is
 * valid UTF-8 with no NUL; the file, when found, lies inside the body; a
 * refusal says why.
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
    const char *text = (const char *)data;
    const char *eol = memchr(text, '\n', size);
    if (!eol)
        return 0;
    struct arena a;
    arena_init(&a, 64u << 20);
    char *ctype = arena_strndup(&a, text, (size_t)(eol - text));
    const char *body = eol + 1;
    size_t len = size - (size_t)(body - text);
    struct form f;
    const char *file = NULL, *why = NULL;
    size_t file_len = 0;
    if (ctype && multipart_parse(&a, ctype, body, len, "file", &f, &file, &file_len, &why) == 0) {
        FUZZ_REQUIRE(f.n_fields <= MULTIPART_MAX_PARTS);
        for (size_t i = 0; i < f.n_fields; i++)
            FUZZ_REQUIRE(utf8_valid(f.fields[i].value, strlen(f.fields[i].value)));
        FUZZ_REQUIRE(!file || (file >= body && file + file_len <= body + len));
    } else if (ctype) {
        FUZZ_REQUIRE(why != NULL && why[0] != '\0');
    }
    arena_reset(&a);
    return 0;
}
