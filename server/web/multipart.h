/*
 * multipart.h: multipart/form-data bodies (a file upload form): text fields
 * into a struct form, files as spans of the body. Our own parser, size-capped
 * like form.c (never CivetWeb's mg_handle_form_request, CVE-2025-9648).
 */
#ifndef SHOKAI_MULTIPART_H
#define SHOKAI_MULTIPART_H

#include <stddef.h>

struct arena;
struct form;

#define MULTIPART_MAX_FILES 50

struct upload_file {
    const char *field;    /* the form field's name */
    const char *filename; /* as the browser sent it (valid UTF-8), or "" */
    const char *data;     /* into the request body */
    size_t len;
};

struct uploads {
    struct upload_file *items; /* in the request arena */
    size_t n;
};

/* Parses body (Content-Type ctype, with its boundary) into fields (text parts,
   which must be valid text) and files (parts with a filename). Returns 0,
   ERR_INPUT with *why a Japanese message, or ERR_TOOBIG (too many parts). */
int multipart_parse(struct arena *a, const char *ctype, const char *body, size_t len,
                    struct form *fields, struct uploads *files, const char **why);
/* The first file sent in field, or NULL. */
const struct upload_file *uploads_find(const struct uploads *files, const char *field);

#endif
