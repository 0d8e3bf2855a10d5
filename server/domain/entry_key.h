/*
 * entry_key.h: the key of a 意見・質問 entry: what the Ministry's reply
 * (回答・考え方) is attached to, and the id every role sees in pages, the API
 * and exports.
 *
 * A key is "e-" and 32 hex digits of a keyed BLAKE2b MAC (libsodium) over the
 * survey, the question, the 団体 code and the row's content, with a 32-byte
 * secret created by `shokai migrate` (install_secrets). Without the secret
 * it cannot be computed from public data (the 団体 codes), and two
 * installations holding the same answers show different keys. Imported
 * entries are keyed by their row id in the same way. Unchanged rows keep
 * their key; a changed row gets a new one, so a submission that would change
 * or delete a replied entry is refused (entry_key_replies_kept).
 */
#ifndef SHOKAI_ENTRY_KEY_H
#define SHOKAI_ENTRY_KEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct answer_issues;

#define ENTRY_KEY_SECRET_BYTES 32
#define ENTRY_KEY_SIZE 35 /* "e-", 32 hex digits, NUL */

/* The installation's secret. ERR_DB when the database has none (not migrated). */
int entry_key_secret(struct db *db, unsigned char secret[ENTRY_KEY_SECRET_BYTES]);
/* The key of one row of a response's entry question into out; false when
   out of memory. */
bool entry_key_of_row(const unsigned char *secret, const char *survey_id, const char *question_id,
                      const char *org_code, json_t *row, char out[ENTRY_KEY_SIZE]);
/* The key of an imported entry (imported_entries.id). */
void entry_key_of_import(const unsigned char *secret, const char *survey_id,
                         const char *question_id, int64_t id, char out[ENTRY_KEY_SIZE]);

/* Inside the transaction that makes answers org_code's submitted version:
   ERR_INPUT, with an issue per question, when a row of the submitted version
   it replaces has a reply and is not among answers' rows unchanged (the reply
   would be lost). 0 otherwise. */
int entry_key_replies_kept(struct db *db, const char *survey_id, const char *org_code,
                           json_t *answers, struct answer_issues *issues);

/* The C step of migration 0009 (inside its transaction): stores a new secret
   and moves every reply from its old, unkeyed key to the new one. */
int entry_key_migrate(struct db *db);

#endif
