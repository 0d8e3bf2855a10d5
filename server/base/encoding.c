/*
 * encoding.c: CP932 to UTF-8 with iconv (see encoding.h).
 */
#include "encoding.h"
#include "buf.h"
#include "err.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>

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
