/*
 * mime.h: an e-mail as the SMTP server receives it (RFC 5322 with MIME):
 * Japanese plain text in UTF-8, the Subject as RFC 2047 encoded-words
 * (B encoding, folded so that no line passes 76 characters), the body in
 * base64 (RFC 2045, 76-character lines), with Date, Message-ID, From, To and
 * MIME-Version.
 *
 * No header can be split or added through a value: an address, subject or
 * Message-ID holding CR, LF or any other control character is refused.
 */
#ifndef SHOKAI_MIME_H
#define SHOKAI_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

struct mime_mail {
    const char *from;       /* addr-spec: taro@example.jp */
    const char *to;         /* addr-spec */
    const char *subject;    /* UTF-8, one line */
    const char *body;       /* UTF-8; LF or CRLF line ends */
    const char *message_id; /* "<...@host>" */
    int64_t date;           /* Unix seconds; written in JST (+0900) */
};

/* Appends the whole message (headers, blank line, body; CRLF line ends) to
   out. ERR_INPUT when an address is not a plain addr-spec, a header value
   holds a control character, or a text is not valid UTF-8; ERR_NOMEM. */
int mime_compose(const struct mime_mail *m, struct buf *out);

/* Whether s is an address we send to: local@domain, printable ASCII without
   space, quotes, angle brackets, commas or semicolons, one '@', at most 254
   characters. */
bool mime_address_ok(const char *s);

/* Appends "Name: " and text as RFC 2047 B encoded-words in UTF-8, folded
   with CRLF SP so that each line stays within 76 characters and no word
   splits a character; ends with CRLF. */
void mime_encoded_header(struct buf *out, const char *name, const char *text);

/* Appends the base64 of n bytes of p in lines of 76 characters, each ending
   with CRLF. */
void mime_base64_lines(struct buf *out, const void *p, size_t n);

/* t as an RFC 5322 date in JST: "Wed, 02 Dec 2026 17:30:00 +0900" (out >= 32). */
void mime_date(int64_t t, char *out, size_t outlen);

#endif
