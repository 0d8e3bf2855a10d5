/*
 * local_path.c: decides whether a redirect target stays on this site (see
 * local_path.h).
 */
#include "local_path.h"
#include "form.h"

#include <stdbool.h>
#include <stddef.h>

/* The byte at s[*i], or with decode the byte a "%XX" there stands for;
   advances *i past what it read. */
static unsigned char
next_byte(const char *s, size_t *i, bool decode)
{
    if (decode && s[*i] == '%') {
        int hi = form_hex_value(s[*i + 1]), lo = hi < 0 ? -1 : form_hex_value(s[*i + 2]);
        if (lo >= 0) {
            *i += 3;
            return (unsigned char)(hi << 4 | lo);
        }
    }
    return (unsigned char)s[(*i)++];
}

static bool
is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* The rule of local_path.h on s as it is, or with decode on s decoded once. */
static bool
path_is_local(const char *s, bool decode)
{
    size_t i = 0, n = 0;
    while (s[i]) {
        unsigned char c = next_byte(s, &i, decode);
        if (is_control(c) || (n == 0 && c != '/') ||
            (n == 1 && (c == '/' || c == '\\' || c == ' ')))
            return false;
        n++;
    }
    return n > 0;
}

const char *
local_path_or_root(const char *path)
{
    if (!path || !path_is_local(path, false) || !path_is_local(path, true))
        return "/";
    return path;
}
