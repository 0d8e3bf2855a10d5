"""test_foundation.py: the foundation's HTTP behaviour against a live server:
security headers, login and sessions, CSRF, the API skeleton, bad input."""
import json
import re
import subprocess
import time

from harness import PASSWORD, run_tests

CSP_PARTS = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
             "frame-ancestors 'none'", "form-action 'self'"]


def check_headers(t, r, what, authed=False):
    csp = r.header("Content-Security-Policy") or ""
    t.ok(all(p in csp for p in CSP_PARTS) and "unsafe-inline" not in csp, what + ": CSP", csp)
    t.eq(r.header("X-Content-Type-Options"), "nosniff", what + ": nosniff")
    t.ok("charset=utf-8" in (r.header("Content-Type") or ""), what + ": charset=utf-8",
         r.header("Content-Type"))
    t.ok(r.header("Access-Control-Allow-Origin") is None, what + ": no CORS header")
    t.ok(r.header("Server") is None, what + ": no Server header")
    if authed:
        t.eq(r.header("Cache-Control"), "no-store", what + ": no-store")




def run(t, s):
    # --- basics and headers on every kind of response
    r = s.request("GET", "/healthz")
    t.eq((r.status, r.text), (200, "ok\n"), "/healthz answers ok")
    check_headers(t, r, "healthz")
    probe = subprocess.run([s.binary, "health", "--listen", "127.0.0.1:%d" % s.port], capture_output=True, text=True)
    t.eq((probe.returncode, probe.stdout), (0, "ok\n"), "shokai health sees the running server")
    r = s.request("GET", "/login")
    t.eq(r.status, 200, "login page")
    t.ok('lang="ja"' in r.text and 'name="password"' in r.text, "login page is a Japanese form")
    check_headers(t, r, "HTML 200")
    r = s.request("GET", "/")
    t.eq((r.status, r.header("Location")), (303, "/login"), "anonymous home redirects to /login")
    check_headers(t, r, "303")
    r = s.request("GET", "/no/such/page")
    t.eq(r.status, 404, "unknown route is 404")
    t.ok("見つかりません" in r.text, "404 says so in Japanese")
    check_headers(t, r, "404")
    r = s.request("DELETE", "/login")
    t.eq(r.status, 405, "wrong method is 405")
    t.ok("GET" in (r.header("Allow") or "") and "POST" in r.header("Allow"), "405 lists Allow")
    check_headers(t, r, "405")
    r = s.request("HEAD", "/login")
    t.eq((r.status, r.body), (200, b""), "HEAD answers headers without a body")
    r = s.request("GET", "/static/style.css")
    t.ok(r.status == 200 and "text/css" in r.header("Content-Type"), "stylesheet is served")
    t.eq(s.request("GET", "/static/../migrations/0001_foundation.sql").status, 404,
         "no path escapes static/")

    # --- CivetWeb's own error (bad request line) still carries our headers
    out = s.raw(b"GARBAGE\r\n\r\n")
    t.ok(out.startswith(b"HTTP/1.1 4") and b"nosniff" in out and b"frame-ancestors" in out,
         "CivetWeb's own 4xx carries the security headers", out[:300])

    # --- CORS: preflight from elsewhere gets nothing
    r = s.request("OPTIONS", "/api/v1/organizations",
                  headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "DELETE"})
    t.ok(r.status in (404, 405) and not any(k.lower().startswith("access-control") for k, _ in r.headers),
         "OPTIONS preflight: no Access-Control-* headers", r.headers)

    # --- path tricks
    for path in ["/organizations/./x", "/./organizations", "//organizations", "/a/../organizations",
                 "/%2e%2e/organizations", "/ORGANIZATIONS", "/organizations%2fx", "/%6Frganizations"]:
        r = s.request("GET", path)
        t.ok(r.status in (303, 400, 404) and "1788" not in r.text and r.status != 200,
             "path variant %s never serves data (%d)" % (path, r.status))
    r = s.request("GET", "/login?x=%ZZ")
    t.eq(r.status, 400, "bad percent-escape in the query is 400")

    # --- login, wrong password, unknown login, XSS in echoed values
    r1 = s.form("/login", {"login": "orga", "password": "wrong password!!"})
    r2 = s.form("/login", {"login": "nobodyx", "password": "wrong password!!"})
    t.eq((r1.status, r2.status), (401, 401), "wrong password and unknown login: both 401")
    t.eq(r1.text.replace("orga", "X"), r2.text.replace("nobodyx", "X"),
         "wrong password and unknown login: the same page")
    t.ok("ログイン名またはパスワードが正しくありません" in r1.text, "the failure says why in Japanese")
    t.ok(r1.header("Set-Cookie") is None, "no cookie on failure")
    payload = "<script>alert(1)</script>\"'&"
    r = s.form("/login", {"login": payload, "password": "x" * 12, "next": '"><script>x</script>'})
    t.ok("<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;" in r.text,
         "the echoed login name is escaped")
    t.ok('"><script>x' not in r.text, "the echoed next path is escaped")

    r = s.form("/login", {"login": "orga", "password": PASSWORD, "next": "/organizations"})
    t.eq(r.status, 303, "right password logs in")
    cookies = r.all("Set-Cookie")
    t.eq(len(cookies), 1, "exactly one Set-Cookie")
    c = cookies[0]
    t.ok("HttpOnly" in c and "SameSite=Lax" in c and "Path=/" in c and "Domain" not in c,
         "cookie is HttpOnly, SameSite=Lax, Path=/, no Domain", c)
    token = c.split(";")[0].split("=", 1)[1]
    t.eq(len(token), 43, "session token is 32 random bytes (base64url)")
    t.eq(r.header("Location"), "/organizations", "login follows next")
    t.ok(token not in r.header("Location"), "token never in the Location")
    orga = c.split(";")[0]
    r = s.request("GET", "/", cookie=orga)
    t.ok(r.status == 200 and "札幌市" in r.text, "org home page shows its 団体")
    check_headers(t, r, "authenticated page", authed=True)
    t.eq(s.request("GET", "/organizations", cookie=orga).status, 403, "org cannot list 団体")

    # --- open redirects after login
    for nxt in ["https://evil.example/", "//evil.example", "/\\evil.example"]:
        r = s.form("/login", {"login": "orgb", "password": PASSWORD, "next": nxt})
        t.eq(r.header("Location"), "/", "next=%s is replaced by /" % nxt)

    # --- session fixation: a cookie from before login is useless after it
    r = s.form("/login", {"login": "orga", "password": PASSWORD}, cookie=orga)
    new = r.header("Set-Cookie").split(";")[0]
    t.ok(new != orga, "login issues a new session")
    t.eq(s.request("GET", "/", cookie=orga).status, 303, "the pre-login cookie no longer works")
    orga = new
    page = s.request("GET", "/", cookie=orga).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    # --- CSRF on logout (the state-changing form every role has)
    r = s.form("/logout", {}, cookie=orga)
    t.eq(r.status, 403, "logout without a CSRF token: 403")
    other_cookie, other_csrf = s.login("orgb")
    t.eq(s.form("/logout", {"csrf": other_csrf}, cookie=orga).status, 403,
         "a CSRF token from another session: 403")
    t.eq(s.form("/logout", {"csrf": csrf}, cookie=orga,
                headers={"Origin": "https://evil.example"}).status, 403, "foreign Origin: 403")
    t.eq(s.form("/logout", {"csrf": csrf}, cookie=orga,
                headers={"Sec-Fetch-Site": "cross-site"}).status, 403, "Sec-Fetch-Site cross-site: 403")
    t.eq(s.request("GET", "/", cookie=orga).status, 200, "after refused logouts the session still works")
    t.eq(s.request("GET", "/logout", cookie=orga).status, 405, "GET on a state-changing path: 405")
    r = s.form("/logout", {"csrf": csrf}, cookie=orga,
               headers={"Origin": "http://127.0.0.1:%d" % s.port})
    t.eq(r.status, 303, "logout with the token and same Origin")
    t.ok("Max-Age=0" in (r.header("Set-Cookie") or ""), "logout clears the cookie")
    t.eq(s.request("GET", "/", cookie=orga).status, 303, "replayed cookie after logout: back to login")
    t.eq(s.form("/logout", {"csrf": csrf}, cookie=orga).status, 401,
         "a token of a logged-out session is refused")

    # --- idle timeout with the injected clock
    c2, _ = s.login("orgb")
    t.eq(s.request("GET", "/", cookie=c2).status, 200, "fresh session works")
    s.advance_clock(31 * 60)
    t.eq(s.request("GET", "/", cookie=c2).status, 303, "after 31 idle minutes: logged out")
    s.advance_clock(60)

    # --- the API: tokens
    r = s.api("POST", "/api/v1/tokens", {"login": "ministry1", "password": PASSWORD})
    t.ok(r.status == 401 and r.json()["errors"][0]["field"] == "code" and "token" not in r.json(),
         "a Ministry account's password alone: 401 asking for the code", r.text)
    with s.code_for("ministry1") as code:
        r = s.api("POST", "/api/v1/tokens", {"login": "ministry1", "password": PASSWORD, "code": code})
    t.eq(r.status, 200, "POST /api/v1/tokens with the right password and code")
    tok = r.json().get("token", "")
    t.eq(len(tok), 43, "a token comes back")
    r = s.api("POST", "/api/v1/tokens", {"login": "ministry1", "password": "wrong password!!"})
    t.ok(r.status == 401 and "token" not in r.json(), "wrong password: 401 and no token")
    t.ok(r.json()["errors"][0]["message"].startswith("ログイン名"), "error message in Japanese")
    page_r = s.form("/login", {"login": "ministry1", "password": "wrong password!!"})
    t.ok(page_r.status == 401 and r.json()["errors"][0]["message"] in page_r.text,
         "the login page refuses the same credentials with the same status and words")
    r = s.api("POST", "/api/v1/tokens", {"password": PASSWORD})
    page_r = s.form("/login", {"password": PASSWORD})
    t.ok(r.status == page_r.status == 400 and r.json()["errors"][0]["field"] == "login"
         and r.json()["errors"][0]["message"] in page_r.text, "a missing login name: 400 on both, the same words")
    check_headers(t, r, "JSON 401")
    r = s.api("POST", "/api/v1/tokens", raw='{"login":"a","login":"b","password":"x"}')
    t.eq(r.status, 400, "duplicate JSON keys: 400")
    t.ok("JSON" in r.json()["errors"][0]["message"], "and says the JSON is wrong")
    r = s.api("POST", "/api/v1/tokens", raw='{"login": "a", "password": ')
    t.eq(r.status, 400, "malformed JSON: 400")
    r = s.api("POST", "/api/v1/tokens", raw="[" * 3000 + "]" * 3000)
    t.eq(r.status, 400, "JSON nested 3,000 deep: 400")
    r = s.api("POST", "/api/v1/tokens", raw='"\\u0000"')
    t.eq(r.status, 400, "JSON with \\u0000: 400")
    r = s.api("POST", "/api/v1/tokens", raw='\ufeff{"login":"a","password":"b"}')
    t.eq(r.status, 400, "JSON with a BOM: 400")
    # Found by test_http_fuzz.py: jansson quotes the input near a bad escape,
    # cut inside a character; the answer was a 500 read past a string's end.
    r = s.api("POST", "/api/v1/tokens", raw='{"login": "コス\\ト", "password": "x"}'.encode())
    t.ok(r.status == 400 and r.json()["errors"][0]["message"].startswith("JSON の形式"),
         "a backslash before a multibyte character: 400 with a readable message", r.body[:200])
    r = s.api("POST", "/api/v1/tokens", {"login": 5, "password": PASSWORD})
    t.ok(r.status == 400 and r.json()["errors"][0]["field"] == "login", "non-string login: 400 naming the field")
    r = s.api("POST", "/api/v1/tokens", [1, 2])
    t.eq(r.status, 400, "non-object body: 400")
    r = s.request("POST", "/api/v1/tokens", '{"login":"a","password":"b"}', {"Content-Type": "text/plain"})
    t.eq(r.status, 415, "JSON endpoint sent text/plain: 415")
    r = s.request("POST", "/api/v1/tokens", "login=a", {"Content-Type": "application/x-www-form-urlencoded"})
    t.eq(r.status, 415, "JSON endpoint sent a form: 415")
    r = s.request("POST", "/login", '{"login":"a"}', {"Content-Type": "application/json"})
    t.eq(r.status, 415, "form endpoint sent JSON: 415")
    r = s.api("POST", "/api/v1/tokens", raw='{"login":"' + "a" * 70000 + '"}')
    t.eq(r.status, 413, "body over the cap: 413")
    check_headers(t, r, "413")

    # --- the API: organizations
    r = s.api("GET", "/api/v1/organizations", token=tok)
    orgs = r.json()
    t.eq((r.status, len(orgs)), (200, 1788), "ministry lists all 1,788 団体")
    t.eq(set(orgs[0].keys()), {"code", "name", "kana", "prefecture", "kind"}, "each with its five fields")
    t.eq(orgs[0], {"code": "010006", "name": "北海道", "kana": "ほっかいどう", "prefecture": "北海道",
                   "kind": "都道府県"}, "in code order, 北海道 first")
    r = s.api("GET", "/api/v1/organizations?kind=%E7%89%B9%E5%88%A5%E5%8C%BA", token=tok)
    t.eq(len(r.json()), 23, "kind=特別区 gives 23")
    r = s.api("GET", "/api/v1/organizations?prefecture=%E5%8C%97%E6%B5%B7%E9%81%93&kind=%E6%9D%91", token=tok)
    t.ok(r.status == 200 and all(o["prefecture"] == "北海道" and o["kind"] == "村" for o in r.json())
         and len(r.json()) == 15, "prefecture=北海道&kind=村 filters both (15)", len(r.json()))
    r = s.api("GET", "/api/v1/organizations?kind=x", token=tok)
    t.ok(r.status == 400 and r.json()["errors"][0]["field"] == "kind", "unknown kind: 400 naming kind")
    r = s.api("GET", "/api/v1/organizations?kind=%E6%9D%91&kind=%E7%94%BA", token=tok)
    t.eq(r.status, 400, "the same filter twice: 400")
    r = s.api("GET", "/api/v1/organizations")
    t.ok(r.status == 401 and r.json()["errors"][0]["message"], "no credentials: 401 JSON")
    check_headers(t, r, "API 401")
    t.eq(s.api("GET", "/api/v1/organizations", token="x" * 43).status, 401, "forged token: 401")
    t.eq(s.api("GET", "/api/v1/organizations", headers={"Authorization": "Basic abc"}).status, 401,
         "non-bearer Authorization: 401")
    orgtok = s.token("orga")
    r = s.api("GET", "/api/v1/organizations", token=orgtok)
    t.eq(r.status, 403, "org token cannot list 団体")
    check_headers(t, r, "403")
    mc, _ = s.login("ministry1")
    t.eq(s.request("GET", "/api/v1/organizations", cookie=mc).status, 200, "API accepts the session cookie for GET")
    t.eq(s.request("DELETE", "/api/v1/tokens/current", cookie=mc).status, 403,
         "cookie-authenticated unsafe API call without X-CSRF-Token: 403")
    r = s.request("GET", "/organizations", cookie=mc)
    t.ok(r.status == 200 and r.text.count("<tr><td>") == 100 and "全 1788 団体中 1〜100" in r.text,
         "ministry page lists the 1,788 団体, 100 at a time")
    r = s.request("GET", "/organizations?kind=%E7%89%B9%E5%88%A5%E5%8C%BA", cookie=mc)
    t.ok(r.text.count("<tr><td>") == 23 and "千代田区" in r.text, "the page filters by kind")
    t.eq(s.api("DELETE", "/api/v1/tokens/current", token=tok).status, 204, "token revoked")
    t.eq(s.api("GET", "/api/v1/organizations", token=tok).status, 401, "revoked token: 401")

    # --- bad bodies: raw NUL (CVE-2025-9648), framing, caps, slow bodies
    body = b"login=a\x00bcdefgh"
    out = s.raw(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body) + body)
    t.ok(out.startswith(b"HTTP/1.1 400"), "raw NUL in a form body: 400", out[:100])
    t.eq(s.request("GET", "/healthz", timeout=5).status, 200, "the worker answers the next request")
    cases = [
        (b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", b"400", "Content-Length with chunked"),
        (b"Content-Length: 3\r\nContent-Length: 3\r\n", b"400", "duplicate Content-Length"),
        (b"Content-Length: 3abc\r\n", b"400", "Content-Length 3abc"),
        (b"Transfer-Encoding: gzip\r\n", b"(400|501)", "Transfer-Encoding gzip"),
    ]
    for hdr, code, name in cases:
        out = s.raw(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + hdr + b"\r\nabc")
        t.ok(re.match(b"HTTP/1.1 " + code, out) is not None and b"Connection: close" in out,
             "%s: %s and close" % (name, code.decode()), out[:120])
        t.ok(b"nosniff" in out, "%s: security headers" % name)
    out = s.raw(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000000\r\n\r\n")
    t.ok(out.startswith(b"HTTP/1.1 413"), "a declared 100 MB body: 413 before reading it", out[:80])
    chunked = b"".join(b"%x\r\n%s\r\n" % (4096, b"a" * 4096) for _ in range(20)) + b"0\r\n\r\n"
    out = s.raw(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
    t.ok(out.startswith(b"HTTP/1.1 413"), "a chunked body over the cap: 413", out[:80])
    many = "&".join("k%d=v" % i for i in range(1001))
    t.eq(s.form("/login", {}, headers={}).status, 400, "empty login form: 400")
    r = s.request("POST", "/login", many, {"Content-Type": "application/x-www-form-urlencoded"})
    t.eq(r.status, 413, "1,001 fields: 413")
    r = s.request("POST", "/login", "login=%C0%AF&password=x", {"Content-Type": "application/x-www-form-urlencoded"})
    t.eq(r.status, 400, "overlong UTF-8 in a form: 400")
    r = s.request("POST", "/login", "login=a&login=b&password=" + "x" * 12,
                  {"Content-Type": "application/x-www-form-urlencoded"})
    t.eq(r.status, 400, "duplicate login field: 400")
    # A body dripped slower than the body deadline (1.5 s here) is cut off.
    import socket
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=15)
    sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: 12\r\n\r\n")
    reply = b""
    for ch in b"login=abcdef":
        try:
            sock.sendall(bytes([ch]))
        except OSError:
            break
        time.sleep(0.4)
    try:
        reply = sock.recv(4096)
    except OSError:
        pass
    sock.close()
    t.ok(reply.startswith(b"HTTP/1.1 400"), "a dripped body is cut at the body deadline", reply[:80])

    # --- throttling per account and address, with growing delays (its own
    # account; stays under the per-address ceiling). The real user from another
    # address is in test_proxy.py.
    def attempt(login, password="wrong password!!"):
        return s.form("/login", {"login": login, "password": password})

    known = [attempt("prefother") for _ in range(6)]
    unknown = [attempt("nobody-here") for _ in range(6)]
    t.eq([r.status for r in known[:5]], [401] * 5, "five failures are evaluated")
    t.eq((known[5].status, known[5].header("Retry-After")), (429, "60"),
         "the sixth is held back (429) for a minute (Retry-After: 60)")
    t.ok("ログインの試行が多すぎます。1分ほど待って" in known[5].text, "saying so in Japanese")
    t.eq([(r.status, r.header("Retry-After")) for r in unknown], [(r.status, r.header("Retry-After")) for r in known],
         "an unknown login: the same statuses and delays")
    t.eq(unknown[5].text.replace("nobody-here", "X"), known[5].text.replace("prefother", "X"),
         "and the same page when held back (no enumeration through the throttle)")
    t.eq(attempt("prefother", PASSWORD).status, 429, "held back even with the right password")
    s.advance_clock(59)
    t.eq(attempt("prefother", PASSWORD).status, 429, "still held back a second before the minute ends")
    s.advance_clock(1)
    t.eq(attempt("prefother").status, 401, "after the minute, one more attempt is evaluated")
    r = attempt("prefother")
    t.eq((r.status, r.header("Retry-After")), (429, "120"), "then the delay doubles: 2 minutes")
    t.ok("2分ほど待って" in r.text, "and the page says 2 minutes")
    s.advance_clock(120)
    attempt("prefother")
    r = attempt("prefother")
    t.eq((r.status, r.header("Retry-After")), (429, "240"), "then 4 minutes")
    s.advance_clock(240)
    t.eq(attempt("prefother", PASSWORD).status, 303, "the owner can log in after the delay")
    t.eq([attempt("prefother").status for _ in range(6)], [401] * 5 + [429],
         "a success starts the count afresh")

    # --- logs
    s.form("/login", {"login": "evil\r\n2026-01-01 FAKE", "password": "x" * 12})
    time.sleep(0.2)
    log = s.log_text()
    t.ok(PASSWORD not in log, "the password never reaches the log")
    t.ok(tok not in log and token not in log, "tokens never reach the log")
    t.ok(not re.search(r"^2026-01-01 FAKE", log, re.M), "a CR/LF login name stays on one line")
    t.ok(re.search(r'login_failed .*login="?evil\\x0d\\x0a2026-01-01 FAKE', log) is not None,
         "and is logged encoded")
    t.ok(re.search(r"request id=\w{12} ip=127\.0\.0\.1 user=ministry1 .*status=200 ms=", log) is not None,
         "one request line with id, user, status and ms")
    import os
    import stat
    t.eq(stat.S_IMODE(os.stat(s.log).st_mode), 0o600, "the log file is not world-readable")
    check_headers(t, s.request("GET", "/healthz"), "after everything")


if __name__ == "__main__":
    run_tests(run, ["--max-body", "65536", "--body-timeout", "1500", "--request-timeout", "3000"])
