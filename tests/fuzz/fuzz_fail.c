/*
 * fuzz_fail.c: reporting a broken property (see fuzz.h).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void
fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: property does not hold: %s\n", file, line, what);
    abort();
}
