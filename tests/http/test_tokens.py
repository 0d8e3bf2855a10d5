"""test_tokens.py (assessment issue #15, finding 10): API tokens expire and
their owner lists and revokes them. A token is good for --token-days (90 by
default) from its issue, then answers 401 with a Japanese message; each
account sees only its own tokens at /account/tokens (名前, 作成日, 有効期限,
最終利用) and revokes them there with the page's CSRF token; another
account's token id is 404 and stays live. Migration 0010 gives tokens issued
before it 90 days from the upgrade."""
import re
import sqlite3
import subprocess
import time

from harness import ACCOUNTS_BEFORE_0011, API_TOKENS_BEFORE_0010, scratch_database, PASSWORD, run_tests

DAY = 86400


def issue(s, login, name=None):
    body = {"login": login, "password": PASSWORD}
    if name is not None:
        body["name"] = name
    return s.api("POST", "/api/v1/tokens", body)


def rows(page):
    """The token table's rows as (name, created, expires, last used, form action)
    (the 種類 column, test_read_tokens.py's, is passed over)."""
    return re.findall(r'<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>(?:<td>[^<]*</td>)?\s*'
                      r'<td><form method="post" action="([^"]+)"', page.text)


def works(s, token):
    return s.api("GET", "/api/v1/surveys", token=token).status == 200


def expiry_and_page(t, s):
    now = s.now()
    r = issue(s, "orga", "集計スクリプト")
    t.eq(r.status, 200, "a named token is issued")
    body = r.json()
    token = body["token"]
    want = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 90 * DAY))
    t.eq((body.get("name"), body.get("expires_at")), ("集計スクリプト", want),
         "the answer names its expiry: 90 days from now by default")
    t.ok(works(s, token), "the token works")
    plain = issue(s, "orga").json()["token"]

    orga, orga_csrf = s.login("orga")
    page = s.request("GET", "/account/tokens", cookie=orga)
    listed = rows(page)
    t.ok(page.status == 200 and all(h in page.text for h in ("名前", "作成日", "有効期限", "最終利用", "取り消す")),
         "the page shows 名前, 作成日, 有効期限, 最終利用 and 取り消す", page.status)
    t.eq([row[0] for row in listed], ["（名前なし）", "集計スクリプト"], "its owner sees both tokens, newest first")
    named = next((row for row in listed if row[0] == "集計スクリプト"), ("",) * 4 + ("/account/tokens/0/revoke",))
    t.ok(named[3] not in ("", "未使用") and listed[0][3] == "未使用",
         "the used one has a last use, the other 未使用", listed)
    t.ok(named[2].startswith(time.strftime("%Y-%m-%d", time.gmtime(now + 90 * DAY + 9 * 3600))),
         "its expiry is shown (JST)", named)
    revoke_named = named[4]

    # Another account: sees none of them, cannot revoke them.
    orgb, orgb_csrf = s.login("orgb")
    page_b = s.request("GET", "/account/tokens", cookie=orgb)
    t.ok("集計スクリプト" not in page_b.text and rows(page_b) == [] and "有効な API トークンはありません" in page_b.text,
         "another account's page lists none of them")
    r = s.form(revoke_named, {"csrf": orgb_csrf}, cookie=orgb)
    t.ok(r.status == 404 and "見つかりません" in r.text, "another account revoking it by id: 404", r.status)
    t.ok(works(s, token), "and the token still works")
    ministry, ministry_csrf = s.login("ministry1")
    t.eq(s.form(revoke_named, {"csrf": ministry_csrf}, cookie=ministry).status, 404, "so does the Ministry: 404")
    t.ok(works(s, token), "and the token still works")
    t.eq(s.form(revoke_named, {"csrf": "forged"}, cookie=orga).status, 403, "its owner without the CSRF token: 403")
    t.ok(works(s, token), "and the token still works")
    t.eq(s.form("/account/tokens/abc/revoke", {"csrf": orga_csrf}, cookie=orga).status, 404, "a bad id: 404")

    r = s.form(revoke_named, {"csrf": orga_csrf}, cookie=orga)
    t.eq((r.status, r.header("Location")), (303, "/account/tokens?revoked=1"), "its owner revokes it")
    t.ok(not works(s, token), "the revoked token answers 401")
    page = s.request("GET", "/account/tokens?revoked=1", cookie=orga)
    t.ok("取り消しました" in page.text and [row[0] for row in rows(page)] == ["（名前なし）"],
         "the page says so and lists only the other token")
    t.eq(s.form(revoke_named, {"csrf": orga_csrf}, cookie=orga).status, 404, "revoking it again: 404")

    # The other token reaches its expiry.
    s.advance_clock(90 * DAY - 60)
    t.ok(works(s, plain), "a minute before its expiry the token works")
    s.advance_clock(60)
    r = s.api("GET", "/api/v1/surveys", token=plain)
    t.ok(r.status == 401 and "有効期限が切れています" in r.json()["errors"][0]["message"]
         and "invalid_token" in (r.header("WWW-Authenticate") or ""),
         "at its expiry: 401, the reason in Japanese", r.text)
    t.ok("token_expired" in s.log_text(), "the refusal is logged")
    orga, _ = s.login("orga")
    page = s.request("GET", "/account/tokens", cookie=orga)
    t.ok([row[2].endswith("（期限切れ）") for row in rows(page)] == [True], "the page marks it 期限切れ")


