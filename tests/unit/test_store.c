/*
 * test_store.c: migrations, the 団体 master, accounts, sessions and login
 * throttling against a temporary database, with the injectable clock.
 */
#include "../tap.h"
#include "api_token.h"
#include "audit.h"
#include "auth.h"
#include "csvread.h"
#include "db.h"
#include "db_pool.h"
#include "err.h"
#include "login.h"
#include "migrate.h"
#include "org.h"
#include "seed.h"
#include "session.h"
#include "user.h"

#include <stdlib.h>
#include <unistd.h>

static char clock_path[256];

static void
set_clock(long long t)
{
    FILE *f = fopen(clock_path, "w");
    fprintf(f, "%lld\n", t);
    fclose(f);
}

static void
test_codes(void)
{
    ok(org_code_valid("010006"), "北海道 010006 passes the check digit");
    ok(org_code_valid("012131"), "苫小牧市 012131 (r = 0 gives 1) passes");
    ok(org_code_valid("090000"), "栃木県 090000 (r = 1 gives 0) passes");
    ok(!org_code_valid("010007"), "a wrong check digit fails");
    ok(!org_code_valid("01000"), "five digits fail");
    ok(!org_code_valid("01000a"), "a letter fails");
    ok(org_kind_valid("特別区") && !org_kind_valid("区"), "kinds are the seven of the master");
}

static int
count_rows(size_t row_no, char **f, size_t n, void *ctx)
{
    (void)row_no;
    (void)f;
    *(size_t *)ctx += n;
    return 0;
}

static void
test_csv(void)
{
    struct csv_limits lim = {3, 4, 100};
    char msg[256];
    size_t fields = 0;
    const char *ok_csv = "\xEF\xBB\xBF"
                         "a,\"b,\"\"c\"\"\"\r\n\"x\ny\",z\n";
    is_int(csvread_parse(ok_csv, strlen(ok_csv), &lim, count_rows, &fields, msg, sizeof(msg)), 0,
           "BOM, quotes, embedded newline parse");
    is_int(fields, 4, "four fields");
    const char *rows = "a\nb\nc\nd\n";
    is_int(csvread_parse(rows, strlen(rows), &lim, count_rows, &fields, msg, sizeof(msg)),
           ERR_TOOBIG, "row cap");
    const char *cols = "a,b,c,d,e\n";
    is_int(csvread_parse(cols, strlen(cols), &lim, count_rows, &fields, msg, sizeof(msg)),
           ERR_TOOBIG, "column cap");
    const char *cp932 = "\x8f\xc6\x89\xef\n"; /* 照会 in CP932 */
    is_int(csvread_parse(cp932, strlen(cp932), &lim, count_rows, &fields, msg, sizeof(msg)),
           ERR_INPUT, "non-UTF-8 is refused, not stored as mojibake");
    ok(strstr(msg, "1行目") != NULL, "the message names the row");
    const char *open_quote = "\"abc\n";
    is_int(
        csvread_parse(open_quote, strlen(open_quote), &lim, count_rows, &fields, msg, sizeof(msg)),
        ERR_INPUT, "an unclosed quote is refused");
}

