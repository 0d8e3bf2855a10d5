"""test_proxy.py: behind a reverse proxy (--trusted-proxy), the client's
address comes from X-Forwarded-For, for login throttling and the log; from
any other peer, and when malformed, the header is ignored."""
import sqlite3
import sys

from harness import Server, Tap

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def failure_keys(s):
    con = sqlite3.connect(s.db)
    keys = [k for (k,) in con.execute("SELECT key FROM login_failures WHERE key LIKE 'ip:%' ORDER BY id")]
    con.close()
    return keys


def fail_login(s, forwarded):
    headers = dict(FORM, **({"X-Forwarded-For": forwarded} if forwarded is not None else {}))
    return s.request("POST", "/login", "login=orga&password=wrong-password-here", headers).status


def main():
    t = Tap()
    behind = Server(sys.argv[1], ["--trusted-proxy", "127.0.0.1"])
    try:
        t.eq(fail_login(behind, "203.0.113.9, 198.51.100.7"), 401, "a failed login is refused")
        t.eq(failure_keys(behind), ["ip:198.51.100.7"], "the address the proxy added is the one throttled")
        t.ok("ip=198.51.100.7" in behind.log_text(), "and the one logged")
        for bogus in ["<script>", "", "1.2.3.4 5.6.7.8", "x" * 60]:
            fail_login(behind, bogus)
        fail_login(behind, None)
        t.eq(failure_keys(behind)[1:], ["ip:127.0.0.1"] * 5, "a malformed or missing header: the peer address")
    finally:
        behind.stop()
    direct = Server(sys.argv[1], ["--trusted-proxy", "10.9.9.9"])
    try:
        fail_login(direct, "198.51.100.7")
        t.eq(failure_keys(direct), ["ip:127.0.0.1"], "from a peer that is not the proxy, the header is ignored")
    finally:
        direct.stop()
    plain = Server(sys.argv[1])
    try:
        fail_login(plain, "198.51.100.7")
        t.eq(failure_keys(plain), ["ip:127.0.0.1"], "without --trusted-proxy, the header is ignored")
    finally:
        plain.stop()
    t.done()


if __name__ == "__main__":
    main()
