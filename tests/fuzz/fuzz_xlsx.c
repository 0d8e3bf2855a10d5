/*
 * fuzz_xlsx.c: the XLSX reader (xlsx_read.c: libzip, expat) on any bytes, and
 * the XLSForm upload path behind it (survey_upload.c). Properties: it returns;
 * a book it accepts keeps its limits, its cells are sorted and hold valid
 * UTF-8, and each can be found by its reference; an upload either gives a
 * definition or says why.
 */
#include "buf.h"
#include "fuzz.h"
#include "survey_upload.h"
#include "utf8.h"
#include "xlsx_read.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xlsx_book *book = NULL;
    char msg[300];
    if (xlsx_read(data, size, &book, msg, sizeof(msg)) != 0) {
        FUZZ_REQUIRE(book == NULL && msg[0] != '\0');
        return 0;
    }
    FUZZ_REQUIRE(book->n_sheets >= 1 && book->n_sheets <= XLSX_READ_MAX_SHEETS);
    for (size_t i = 0; i < book->n_sheets; i++) {
        const struct xlsx_read_sheet *s = &book->sheets[i];
        FUZZ_REQUIRE(s->n_rows <= XLSX_READ_MAX_ROWS && s->n_cols <= XLSX_READ_MAX_COLS);
        for (size_t j = 0; j < s->n_cells; j++) {
            const struct xlsx_cell *c = &s->cells[j];
            FUZZ_REQUIRE(c->row >= 1 && c->col >= 1);
            FUZZ_REQUIRE(utf8_valid(c->text, strlen(c->text)));
            FUZZ_REQUIRE(xlsx_cell(s, c->row, c->col) == c);
            if (j > 0)
                FUZZ_REQUIRE(s->cells[j - 1].row < c->row ||
                             (s->cells[j - 1].row == c->row && s->cells[j - 1].col < c->col));
        }
    }
    xlsx_book_free(book);
    json_t *def = NULL;
    struct buf errors;
    buf_init(&errors, 0);
    int rc = survey_json_from_upload(data, size, "fuzz.xlsx", &def, &errors);
    FUZZ_REQUIRE(rc == 0 ? def != NULL : def == NULL && errors.len > 0);
    json_decref(def);
    buf_cleanup(&errors);
    return 0;
}
