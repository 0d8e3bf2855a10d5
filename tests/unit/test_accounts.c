/*
 * test_accounts.c: the domain rules of issue #17 on a temporary database:
 * one-time links (issued, found, used once, expired, revoked by a newer
 * one and by disabling), an account without a password, the bulk import's
 * checks (every bad row named, nothing written) and its result, and
 * 「パスワードを忘れた方」 (a link only for an account with an address). The
 * same rules are driven through the server by tests/http/test_accounts.py.
 */
#include "../tap.h"
#include "tempdb.h"
#include "account.h"
#include "account_forgot.h"
#include "account_import.h"
#include "account_link.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "err.h"

#include <string.h>

/* The time of the test: links are live or not by the clock (clock.h). */
static int64_t NOW;
#define HEADER ACCOUNT_IMPORT_HEADER "\n"

static int64_t
count(struct db *db, const char *sql)
{
    int64_t n = -1;
    db_query_int(db, sql, &n);
    return n;
}

static void
test_links(struct db *db)
{
    struct user_new n = {"link-user", ROLE_ORG, "011002", {"札幌 太郎", "", "", "a@b.example.jp"}};
    char token[AUTH_TOKEN_CHARS], msg[256] = "";
    int64_t id = 0, expires = 0;
    is_int(account_create(db, &audit_cli, &n, false, NOW, &id, token, &expires, msg, sizeof(msg)),
           0, "an account is created without a password");
    is_int(expires, NOW + 14 * 86400, "its setup link is good for 14 days");
    struct user u;
    enum account_link_kind kind;
    int64_t until;
    is_int(account_link_find(db, token, NOW + 60, &u, &kind, &until), 0, "the link is found");
    ok(strcmp(u.login, "link-user") == 0 && kind == ACCOUNT_LINK_SETUP,
       "as the account's setup link");
    is_int(account_link_find(db, token, NOW + 14 * 86400, &u, &kind, &until), ERR_NOTFOUND,
           "and not once 14 days have passed");
    is_int(account_link_find(db, "not-a-token", NOW, &u, &kind, &until), ERR_NOTFOUND,
           "a made-up token is no link");

    char reset[AUTH_TOKEN_CHARS];
    is_int(account_issue_link(db, &audit_cli, id, NOW + 120, &kind, reset, &until), 0,
           "a new link for an account without a password yet");
    is_int(kind, ACCOUNT_LINK_SETUP, "is a setup link again");
    is_int(account_link_find(db, token, NOW + 180, &u, &kind, &until), ERR_NOTFOUND,
           "revokes the setup link");
    struct arena a;
    arena_init(&a, 0);
    struct account acc;
    is_int(account_get(db, id, &a, &acc), 0, "the account is read");
    ok(acc.state == ACCOUNT_UNSET && acc.link_live && acc.link_kind == ACCOUNT_LINK_SETUP,
       "no password yet, a live setup link");
    is_int(account_link_use(db, reset, "$argon2id$stand-in", NOW + 240, "127.0.0.1", "t", &u), 0,
           "the link sets a password");
    is_int(account_link_use(db, reset, "$argon2id$again", NOW + 300, "127.0.0.1", "t", &u),
           ERR_NOTFOUND, "only once");
    is_int(account_get(db, id, &a, &acc), 0, "the account is read again");
    ok(acc.state == ACCOUNT_ACTIVE && !acc.link_live, "active, no live link");

    is_int(account_issue_link(db, &audit_cli, id, NOW + 360, &kind, reset, &until), 0,
           "another link");
    is_int(kind, ACCOUNT_LINK_RESET, "a reset link, now that a password is set");
    is_int(user_disable(db, &audit_cli, "link-user"), 0, "the account is disabled");
    is_int(account_link_find(db, reset, NOW + 420, &u, &kind, &until), ERR_NOTFOUND,
           "which revokes its link");
    is_int(account_issue_link(db, &audit_cli, id, NOW + 480, &kind, reset, &until), ERR_CONFLICT,
           "and no link is issued while it is disabled");
    is_int(count(db, "SELECT count(*) FROM audit WHERE target = 'link-user'"), 6,
           "every step is audited (add, setup, setup, used, reset, disable)");
    arena_reset(&a);
}

static int
import(struct db *db, const char *text, struct arena *a, struct account_import_result *res)
{
    return account_import(db, &audit_cli, text, strlen(text), NOW, a, res);
}

