/*
 * utf8.h: well-formed UTF-8 and the characters entered text may hold.
 */
#ifndef SHOKAI_UTF8_H
#define SHOKAI_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What utf8_next returns for bytes that are not well-formed UTF-8. */
#define UTF8_BAD UINT32_MAX

/* True if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* The code point at *p in a NUL-terminated string, moving *p past it;
   UTF8_BAD (moving one byte) where the bytes are not well-formed UTF-8. */
uint32_t utf8_next(const char **p);
/* True for a character that entered text may hold and every export (CSV,
   XLSX's XML) can carry: not a C0 control other than tab, LF and CR, not
   DEL, not a noncharacter (U+FDD0..U+FDEF, U+FFFE, U+FFFF and the last two
   code points of every other plane), not UTF8_BAD. */
bool utf8_char_allowed(uint32_t cp);
/* True if s[0..n) is well-formed UTF-8 made only of utf8_char_allowed
   characters: the check for every text a user enters (answers, replies,
   notes, comments, imported CSV fields). */
bool utf8_text_ok(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* Copies at most max_chars whole characters of UTF-8 s into out
   (NUL-terminated, at most outlen bytes with the NUL). */
void utf8_prefix(const char *s, size_t max_chars, char *out, size_t outlen);

#endif
