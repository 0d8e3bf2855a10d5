/*
 * test_xlsx_read.c: the XLSX reader: what libxlsxwriter writes reads back;
 * inline strings, furigana, _xHHHH_ escapes, cell references; and the limits
 * and damaged files it refuses with a Japanese message.
 */
#include "../tap.h"
#include "buf.h"
#include "err.h"
#include "xlsx_out.h"
#include "xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

/* A zip of the named parts (name, content, name, content, ..., NULL), as bytes in out. */
static void
make_zip(struct buf *out, const char *const *parts)
{
    char path[] = "/tmp/shokai-zip-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    zip_t *z = zip_open(path, ZIP_TRUNCATE, NULL);
    for (size_t i = 0; parts[i]; i += 2) {
        zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        zip_file_add(z, parts[i], src, ZIP_FL_ENC_UTF_8);
    }
    zip_close(z);
    FILE *f = fopen(path, "rb");
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
    unlink(path);
}

static const char rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/s2.xml\"/></Relationships>";
static const char workbook[] =
    "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"main\" xmlns:r=\"rel\"><x:sheets>"
    "<x:sheet name=\"survey\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<x:sheet name=\"隠し\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></x:sheets></x:workbook>";
static const char strings[] = "<sst><si><t>漢字</t><rPh><t>かんじ</t></rPh></si>"
                              "<si><r><t>前</t></r><r><t>後_x0041_</t></r></si></sst>";
static const char sheet1[] =
    "<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c>"
    "<c t=\"inlineStr\"><is><t>インライン</t></is></c><c r=\"E2\"><v>12.5</v></c></row>"
    "<row><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"AA3\" t=\"b\"><v>1</v></c></row>"
    "</sheetData></worksheet>";
static const char sheet2[] = "<worksheet><sheetData/></worksheet>";

static int
read_parts(const char *const *parts, struct xlsx_book **book, char *msg, size_t msglen)
{
    struct buf z;
    buf_init(&z, 0);
    make_zip(&z, parts);
    int rc = xlsx_read(z.data, z.len, book, msg, msglen);
    buf_cleanup(&z);
    return rc;
}

static void
test_hand_made(void)
{
    const char *const parts[] = {"xl/_rels/workbook.xml.rels",
                                 rels,
                                 "xl/workbook.xml",
                                 workbook,
                                 "xl/sharedStrings.xml",
                                 strings,
                                 "xl/worksheets/sheet1.xml",
                                 sheet1,
                                 "xl/worksheets/s2.xml",
                                 sheet2,
                                 NULL};
    struct xlsx_book *book;
    char msg[300];
    is_int(read_parts(parts, &book, msg, sizeof(msg)), 0, "a hand-made workbook reads");
    if (!book)
        return;
    is_int(book->n_sheets, 2, "two sheets");
    const struct xlsx_read_sheet *s = xlsx_sheet(book, "survey");
    ok(s && !s->hidden, "sheet by name, visible");
    ok(xlsx_sheet(book, "隠し") && xlsx_sheet(book, "隠し")->hidden, "a hidden sheet is marked");
    is_str(xlsx_text_at(s, 2, 2), "漢字", "shared string without its furigana");
    is_str(xlsx_text_at(s, 2, 3), "インライン", "an inline string takes the next column");
    is_str(xlsx_text_at(s, 2, 5), "12.5", "a number as written");
    ok(xlsx_cell(s, 2, 5)->kind == XLSX_NUMBER, "numbers are marked");
    is_str(xlsx_text_at(s, 3, 1), "前後A", "rich text runs joined, _x0041_ decoded");
    ok(xlsx_cell(s, 3, 27) && xlsx_cell(s, 3, 27)->kind == XLSX_BOOL, "AA3 is column 27");
    is_str(xlsx_text_at(s, 9, 9), "", "an empty cell is empty");
    is_int(s->n_rows, 3, "rows counted");
    is_int(s->n_cols, 27, "columns counted");
    char ref[16];
    xlsx_ref(12, 3, ref, sizeof(ref));
    is_str(ref, "C12", "C12");
    char date[16];
    ok(xlsx_serial_date("45688", date, sizeof(date)) && strcmp(date, "2025-01-31") == 0,
       "serial 45688 is 2025-01-31 (%s)", date);
    ok(xlsx_serial_date("61.5", date, sizeof(date)) && strcmp(date, "1900-03-01") == 0,
       "serial 61 is 1900-03-01 (%s)", date);
    ok(!xlsx_serial_date("x", date, sizeof(date)), "not a serial");
    xlsx_ref(7, 28, ref, sizeof(ref));
    is_str(ref, "AB7", "AB7");
    xlsx_book_free(book);
}

