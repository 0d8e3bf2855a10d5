"""test_second_factor.py (RELIABILITY.md A3): Ministry and admin accounts log
in with a password and then a 6-digit code from an authenticator app
(RFC 6238). Until the code, the session can do nothing but enter it or log
out; the first time, the page offers a key (QR code and text) bound to that
session and stores it once a code from it is entered; a code is good once,
within one step of the clock either way; wrong codes are held back like
passwords; API tokens need the code too; outside --demo the page sets up no
key unless the server runs with --self-enrol on; `shokai user second-factor` sets or
removes a key and ends the account's sessions; no key reaches the log."""
import base64
import re
import sqlite3
import urllib.parse

from harness import ACCOUNTS_BEFORE_0011, API_TOKENS_BEFORE_0010, scratch_database, PASSWORD, Server, run_tests, totp

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def password_step(s, login, next_path=None):
    fields = {"login": login, "password": PASSWORD}
    if next_path:
        fields["next"] = next_path
    r = s.form("/login", fields)
    return r, r.header("Set-Cookie").split(";")[0]


def code_page(s, cookie):
    page = s.request("GET", "/login/second-factor", cookie=cookie)
    key = re.search(r'id="secret-text" class="secret">([A-Z2-7 ]+)<', page.text)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    return page, key.group(1).replace(" ", "") if key else None, csrf.group(1) if csrf else None


def submit(s, cookie, csrf, code, next_path="/"):
    fields = {"csrf": csrf, "next": next_path}
    if code is not None:
        fields["code"] = code
    return s.request("POST", "/login/second-factor", urllib.parse.urlencode(fields), FORM, cookie=cookie)


def db_row(s, sql, *args):
    con = sqlite3.connect(s.db)
    row = con.execute(sql, args).fetchone()
    con.close()
    return row


def token_request(s, login, code=None):
    body = {"login": login, "password": PASSWORD}
    if code is not None:
        body["code"] = code
    return s.api("POST", "/api/v1/tokens", body)


