"""test_proxy.py: behind a reverse proxy (--trusted-proxy), the client's
address comes from X-Forwarded-For, for login throttling and the log; from
any other peer, and when malformed, the header is ignored. Throttling is per
account and address (assessment finding 9): an attacker's address held back
for an account does not keep its owner, elsewhere, out; and an address has a
ceiling of failures across all accounts."""
import sqlite3
import sys
import threading

from harness import PASSWORD, Server, Tap

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def failure_keys(s):
    con = sqlite3.connect(s.db)
    keys = [k for (k,) in con.execute("SELECT key FROM login_failures WHERE key LIKE 'ip:%' ORDER BY id")]
    con.close()
    return keys


def fail_login(s, forwarded):
    headers = dict(FORM, **({"X-Forwarded-For": forwarded} if forwarded is not None else {}))
    return s.request("POST", "/login", "login=orga&password=wrong-password-here", headers).status


def login_from(s, address, login, password):
    return s.form("/login", {"login": login, "password": password}, headers={"X-Forwarded-For": address})


def attacker_and_owner(t, s):
    """An attacker's address fails for orgb until held back; orgb's owner, from
    another address, logs in meanwhile, and the attacker stays held back."""
    attacker, owner = "198.51.100.66", "203.0.113.20"
    statuses = [login_from(s, attacker, "orgb", "wrong-password-here").status for _ in range(12)]
    t.eq(statuses, [401] * 5 + [429] * 7, "the attacker's address: five failures, then 429")
    r = login_from(s, owner, "orgb", PASSWORD)
    t.eq(r.status, 303, "the owner, from another address, logs in meanwhile")
    t.eq(login_from(s, owner, "orgb", "wrong-password-here").status, 401,
         "and a typo of the owner's is evaluated, not held back")
    r = login_from(s, attacker, "orgb", PASSWORD)
    t.ok(r.status == 429 and r.header("Retry-After") == "60",
         "the attacker's address is still held back, even with the right password (no oracle)", r.status)
    t.eq(login_from(s, attacker, "orga", "wrong-password-here").status, 401,
         "an account is held back per address: the same address is evaluated for another account")


def address_ceiling(t, s):
    """100 failures from one address, each for another account (too few for any
    account's delay): the address is then held back for every account, even a
    new one with its right password, while other addresses are not."""
    spray = "198.51.100.77"
    lock = threading.Lock()
    names = ["sprayed%03d" % i for i in range(100)]
    seen = []

    def worker():
        while True:
            with lock:
                if not names:
                    return
                name = names.pop()
            r = login_from(s, spray, name, "wrong-password-here")
            with lock:
                seen.append(r.status)

    workers = [threading.Thread(target=worker) for _ in range(4)]  # within the hashing queue
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    t.eq(sorted(seen), [401] * 100, "100 failures from one address, one per account, are evaluated")
    r = login_from(s, spray, "orga", PASSWORD)
    t.ok(r.status == 429 and r.header("Retry-After") and 0 < int(r.header("Retry-After")) <= 15 * 60,
         "then the address is held back for every account, even with the right password, up to 15 minutes",
         (r.status, r.header("Retry-After")))
    t.eq(login_from(s, "203.0.113.21", "orga", PASSWORD).status, 303, "another address is not")
    s.advance_clock(15 * 60)
    t.eq(login_from(s, spray, "orga", PASSWORD).status, 303, "after the window the address logs in again")


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
        attacker_and_owner(t, behind)
        address_ceiling(t, behind)
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