static void
test_import(struct db *db)
{
    struct arena a;
    arena_init(&a, 0);
    struct account_import_result res;
    int64_t before = count(db, "SELECT count(*) FROM users");
    is_int(import(db, "a,b\n1,2\n", &a, &res), ERR_INPUT, "a wrong header is refused");
    ok(res.problems && strstr(res.problems, "1行目（見出し）"), "naming the header");
    static const char bad[] = HEADER "011002,imp-a,団体,,,,\n"
                                     "999999,imp-b,団体,,,,\n"
                                     "011002,imp-a,団体,,,,\n"
                                     "011002,imp-c,係長,,,,\n"
                                     "011002,imp-d,都道府県,,,,\n"
                                     ",imp-e,総務省,,,,not-mail\n"
                                     "011002,imp-f\n";
    is_int(import(db, bad, &a, &res), ERR_INPUT, "a file with bad rows is refused");
    is_str(res.problems,
           "3行目: 団体コード 999999 の団体はありません。\n"
           "4行目: ログイン名 imp-a は 2行目と重複しています。\n"
           "5行目: 役割「係長」は 団体・都道府県・総務省・管理者 のいずれかで書いてください。\n"
           "6行目: 都道府県の役割には都道府県の団体コードを指定してください。\n"
           "7行目: メールアドレスの形が正しくありません（例: taro@city.example.lg.jp）。\n"
           "8行目: 列の数が 2 です（7列にしてください）。\n",
           "every bad row is named, in row order");
    is_int(count(db, "SELECT count(*) FROM users"), before, "and nothing is written");

    static const char good[] =
        "\xEF\xBB\xBF" HEADER
        "011002,imp-a,団体,札幌 一郎,総務課,011-000-0001,ichiro@example.jp\r\n"
        "010006,imp-pref,pref,,,,\r\n"
        ",imp-min,総務省,,,,\r\n";
    is_int(import(db, good, &a, &res), 0, "a good file with a BOM is imported");
    is_int((long long)res.n, 3, "three accounts");
    ok(strcmp(res.items[0].org_name, "札幌市") == 0 && strlen(res.items[0].token) == 43 &&
           res.items[1].role == ROLE_PREF && res.items[2].role == ROLE_MINISTRY,
       "each with its 団体, role and a token");
    is_int(count(db, "SELECT count(*) FROM users WHERE password_hash = '' AND login LIKE 'imp-%'"),
           3, "none has a password");
    is_int(count(db, "SELECT count(*) FROM account_links l JOIN users u ON u.id = l.user_id"
                     " WHERE u.login LIKE 'imp-%' AND l.kind = 'setup'"),
           3, "each has a setup link");
    is_int(count(db, "SELECT count(*) FROM audit WHERE action = 'user.import'"), 1,
           "the import is audited");
    is_int(import(db, good, &a, &res), ERR_INPUT, "the same file again is refused");
    ok(res.problems && strstr(res.problems, "2行目: ログイン名 imp-a は既に使われています。"),
       "its logins are in use");
    /* 「団体コード,ログイン名…」 and a row in CP932 */
    static const char cp932[] =
        "\x92\x63\x91\xcc\x83\x52\x81\x5b\x83\x68,\x83\x8d\x83\x4f\x83\x43"
        "\x83\x93\x96\xbc,\x96\xf0\x8a\x84,\x8e\x81\x96\xbc,\x8f\x8a\x91\xae,"
        "\x93\x64\x98\x62\x94\xd4\x8d\x86,\x83\x81\x81\x5b\x83\x8b\n"
        "012025,imp-sjis,\x92\x63\x91\xcc,\x94\x9f\x8a\xd9,,,\n";
    is_int(import(db, cp932, &a, &res), 0, "a CP932 file is imported");
    is_int(count(db, "SELECT count(*) FROM users WHERE login = 'imp-sjis' AND full_name = '函館'"),
           1, "its text arrives as UTF-8");
    arena_reset(&a);
}

static void
test_forgot(struct db *db)
{
    int wait = 0;
    int64_t before = count(db, "SELECT count(*) FROM account_links");
    is_int(account_forgot(db, "imp-a", "192.0.2.1", "t", NOW, &wait), 0, "an account with mail");
    is_int(account_forgot(db, "imp-pref", "192.0.2.1", "t", NOW, &wait), 0,
           "an account without mail");
    is_int(account_forgot(db, "nobody", "192.0.2.1", "t", NOW, &wait), 0, "no account");
    is_int(count(db, "SELECT count(*) FROM account_links") - before, 1,
           "a link is issued for the account with mail only");
    for (int i = 0; i < 4; i++)
        account_forgot(db, "nobody", "192.0.2.1", "t", NOW, &wait);
    is_int(account_forgot(db, "nobody", "192.0.2.1", "t", NOW, &wait), ERR_THROTTLED,
           "the sixth request for one name is held back");
    ok(wait > 0, "with the seconds to wait");
}

int
main(void)
{
    struct tempdb t;
    NOW = clock_now();
    if (auth_init() || !tempdb_open(&t, "accounts"))
        return 1;
    test_links(t.db);
    test_import(t.db);
    test_forgot(t.db);
    tempdb_remove(&t);
    return done_testing();
}
