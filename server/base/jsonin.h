/*
 * jsonin.h: parsing untrusted JSON with jansson, safely on a worker thread.
 *
 * jansson's parser recurses once per nesting level and only stops at 2,048;
 * CivetWeb's worker threads have small stacks (Debian builds it with the
 * upstream default of 100 KiB), so 3,000 nested brackets overflow the stack
 * and kill the server. We first measure the nesting depth without recursion
 * and refuse anything deeper than JSONIN_MAX_DEPTH, then parse with
 * duplicate keys refused and \u0000 disallowed (jansson's default).
 */
#ifndef SHOKAI_JSONIN_H
#define SHOKAI_JSONIN_H

#include <jansson.h>
#include <stddef.h>

#define JSONIN_MAX_DEPTH 64

/* The deepest nesting of [ and { in data, ignoring brackets inside strings. */
size_t jsonin_depth(const char *data, size_t len);
/* Parses data. On failure returns NULL and writes a Japanese message to msg.
   The caller owns the result (json_decref). */
json_t *jsonin_parse(const char *data, size_t len, char *msg, size_t msglen);

/* json_decref for cleanup lists (arena_defer): takes a void pointer. */
void json_decref_cb(void *j);

#endif
