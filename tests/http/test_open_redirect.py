"""test_open_redirect.py (assessment issue #15, finding 3): the path a login
goes to afterwards (`next`) never leaves the site. `GET /login?next=/%09/evil.example/x`
signed in answered `Location: /\t/evil.example/x`, which browsers follow to
evil.example (they drop the tab and read `//host`). Every way `next` reaches a
Location is tried: the login page (anonymous: the form's hidden field; signed
in: a redirect), a successful login, and the second factor's page, shown and
submitted, pending and signed in. Each hostile value must become `/`; a path
of the site (with its query) is kept."""
import re
import urllib.parse

from harness import PASSWORD, run_tests

# What the server sees after decoding the query or body once.
HOSTILE = [
    "/\t/evil.example/x",        # the reported one: /%09/
    "/\r/evil.example/x",
    "/\n/evil.example/x",
    "/ /evil.example/x",
    "/\t\\evil.example/x",
    "/x\t/y",                    # a control character later on
    "//evil.example/x",
    "/\\evil.example/x",
    "/%09/evil.example/x",       # encoded twice: a tab after one more decoding
    "/%2F/evil.example/x",
    "/%5Cevil.example/x",
    "%2F%2Fevil.example/x",
    "https://evil.example/x",
]
KEPT = "/surveys?tab=1&q=%E3%81%82"


def query(path, nxt):
    return path + "?next=" + urllib.parse.quote(nxt, safe="")


def hidden_next(page):
    m = re.search(r'name="next" value="([^"]*)"', page.text)
    return m.group(1) if m else None


def second_factor_code(s, login, cookie, nxt):
    """Shows the code page of a pending session with next in its query, then
    enters the code with next in the body; returns (page, answer)."""
    page = s.request("GET", query("/login/second-factor", nxt), cookie=cookie)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    with s.code_for(login) as code:
        r = s.form("/login/second-factor", {"csrf": csrf, "code": code, "next": nxt}, cookie=cookie)
    return page, r


def run(t, s):
    orga, _ = s.login("orga")
    ministry, ministry_csrf = s.login("ministry1")
    for nxt in HOSTILE + [KEPT]:
        want = KEPT if nxt == KEPT else "/"
        shown = repr(nxt)
        # Anonymous: the form carries next on, as "/".
        page = s.request("GET", query("/login", nxt))
        t.eq((page.status, hidden_next(page)), (200, want.replace("&", "&amp;")),
             "anonymous GET /login?next=%s: the form's next" % shown)
        # A successful login (no second factor).
        r = s.form("/login", {"login": "orgb", "password": PASSWORD, "next": nxt})
        t.eq((r.status, r.header("Location")), (303, want), "login with next=%s" % shown)
        # Signed in: /login redirects at once.
        r = s.request("GET", query("/login", nxt), cookie=orga)
        t.eq((r.status, r.header("Location")), (303, want), "signed-in GET /login?next=%s" % shown)
        # Signed in: the second factor's page redirects at once, shown or posted.
        r = s.request("GET", query("/login/second-factor", nxt), cookie=ministry)
        t.eq((r.status, r.header("Location")), (303, want),
             "signed-in GET /login/second-factor?next=%s" % shown)
        r = s.form("/login/second-factor", {"csrf": ministry_csrf, "next": nxt}, cookie=ministry)
        t.eq((r.status, r.header("Location")), (303, want),
             "signed-in POST /login/second-factor next=%s" % shown)
        # A Ministry login: password, then the code page with next, then the code.
        r = s.form("/login", {"login": "ministry1", "password": PASSWORD, "next": nxt})
        to_code = "/login/second-factor" + ("" if want == "/" else "?next=" + urllib.parse.quote(want, safe=""))
        t.eq((r.status, r.header("Location")), (303, to_code), "Ministry password with next=%s" % shown)
        pending = r.header("Set-Cookie").split(";")[0]
        page, r = second_factor_code(s, "ministry1", pending, nxt)
        t.eq((page.status, hidden_next(page)), (200, want.replace("&", "&amp;")),
             "pending GET /login/second-factor?next=%s: the form's next" % shown)
        t.eq((r.status, r.header("Location")), (303, want), "the code entered with next=%s" % shown)


run_tests(run)