static void
test_import(struct db *db)
{
    struct org_import_result res;
    char msg[256];
    const char *bad_digit =
        "code,prefecture,name,kana,kind\n010007,北海道,北海道,ほっかいどう,都道府県\n";
    is_int(org_import_csv(db, &audit_cli, bad_digit, strlen(bad_digit), &res, msg, sizeof(msg)),
           ERR_INPUT, "a bad check digit refuses the import");
    ok(strstr(msg, "2行目") != NULL, "and names the row");
    const char *change = "code,prefecture,name,kana,kind\n"
                         "012025,北海道,函館市,はこだてし,市\n"
                         "999999,x,y,z,市\n";
    is_int(org_import_csv(db, &audit_cli, change, strlen(change), &res, msg, sizeof(msg)),
           ERR_INPUT, "one bad row refuses the whole file");
    int64_t kind_changes = 0;
    db_query_int(db, "SELECT count(*) FROM organizations WHERE code='012025' AND kind='市'",
                 &kind_changes);
    is_int(kind_changes, 0, "nothing of a refused file is stored");
    const char *good = "code,prefecture,name,kana,kind\n012025,北海道,函館市,はこだてし,市\n";
    is_int(org_import_csv(db, &audit_cli, good, strlen(good), &res, msg, sizeof(msg)), 0,
           "a re-import with a changed kind is accepted");
    is_int(res.changed, 1, "one change counted");
    int64_t diffs = 0;
    db_query_int(db, "SELECT count(*) FROM organization_changes WHERE change='changed'", &diffs);
    is_int(diffs, 1, "the change is recorded with its date");
}