def admin_only_setup(t, binary):
    """`serve` without --demo is `--self-enrol off` (#15 finding 10): a key
    comes only from the administrator, never from whoever has the password."""
    s = Server(binary, [], users=False)
    try:
        s.cli("user", "add", "--login", "ministry3", "--role", "ministry", "--password-stdin", stdin=PASSWORD + "\n")
        _, pending = password_step(s, "ministry3")
        page, shown, csrf = code_page(s, pending)
        t.ok(page.status == 403 and shown is None and "システム管理者に連絡" in page.text,
             "serve's default, --self-enrol off: an account without a key is told to ask the administrator, no key offered",
             page.status)
        t.eq(submit(s, pending, csrf, "123456").status, 403, "and no code is taken from it")
        t.eq(s.request("GET", "/surveys", cookie=pending).status, 303, "the session stays pending")
        out = s.cli("user", "second-factor", "--login", "ministry3").stdout
        key = re.search(r"^key\t(\S+)$", out, re.M).group(1)
        _, pending = password_step(s, "ministry3")
        _, shown, csrf = code_page(s, pending)
        r = submit(s, pending, csrf, totp(key, s.now() // 30))
        t.ok(shown is None and r.status == 303, "with the key the administrator gave, the code opens the account")
    finally:
        problem = s.stop()
    t.ok(problem is None, "the default (--self-enrol off) server ran without a crash or a sanitizer report", problem)


def migration_ends_sessions(t, binary):
    """Migration 0008 on a database of schema 7: the sessions and API tokens
    of Ministry and admin accounts end (they began without a second factor);
    those of other accounts stay."""
    with scratch_database(binary, "shokai-0008-") as (db, cli):
        for login, role, org in (("mof", "ministry", None), ("sapporo", "org", "011002")):
            cli("user", "add", "--login", login, "--role", role, "--password-stdin",
                *(["--org", org] if org else []), stdin=PASSWORD + "\n")
        con = sqlite3.connect(db)
        for column in ("users.totp_secret", "users.totp_last_step", "sessions.second_factor_pending",
                       "sessions.enrol_secret"):
            con.execute("ALTER TABLE %s DROP COLUMN %s" % tuple(column.split(".")))
        con.executescript(ACCOUNTS_BEFORE_0011 + API_TOKENS_BEFORE_0010 + """
            DROP TABLE install_secrets;
            DELETE FROM schema_migrations WHERE version >= 8;
            PRAGMA user_version = 7;
        """)
        for i, login in enumerate(("mof", "sapporo")):
            uid = con.execute("SELECT id FROM users WHERE login = ?", (login,)).fetchone()[0]
            con.execute("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen)"
                        " VALUES (?, ?, 'x', 1, 1)", (bytes([i]) * 32, uid))
            con.execute("INSERT INTO api_tokens(token_hash, user_id, created_at) VALUES (?, ?, 1)",
                        (bytes([i + 10]) * 32, uid))
        con.commit()
        con.close()
        cli("migrate")
        con = sqlite3.connect(db)
        live = con.execute("SELECT u.login FROM sessions s JOIN users u ON u.id = s.user_id").fetchall()
        tokens = con.execute("SELECT u.login FROM api_tokens a JOIN users u ON u.id = a.user_id"
                             " WHERE a.revoked_at IS NULL").fetchall()
        con.close()
        t.eq((live, tokens), ([("sapporo",)], [("sapporo",)]),
             "migration 0008 ends the Ministry account's session and token, not the org account's")


def run(t, s):
    s.cli("user", "add", "--login", "ministry2", "--role", "ministry", "--password-stdin", stdin=PASSWORD + "\n")
    s.cli("user", "add", "--login", "admin2", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    listing = s.cli("user", "list").stdout
    t.ok(re.search(r"^ministry2\t.*\tsecond-factor-not-set$", listing, re.M)
         and re.search(r"^ministry1\t.*\tsecond-factor$", listing, re.M),
         "`shokai user list` tells who has set up the app", listing)

    # An org account is not asked for a code.
    r, _ = password_step(s, "orga")
    t.eq((r.status, r.header("Location")), (303, "/"), "an org account goes straight in")

    # The password alone opens only the second-factor page.
    r, pending = password_step(s, "ministry2", "/surveys")
    t.eq((r.status, r.header("Location")), (303, "/login/second-factor?next=%2Fsurveys"),
         "after the password: to the code page, keeping where the user was going")
    r = s.request("GET", "/surveys", cookie=pending)
    t.eq((r.status, r.header("Location")), (303, "/login/second-factor?next=%2Fsurveys"),
         "a page before the code: back to the code page")
    t.eq(s.request("GET", "/", cookie=pending).header("Location"), "/login/second-factor",
         "the home page too")
    r = s.request("GET", "/api/v1/organizations", cookie=pending)
    t.ok(r.status == 401 and "確認コード" in r.json()["errors"][0]["message"],
         "the API with the pending cookie: 401 saying the code is missing", r.text)

    # Enrolment: a key bound to this session, as QR code and text.
    page, key, csrf = code_page(s, pending)
    t.ok(page.status == 200 and key and len(key) == 32 and '<svg' in page.text and 'class="qr"' in page.text,
         "the first time, the page shows a QR code and the key", page.text[-500:])
    t.ok('autocomplete="one-time-code"' in page.text and 'inputmode="numeric"' in page.text,
         "the code field is numeric and one-time-code")
    t.eq(code_page(s, pending)[1], key, "reloading shows the same key")
    _, other_pending = password_step(s, "ministry2")
    t.ok(code_page(s, other_pending)[1] not in (None, key), "another login is offered another key")
    t.eq(db_row(s, "SELECT totp_secret FROM users WHERE login = 'ministry2'")[0], None,
         "no key is stored before a code from it is entered")

    step = s.now() // 30
    r = submit(s, pending, csrf, totp(key, step + 5))
    t.ok(r.status == 401 and "確認コードが正しくありません" in r.text, "a wrong code: 401 with a message", r.status)
    t.eq(s.request("GET", "/surveys", cookie=pending).status, 303, "and the session stays pending")
    r = submit(s, pending, csrf, "12ab56")
    t.ok(r.status == 422 and "6桁の数字" in r.text, "letters: 422 asking for 6 digits")
    t.eq(submit(s, pending, csrf, None).status, 422, "no code at all: 422")
    r = s.request("POST", "/login/second-factor",
                  "csrf=%s&code=1&code=2" % csrf, FORM, cookie=pending)
    t.ok(r.status == 400 and "確認コードが複数" in r.text,
         "two codes in one form: 400, as any field sent twice (the declared parameters)")
    r = submit(s, pending, "not-the-token", totp(key, step))
    t.eq(r.status, 403, "without the page's CSRF token: 403")

    code = totp(key, step)
    r = submit(s, pending, csrf, code.translate(FULL_WIDTH), "/surveys")
    t.eq((r.status, r.header("Location")), (303, "/surveys"),
         "the right code, typed in full-width digits: in, to where the user was going")
    full = r.header("Set-Cookie").split(";")[0]
    t.ok(full != pending, "with a new session (nothing learnt before the code opens the account)")
    t.eq(s.request("GET", "/surveys", cookie=full).status, 200, "the new session opens the pages")
    t.eq(s.request("GET", "/surveys", cookie=pending).header("Location"), "/login?next=%2Fsurveys",
         "the pending session is gone")
    stored = db_row(s, "SELECT totp_secret FROM users WHERE login = 'ministry2'")[0]
    t.eq(stored, base64.b32decode(key), "the key shown is now the account's")
    t.ok(db_row(s, "SELECT count(*) FROM audit WHERE action = 'user.second_factor' AND target = 'ministry2'")[0] == 1,
         "the set-up is audited")
    logout = s.request("POST", "/logout", "csrf=" + code_page(s, other_pending)[2], FORM, cookie=other_pending)
    t.eq((logout.status, logout.header("Location")), (303, "/login"), "a pending session can log out")
    t.eq(db_row(s, "SELECT count(*) FROM sessions WHERE enrol_secret IS NOT NULL")[0], 0,
         "and no offered key is left behind")
    s.second_factor.keys["ministry2"] = key
    s.second_factor.last_step["ministry2"] = step

    # A code is good once; the window is one step either way.
    _, pending = password_step(s, "ministry2")
    page, shown, csrf = code_page(s, pending)
    t.ok(shown is None and "6桁の確認コードを入力" in page.text, "the next login asks for the code, no key shown")
    r = submit(s, pending, csrf, code)
    t.ok(r.status == 401 and "一度使ったコード" in r.text, "the same code again: 401")
    t.eq(submit(s, pending, csrf, totp(key, step - 1)).status, 401, "an earlier step's code: 401")
    t.eq(submit(s, pending, csrf, totp(key, step + 1)).status, 303, "the next step's code: in")
    s.advance_clock(300)
    step = s.now() // 30
    _, pending = password_step(s, "ministry2")
    _, _, csrf = code_page(s, pending)
    t.eq(submit(s, pending, csrf, totp(key, step - 2)).status, 401, "a code a minute old: 401")
    t.eq(submit(s, pending, csrf, totp(key, step - 1)).status, 303, "half a minute old: in (a slow typist)")

    # Wrong codes are held back as passwords are (counted per account: only
    # someone with the password gets here): five, then a minute, doubling.
    _, pending = password_step(s, "ministry2")
    _, _, csrf = code_page(s, pending)
    t.eq([submit(s, pending, csrf, totp(key, step + 7 + i)).status for i in range(5)], [401] * 5,
         "five wrong codes are evaluated")
    r = submit(s, pending, csrf, totp(key, step))
    t.ok(r.status == 429 and "確認コードの試行が多すぎます。1分ほど" in r.text and r.header("Retry-After") == "60",
         "then even the right one: 429, for a minute", (r.status, r.header("Retry-After")))
    s.advance_clock(60)
    step = s.now() // 30
    t.eq(submit(s, pending, csrf, totp(key, step + 12)).status, 401, "a minute later one more is evaluated")
    r = submit(s, pending, csrf, totp(key, step))
    t.eq((r.status, r.header("Retry-After")), (429, "120"), "and the next delay is two minutes")
    s.advance_clock(120)
    step = s.now() // 30
    t.eq(submit(s, pending, csrf, totp(key, step)).status, 303, "after it the right code works")
    s.second_factor.last_step["ministry2"] = step

    # API tokens need the code too.
    r = token_request(s, "ministry2")
    t.ok(r.status == 401 and r.json()["errors"][0]["field"] == "code", "a token without the code: 401 naming code")
    t.eq(token_request(s, "ministry2", totp(key, step + 9)).status, 401, "with a wrong code: 401")
    r = token_request(s, "ministry2", "abc")
    t.ok(r.status == 422 and "6桁の数字" in r.json()["errors"][0]["message"], "with letters: 422 asking for 6 digits",
         r.text)
    r = token_request(s, "ministry2", totp(key, step + 1))
    t.eq(r.status, 200, "with the right code: a token")
    api_token = r.json()["token"]
    t.eq(token_request(s, "ministry2", totp(key, step + 1)).status, 401, "the same code again: 401")
    r = token_request(s, "admin2", "123456")
    t.ok(r.status == 403 and "二要素認証の設定" in r.json()["errors"][0]["message"],
         "an account without the app set up: 403 saying to set it up in the browser")
    t.eq(token_request(s, "orga").status, 200, "an org account needs no code")
    s.second_factor.last_step["ministry2"] = step + 1

    # The command line: a lost phone.
    cookie, _ = s.login("ministry2")
    out = s.cli("user", "second-factor", "--login", "ministry2", "--remove").stdout
    t.ok("removed" in out, "`user second-factor --remove` removes the key")
    t.eq(s.request("GET", "/surveys", cookie=cookie).status, 303, "and ends the account's sessions")
    t.eq(s.api("GET", "/api/v1/organizations", token=api_token).status, 401, "and its API tokens")
    _, pending = password_step(s, "ministry2")
    new_key = code_page(s, pending)[1]
    t.ok(new_key and new_key != key, "the next login offers a new key")
    p = s.cli("user", "second-factor", "--login", "orga", check=False)
    t.ok(p.returncode == 2 and "not a ministry or admin account" in p.stderr, "an org account has no second factor")
    p = s.cli("user", "second-factor", "--login", "nobody", check=False)
    t.ok(p.returncode != 0 and "no account nobody" in p.stderr, "an unknown account: an error")
    out = s.cli("user", "second-factor", "--login", "admin2").stdout
    cli_key = re.search(r"^key\t([A-Z2-7]{32})$", out, re.M)
    t.ok(cli_key and "otpauth://totp/shokai:admin2?secret=" in out, "a key from the command line, with its URI")
    step = s.now() // 30
    t.eq(token_request(s, "admin2", totp(cli_key.group(1), step)).status, 200, "and its codes work")

    log = s.log_text()
    t.ok(all(k not in log for k in (key, new_key, cli_key.group(1))), "no key is ever logged")
    admin_only_setup(t, s.binary)
    migration_ends_sessions(t, s.binary)
    t.ok("second_factor_failed" in log and "user=ministry2 second_factor=enrolled" in log,
         "failures and the set-up are logged")


if __name__ == "__main__":
    run_tests(run, ["--self-enrol", "on"])
