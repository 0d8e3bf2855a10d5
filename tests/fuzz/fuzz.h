/*
 * fuzz.h: the entry point every fuzz target defines. Built two ways: with
 * clang's libFuzzer (-fsanitize=fuzzer, scripts/fuzz.sh) to search, and with
 * replay.c as main() to run the committed corpus in every test run.
 */
#ifndef SHOKAI_FUZZ_H
#define SHOKAI_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property that must hold: aborts (so the fuzzer records the input) when not. */
#define FUZZ_REQUIRE(cond)                                                                         \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_fail(#cond, __FILE__, __LINE__);                                                  \
    } while (0)
_Noreturn void fuzz_fail(const char *what, const char *file, int line);

/* The input as a NUL-terminated string the caller frees, or NULL. */
char *fuzz_cstring(const uint8_t *data, size_t size);

#endif
