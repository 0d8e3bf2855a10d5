/*
 * gen_national.c: the benchmark's national dataset (bench/README.md).
 *
 *   bench_gen --db PATH [--scale PERCENT] [--tokens FILE]
 *
 * A new database with every seed, every shipped survey open, three org
 * accounts for each 団体 and, for PERCENT of the national 1,788 団体, every
 * survey answered and submitted through the server's own response_save() and
 * response_submit() (so the rows are exactly what the server writes). Above
 * 100 % synthetic 団体 are added (codes 50000x-99999x, which no prefecture
 * uses, with the kind and prefecture of a real 団体). The answers are drawn
 * with a fixed seed from each question's definition, so two runs make the
 * same dataset. FILE receives one line per answering 団体: code, an API token
 * and a browser session token of one of its accounts, for the load scripts;
 * its first line is the same for a Ministry account ("ministry" as code).
 *
 * The data is written with synchronous=OFF: it is generated, not entrusted.
 */
#include "answer.h"
#include "api_token.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "response.h"
#include "seed.h"
#include "session.h"
#include "survey_store.h"
#include "user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NATIONAL 1788
#define ACCOUNTS_PER_ORG 3

static const char *const surveys[] = {"r7-ikenshokai", "r3-ikenshokai", "sanso-2023",
                                      "selfcheck-guideline"};

struct org_row {
    char code[8];
    char prefecture[32];
    char kind[16];
};

/* A small fixed-seed generator (xorshift), so datasets are reproducible. */
static unsigned long long rng_state = 0x5eed5eedULL;

static unsigned
rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static json_t *
value_for(const struct question *q, int org_index)
{
    switch (q->type) {
    case Q_SINGLE:
        return json_incref(json_array_get(q->options, rnd((unsigned)json_array_size(q->options))));
    case Q_MULTI: {
        json_t *picked = json_array();
        size_t n = json_array_size(q->options);
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_array_get(q->options, i);
            bool alone = false;
            size_t k;
            json_t *x;
            json_array_foreach(q->exclusive, k, x) alone |= json_equal(x, o);
            if (!alone && rnd(3) == 0)
                json_array_append(picked, o);
        }
        if (json_array_size(picked) == 0)
            json_array_append(picked, json_array_get(q->options, 0));
        return picked;
    }
    case Q_TEXT:
        return json_sprintf("ベンチマーク用の回答です（団体 %d、設問 %s）。", org_index, q->id);
    case Q_NUMBER:
        return json_integer(q->has_min ? (json_int_t)q->min + rnd(10) : rnd(10));
    case Q_DATE:
        return json_string(q->date_min ? q->date_min : "2025-02-01");
    case Q_CHECK:
        return json_pack("{s:s, s:s}", "status", check_statuses[rnd(3)], "note", "");
    case Q_TABLE: {
        json_t *rows = json_array();
        long n = q->min_rows > 2 ? q->min_rows : 2;
        for (long r = 0; r < n; r++) {
            json_t *row = json_object();
            for (size_t c = 0; c < q->n_columns; c++)
                json_object_set_new(row, q->columns[c].id, value_for(&q->columns[c], org_index));
            json_array_append_new(rows, row);
        }
        return rows;
    }
    }
    return json_null();
}

static json_t *
answers_for(const struct survey *s, int org_index)
{
    json_t *a = json_object();
    for (size_t i = 0; i < s->n_questions; i++)
        json_object_set_new(a, s->questions[i].id, value_for(&s->questions[i], org_index));
    return a;
}

static int
answer_and_submit(struct db *db, const struct survey *s, const char *org, int org_index)
{
    struct arena a;
    arena_init(&a, 0);
    struct answer_issues is;
    answer_issues_init(&is, &a);
    json_t *raw = answers_for(s, org_index);
    json_t *clean = answer_check(s, raw, true, &is);
    long version;
    int rc = ERR_INPUT;
    if (is.n)
        fprintf(stderr, "bench_gen: %s/%s: %s\n", s->id, org, is.items[0].message);
    else if ((rc = response_save(db, &audit_cli, s->id, org, clean, RESPONSE_ANY_VERSION, false,
                                 &version)) == 0) {
        answer_issues_init(&is, &a);
        rc = response_submit(db, &audit_cli, s, org, version, false, &is, &version);
    }
    json_decref(raw);
    json_decref(clean);
    arena_reset(&a);
    return rc;
}

