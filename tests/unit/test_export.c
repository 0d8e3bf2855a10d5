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
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "wb");
    fwrite(out.data, 1, out.len, f);
    fclose(f);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "unzip -p %s xl/sharedStrings.xml | grep -c 切り詰め > /dev/null",
             path);
    ok(system(cmd) == 0, "the cut is said in the cell");
    snprintf(cmd, sizeof(cmd), "unzip -l %s | grep -q 'xl/worksheets/sheet1.xml'", path);
    ok(system(cmd) == 0, "one sheet");
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
    ok(strstr(svg, "width=\"320\"") != NULL,
       "the largest value fills the bar area (scale from the maximum)");
    ok(strstr(svg, "width=\"114\"") != NULL, "25 of 70 is 114 of 320");
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
    test_html_and_chart(&a);
    arena_reset(&a);
    return done_testing();
}
