"""test_demo.py: README's command 1 in miniature: `shokai serve --demo` creates
the demo database, prints one account per role, serves the login page, and
the demo ministry account, once its authenticator key is set, lists all
1,788 団体. Run twice, it refreshes the passwords and removes the keys without
losing the database."""
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from harness import Tap, totp


def start(binary, db):
    p = subprocess.Popen([binary, "serve", "--demo", "--db", db, "--listen", "127.0.0.1:0",
                          "--log", db + ".log"], stdout=subprocess.PIPE, text=True)
    accounts = {}
    while True:
        line = p.stdout.readline()
        if not line:
            raise RuntimeError("demo server exited")
        m = re.match(r"\s+(demo-\S+)\s+(\S+)\s+(\S+)$", line)
        if m:
            accounts[m.group(1)] = (m.group(2), m.group(3))
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            return p, int(m.group(1)), accounts


def call(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def main():
    t = Tap()
    binary = sys.argv[1]
    db = os.path.join(tempfile.mkdtemp(prefix="shokai-demo-"), "demo.db")
    p, port, accounts = start(binary, db)
    try:
        t.eq(sorted(role for role, _ in accounts.values()), ["admin", "ministry", "org", "org", "pref"],
             "one account per role is printed (two org accounts)")
        status, body = call(port, "GET", "/login")
        t.ok(status == 200 and "ログイン" in body.decode(), "the login page is served")
        pw = accounts["demo-ministry"][1]
        status, body = call(port, "POST", "/api/v1/tokens",
                            json.dumps({"login": "demo-ministry", "password": pw}),
                            {"Content-Type": "application/json"})
        t.ok(status == 403 and "二要素認証の設定" in body.decode(),
             "the demo ministry account's password alone gets no token: its app is not set up", body)
        out = subprocess.run([binary, "user", "second-factor", "--login", "demo-ministry", "--db", db],
                             capture_output=True, text=True).stdout
        key = re.search(r"^key\t(\S+)$", out, re.M).group(1)
        status, body = call(port, "POST", "/api/v1/tokens",
                            json.dumps({"login": "demo-ministry", "password": pw,
                                        "code": totp(key, int(time.time()) // 30)}),
                            {"Content-Type": "application/json"})
        t.eq(status, 200, "with a key from `shokai user second-factor` and its code, it logs in")
        token = json.loads(body)["token"]
        status, body = call(port, "GET", "/api/v1/organizations", headers={"Authorization": "Bearer " + token})
        t.eq((status, len(json.loads(body))), (200, 1788), "and lists all 1,788 団体")
        pw_org = accounts["demo-org"][1]
        status, body = call(port, "POST", "/api/v1/tokens",
                            json.dumps({"login": "demo-org", "password": pw_org}),
                            {"Content-Type": "application/json"})
        org_token = json.loads(body)["token"]
        status, body = call(port, "PUT", "/api/v1/surveys/r7-ikenshokai/responses/011002",
                            json.dumps({"answers": {"challenges": ["課題なし"]}}),
                            {"Content-Type": "application/json", "Authorization": "Bearer " + org_token})
        t.eq(status, 200, "the demo org can answer the R7 survey (opened for the demo)")
        status, body = call(port, "PUT", "/api/v1/surveys/r3-ikenshokai/responses/011002",
                            json.dumps({"answers": {}}),
                            {"Content-Type": "application/json", "Authorization": "Bearer " + org_token})
        t.eq(status, 409, "R3 stays closed")
    finally:
        p.terminate()
        p.wait()
    p, port, again = start(binary, db)
    try:
        t.ok(again["demo-ministry"][1] != pw, "a second start prints new passwords")
        status, _ = call(port, "POST", "/api/v1/tokens",
                         json.dumps({"login": "demo-ministry", "password": pw}),
                         {"Content-Type": "application/json"})
        t.eq(status, 401, "the old password no longer works")
        status, body = call(port, "GET", "/api/v1/organizations", headers={"Authorization": "Bearer " + token})
        t.eq(status, 401, "tokens of the old password were revoked")
        status, body = call(port, "POST", "/api/v1/tokens",
                            json.dumps({"login": "demo-ministry", "password": again["demo-ministry"][1],
                                        "code": totp(key, int(time.time()) // 30 + 1)}),
                            {"Content-Type": "application/json"})
        t.eq(status, 403, "and the key was removed: the next login sets the app up again")
    finally:
        p.terminate()
        p.wait()
    t.done()


if __name__ == "__main__":
    main()
