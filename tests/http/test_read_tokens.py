"""test_read_tokens.py (issue #22): read-only API tokens.

- POST /api/v1/tokens with "scope": "read" (and "days") issues one; so does
  the page /account/tokens (named, with an expiry choice, the password asked
  again), which shows the secret once and lists every token with its 種類;
- walking `shokai routes`: every API route that writes (POST, PUT, DELETE),
  called with a read-only token of a role the route admits, answers 403 in
  the one error shape and changes no row; so does every GET the route table
  does not mark as readable (a single 団体's answers and versions, the audit
  log, the report's notes); every GET it marks answers as for a full token;
- the one exception: a read-only token revokes itself
  (DELETE /api/v1/tokens/current), and is refused afterwards."""
import json
import re
import subprocess
import time

from harness import PASSWORD, run_tests
from test_access_matrix import snapshot
from test_survey_api import FEB_5_2025, GOOD

SURVEY = "r7-ikenshokai"
ORG = "011002"
VALUES = {":id": SURVEY, ":code": ORG, ":n": "1", ":key": "1", ":token": "1", ":account": "999",
          ":sid": "nosuch", ":qid": "nosuch", ":col": "nosuch", ":round": "1", ":bullet": "1",
          ":scheme": "kind6"}
LOGINS = [("ministry", "ministry1"), ("pref", "prefa"), ("org", "orga"), ("admin", "admin1")]
SELF_REVOKE = ("DELETE", "/api/v1/tokens/current")


def issue(s, login, **fields):
    body = {"login": login, "password": PASSWORD, **fields}
    if login in s.second_factor.keys:
        with s.code_for(login) as body["code"]:
            return s.api("POST", "/api/v1/tokens", body)
    return s.api("POST", "/api/v1/tokens", body)


