/*
 * encoding.c: CP932 to UTF-8 with iconv (see encoding.h).
 */
#include "encoding.h"
#include "buf.h"
#include "err.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int
encoding_cp932_to_utf8(const char *data, size_t len, struct buf *out, char *msg, size_t msglen)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1)
        return ERR_IO;
    char *in = (char *)(uintptr_t)data; /* iconv's prototype is not const-correct */
    size_t in_left = len;
    int rc = 0;
    while (in_left > 0 && rc == 0) {
        char chunk[8192];
        char *o = chunk;
        size_t o_left = sizeof(chunk);
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        buf_append(out, chunk, sizeof(chunk) - o_left);
        if (r == (size_t)-1 && errno != E2BIG) {
            size_t line = 1;
            for (const char *p = data; p < in; p++)
                line += *p == '\n';
            snprintf(msg, msglen, "%zu行目: CP932 として読めない文字があります", line);
            rc = ERR_INPUT;
        }
    }
    iconv_close(cd);
    return rc ? rc : buf_err(out) ? ERR_TOOBIG : 0;
}

int
encoding_to_utf8(const char *data, size_t len, struct buf *converted, const char **text,
                 size_t *text_len, char *msg, size_t msglen)
{
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (skip || utf8_valid(data, len)) {
        *text = data;
        *text_len = len;
        return 0;
    }
    int rc = encoding_cp932_to_utf8(data, len, converted, msg, msglen);
    if (rc == 0 && buf_err(converted))
        rc = buf_err(converted);
    *text = rc ? NULL : buf_str(converted);
    *text_len = rc ? 0 : converted->len;
    return rc;
}
