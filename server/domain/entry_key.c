/*
 * entry_key.c: the keys of 意見・質問 entries, keyed with the installation's
 * secret; the guard that keeps replied entries; migration 0009 (see
 * entry_key.h).
 */
#include "entry_key.h"
#include "answer.h"
#include "db.h"
#include "err.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAC_BYTES 16

/* "e-" and the hex MAC of parts, each taken with its terminating NUL so that
   no two lists of parts give the same message. */
static void
key_of_parts(const unsigned char *secret, const char *const *parts, size_t n_parts,
             char out[ENTRY_KEY_SIZE])
{
    unsigned char mac[MAC_BYTES];
    crypto_generichash_state st;
    crypto_generichash_init(&st, secret, ENTRY_KEY_SECRET_BYTES, sizeof(mac));
    for (size_t i = 0; i < n_parts; i++)
        crypto_generichash_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    crypto_generichash_final(&st, mac, sizeof(mac));
    out[0] = 'e';
    out[1] = '-';
    sodium_bin2hex(out + 2, ENTRY_KEY_SIZE - 2, mac, sizeof(mac));
}

int
entry_key_secret(struct db *db, unsigned char secret[ENTRY_KEY_SECRET_BYTES])
{
    static const char sql[] = "SELECT secret FROM install_secrets WHERE name = ?1";
    int rc = db_query_blob(db, sql, secret, ENTRY_KEY_SECRET_BYTES, db_text("entry_key"));
    return rc == ERR_NOTFOUND ? ERR_DB : rc;
}

bool
entry_key_of_row(const unsigned char *secret, const char *survey_id, const char *question_id,
                 const char *org_code, json_t *row, char out[ENTRY_KEY_SIZE])
{
    char *text = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return false;
    const char *parts[] = {"response", survey_id, question_id, org_code, text};
    key_of_parts(secret, parts, sizeof(parts) / sizeof(*parts), out);
    free(text);
    return true;
}

void
entry_key_of_import(const unsigned char *secret, const char *survey_id, const char *question_id,
                    int64_t id, char out[ENTRY_KEY_SIZE])
{
    char number[24];
    snprintf(number, sizeof(number), "%lld", (long long)id);
    const char *parts[] = {"import", survey_id, question_id, number};
    key_of_parts(secret, parts, sizeof(parts) / sizeof(*parts), out);
}

/* Whether the entry key of question_id has a reply (*replied). */
static int
has_reply(struct db *db, const char *survey_id, const char *question_id, const char *key,
          bool *replied)
{
    static const char sql[] = "SELECT 1 FROM entry_replies"
                              " WHERE survey_id = ?1 AND question_id = ?2 AND entry_key = ?3";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(question_id), db_text(key));
    db_done(st);
    *replied = rc == 1;
    return rc < 0 ? rc : 0;
}

/* Counts into *lost the rows of old_rows that have a reply and are not
   among new_rows unchanged. */
static int
count_lost(struct db *db, const unsigned char *secret, const char *survey_id,
           const char *question_id, const char *org_code, json_t *old_rows, json_t *new_rows,
           int *lost)
{
    size_t n_new = json_array_size(new_rows);
    char(*new_keys)[ENTRY_KEY_SIZE] = malloc((n_new ? n_new : 1) * sizeof(*new_keys));
    if (!new_keys)
        return ERR_NOMEM;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n_new; i++)
        if (!entry_key_of_row(secret, survey_id, question_id, org_code, json_array_get(new_rows, i),
                              new_keys[i]))
            rc = ERR_NOMEM;
    size_t i;
    json_t *row;
    json_array_foreach(old_rows, i, row)
    {
        char key[ENTRY_KEY_SIZE];
        bool replied = false, kept = false;
        if (rc || !entry_key_of_row(secret, survey_id, question_id, org_code, row, key)) {
            rc = rc ? rc : ERR_NOMEM;
            break;
        }
        if ((rc = has_reply(db, survey_id, question_id, key, &replied)) || !replied)
            continue;
        for (size_t k = 0; !kept && k < n_new; k++)
            kept = strcmp(new_keys[k], key) == 0;
        if (!kept)
            (*lost)++;
    }
    free(new_keys);
    return rc;
}

int
entry_key_replies_kept(struct db *db, const char *survey_id, const char *org_code, json_t *answers,
                       struct answer_issues *issues)
{
    static const char sql_submitted[] =
        "SELECT v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " WHERE r.survey_id = ?1 AND r.org_code = ?2";
    static const char sql_questions[] =
        "SELECT DISTINCT question_id FROM entry_replies WHERE survey_id = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql_submitted, &st, db_text(survey_id), db_text(org_code));
    json_t *old = rc == 1 ? json_loads(db_column_text(st, 0), 0, NULL) : NULL;
    db_done(st);
    st = NULL;
    if (rc <= 0) /* an error, or nothing submitted before: no entry to lose */
        return rc;
    unsigned char secret[ENTRY_KEY_SECRET_BYTES];
    if (!old)
        rc = ERR_DB;
    else if ((rc = entry_key_secret(db, secret)) == 0 &&
             (rc = db_first_row(db, sql_questions, &st, db_text(survey_id))) >= 0) {
        bool refused = false;
        for (; rc == 1; rc = db_step(st)) {
            const char *qid = db_column_text(st, 0);
            int lost = 0;
            int crc = count_lost(db, secret, survey_id, qid, org_code, json_object_get(old, qid),
                                 json_object_get(answers, qid), &lost);
            if (crc) {
                rc = crc;
                break;
            }
            if (lost) {
                answer_issue_add(issues, qid,
                                 "総務省の回答・考え方が付いた意見・質問（%d件）は変更・削除"
                                 "できません。元の内容に戻して提出してください。"
                                 "変更が必要なときは総務省に連絡してください。",
                                 lost);
                refused = true;
            }
        }
        if (rc == 0 && refused)
            rc = ERR_INPUT;
    }
    db_done(st);
    json_decref(old);
    sodium_memzero(secret, sizeof(secret));
    return rc;
}