def bad_names(t, s):
    r = issue(s, "orga", "あ" * 51)
    t.ok(r.status == 400 and r.json()["errors"][0]["field"] == "name" and "50文字" in r.text,
         "a name of 51 characters: 400 in Japanese", r.text)
    t.eq(issue(s, "orga", "a\nb").status, 400, "a name with a newline: 400")
    t.eq(issue(s, "orga", 5).status, 400, "a name that is not a string: 400")
    t.eq(issue(s, "orga", "<script>x</script>\"'").status, 200, "markup in a name is stored")
    orga, _ = s.login("orga")
    page = s.request("GET", "/account/tokens", cookie=orga)
    t.ok("<script>x" not in page.text and "&lt;script&gt;x" in page.text, "and shown escaped")


def api_list_and_revoke(t, s):
    """The API lists and revokes the account's tokens through the page's
    handlers: the same tokens, the same refusals."""
    first = issue(s, "orgb", "一覧用").json()["token"]
    second = issue(s, "orgb", "取り消し用").json()["token"]
    listed = s.api("GET", "/api/v1/tokens", token=first).json()["tokens"]
    t.eq([x["name"] for x in listed][:2], ["取り消し用", "一覧用"], "GET /api/v1/tokens: newest first")
    t.ok(all({"id", "name", "created_at", "expires_at", "last_used_at", "expired"} <= set(x) for x in listed),
         "each with its id, name, dates and whether it expired", listed[0])
    orgb, _ = s.login("orgb")
    page_ids = re.findall(r'/account/tokens/(\d+)/revoke', s.request("GET", "/account/tokens", cookie=orgb).text)
    t.eq(page_ids, [str(x["id"]) for x in listed], "the same tokens as the page, in the same order")
    victim = listed[0]["id"]
    other = s.token("orga")
    r = s.api("DELETE", "/api/v1/tokens/%d" % victim, token=other)
    t.ok(r.status == 404 and r.json()["errors"][0]["field"] == "token", "another account's token: 404 as on the page")
    t.eq(s.api("DELETE", "/api/v1/tokens/abc", token=first).status, 404, "a bad id: 404 as on the page")
    t.ok(works(s, second), "the token is still live")
    r = s.api("DELETE", "/api/v1/tokens/%d" % victim, token=first)
    t.eq((r.status, r.json()), (200, {"id": victim, "revoked": True}), "its owner revokes it by id")
    t.ok(not works(s, second), "the revoked token answers 401")
    t.eq(s.api("DELETE", "/api/v1/tokens/%d" % victim, token=first).status, 404, "revoking it again: 404")
    t.ok(works(s, first), "the token in use stays live")


def token_days(t, s):
    t.eq(s.restart(["--token-days", "2"]), 0, "restarted with --token-days 2")
    now = s.now()
    body = issue(s, "orgb").json()
    t.eq(body["expires_at"], time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 2 * DAY)),
         "--token-days 2: the token expires in two days")
    for bad in ("0", "3651", "x"):
        p = subprocess.run([s.binary, "serve", "--db", s.db, "--listen", "127.0.0.1:0", "--token-days", bad],
                           capture_output=True, text=True, env=s.env, timeout=30)
        t.ok(p.returncode == 2 and "--token-days" in p.stderr, "--token-days %s is refused" % bad, p.stderr)


def migration(t, binary):
    """Migration 0010 on a schema-9 database: tokens get 90 days from the
    upgrade; a revoked one stays revoked."""
    with scratch_database(binary, "shokai-0010-") as (db, cli):
        cli("user", "add", "--login", "sapporo", "--role", "org", "--org", "011002", "--password-stdin",
            stdin=PASSWORD + "\n")
        con = sqlite3.connect(db)
        con.executescript(ACCOUNTS_BEFORE_0011 + API_TOKENS_BEFORE_0010 + """
            DELETE FROM schema_migrations WHERE version >= 10;
            PRAGMA user_version = 9;
            INSERT INTO api_tokens VALUES (x'01', (SELECT id FROM users), 1000, NULL);
            INSERT INTO api_tokens VALUES (x'02', (SELECT id FROM users), 1000, 2000);
        """)
        con.commit()
        con.close()
        before = int(time.time())
        cli("migrate")
        after = int(time.time())
        con = sqlite3.connect(db)
        got = con.execute("SELECT token_hash, created_at, expires_at, revoked_at, name, last_used_at"
                          " FROM api_tokens ORDER BY token_hash").fetchall()
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.close()
        t.ok(version >= 10 and len(got) == 2 and all(before + 90 * DAY <= r[2] <= after + 90 * DAY for r in got),
             "migration 0010: existing tokens expire 90 days after it", got)
        t.eq([(r[1], r[3], r[4], r[5]) for r in got], [(1000, None, "", None), (1000, 2000, "", None)],
             "their creation and revocation are kept")


def run(t, s):
    expiry_and_page(t, s)
    bad_names(t, s)
    api_list_and_revoke(t, s)
    token_days(t, s)
    migration(t, s.binary)


if __name__ == "__main__":
    run_tests(run)
