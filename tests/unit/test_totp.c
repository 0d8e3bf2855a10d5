/*
 * test_totp.c: the one-time codes against RFC 6238's own test vectors, the
 * drift window, what a person may type, and the QR code's SVG.
 */
#include "../tap.h"
#include "buf.h"
#include "qr_svg.h"
#include "totp.h"

#include <string.h>

/* RFC 6238 Appendix B's SHA-1 key, "12345678901234567890" (20 bytes). */
static const unsigned char rfc_key[TOTP_SECRET_BYTES] = "12345678901234567890";

static void
test_vectors(void)
{
    /* The RFC's 8-digit values; an app shows the last 6 digits. */
    static const struct {
        long long t;
        const char *code;
    } vectors[] = {
        {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
        {1234567890, "005924"}, {2000000000, "279037"}, {20000000000LL, "353130"},
    };
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        char code[TOTP_DIGITS + 1];
        totp_code_at(rfc_key, vectors[i].t, code);
        is_str(code, vectors[i].code, "RFC 6238 test vector");
        is_int(totp_match(rfc_key, vectors[i].t, vectors[i].code), vectors[i].t / 30,
               "the code matches at its own time step");
    }
}

static void
test_window(void)
{
    char code[TOTP_DIGITS + 1];
    int64_t t = 1111111111, step = t / 30;
    totp_code_at(rfc_key, t, code);
    is_int(totp_match(rfc_key, t + 30, code), step, "accepted one step later (a slow typist)");
    is_int(totp_match(rfc_key, t - 30, code), step, "and one step early (a clock ahead)");
    is_int(totp_match(rfc_key, t + 90, code), -1, "not three steps later");
    is_int(totp_match(rfc_key, t - 90, code), -1, "nor three steps early");
    unsigned char other[TOTP_SECRET_BYTES];
    totp_new_secret(other);
    ok(totp_match(other, t, code) == -1 || memcmp(other, rfc_key, sizeof(other)) == 0,
       "another key's code does not match");
    unsigned char a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
    totp_new_secret(a);
    totp_new_secret(b);
    ok(memcmp(a, b, sizeof(a)) != 0, "new keys are random");
    char b32[TOTP_BASE32_CHARS];
    totp_base32(rfc_key, b32);
    is_str(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "base32 as apps take it (RFC 4648)");
    struct buf uri;
    buf_init(&uri, 0);
    totp_uri(&uri, "mof@soumu", rfc_key);
    is_str(buf_str(&uri),
           "otpauth://totp/shokai:mof%40soumu?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
           "&issuer=shokai&algorithm=SHA1&digits=6&period=30",
           "the otpauth URI, its login percent-encoded");
    buf_cleanup(&uri);
}

static void
test_typing(void)
{
    char out[TOTP_DIGITS + 1];
    ok(totp_code_normalize("123456", out) && strcmp(out, "123456") == 0, "six digits");
    ok(totp_code_normalize(" 123 456 ", out) && strcmp(out, "123456") == 0, "spaces ignored");
    ok(totp_code_normalize("123-456", out) && strcmp(out, "123456") == 0, "a hyphen ignored");
    ok(totp_code_normalize("１２３４５６", out) && strcmp(out, "123456") == 0,
       "full-width digits (an IME left on)");
    ok(totp_code_normalize("123\xe3\x80\x80"
                           "456",
                           out) &&
           strcmp(out, "123456") == 0,
       "an ideographic space ignored");
    ok(!totp_code_normalize("12345", out), "five digits refused");
    ok(!totp_code_normalize("1234567", out), "seven digits refused");
    ok(!totp_code_normalize("１２３４５６７", out), "seven full-width digits refused");
    ok(!totp_code_normalize("12345a", out), "a letter refused");
    ok(!totp_code_normalize("", out), "nothing refused");
    ok(!totp_code_normalize("\xef\xbc", out), "a cut UTF-8 sequence refused");
}

static void
test_qr(void)
{
    struct buf b;
    buf_init(&b, 0);
    is_int(qr_svg(&b, "otpauth://totp/shokai:ministry1?secret=GEZDGNBVGY3TQOJQ", "QR <code>"), 0,
           "a URI is encoded");
    const char *svg = buf_str(&b);
    ok(strncmp(svg, "<svg ", 5) == 0 && strstr(svg, "</svg>") != NULL, "as one <svg> element");
    ok(strstr(svg, "aria-label=\"QR &lt;code&gt;\"") != NULL, "its label escaped");
    ok(strstr(svg, "h1v1h-1z") != NULL, "with dark modules");
    ok(strstr(svg, "secret") == NULL, "and the key only as modules, never as text");
    buf_cleanup(&b);
}

int
main(void)
{
    test_vectors();
    test_window();
    test_typing();
    test_qr();
    return done_testing();
}
