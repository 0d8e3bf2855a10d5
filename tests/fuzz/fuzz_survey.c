/*
 * fuzz_survey.c: the survey definition loader (survey.c) on any bytes, as
 * `shokai survey load` reads them. Properties: it returns, frees all it
 * took, and a refusal says why.
 */
#include "err.h"
#include "fuzz.h"
#include "survey.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct survey *s = NULL;
    char msg[512] = "";
    if (survey_parse((const char *)data, size, "fuzz.json", &s, msg, sizeof(msg)) == 0) {
        FUZZ_REQUIRE(s != NULL);
        survey_release(s);
    } else {
        FUZZ_REQUIRE(msg[0] != '\0');
    }
    return 0;
}