static int
load_orgs(struct db *db, struct org_row **out, size_t *n)
{
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, "SELECT code, prefecture, kind FROM organizations ORDER BY code");
    if (rc)
        return rc;
    size_t cap = 2048;
    struct org_row *rows = malloc(cap * sizeof(*rows));
    *n = 0;
    while ((rc = db_step(st)) == 1) {
        if (*n == cap)
            rows = realloc(rows, (cap *= 2) * sizeof(*rows));
        snprintf(rows[*n].code, sizeof(rows[*n].code), "%s", db_column_text(st, 0));
        snprintf(rows[*n].prefecture, sizeof(rows[*n].prefecture), "%s", db_column_text(st, 1));
        snprintf(rows[*n].kind, sizeof(rows[*n].kind), "%s", db_column_text(st, 2));
        (*n)++;
    }
    db_done(st);
    *out = rows;
    return rc < 0 ? rc : 0;
}

/* Synthetic 団体 k (0-based) copies the kind and prefecture of a real
   municipality; its code has a valid check digit in an unused range. */
static int
add_synthetic(struct db *db, const struct org_row *real, size_t n_real, size_t k,
              struct org_row *out)
{
    const struct org_row *like = &real[k % n_real];
    if (strcmp(like->kind, "都道府県") == 0)
        like = &real[(k + 1) % n_real];
    int base = 50000 + (int)(k % 50000), sum = 0;
    char digits[12];
    snprintf(digits, sizeof(digits), "%05d", base);
    for (int i = 0; i < 5; i++)
        sum += (digits[i] - '0') * (6 - i);
    snprintf(out->code, sizeof(out->code), "%.5s%d", digits, (11 - sum % 11) % 10);
    snprintf(out->prefecture, sizeof(out->prefecture), "%s", like->prefecture);
    snprintf(out->kind, sizeof(out->kind), "%s", like->kind);
    char name[48];
    snprintf(name, sizeof(name), "ベンチ団体%05zu", k);
    return db_run(db,
                  "INSERT INTO organizations(code, prefecture, name, kana, kind, updated_at)"
                  " VALUES (?1, ?2, ?3, 'べんちだんたい', ?4, '2026-01-01')",
                  db_text(out->code), db_text(out->prefecture), db_text(name), db_text(out->kind));
}

/* One account with an API token and a session, written as a line of FILE. */
static int
add_token_line(struct db *db, int64_t user_id, const char *code, FILE *tokens)
{
    char api[AUTH_TOKEN_CHARS], session[AUTH_TOKEN_CHARS], csrf[AUTH_TOKEN_CHARS];
    int64_t expires_at;
    int rc = api_token_create(db, user_id, "bench", API_TOKEN_DAYS_MAX, api, &expires_at);
    if (rc == 0)
        rc = session_create(db, user_id, false, session, csrf);
    if (rc == 0 && tokens)
        fprintf(tokens, "%s %s %s\n", code, api, session);
    return rc;
}

/* Three accounts per 団体 sharing one argon2id hash (hashing 5,364 passwords
   would take minutes and measure nothing). Returns the first account's id. */
static int
add_accounts(struct db *db, const char *org, const char *hash, int64_t *first_id)
{
    for (int i = 0; i < ACCOUNTS_PER_ORG; i++) {
        char login[32];
        snprintf(login, sizeof(login), "b%s-%d", org, i + 1);
        int rc = db_run(db,
                        "INSERT INTO users(login, role, org_code, password_hash, created_at)"
                        " VALUES (?1, 'org', ?2, ?3, ?4)",
                        db_text(login), db_text(org), db_text(hash), db_int(clock_now()));
        if (rc)
            return rc;
        if (i == 0)
            *first_id = db_last_rowid(db);
    }
    return 0;
}

