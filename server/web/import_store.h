/*
 * import_store.h: the one-time links of a bulk import, kept in memory for a
 * short while for the administrator who ran it.
 *
 * A link's raw token is never stored (only its hash is, account_link.h), so
 * the links CSV and the printable 通知書 can only be made from the answer to
 * the import itself. The page's answer cannot carry both files, so it
 * carries a batch id instead, and the links stay here, tied to the hash of
 * the administrator's session: for IMPORT_STORE_SECONDS, only to that
 * session, in this process's memory only (a restart forgets them; nothing
 * reaches the disk). After that, an administrator issues new links from the
 * account's page. The API's import answers with the links themselves and
 * stores nothing here.
 */
#ifndef SHOKAI_IMPORT_STORE_H
#define SHOKAI_IMPORT_STORE_H

#include "account_import.h"
#include "auth.h"

#include <stddef.h>
#include <stdint.h>

struct arena;

#define IMPORT_STORE_SECONDS (30 * 60)
/* Batches kept at once; the oldest goes first. */
#define IMPORT_STORE_MAX 8

/* Keeps a copy of items[0..n) and base_url for the session of
   session_token; writes the batch's id. ERR_NOMEM when no memory. */
int import_store_put(const char *session_token, const struct account_issued *items, size_t n,
                     const char *base_url, int64_t now, char id_out[AUTH_TOKEN_CHARS]);
/* The batch id of session_token's session, copied into arena a (the tokens
   too: the caller's arena is reset, never written out). ERR_NOTFOUND when
   there is no such batch for this session, or it expired. */
int import_store_get(const char *session_token, const char *id, int64_t now, struct arena *a,
                     struct account_issued **items, size_t *n, const char **base_url);
/* Forgets every batch (at shutdown). */
void import_store_clear(void);

#endif