static void
test_accounts(struct db *db)
{
    char msg[256];
    int64_t id;
    is_int(
        user_add(db, &audit_cli, "org-a", ROLE_ORG, "011002", NULL, "short", &id, msg, sizeof(msg)),
        ERR_INPUT, "11-char-or-shorter password refused");
    is_int(user_add(db, &audit_cli, "org-a", ROLE_ORG, "011002", NULL, "12345678901", &id, msg,
                    sizeof(msg)),
           ERR_INPUT, "11 characters refused");
    is_int(user_add(db, &audit_cli, "org-a", ROLE_ORG, "011002", NULL, "日本語のパスワードです十二",
                    &id, msg, sizeof(msg)),
           0, "12 Japanese characters accepted");
    is_int(user_add(db, &audit_cli, "org-a", ROLE_ORG, "011002", NULL, "another password", &id, msg,
                    sizeof(msg)),
           ERR_CONFLICT, "duplicate login refused");
    is_int(user_add(db, &audit_cli, "pref-x", ROLE_PREF, "011002", NULL, "long enough pw", &id, msg,
                    sizeof(msg)),
           ERR_INPUT, "pref needs a prefecture code");
    is_int(user_add(db, &audit_cli, "min-x", ROLE_MINISTRY, "011002", NULL, "long enough pw", &id,
                    msg, sizeof(msg)),
           ERR_INPUT, "ministry has no 団体");
    is_int(user_add(db, &audit_cli, "org-b", ROLE_ORG, "999999", NULL, "long enough pw", &id, msg,
                    sizeof(msg)),
           ERR_INPUT, "unknown 団体 refused");
    char pw129[200];
    memset(pw129, 'a', 129);
    pw129[129] = 0;
    ok(auth_password_problem(pw129) != NULL, "129 characters refused");
    pw129[128] = 0;
    ok(auth_password_problem(pw129) == NULL, "128 characters accepted");

    struct user u;
    char hash[crypto_pwhash_STRBYTES];
    is_int(user_find(db, "org-a", &u, hash), 0, "user_find");
    ok(strncmp(hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0, "hash is argon2id interactive");
    is_str(u.org_name, "札幌市", "the account knows its 団体");
    int64_t audits = 0;
    db_query_int(db, "SELECT count(*) FROM audit WHERE action='user.add'", &audits);
    is_int(audits, 1, "account creation is audited once (refusals are not)");
}

static void
test_sessions(struct db *db)
{
    struct user u, got;
    char hash[crypto_pwhash_STRBYTES], token[AUTH_TOKEN_CHARS], csrf[AUTH_TOKEN_CHARS],
        csrf2[AUTH_TOKEN_CHARS];
    bool pending = true;
    user_find(db, "org-a", &u, hash);
    set_clock(1000000);
    is_int(session_create(db, u.id, false, token, csrf), 0, "session created");
    is_int(strlen(token), 43, "token is 32 bytes in base64url");
    is_int(session_lookup(db, token, &got, csrf2, &pending), 0, "session found");
    is_str(csrf2, csrf, "its CSRF token comes back");
    ok(!pending, "a session created complete is not pending");
    set_clock(1000000 + SESSION_IDLE_SECONDS - 10);
    is_int(session_lookup(db, token, &got, csrf2, &pending), 0, "alive before the idle limit");
    set_clock(1000000 + 2 * SESSION_IDLE_SECONDS);
    is_int(session_lookup(db, token, &got, csrf2, &pending), ERR_UNAUTH,
           "ends after 30 minutes idle");
    /* Absolute limit: active every 20 minutes for more than 12 hours. */
    long long t = 2000000;
    set_clock(t);
    session_create(db, u.id, false, token, csrf);
    int alive = 0;
    for (t += 1200; t < 2000000 + SESSION_ABSOLUTE_SECONDS + 2400; t += 1200) {
        set_clock(t);
        alive = session_lookup(db, token, &got, csrf2, &pending) == 0;
        if (!alive)
            break;
    }
    ok(!alive && t > 2000000 + SESSION_ABSOLUTE_SECONDS - 1200,
       "ends at the 12-hour absolute limit");
    set_clock(3000000);
    session_create(db, u.id, false, token, csrf);
    session_end(db, token);
    is_int(session_lookup(db, token, &got, csrf2, &pending), ERR_UNAUTH, "ended session is gone");
    int64_t stale = -1;
    set_clock(3000000);
    session_create(db, u.id, true, token, csrf);
    set_clock(3000000 + SESSION_IDLE_SECONDS + 1);
    session_create(db, u.id, false, token, csrf);
    db_query_int(db, "SELECT count(*) FROM sessions WHERE created_at < 3000000 + 60", &stale);
    is_int(stale, 0, "a new session removes those past their limits (and any key they held)");
    session_create(db, u.id, false, token, csrf);
    int64_t total = -1, hashed = -2;
    db_query_int(db, "SELECT count(*) FROM sessions", &total);
    db_query_int(db,
                 "SELECT count(*) FROM sessions WHERE typeof(token_hash) = 'blob'"
                 " AND length(token_hash) = 32",
                 &hashed);
    ok(total > 0 && total == hashed, "only 32-byte hashes of tokens are stored");

    char api[AUTH_TOKEN_CHARS];
    int64_t expires_at = 0;
    set_clock(4000000);
    is_int(api_token_create(db, u.id, "集計用", 2, api, &expires_at), 0, "API token issued");
    is_int(expires_at, 4000000 + 2 * 86400, "it expires after the days given");
    is_int(api_token_lookup(db, api, &got), 0, "API token accepted");
    set_clock(4000000 + 2 * 86400 - 1);
    is_int(api_token_lookup(db, api, &got), 0, "still accepted a second before its expiry");
    int64_t used = 0;
    db_query_int(db, "SELECT last_used_at FROM api_tokens ORDER BY id DESC LIMIT 1", &used);
    is_int(used, 4000000 + 2 * 86400 - 1, "its last use is noted");
    set_clock(4000000 + 2 * 86400);
    is_int(api_token_lookup(db, api, &got), ERR_EXPIRED,
           "refused from its expiry on (#15 finding 10)");
    set_clock(4000000);
    api_token_revoke(db, api);
    is_int(api_token_lookup(db, api, &got), ERR_UNAUTH, "revoked token refused");

    int64_t other_id = u.id + 1; /* any account but the owner */
    char mine[AUTH_TOKEN_CHARS];
    api_token_create(db, u.id, "", 90, mine, &expires_at);
    int64_t id = 0;
    db_query_int(db, "SELECT max(id) FROM api_tokens", &id);
    is_int(api_token_revoke_own(db, other_id, id), ERR_NOTFOUND,
           "another account cannot revoke the token by its id");
    is_int(api_token_lookup(db, mine, &got), 0, "which stays live");
    is_int(api_token_revoke_own(db, u.id, id), 0, "its owner can");
    is_int(api_token_lookup(db, mine, &got), ERR_UNAUTH, "and then it is refused");
    is_int(api_token_revoke_own(db, u.id, id), ERR_NOTFOUND, "revoking twice: not found");
    ok(api_token_name_problem("本番の集計スクリプト") == NULL, "a Japanese name is fine");
    ok(api_token_name_problem("a\nb") != NULL, "a newline in a name is refused");
    ok(api_token_name_problem("あいうえおかきくけこあいうえおかきくけこあいうえおかきくけこ"
                              "あいうえおかきくけこあいうえおかきくけこ") == NULL,
       "50 characters are fine");
    ok(api_token_name_problem("あいうえおかきくけこあいうえおかきくけこあいうえおかきくけこ"
                              "あいうえおかきくけこあいうえおかきくけこあ") != NULL,
       "51 are refused");
}

/* login_check on a connection of the pool, as the server calls it. */
static int
check(struct db **db, const char *login, const char *password, const char *ip, struct user *u,
      int *wait)
{
    int rc = login_check(db, login, password, ip, u, wait);
    ok(*db != NULL, "login_check takes a connection back after hashing");
    return rc;
}

static void
test_login(const char *path)
{
    struct user u;
    int wait = 0;
    db_pool_open(path, 1);
    struct db *pooled = db_pool_acquire(), **db = &pooled;
    set_clock(5000000);
    is_int(check(db, "org-a", "日本語のパスワードです十二", "10.0.0.1", &u, &wait), 0,
           "right password");
    is_int(check(db, "org-a", "wrong password!", "10.0.0.1", &u, &wait), ERR_UNAUTH,
           "wrong password");
    is_int(check(db, "nobody", "wrong password!", "10.0.0.1", &u, &wait), ERR_UNAUTH,
           "unknown login answers the same");
    for (int i = 0; i < LOGIN_FREE_FAILURES; i++)
        check(db, "org-a", "wrong password!", "10.0.0.2", &u, &wait);
    is_int(check(db, "org-a", "日本語のパスワードです十二", "10.0.0.2", &u, &wait), ERR_THROTTLED,
           "throttled from that address after too many failures, even with the right password");
    is_int(wait, LOGIN_DELAY_FIRST_SECONDS, "for a minute");
    is_int(check(db, "org-a", "日本語のパスワードです十二", "10.0.0.3", &u, &wait), 0,
           "the owner logs in from another address meanwhile");
    is_int(login_delay(LOGIN_FREE_FAILURES - 1), 0, "no delay before the limit");
    is_int(login_delay(LOGIN_FREE_FAILURES + 1), 2 * LOGIN_DELAY_FIRST_SECONDS,
           "the delay doubles per failure");
    is_int(login_delay(1000), LOGIN_DELAY_MAX_SECONDS, "up to its cap");
    set_clock(5000000 + LOGIN_DELAY_FIRST_SECONDS);
    is_int(check(db, "org-a", "日本語のパスワードです十二", "10.0.0.2", &u, &wait), 0,
           "and from the first address once the delay is over");

    char msg[128], fresh[crypto_pwhash_STRBYTES];
    is_int(login_hash_new(db, "short", fresh, msg, sizeof(msg)), ERR_INPUT,
           "a new password is checked before it is hashed");
    ok(*db && strstr(msg, "12文字") != NULL, "saying why, with a connection back");
    is_int(login_hash_new(db, "another new password", fresh, msg, sizeof(msg)), 0,
           "a new password is hashed with no connection held");
    ok(*db && crypto_pwhash_str_verify(fresh, "another new password", 20) == 0,
       "into a hash of it, with a connection back");
    is_int(user_set_password(*db, &audit_cli, "org-a", "a brand new password", msg, sizeof(msg)), 0,
           "password change");
    is_int(check(db, "org-a", "日本語のパスワードです十二", "10.0.0.3", &u, &wait), ERR_UNAUTH,
           "old password no longer works");
    is_int(user_disable(*db, &audit_cli, "org-a"), 0, "disable");
    is_int(check(db, "org-a", "a brand new password", "10.0.0.3", &u, &wait), ERR_UNAUTH,
           "disabled account cannot log in");

    /* A weaker stored hash is upgraded on login. */
    int64_t id;
    user_add(*db, &audit_cli, "weak-user", ROLE_MINISTRY, NULL, NULL, "weak hash password", &id,
             msg, sizeof(msg));
    char weak[crypto_pwhash_STRBYTES];
    ok(crypto_pwhash_str(weak, "weak hash password", 18, crypto_pwhash_OPSLIMIT_MIN,
                         crypto_pwhash_MEMLIMIT_MIN) == 0,
       "a weak hash is made");
    user_store_hash(*db, id, weak);
    is_int(check(db, "weak-user", "weak hash password", "10.0.0.4", &u, &wait), 0,
           "weak hash verifies");
    char now[crypto_pwhash_STRBYTES];
    user_find(*db, "weak-user", &u, now);
    ok(strncmp(now, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0, "and is rehashed on login");
    db_pool_release(pooled);
    db_pool_close();
}

int
main(void)
{
    char dir[] = "/tmp/shokai-test-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[300];
    snprintf(path, sizeof(path), "%s/t.db", dir);
    snprintf(clock_path, sizeof(clock_path), "%s/clock", dir);
    setenv("SHOKAI_TEST_CLOCK_FILE", clock_path, 1);
    set_clock(1000);
    auth_init();

    test_codes();
    test_csv();
    struct db *db;
    is_int(db_open(path, false, &db), ERR_NOTFOUND,
           "a missing database is not created by accident");
    is_int(db_open(path, true, &db), 0, "db_open creates when asked");
    int applied = -1;
    is_int(migrate_run(db, &applied), 0, "migrate");
    int64_t files = 0, version = 0;
    db_query_int(db, "SELECT count(*) FROM schema_migrations", &files);
    db_query_int(db, "PRAGMA user_version", &version);
    ok(applied > 0 && applied == files, "applies every migration, each recorded");
    is_int(version, migrate_latest(),
           "to the newest (numbers kept for unmerged work may be absent)");
    is_int(migrate_run(db, &applied), 0, "migrate again");
    is_int(applied, 0, "second run is a no-op");
    /* A migration below the database's version that was never applied (it
       arrived after a later one) is refused, not skipped. */
    db_exec_script(db, "DELETE FROM schema_migrations WHERE version = 2");
    is_int(migrate_run(db, &applied), ERR_DB,
           "a migration older than the schema, never applied: refused");
    db_exec_script(db,
                   "INSERT INTO schema_migrations(version, name) VALUES (2, '0002_surveys.sql')");
    is_int(migrate_run(db, &applied), 0, "recorded again: fine");
    int64_t v = 0;
    db_query_int(db, "PRAGMA synchronous", &v);
    is_int(v, 2, "synchronous=FULL");
    char msg[256];
    is_int(seed_all(db, msg, sizeof(msg)), 0, "seed");
    int64_t n = 0;
    db_query_int(db, "SELECT count(*) FROM organizations", &n);
    is_int(n, 1788, "1,788 団体");
    is_int(seed_all(db, msg, sizeof(msg)), 0, "seed again");
    db_query_int(db, "SELECT count(*) FROM organization_changes", &n);
    is_int(n, 1788, "re-seeding records no changes");
    db_query_int(db, "SELECT count(*) FROM grouping_groups WHERE scheme='kind6'", &n);
    is_int(n, 6, "kind6 has six groups");
    db_exec_script(db, "PRAGMA user_version=999");
    is_int(migrate_run(db, &applied), ERR_CONFLICT, "a database newer than the binary is refused");
    char pragma[48];
    snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", migrate_latest());
    db_exec_script(db, pragma);

    test_import(db);
    test_accounts(db);
    test_sessions(db);
    test_login(path);
    db_close(db);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return done_testing();
}
