/*
 * test_text.c: arena, buf, the escapers and UTF-8 checks.
 */
#include "../tap.h"
#include "arena.h"
#include "utf8.h"
#include "buf.h"
#include "clock.h"
#include "err.h"
#include "html.h"
#include "log.h"

static void
count_cleanup(void *p)
{
    (*(int *)p)++;
}

static void
test_arena(void)
{
    struct arena a;
    arena_init(&a, 10000);
    char *s = arena_strdup(&a, "照会");
    is_str(s, "照会", "arena_strdup copies");
    is_str(arena_printf(&a, "%d-%s", 7, "x"), "7-x", "arena_printf formats");
    ok(arena_alloc(&a, 20000) == NULL, "allocation past the limit returns NULL");
    ok(arena_alloc(&a, (size_t)-1) == NULL, "size overflow returns NULL");
    int runs = 0;
    arena_defer(&a, count_cleanup, &runs);
    arena_defer(&a, count_cleanup, &runs);
    arena_reset(&a);
    is_int(runs, 2, "cleanups run at reset");
    is_int(a.used, 0, "reset frees everything");
    arena_reset(&a);
}

static void
test_buf(void)
{
    struct buf b;
    buf_init(&b, 8);
    buf_puts(&b, "1234");
    buf_printf(&b, "%d", 56);
    is_str(buf_str(&b), "123456", "appends");
    buf_puts(&b, "789");
    is_int(buf_err(&b), ERR_TOOBIG, "limit makes a sticky error");
    buf_puts(&b, "x");
    is_str(buf_str(&b), "123456", "nothing appended after the error");
    buf_cleanup(&b);
}

static void
test_escape(void)
{
    struct buf b;
    buf_init(&b, 0);
    html_esc(&b, "<script>\"'&x</script>");
    is_str(buf_str(&b), "&lt;script&gt;&quot;&#39;&amp;x&lt;/script&gt;",
           "html_esc escapes all five");
    buf_cleanup(&b);
    buf_init(&b, 0);
    html_esc_url(&b, "/a b?c=あ");
    is_str(buf_str(&b), "%2Fa%20b%3Fc%3D%E3%81%82", "html_esc_url percent-encodes");
    buf_cleanup(&b);
    buf_init(&b, 0);
    log_esc(&b, "a\r\n2026 FAKE\\");
    is_str(buf_str(&b), "a\\x0d\\x0a2026 FAKE\\x5c", "log_esc keeps one line");
    buf_cleanup(&b);
}

static void
test_utf8(void)
{
    ok(utf8_valid("照会 abc", strlen("照会 abc")), "Japanese is valid");
    ok(!utf8_valid("\xC0\xAF", 2), "overlong is refused");
    ok(!utf8_valid("\xED\xA0\x80", 3), "surrogate is refused");
    ok(!utf8_valid("\xF4\x90\x80\x80", 4), "above U+10FFFF is refused");
    ok(!utf8_valid("\xE3\x81", 2), "truncated sequence is refused");
    ok(utf8_valid("\xF0\x9F\x98\x80", 4), "emoji is valid");
    is_int(utf8_length("あいう12"), 5, "utf8_length counts code points");
    /* Issue #15 finding 6: the characters no entered text may hold. */
    ok(utf8_text_ok("照会 abc\t\n\r", strlen("照会 abc\t\n\r")), "text with tab, LF, CR is ok");
    ok(!utf8_text_ok("a\xEF\xBF\xBF", 4), "U+FFFF is refused");
    ok(!utf8_text_ok("a\xEF\xBF\xBE", 4), "U+FFFE is refused");
    ok(!utf8_text_ok("\xEF\xB7\x90", 3), "U+FDD0 is refused");
    ok(!utf8_text_ok("\xEF\xB7\xAF", 3), "U+FDEF is refused");
    ok(utf8_text_ok("\xEF\xB7\xB0", 3), "U+FDF0 is ok");
    ok(!utf8_text_ok("\xF0\x9F\xBF\xBF", 4), "U+1FFFF is refused");
    ok(!utf8_text_ok("a\x01", 2), "U+0001 is refused");
    ok(!utf8_text_ok("a\x7F", 2), "DEL is refused");
    ok(!utf8_text_ok("\xC0\xAF", 2), "malformed UTF-8 is refused");
    ok(utf8_text_ok("\xF0\x9F\x98\x80", 4), "an emoji is ok");
    const char *p = "あ\xC0";
    ok(utf8_next(&p) == 0x3042 && utf8_next(&p) == UTF8_BAD && *p == '\0',
       "utf8_next decodes and steps one byte over a bad one");
}

static void
test_dates(void)
{
    char out[80];
    int64_t t;
    ok(clock_parse_iso("2025-02-04T00:00:00+09:00", &t) && t == 1738594800, "ISO with +09:00");
    ok(clock_parse_iso("2025-02-03T15:00:00Z", &t) && t == 1738594800, "ISO with Z");
    ok(!clock_parse_iso("2025-02-04", &t), "a date alone is not a time");
    ok(!clock_parse_iso("2025-02-30T00:00:00Z", &t), "an impossible day is refused");
    ok(!clock_parse_iso("2025-02-04T24:00:00Z", &t), "hour 24 is refused");
    clock_wareki(1738594800, out, sizeof(out));
    is_str(out, "令和7年2月4日（火） 0時00分", "和暦 with the weekday, in JST");
    clock_wareki(1556636400, out, sizeof(out)); /* 2019-05-01 00:00 JST */
    is_str(out, "令和元年5月1日（水） 0時00分", "令和元年");
    clock_wareki(1556636399, out, sizeof(out));
    is_str(out, "平成31年4月30日（火） 23時59分", "the day before is 平成31年");
    clock_jst(1738594800, out, sizeof(out));
    is_str(out, "2025-02-04 00:00", "ISO-style JST");
    ok(clock_valid_date("2024-02-29") && !clock_valid_date("2025-02-29"), "leap years");
}

/* A buf made in an arena grows only within the arena's limit. */
static void
test_buf_in_arena(void)
{
    struct arena a;
    arena_init(&a, 32768);
    struct buf *b = buf_new_in(&a, 0);
    ok(b != NULL, "a buf in an arena");
    char block[1024];
    memset(block, 'x', sizeof(block));
    for (int i = 0; i < 12 && b; i++)
        buf_append(b, block, sizeof(block));
    is_int(buf_err(b), 0, "12 KiB (16 KiB of capacity) fit a 32 KiB arena");
    ok(arena_alloc(&a, 20000) == NULL, "the buf's memory counts: 20 KB more is past the limit");
    for (int i = 0; i < 28 && b; i++)
        buf_append(b, block, sizeof(block));
    is_int(buf_err(b), ERR_NOMEM,
           "the buf cannot grow past the arena's limit (the request's bound)");
    arena_reset(&a);
    is_int(a.used, 0, "and the reset frees it");
}

int
main(void)
{
    test_arena();
    test_buf_in_arena();
    test_buf();
    test_escape();
    test_utf8();
    test_dates();
    return done_testing();
}