def api_routes(binary):
    out = subprocess.run([binary, "routes"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        method, pattern, roles, body, params = line.split("\t")
        if pattern.startswith("/api/v1/"):
            yield method, pattern, roles.split(","), body


def readable(binary):
    doc = json.loads(subprocess.run([binary, "routes", "--openapi"], capture_output=True, text=True,
                                    check=True).stdout)
    return {(m.upper(), re.sub(r"\{([a-z_]+)\}", r":\1", p))
            for p, item in doc["paths"].items() for m, op in item.items() if op["x-read-token"]}


def run(t, s):
    s.set_clock(FEB_5_2025)
    full = s.token("orga")
    r = s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG), {"answers": GOOD}, token=full)
    t.eq(r.status, 200, "札幌市 has a draft")

    r = issue(s, "orga", name="分析", scope="read", days=7)
    body = r.json()
    t.ok(r.status == 200 and body.get("scope") == "read" and body.get("name") == "分析",
         "POST /api/v1/tokens with scope read: a read-only token", r.text)
    t.eq(issue(s, "orga").json().get("scope"), "full", "without scope: full, as before")
    t.eq(issue(s, "orga", scope="write").status, 400, "an unknown scope: 400")
    t.eq(issue(s, "orga", days=0).status, 400, "days 0: 400")
    listed = s.api("GET", "/api/v1/tokens", token=full).json()["tokens"]
    t.eq(sorted(x["scope"] for x in listed), ["full", "full", "read"], "GET /api/v1/tokens lists each scope")
    read = {login: issue(s, login, scope="read").json()["token"] for _, login in LOGINS}

    table = list(api_routes(s.binary))
    marked = readable(s.binary)
    t.ok(("GET", "/api/v1/surveys/:id/results") in marked and ("GET", "/api/v1/surveys/:id/progress") in marked
         and ("GET", "/api/v1/surveys/:id/responses/:code") not in marked,
         "results and progress are readable, a 団体's answers are not")
    wrong, tried = [], 0
    for method, pattern, roles, body in sorted(table, key=lambda x: (x[0], x[1]) == SELF_REVOKE):
        if (method, pattern) == SELF_REVOKE or roles == ["public"] and method == "POST":
            continue
        login = next((login for role, login in LOGINS if role in roles), "orga")
        path = re.sub(r":[a-z]+", lambda m: VALUES[m.group(0)], pattern)
        if "selfcheck" in pattern:
            path = path.replace(SURVEY, "selfcheck-guideline")
        before = snapshot(s.db)
        raw = "{}" if body in ("json", "json-optional") else None
        r = s.api(method, path, token=read[login], raw=raw)
        tried += 1
        if (method, pattern) in marked:
            if r.status in (401, 403) or r.status >= 500:
                wrong.append("%s %s: %d, a readable route refused" % (method, pattern, r.status))
            continue
        errors = r.json().get("errors", []) if (r.header("Content-Type") or "").startswith("application/json") else []
        if r.status != 403 or not errors or errors[0].get("field") != "token" or "読み取り専用" not in errors[0]["message"]:
            wrong.append("%s %s: %d %s" % (method, pattern, r.status, r.text[:120]))
        if snapshot(s.db) != before:
            wrong.append("%s %s changed a row" % (method, pattern))
    writes = sum(1 for m, *_ in table if m != "GET")
    t.ok(tried >= len(table) - 2 and writes >= 15, "%d API routes called with read-only tokens (%d writes)" % (tried, writes))
    t.eq(wrong, [], "every write and every unmarked GET: 403 (読み取り専用), no row changed; marked GETs answer")
    r = s.api("POST", "/api/v1/tokens", {"login": "orga", "password": PASSWORD}, token=read["orga"])
    t.eq(r.status, 403, "a read-only token cannot even issue a token")

    # The page: issue, shown once, listed with 種類, revocable.
    cookie, csrf = s.login("orgb")
    r = s.form("/account/tokens", {"csrf": csrf, "name": "Excel 用", "scope": "read", "days": "30",
                                           "password": PASSWORD}, cookie=cookie)
    secret = re.search(r'<code id="issued-secret" class="secret">([^<]+)</code>', r.text)
    t.ok(r.status == 200 and secret and "読み取り専用" in r.text, "the page issues a read-only token and shows it", r.status)
    secret = secret.group(1) if secret else ""
    t.eq(s.api("GET", "/api/v1/surveys", token=secret).status, 200, "it reads")
    t.eq(s.api("PUT", "/api/v1/surveys/%s/responses/012025" % SURVEY, {"answers": GOOD}, token=secret).status, 403,
         "it cannot save the 団体's answer")
    page = s.request("GET", "/account/tokens", cookie=cookie)
    t.ok(secret not in page.text and re.search(r"<td>Excel 用</td>.*?<td>読み取り専用</td>", page.text, re.S),
         "the list shows it with 種類 読み取り専用, never its secret again")
    mine = s.api("GET", "/api/v1/tokens", token=secret).json()["tokens"][0]
    want = s.now() + 30 * 86400
    t.ok(mine["scope"] == "read" and mine["expires_at"].startswith(
        time.strftime("%Y-%m-%d", time.gmtime(want))), "30 days, as chosen", mine)
    t.eq(s.form("/account/tokens", {"csrf": "forged", "name": "x", "scope": "read", "password": PASSWORD},
                cookie=cookie).status, 403, "without the CSRF token: 403")
    r = s.form("/account/tokens", {"csrf": csrf, "name": "x", "scope": "read", "password": "wrong"}, cookie=cookie)
    t.ok(r.status in (401, 422) and "パスワード" in r.text and 'id="issued-secret"' not in r.text,
         "a wrong password: the form again, no token", r.status)
    r = s.form("/account/tokens", {"csrf": csrf, "name": "x", "scope": "all", "password": PASSWORD}, cookie=cookie)
    t.ok(r.status == 400 and "トークンの種類" in r.text, "an unknown scope on the page: 400 naming it, as the API")
    r = s.form("/account/tokens/%d/revoke" % mine["id"], {"csrf": csrf}, cookie=cookie)
    t.eq(r.status, 303, "its owner revokes it on the page")
    t.eq(s.api("GET", "/api/v1/surveys", token=secret).status, 401, "and it is refused")

    # Revoking itself is the one write a read-only token may do.
    r = s.api("DELETE", "/api/v1/tokens/current", token=read["orga"])
    t.eq(r.status, 204, "a read-only token revokes itself")
    t.eq(s.api("GET", "/api/v1/surveys", token=read["orga"]).status, 401, "and is refused afterwards")


if __name__ == "__main__":
    run_tests(run)
