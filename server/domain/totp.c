/*
 * totp.c: RFC 6238 codes with liboath (see totp.h).
 */
#include "totp.h"
#include "buf.h"
#include "html.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void
oath_start(void)
{
    /* oath_init only sets up the library's hash functions; it cannot fail
       in a way we could recover from, and later calls report any error. */
    (void)oath_init();
}

void
totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES])
{
    randombytes_buf(secret, TOTP_SECRET_BYTES);
}

void
totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char out[TOTP_BASE32_CHARS])
{
    pthread_once(&oath_once, oath_start);
    char *b32 = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &b32, &len) == OATH_OK &&
        len < TOTP_BASE32_CHARS) {
        memcpy(out, b32, len);
        out[len] = '\0';
    }
    free(b32);
}

void
totp_uri(struct buf *b, const char *login, const unsigned char secret[TOTP_SECRET_BYTES])
{
    char b32[TOTP_BASE32_CHARS];
    totp_base32(secret, b32);
    buf_puts(b, "otpauth://totp/shokai:");
    html_esc_url(b, login);
    buf_puts(b, "?secret=");
    buf_puts(b, b32);
    buf_puts(b, "&issuer=shokai&algorithm=SHA1&digits=6&period=30");
    sodium_memzero(b32, sizeof(b32));
}

bool
totp_code_normalize(const char *typed, char out[TOTP_DIGITS + 1])
{
    const unsigned char *s = (const unsigned char *)typed;
    size_t n = 0;
    while (*s) {
        if (*s >= '0' && *s <= '9') {
            if (n == TOTP_DIGITS)
                return false;
            out[n++] = (char)*s++;
        } else if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
            if (n == TOTP_DIGITS)
                return false; /* full-width ０-９ */
            out[n++] = (char)('0' + (s[2] - 0x90));
            s += 3;
        } else if (*s == ' ' || *s == '-') {
            s++;
        } else if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
            s += 3; /* ideographic space */
        } else {
            return false;
        }
    }
    out[n] = '\0';
    return n == TOTP_DIGITS;
}

int64_t
totp_match(const unsigned char secret[TOTP_SECRET_BYTES], int64_t now, const char *code)
{
    pthread_once(&oath_once, oath_start);
    uint64_t step = 0;
    int pos = 0;
    int rc = oath_totp_validate3((const char *)secret, TOTP_SECRET_BYTES, (time_t)now,
                                 TOTP_STEP_SECONDS, 0, 1, &pos, &step, code);
    return rc >= 0 ? (int64_t)step : -1;
}

void
totp_code_at(const unsigned char secret[TOTP_SECRET_BYTES], int64_t t, char out[TOTP_DIGITS + 1])
{
    pthread_once(&oath_once, oath_start);
    if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES, (time_t)t, TOTP_STEP_SECONDS, 0,
                           TOTP_DIGITS, out) != OATH_OK)
        out[0] = '\0';
}
