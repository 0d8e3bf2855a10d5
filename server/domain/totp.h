/*
 * totp.h: time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps,
 * 6 digits, as every authenticator app computes them), on Debian's liboath
 * (oath-toolkit, the library behind pam_oath).
 */
#ifndef SHOKAI_TOTP_H
#define SHOKAI_TOTP_H

#include <stdbool.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20 /* 160 bits, RFC 4226's recommendation */
#define TOTP_BASE32_CHARS 33 /* 32 characters of base32 and a NUL */
#define TOTP_DIGITS 6
#define TOTP_STEP_SECONDS 30

/* A new random key. */
void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES]);
/* The key in base32 (RFC 4648, no padding), as apps take it typed in. */
void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char out[TOTP_BASE32_CHARS]);
/* What a person typed, as 6 ASCII digits: half- or full-width digits, with
   spaces (ASCII or U+3000) and hyphens between them ignored. false when it is
   not 6 digits after that. */
bool totp_code_normalize(const char *typed, char out[TOTP_DIGITS + 1]);
/* The time step (now / 30) at which code is the key's code, looking one step
   either side of now for clocks that drift; -1 when it matches none. */
int64_t totp_match(const unsigned char secret[TOTP_SECRET_BYTES], int64_t now, const char *code);
struct buf;
/* Appends the otpauth:// URI of the key for login (what an app scans from a
   QR code or takes pasted): issuer shokai, SHA1, 6 digits, 30 seconds. */
void totp_uri(struct buf *b, const char *login, const unsigned char secret[TOTP_SECRET_BYTES]);

/* The key's code at time t (tests and the command line's check). */
void totp_code_at(const unsigned char secret[TOTP_SECRET_BYTES], int64_t t,
                  char out[TOTP_DIGITS + 1]);

#endif
