/*
 * form.h: our own size-capped parser for urlencoded bodies and query strings.
 *
 * Never mg_handle_form_request(): CVE-2025-9648 (a raw NUL spins a worker
 * forever) is open in Debian's CivetWeb 1.15. This parser refuses raw control
 * bytes, bad percent-escapes and invalid UTF-8, and caps the field count.
 */
#ifndef SHOKAI_FORM_H
#define SHOKAI_FORM_H

#include <stddef.h>

struct arena;

#define FORM_MAX_FIELDS 1000
#define FORM_MAX_KEY 256

struct form_field {
    const char *name;
    const char *value;
};

struct form {
    struct form_field *fields; /* in the request arena */
    size_t n_fields;
    size_t cap;
};

/* Parses "a=1&b=%E3%81%82" into out (fields in arena a). Returns 0, ERR_INPUT
   (with *why a Japanese message) or ERR_TOOBIG (too many fields). */
int form_parse(struct arena *a, const char *data, size_t len, struct form *out, const char **why);
/* Appends one field (path parameters use this). */
int form_add(struct arena *a, struct form *f, const char *name, const char *value);
/* The first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* How many times name occurs. */
size_t form_count(const struct form *f, const char *name);

/* The value of one hex digit, or -1. */
int form_hex_value(char c);
/* Decodes a percent-encoded string into arena a; plus_is_space for form data.
   NULL on a bad escape, a decoded NUL or control byte, or invalid UTF-8. */
char *form_decode(struct arena *a, const char *s, size_t n, int plus_is_space);

#endif
