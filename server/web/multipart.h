/*
 * multipart.h: a multipart/form-data body (RFC 7578), as a browser sends a
 * form with a file: its text fields become form fields, checked as a
 * urlencoded form's are (form.h), and its one file part is kept as raw bytes
 * for the domain to read (a CSV in UTF-8 or CP932: not text yet).
 */
#ifndef SHOKAI_MULTIPART_H
#define SHOKAI_MULTIPART_H

#include <stddef.h>

struct arena;
struct form;

#define MULTIPART_MAX_PARTS 32

/* Parses body[0..len) with the boundary of content_type (the request's
   Content-Type header). Text parts are added to fields (in arena a); the
   content of the part named file_field (there may be one) is pointed to by
   *file and *file_len (NULL and 0 when absent), inside body. ERR_INPUT with
   *why (Japanese) for a malformed body, a text field that is not valid UTF-8
   text, or a second file; ERR_TOOBIG past MULTIPART_MAX_PARTS. */
int multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                    const char *file_field, struct form *fields, const char **file,
                    size_t *file_len, const char **why);

#endif
