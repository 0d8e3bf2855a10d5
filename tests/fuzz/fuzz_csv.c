/*
 * fuzz_csv.c: the CSV import path: CP932 or UTF-8 bytes, decoded
 * (encoding.c) and split into rows (csvread.c, libcsv) under the import
 * limits. Properties: it returns; every field handed on is valid UTF-8 and
 * within the limits.
 */
#include "buf.h"
#include "utf8.h"
#include "csvread.h"
#include "encoding.h"
#include "fuzz.h"
#include "html.h"

#include <string.h>

static const struct csv_limits limits = {1000, 64, 4096};

static int
check_row(size_t row_no, char **fields, size_t n_fields, void *ctx)
{
    (void)ctx;
    FUZZ_REQUIRE(row_no >= 1 && row_no <= limits.max_rows);
    FUZZ_REQUIRE(n_fields <= limits.max_cols);
    for (size_t i = 0; i < n_fields; i++) {
        FUZZ_REQUIRE(strlen(fields[i]) <= limits.max_field);
        FUZZ_REQUIRE(utf8_valid(fields[i], strlen(fields[i])));
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char msg[256];
    csvread_parse((const char *)data, size, &limits, check_row, NULL, msg, sizeof(msg));
    struct buf utf8;
    buf_init(&utf8, 16u << 20);
    if (encoding_cp932_to_utf8((const char *)data, size, &utf8, msg, sizeof(msg)) == 0 &&
        !buf_err(&utf8))
        csvread_parse(buf_str(&utf8), strlen(buf_str(&utf8)), &limits, check_row, NULL, msg,
                      sizeof(msg));
    buf_cleanup(&utf8);
    return 0;
}