/* ---- migration 0009 ---- */

/* The key before migration 0009: "r-" and 16 hex digits of an unkeyed
   BLAKE2b hash of the 団体 code and the row. */
static bool
legacy_key(const char *org_code, json_t *row, char out[19])
{
    char *text = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return false;
    unsigned char hash[8];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof(hash));
    crypto_generichash_update(&st, (const unsigned char *)org_code, strlen(org_code) + 1);
    crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
    crypto_generichash_final(&st, hash, sizeof(hash));
    free(text);
    out[0] = 'r';
    out[1] = '-';
    sodium_bin2hex(out + 2, 17, hash, sizeof(hash));
    return true;
}

static const char sql_rekey[] = "UPDATE entry_replies SET entry_key = ?4"
                                " WHERE survey_id = ?1 AND question_id = ?2 AND entry_key = ?3";

/* Re-keys the replies to the submitted responses' rows of one question. */
static int
rekey_responses(struct db *db, const unsigned char *secret, const char *survey_id,
                const char *question_id)
{
    static const char sql[] =
        "SELECT r.org_code, v.answers FROM responses r"
        " JOIN response_versions v ON v.response_id = r.id AND v.version = r.submitted_version"
        " WHERE r.survey_id = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id));
    for (; rc == 1; rc = db_step(st)) {
        const char *code = db_column_text(st, 0);
        json_t *answers = json_loads(db_column_text(st, 1), 0, NULL);
        size_t i;
        json_t *row;
        int urc = 0;
        json_array_foreach(json_object_get(answers, question_id), i, row)
        {
            char old_key[19], new_key[ENTRY_KEY_SIZE];
            if (!legacy_key(code, row, old_key) ||
                !entry_key_of_row(secret, survey_id, question_id, code, row, new_key))
                urc = ERR_NOMEM;
            else
                urc = db_run(db, sql_rekey, db_text(survey_id), db_text(question_id),
                             db_text(old_key), db_text(new_key));
            if (urc)
                break;
        }
        json_decref(answers);
        if (urc) {
            rc = urc;
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Re-keys the replies to imported entries ("imp-<id>") of one question. */
static int
rekey_imports(struct db *db, const unsigned char *secret, const char *survey_id,
              const char *question_id)
{
    static const char sql[] =
        "SELECT id FROM imported_entries WHERE survey_id = ?1 AND question_id = ?2";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id), db_text(question_id));
    for (; rc == 1; rc = db_step(st)) {
        int64_t id = sqlite3_column_int64(st, 0);
        char old_key[32], new_key[ENTRY_KEY_SIZE];
        snprintf(old_key, sizeof(old_key), "imp-%lld", (long long)id);
        entry_key_of_import(secret, survey_id, question_id, id, new_key);
        int urc = db_run(db, sql_rekey, db_text(survey_id), db_text(question_id), db_text(old_key),
                         db_text(new_key));
        if (urc) {
            rc = urc;
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

struct question_ref {
    char *survey_id, *question_id;
};

int
entry_key_migrate(struct db *db)
{
    static const char sql_secret[] = "INSERT INTO install_secrets(name, secret) VALUES (?1, ?2)";
    static const char sql_questions[] = "SELECT DISTINCT survey_id, question_id FROM entry_replies";
    unsigned char secret[ENTRY_KEY_SECRET_BYTES];
    randombytes_buf(secret, sizeof(secret));
    int rc = db_run(db, sql_secret, db_text("entry_key"), db_blob(secret, sizeof(secret)));
    /* The questions with replies, read whole before their rows are updated. */
    size_t n = 0, cap = 0;
    struct question_ref *refs = NULL;
    sqlite3_stmt *st = NULL;
    if (rc == 0 && (rc = db_prepare(db, &st, sql_questions)) == 0)
        rc = db_step(st);
    for (; rc == 1; rc = db_step(st)) {
        if (n == cap) {
            struct question_ref *more = realloc(refs, (cap = cap ? cap * 2 : 8) * sizeof(*refs));
            if (!more) {
                rc = ERR_NOMEM;
                break;
            }
            refs = more;
        }
        refs[n].survey_id = strdup(db_column_text(st, 0));
        refs[n].question_id = strdup(db_column_text(st, 1));
        if (!refs[n].survey_id || !refs[n].question_id)
            rc = ERR_NOMEM;
        n++;
        if (rc < 0)
            break;
    }
    db_done(st);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if ((rc = rekey_responses(db, secret, refs[i].survey_id, refs[i].question_id)) == 0)
            rc = rekey_imports(db, secret, refs[i].survey_id, refs[i].question_id);
    for (size_t i = 0; i < n; i++) {
        free(refs[i].survey_id);
        free(refs[i].question_id);
    }
    free(refs);
    sodium_memzero(secret, sizeof(secret));
    return rc < 0 ? rc : 0;
}
