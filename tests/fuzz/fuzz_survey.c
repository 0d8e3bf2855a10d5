/*
 * fuzz_survey.c: the survey definition loader (survey.c) on any bytes, as
 * `shokai survey load` reads them, and as the editor reads a draft
 * (survey_parse_draft). Properties: it returns, frees all it took, a refusal
 * says why, and what a complete definition passes a draft passes too.
 */
#include "err.h"
#include "fuzz.h"
#include "survey.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct survey *s = NULL, *d = NULL;
    char msg[512] = "";
    bool complete = survey_parse((const char *)data, size, "fuzz.json", &s, msg, sizeof(msg)) == 0;
    if (complete) {
        FUZZ_REQUIRE(s != NULL);
        survey_release(s);
    } else {
        FUZZ_REQUIRE(msg[0] != '\0');
    }
    msg[0] = '\0';
    if (survey_parse_draft((const char *)data, size, "fuzz.json", &d, msg, sizeof(msg)) == 0) {
        FUZZ_REQUIRE(d != NULL);
        survey_release(d);
    } else {
        FUZZ_REQUIRE(msg[0] != '\0' && !complete);
    }
    return 0;
}
