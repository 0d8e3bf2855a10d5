"""test_password.py (RELIABILITY.md A6): changing one's own password at
/account/password. It needs the current password (wrong ones count as
failed logins), the new one twice and by the rules; on success every other
session and API token of the account ends, this browser keeps a new
session, the old password stops working and the change is audited."""
import re
import sqlite3
import urllib.parse

from harness import PASSWORD, run_tests

NEW = "あたらしい合言葉 2026 horse"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def change(s, cookie, csrf, current, new, confirm=None):
    body = urllib.parse.urlencode({"csrf": csrf, "current": current, "new": new,
                                   "confirm": new if confirm is None else confirm})
    return s.request("POST", "/account/password", body, FORM, cookie=cookie)


def hash_of(s, login):
    con = sqlite3.connect(s.db)
    h = con.execute("SELECT password_hash FROM users WHERE login = ?", (login,)).fetchone()[0]
    con.close()
    return h


def run(t, s):
    cookie, csrf = s.login("orga")
    other_cookie, _ = s.login("orga")
    token = s.token("orga")
    r = s.request("GET", "/account/password", cookie=cookie)
    t.ok(r.status == 200 and 'autocomplete="current-password"' in r.text and 'autocomplete="new-password"' in r.text,
         "the form asks for the current password and the new one")
    t.ok("/account/password" in s.request("GET", "/", cookie=cookie).text, "every page links to it")
    before = hash_of(s, "orga")

    r = change(s, cookie, csrf, "wrong password here", NEW)
    t.ok(r.status == 422 and "現在のパスワードが正しくありません" in r.text, "a wrong current password: 422")
    con = sqlite3.connect(s.db)
    failures = con.execute("SELECT count(*) FROM login_failures WHERE key = 'login:orga@127.0.0.1'").fetchone()[0]
    con.close()
    t.eq(failures, 1, "the wrong current password counts as a failed login")
    r = change(s, cookie, csrf, PASSWORD, NEW, confirm=NEW + "x")
    t.ok(r.status == 422 and "一致しません" in r.text and 'href="#confirm"' in r.text,
         "confirmation differs: 422, linked to the field")
    r = change(s, cookie, csrf, PASSWORD, "short")
    t.ok(r.status == 422 and 'href="#new"' in r.text, "a new password under 12 characters: 422")
    r = change(s, cookie, csrf, PASSWORD, "Qwerty123456")
    t.ok(r.status == 422 and "漏えい" in r.text, "a password from the breached top 10,000: 422 (any case)")
    r = s.request("POST", "/account/password", urllib.parse.urlencode(
        {"current": PASSWORD, "new": NEW, "confirm": NEW}), FORM, cookie=cookie)
    t.eq(r.status, 403, "without the CSRF token: 403")
    t.eq(hash_of(s, "orga"), before, "no refused attempt changed the password")

    r = change(s, cookie, csrf, PASSWORD, NEW)
    t.ok(r.status == 303 and r.header("Location") == "/account/password?changed=1", "the change: 303", r.status)
    new_cookie = (r.header("Set-Cookie") or "").split(";")[0]
    t.ok(new_cookie and new_cookie != cookie, "this browser gets a new session")
    page = s.request("GET", "/account/password?changed=1", cookie=new_cookie)
    t.ok(page.status == 200 and "パスワードを変更しました" in page.text, "and is told it worked")
    t.eq(s.request("GET", "/surveys", cookie=other_cookie).status, 303, "another browser's session has ended")
    t.eq(s.request("GET", "/surveys", cookie=cookie).status, 303, "so has the session the change came from")
    t.eq(s.api("GET", "/api/v1/surveys", token=token).status, 401, "API tokens are revoked")
    t.eq(s.form("/login", {"login": "orga", "password": PASSWORD}).status, 401, "the old password no longer works")
    t.eq(s.form("/login", {"login": "orga", "password": NEW}).status, 303, "the new one does (Japanese allowed)")
    con = sqlite3.connect(s.db)
    audited = con.execute("SELECT count(*) FROM audit WHERE action = 'user.passwd' AND target = 'orga'").fetchone()[0]
    con.close()
    t.eq(audited, 1, "the change is audited")
    t.ok(NEW not in s.log_text() and PASSWORD not in s.log_text(), "no password reaches the log")


if __name__ == "__main__":
    run_tests(run)