static void
test_written(void)
{
    struct xlsx_file f;
    is_int(xlsx_file_open(&f), 0, "a workbook is written");
    lxw_worksheet *ws = workbook_add_worksheet(f.wb, "設問");
    xlsx_cell_text(ws, 0, 0, "<script>\"'&", NULL);
    xlsx_cell_text(ws, 4, 2, "_x0041_ literal", NULL);
    worksheet_write_number(ws, 4, 3, 42, NULL);
    workbook_add_worksheet(f.wb, "two");
    struct buf out;
    buf_init(&out, 0);
    is_int(xlsx_file_finish(&f, 0, &out), 0, "closed");
    struct xlsx_book *book;
    char msg[300];
    is_int(xlsx_read(out.data, out.len, &book, msg, sizeof(msg)), 0, "libxlsxwriter output reads");
    if (book) {
        const struct xlsx_read_sheet *s = xlsx_sheet(book, "設問");
        is_str(xlsx_text_at(s, 1, 1), "<script>\"'&", "markup characters unchanged");
        is_str(xlsx_text_at(s, 5, 3), "_x0041_ literal", "a literal _x0041_ survives");
        is_str(xlsx_text_at(s, 5, 4), "42", "a number");
        ok(xlsx_sheet(book, "two") != NULL, "second sheet");
        xlsx_book_free(book);
    }
    buf_cleanup(&out);
}

static void
test_refused(void)
{
    struct xlsx_book *book;
    char msg[300];
    is_int(xlsx_read("hello", 5, &book, msg, sizeof(msg)), ERR_INPUT, "not a zip");
    ok(strstr(msg, "Excel ファイル（.xlsx）ではありません") != NULL, "said in Japanese: %s", msg);
    is_int(xlsx_read("PK\3\4garbage", 11, &book, msg, sizeof(msg)), ERR_INPUT, "a damaged zip");

    const char *const no_workbook[] = {"a.txt", "x", NULL};
    is_int(read_parts(no_workbook, &book, msg, sizeof(msg)), ERR_INPUT, "a zip without a workbook");
    ok(strstr(msg, "xl/_rels/workbook.xml.rels") != NULL, "names the missing part");

    const char *const doctype[] = {"xl/_rels/workbook.xml.rels", rels, "xl/workbook.xml",
                                   "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook/>", NULL};
    is_int(read_parts(doctype, &book, msg, sizeof(msg)), ERR_INPUT, "a DOCTYPE is refused");

    static const char far_row[] = "<worksheet><sheetData><row r=\"2000000\"><c><v>1</v></c></row>"
                                  "</sheetData></worksheet>";
    const char *const too_far[] = {"xl/_rels/workbook.xml.rels",
                                   rels,
                                   "xl/workbook.xml",
                                   workbook,
                                   "xl/worksheets/sheet1.xml",
                                   far_row,
                                   "xl/worksheets/s2.xml",
                                   sheet2,
                                   NULL};
    is_int(read_parts(too_far, &book, msg, sizeof(msg)), ERR_TOOBIG, "a row past the limit");

    /* A zip bomb: 120 MB of spaces, a hundred kB compressed. */
    size_t big = 120u << 20;
    static const char head[] = "<worksheet><sheetData>";
    char *bomb = malloc(sizeof(head) + big);
    memcpy(bomb, head, sizeof(head) - 1);
    memset(bomb + sizeof(head) - 1, ' ', big);
    bomb[sizeof(head) - 1 + big] = '\0';
    const char *const bombed[] = {"xl/_rels/workbook.xml.rels",
                                  rels,
                                  "xl/workbook.xml",
                                  workbook,
                                  "xl/worksheets/sheet1.xml",
                                  bomb,
                                  "xl/worksheets/s2.xml",
                                  sheet2,
                                  NULL};
    is_int(read_parts(bombed, &book, msg, sizeof(msg)), ERR_TOOBIG, "a zip bomb is refused");
    ok(strstr(msg, "大きすぎます") != NULL, "said: %s", msg);
    memset(bomb + sizeof(head) - 1, 'a', 200000);
    memcpy(bomb, "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>", 51);
    bomb[sizeof(head) - 1 + 200000] = '\0';
    is_int(read_parts(bombed, &book, msg, sizeof(msg)), ERR_TOOBIG,
           "a cell over 32,767 characters");
    ok(strstr(msg, "1セル 32,767 文字まで") != NULL, "said: %s", msg);
    free(bomb);
}

int
main(void)
{
    test_hand_made();
    test_written();
    test_refused();
    return done_testing();
}
