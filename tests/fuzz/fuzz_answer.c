/*
 * fuzz_answer.c: a JSON body as PUT …/responses/{code} receives it, through
 * the depth-guarded parser (jsonin.c) and the answer validator (answer.c)
 * of the R7 survey. Properties: it returns; a clean result holds only
 * questions of the survey.
 */
#include "answer.h"
#include "utf8.h"
#include "arena.h"
#include "fuzz.h"
#include "html.h"
#include "jsonin.h"
#include "survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_SURVEY_FILE
#error "meson passes the path of seeds/surveys/r7-ikenshokai.json"
#endif

static struct survey *
r7(void)
{
    static struct survey *s;
    if (s)
        return s;
    FILE *f = fopen(FUZZ_SURVEY_FILE, "rb");
    FUZZ_REQUIRE(f != NULL);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof(text), f);
    fclose(f);
    char msg[512];
    FUZZ_REQUIRE(survey_parse(text, n, "r7", &s, msg, sizeof(msg)) == 0);
    return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct survey *s = r7();
    char msg[256];
    json_t *body = jsonin_parse((const char *)data, size, msg, sizeof(msg));
    /* The refusal is sent back in a JSON error, which must be UTF-8. */
    if (!body) {
        FUZZ_REQUIRE(utf8_valid(msg, strlen(msg)));
        return 0;
    }
    struct arena a;
    arena_init(&a, 64u << 20);
    struct answer_issues issues;
    answer_issues_init(&issues, &a);
    for (int submit = 0; submit < 2; submit++) {
        json_t *clean = answer_check(s, body, submit, &issues);
        if (clean) {
            const char *qid;
            json_t *value;
            json_object_foreach(clean, qid, value) FUZZ_REQUIRE(survey_question(s, qid) != NULL);
            json_decref(clean);
        }
    }
    json_decref(body);
    arena_reset(&a);
    return 0;
}
