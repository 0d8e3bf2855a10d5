/*
 * test_export.c: the table renderers: CSV quoting, formulas, CP932, XLSX
 * truncation, HTML escaping, and the SVG chart's geometry.
 */
#include "../tap.h"
#include "arena.h"
#include "buf.h"
#include "chart_svg.h"
#include "csv_out.h"
#include "err.h"
#include "table.h"
#include "xlsx_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void
test_csv(struct arena *a)
{
    struct table t;
    table_init(&t, a, "表", NULL, 3);
    table_head(&t, 0, "見出し,1");
    table_head(&t, 1, "n");
    table_head(&t, 2, "本文");
    size_t r = table_row(&t);
    table_text(&t, r, 0, "=HYPERLINK(\"x\")");
    table_int(&t, r, 1, -5);
    table_text(&t, r, 2, "a \"b\"\nc");
    struct buf out;
    buf_init(&out, 0);
    char msg[200];
    is_int(csv_write_table(&t, CSV_UTF8, &out, msg, sizeof(msg)), 0, "UTF-8 CSV");
    is_str(
        buf_str(&out),
        "\xEF\xBB\xBF\"見出し,1\",n,本文\r\n\"'=HYPERLINK(\"\"x\"\")\",-5,\"a \"\"b\"\"\nc\"\r\n",
        "BOM, quoting, a formula made inert, a negative number left alone");
    buf_cleanup(&out);

    r = table_row(&t);
    table_text(&t, r, 0, "髙﨑①ｶﾀｶﾅ");
    buf_init(&out, 0);
    is_int(csv_write_table(&t, CSV_CP932, &out, msg, sizeof(msg)), 0, "CP932 CSV");
    ok(strstr(buf_str(&out), "\xfb\xfc\xfa\xb1\x87\x40\xb6\xc0\xb6\xc5") != NULL,
       "髙﨑①ｶﾀｶﾅ in CP932 bytes");
    buf_cleanup(&out);
    r = table_row(&t);
    table_text(&t, r, 2, "café");
    buf_init(&out, 0);
    is_int(csv_write_table(&t, CSV_CP932, &out, msg, sizeof(msg)), ERR_INPUT,
           "a character outside CP932 is an error, not replaced");
    ok(strstr(msg, "4行目") && strstr(msg, "é"), "the message names the row and the character");
    buf_cleanup(&out);
    struct table lone;
    table_init(&lone, a, "t", NULL, 2);
    size_t lr = table_row(&lone);
    table_number(&lone, lr, 0, "-");
    table_text(&lone, lr, 1, "-1");
    buf_init(&out, 0);
    csv_write_table(&lone, CSV_UTF8, &out, msg, sizeof(msg));
    ok(strstr(buf_str(&out), "\r\n-,\"'-1\"\r\n") != NULL,
       "a lone '-' stays as it is; text starting with '-' is made inert");
    buf_cleanup(&out);
    struct table marks;
    table_init(&marks, a, "t", NULL, 3);
    size_t mr = table_row(&marks);
    table_number(&marks, mr, 0, "x");
    table_number(&marks, mr, 1, "41.2");
    table_number(&marks, mr, 2, "-");
    json_t *j = table_json(&marks);
    json_t *cells = json_array_get(json_object_get(j, "rows"), 0);
    ok(!table_is_numeric(&marks, mr, 0) && table_is_numeric(&marks, mr, 1) &&
           !table_is_numeric(&marks, mr, 2) &&
           strcmp(json_string_value(json_array_get(cells, 0)), "x") == 0 &&
           json_is_real(json_array_get(cells, 1)),
       "a hidden 'x' and a '-' stay text (JSON \"x\", not 0); a number is a number");
    json_decref(j);
    enum csv_encoding e;
    ok(csv_encoding_parse(NULL, &e) == 0 && e == CSV_UTF8 && csv_encoding_parse("cp932", &e) == 0 &&
           e == CSV_CP932 && csv_encoding_parse("latin1", &e) != 0,
       "encoding names");
}

/* Writes out's bytes to a new file made from the mkstemp template path. */
static void
write_temp(const struct buf *out, char *path)
{
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "wb");
    fwrite(out->data, 1, out->len, f);
    fclose(f);
}

static void
test_xlsx(struct arena *a)
{
    struct table t;
    table_init(&t, a, "長い本文: [1]", "注", 2);
    table_head(&t, 0, "項番");
    table_head(&t, 1, "本文");
    size_t r = table_row(&t);
    table_int(&t, r, 0, 1);
    size_t n = 40000;
    char *big = malloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(big + i * 3, "あ", 3);
    big[n * 3] = '\0';
    table_text(&t, r, 1, big);
    free(big);
    struct buf out;
    buf_init(&out, 0);
    is_int(xlsx_write_tables(&t, 1, &out), 0, "an XLSX with a 40,000-character cell");
    ok(out.len > 100 && memcmp(out.data, "PK", 2) == 0, "it is a zip");
    char path[] = "/tmp/shokai-test-xlsx-XXXXXX";
    write_temp(&out, path);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "unzip -p %s xl/sharedStrings.xml | grep -c 切り詰め > /dev/null",
             path);
    ok(system(cmd) == 0, "the cut is said in the cell");
    snprintf(cmd, sizeof(cmd), "unzip -l %s | grep -q 'xl/worksheets/sheet1.xml'", path);
    ok(system(cmd) == 0, "one sheet");
    unlink(path);
    buf_cleanup(&out);
}

/* xlsx_text on s, as a string to compare. */
static const char *
xlsx_text_of(const char *s, char *out, size_t outlen)
{
    struct buf b;
    buf_init(&b, 0);
    xlsx_text(s, &b);
    snprintf(out, outlen, "%s", buf_str(&b));
    buf_cleanup(&b);
    return out;
}