static int
generate(struct db *db, long scale, FILE *tokens)
{
    char msg[256], hash[crypto_pwhash_STRBYTES];
    int applied, rc;
    if ((rc = migrate_run(db, &applied)) || (rc = seed_all(db, msg, sizeof(msg))))
        return rc;
    int64_t now = clock_now();
    struct survey *loaded[sizeof(surveys) / sizeof(surveys[0])] = {0};
    for (size_t i = 0; i < sizeof(surveys) / sizeof(surveys[0]); i++)
        if ((rc = survey_set_period(db, &audit_cli, surveys[i], now - 86400, now + 30 * 86400)) ||
            (rc = survey_load(db, surveys[i], &loaded[i])))
            return rc;
    if ((rc = auth_hash_password("bench-password-not-secret", hash)))
        return rc;
    struct org_row *orgs;
    size_t n_real;
    if ((rc = load_orgs(db, &orgs, &n_real)))
        return rc;
    rc = db_run(db,
                "INSERT INTO users(login, role, password_hash, created_at)"
                " VALUES ('bench-ministry', 'ministry', ?1, ?2)",
                db_text(hash), db_int(now));
    if (rc || (rc = add_token_line(db, db_last_rowid(db), "ministry", tokens)))
        return rc;
    size_t n_answering = (size_t)((long)n_real * scale / 100);
    if (n_answering > n_real) {
        orgs = realloc(orgs, n_answering * sizeof(*orgs));
        db_exec_script(db, "BEGIN");
        for (size_t k = n_real; k < n_answering && !rc; k++)
            rc = add_synthetic(db, orgs, n_real, k - n_real, &orgs[k]);
        db_exec_script(db, rc ? "ROLLBACK" : "COMMIT");
    }
    for (size_t k = 0; k < n_answering && !rc; k++) {
        int64_t user_id = 0;
        if ((rc = add_accounts(db, orgs[k].code, hash, &user_id)) ||
            (rc = add_token_line(db, user_id, orgs[k].code, tokens)))
            break;
        for (size_t i = 0; i < sizeof(surveys) / sizeof(surveys[0]) && !rc; i++)
            if (survey_for_kind(loaded[i], orgs[k].kind))
                rc = answer_and_submit(db, loaded[i], orgs[k].code, (int)k);
        if ((k + 1) % 500 == 0)
            fprintf(stderr, "bench_gen: %zu of %zu 団体 answered\n", k + 1, n_answering);
    }
    for (size_t i = 0; i < sizeof(surveys) / sizeof(surveys[0]); i++)
        survey_release(loaded[i]);
    free(orgs);
    return rc;
}

int
main(int argc, char **argv)
{
    const char *path = NULL, *tokens_path = NULL;
    long scale = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--db") == 0)
            path = argv[i + 1];
        else if (strcmp(argv[i], "--scale") == 0)
            scale = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--tokens") == 0)
            tokens_path = argv[i + 1];
    }
    if (!path || scale < 1 || scale > 2000) {
        fprintf(stderr, "usage: bench_gen --db PATH [--scale PERCENT 1-2000] [--tokens FILE]\n");
        return 2;
    }
    if (auth_init())
        return 1;
    remove(path);
    struct db *db;
    if (db_open(path, true, &db)) {
        fprintf(stderr, "bench_gen: cannot create %s\n", path);
        return 1;
    }
    db_exec_script(db, "PRAGMA synchronous=OFF");
    FILE *tokens = tokens_path ? fopen(tokens_path, "w") : NULL;
    int rc = generate(db, scale, tokens);
    if (tokens)
        fclose(tokens);
    db_close(db);
    if (rc)
        fprintf(stderr, "bench_gen: failed (%d)\n", rc);
    return rc ? 1 : 0;
}