/* Issue #15 finding 6: what the XML of a workbook cannot carry is dropped,
   and a literal _xHHHH_ survives Excel's decoding. */
static void
test_xlsx_text(struct arena *a)
{
    char got[200];
    is_str(xlsx_text_of("照会 abc\t\n\r", got, sizeof(got)), "照会 abc\t\n\r",
           "plain text, tab, LF and CR pass unchanged");
    is_str(xlsx_text_of("a\xEF\xBF\xBF"
                        "b\xEF\xBF\xBE"
                        "c",
                        got, sizeof(got)),
           "abc", "U+FFFF and U+FFFE (not XML 1.0 characters) are dropped");
    is_str(xlsx_text_of("a\x01\x1F\x7F\xEF\xB7\x90"
                        "b",
                        got, sizeof(got)),
           "ab", "C0 controls, DEL and U+FDD0 are dropped");
    is_str(xlsx_text_of("a\xF4\x8F\xBF\xBF\xF0\x9F\x98\x80", got, sizeof(got)), "a\xF0\x9F\x98\x80",
           "U+10FFFF is dropped, an emoji kept");
    is_str(xlsx_text_of("x\xC0\xAFy", got, sizeof(got)), "xy",
           "bytes that are not UTF-8 are dropped");
    is_str(xlsx_text_of("_x0041_", got, sizeof(got)), "_x005F_x0041_",
           "a literal _x0041_ gets its underscore escaped");
    is_str(xlsx_text_of("a_x00e9_b_X0041_", got, sizeof(got)), "a_x005F_x00e9_b_x005F_X0041_",
           "lower-case hex and _X are escaped too");
    is_str(xlsx_text_of("_x004_ _x00411_ _xZZZZ_ _x", got, sizeof(got)),
           "_x004_ _x00411_ _xZZZZ_ _x", "what is not _x and four hex digits and _ is left alone");
    is_str(xlsx_text_of("_x00\x01"
                        "41_",
                        got, sizeof(got)),
           "_x005F_x0041_", "a sequence formed by dropping a character is escaped too");

    /* A whole workbook with them, parsed as XML by python3 as Excel would. */
    struct table t;
    table_init(&t, a, "題\xEF\xBF\xBF_x0041_", "注\x01", 1);
    table_head(&t, 0, "本文\xEF\xBF\xBF");
    size_t r = table_row(&t);
    table_text(&t, r, 0,
               "a\xEF\xBF\xBF"
               "b_x0041_c\x02");
    struct buf out;
    buf_init(&out, 0);
    is_int(xlsx_write_tables(&t, 1, &out), 0, "an XLSX of such text");
    char path[] = "/tmp/shokai-test-xlsx-XXXXXX";
    write_temp(&out, path);
    char cmd[900];
    snprintf(
        cmd, sizeof(cmd),
        "python3 -c \"import re, sys, zipfile, xml.dom.minidom as m\n"
        "z = zipfile.ZipFile(sys.argv[1])\n"
        "for n in z.namelist():\n"
        "    n.endswith('.xml') and m.parseString(z.read(n))\n"
        "d = m.parseString(z.read('xl/sharedStrings.xml'))\n"
        "s = [''.join(x.data for x in t.childNodes) for t in d.getElementsByTagName('t')]\n"
        "s = [re.sub('_x([0-9A-Fa-f]{4})_', lambda g: chr(int(g.group(1), 16)), x) for x in s]\n"
        "sys.exit(0 if 'ab_x0041_c' in s and '題_x0041_' in s else 1)\" %s",
        path);
    ok(system(cmd) == 0, "every XML part is well-formed and Excel's decoding gives back _x0041_");
    unlink(path);
    buf_cleanup(&out);
}

static void
test_html_and_chart(struct arena *a)
{
    struct table t;
    table_init(&t, a, "<表>", "注&", 2);
    table_head(&t, 0, "区分");
    table_head(&t, 1, "件数");
    size_t r = table_row(&t);
    table_text(&t, r, 0, "<script>");
    table_int(&t, r, 1, 3);
    struct buf b;
    buf_init(&b, 0);
    table_html(&b, &t);
    ok(strstr(buf_str(&b), "&lt;script&gt;") && !strstr(buf_str(&b), "<script>") &&
           strstr(buf_str(&b), "&lt;表&gt;") && strstr(buf_str(&b), "<td class=\"num\">3</td>"),
       "table_html escapes every cell and marks numbers");
    buf_cleanup(&b);

    struct chart_bar bars[] = {{"小", 25}, {"最大", 70}, {"<中>", 53}, {"ゼロ", 0}};
    buf_init(&b, 0);
    chart_svg_bars(&b, "c1", "課題 \"x\"", bars, 4, 0);
    const char *svg = buf_str(&b);
    ok(strstr(svg, "width=\"170\"") != NULL,
       "the largest value fills the bar area (scale from the maximum)");
    ok(strstr(svg, "width=\"60\"") != NULL, "25 of 70 is 60 of 170");
    ok(strstr(svg, ">70</text>") && strstr(svg, ">0</text>") && strstr(svg, ">25</text>"),
       "every value is printed");
    ok(strstr(svg, "&lt;中&gt;") && strstr(svg, "課題 &quot;x&quot;") && strstr(svg, "<desc>"),
       "labels and title are escaped; a description lists the values");
    buf_cleanup(&b);
}

int
main(void)
{
    struct arena a;
    arena_init(&a, 0);
    test_csv(&a);
    test_xlsx(&a);
    test_xlsx_text(&a);
    test_html_and_chart(&a);
    arena_reset(&a);
    return done_testing();
}
