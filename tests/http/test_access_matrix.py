"""test_access_matrix.py (RELIABILITY.md A1): every route `shokai routes`
lists, with its method, tried by every identity (anonymous, org A, org B,
the prefecture of A, another prefecture, the Ministry, an administrator),
always aimed at 団体 B (012025, 函館市) where the path names a 団体.

The rule each request is held to comes from the route table itself:
- anonymous: a page sends to /login (303), the API answers 401; public routes
  are open;
- a role the route does not list: 403;
- a listed role aimed at 団体 B: org B, the prefecture of B (北海道) and the
  Ministry pass (whatever the handler then says of the empty body, never 401
  or 403); org A and the other prefecture get 403 or 404;
- a refused request changes no row of the answers, workflow or publication;
- 団体 B's canary, planted in its draft answer, appears in no response to
  anyone who may not read B's answers;
- a second pass puts B's code in the query and the body (under every name
  a handler might read) of every route: still nothing of B, no row changed;
- a third sends every unsafe route with the session but no CSRF token: 403;
- the first pass is repeated with r7 published (results open to 団体, B's
  draft still its own) and on the other surveys (sanso-2023, the self-check).

A path parameter the test does not know how to fill fails the test, so a new
route cannot be left out of the matrix."""
import hashlib
import json
import re
import sqlite3
import subprocess
import urllib.parse

from harness import PASSWORD, run_tests
from test_survey_api import FEB_5_2025, GOOD

SURVEY = "r7-ikenshokai"
OTHER_SURVEYS = ["sanso-2023", "selfcheck-guideline"]
ORG_B = "012025"
CANARY = "CANARY-012025-7f3a"
# ":token" is an API token's id (the first is 団体 B's, issued before the passes);
# ":account" an account that does not exist, so that the administrator's
# operations on accounts (allowed) change none of the identities. The
# editor's section, question and column ids (issue #18) name none of r7's,
# so the Ministry's passes change no part of its definition. ":round" is a
# recorded past round (過年度実績) of the survey, ":bullet" a curated 具体的な内容
# bullet, ":scheme" a grouping scheme.
PARAMS = {":id": SURVEY, ":code": ORG_B, ":n": "1", ":key": "1", ":file": "style.css", ":token": "1",
          ":account": "999", ":sid": "nosuch", ":qid": "nosuch", ":col": "nosuch",
          ":round": "1", ":bullet": "1", ":scheme": "kind6"}
# 団体 B's code under every name a handler might read it by, for the pass
# that puts it in the query and the body instead of the path.
SMUGGLED = {"code": ORG_B, "org": ORG_B, "org_code": ORG_B, "organization": ORG_B, "codes": ORG_B,
            "prefecture": "北海道"}
# Routes that end the identity's session or token are tried last.
SESSION_ENDING = {("POST", "/logout"), ("DELETE", "/api/v1/tokens/current")}
# (name, login, role, may read 団体 B)
IDENTITIES = [
    ("anonymous", None, None, False),
    ("org A", "orga", "org", False),
    ("other prefecture", "prefother", "pref", False),
    ("administrator", "admin1", "admin", False),
    ("org B", "orgb", "org", True),
    ("prefecture of B", "prefa", "pref", True),
    ("Ministry", "ministry1", "ministry", True),
    # The password given, the authenticator's code not yet (A3).
    ("Ministry before its code", "ministry1", "second-factor-pending", False),
]
# Where the route table lets a role in but the rules of the business refuse
# it in this state (r7 unpublished, no approval step, a draft): 403 is then
# right. Any other 403 for a role the route lists is a failure.
REFUSED_WHEN_PUBLISHED = [
    (r"/responses/:code(/confirm|/submit|/upload|\.xlsx)?$", {"pref"}, "a prefecture reads its 団体' answers, never writes them"),
    (r"/(request-approval|approve|reject)$", {"org", "pref"}, "this survey has no approval step"),
    (r"/(selfcheck|respondents|diff)(\.csv|\.xlsx)?$", {"org", "pref"}, "the Ministry's own views"),
]
REFUSED_BY_STATE = [
    (r"/(results|entries)(\.csv|\.xlsx|/summary|/summary\.csv)?$", {"org"},
     "a 団体 sees results only once they are published"),
    (r"/report(\.xlsx)?$", {"org", "pref"}, "the report is the Ministry's until it is published"),
    (r"/responses/:code(/confirm|/submit|/upload|\.xlsx)?$", {"pref"}, "a prefecture reads its 団体' answers, never writes them"),
    (r"/(request-approval|approve|reject)$", {"org", "pref"}, "this survey has no approval step"),
]
WATCHED_TABLES = ["responses", "response_versions", "response_events", "survey_publications", "entry_replies",
                  "surveys", "survey_reopenings", "report_notes", "users", "sessions", "api_tokens"]


def routes(s):
    """(method, pattern, roles, body kind, required body parameters) of every
    route. The body of a route that requires parameters carries valid ones, so
    that a refusal comes from the permission checks, not from a missing field."""
    out = subprocess.run([s.binary, "routes"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        method, pattern, roles, body, params = line.split("\t")
        required = {}
        for spec in [] if params == "-" else params.split(","):
            name, source, kind, *rest = spec.split(":")
            if source == "body" and "required" in rest:
                # a choice lists its values last: the first is valid
                required[name] = rest[-1].split("|")[0] if kind == "choice" else VALID_VALUES[kind]
        if body == "json-optional":
            body = "json" if required else "-"
        yield method, pattern, set(roles.split(",")), (body, required)


# A valid value of each declared parameter type.
VALID_VALUES = {"text": "確認のため", "int": 1, "org": "011002", "time": "2025-03-01T00:00:00+09:00", "bool": 1}


def fill(pattern, survey=SURVEY):
    """The concrete path, or None when a parameter has no rule here."""
    path = pattern
    params = dict(PARAMS, **{":id": survey})
    for name in re.findall(r":[a-z]+", pattern):
        if name not in params:
            return None
        path = path.replace(name, params[name], 1)
    return path


# A token's last use is noted by every request that presents it, refused or
# not; it grants nothing, so it is not a change.
COLUMNS = {"api_tokens": "id, token_hash, user_id, name, created_at, expires_at, revoked_at"}


def snapshot(db):
    con = sqlite3.connect(db)
    h = hashlib.sha256()
    for table in WATCHED_TABLES:
        sql = "SELECT %s FROM %s" % (COLUMNS.get(table, "*"), table)
        for row in sorted(repr(row) for row in con.execute(sql)):
            h.update(row.encode())
    con.close()
    return h.hexdigest()


class Identity:
    def __init__(self, s, login, role):
        self.s, self.login = s, login
        self.cookie = self.csrf = self.token = None
        # A pending session has no token; its cookie goes to the API too.
        self.pending = role == "second-factor-pending"
        if self.pending:
            r = s.form("/login", {"login": login, "password": PASSWORD})
            self.cookie = r.header("Set-Cookie").split(";")[0]
            page = s.request("GET", "/login/second-factor", cookie=self.cookie).text
            self.csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        elif login:
            self.cookie, self.csrf = s.login(login)
            self.token = s.token(login)

    def send(self, method, path, body, forged=False, smuggle=False):
        """The request as this identity's browser (pages) or client (API) would
        send it; forged: with the session cookie but no valid CSRF token, as a
        cross-site form or script would."""
        body_kind, required = body
        api = path.startswith("/api/") and not forged
        headers, body = {}, None
        if smuggle:
            path += "?" + urllib.parse.urlencode(SMUGGLED)
        if api and self.token:
            headers["Authorization"] = "Bearer " + self.token
        body = None
        if body_kind == "form":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            fields = {**required, "csrf": "forged" if forged else self.csrf or ""}
            body = urllib.parse.urlencode({**SMUGGLED, **fields} if smuggle else fields)
        elif body_kind == "json":
            headers["Content-Type"] = "application/json"
            body = json.dumps({**SMUGGLED, **required} if smuggle else required, ensure_ascii=False)
        elif body_kind == "multipart":
            # An upload form: its fields (csrf among them), and an empty file.
            fields = {**required, "csrf": "forged" if forged else self.csrf or ""}
            if smuggle:
                fields = {**SMUGGLED, **fields}
            headers["Content-Type"] = "multipart/form-data; boundary=matrix"
            body = "".join('--matrix\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % kv
                           for kv in fields.items())
            body += '--matrix\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n\r\n--matrix--\r\n'
        elif body_kind == "csv":
            headers["Content-Type"], body = "text/csv", ""
        elif body_kind == "xlsx":
            # A body that is a whole file: a session sends the CSRF header.
            headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if not api and not forged and self.csrf:
                headers["X-CSRF-Token"] = self.csrf
            body = b"PK\x03\x04 not a real workbook"
        elif body_kind == "file":
            # A file sent as it is, by the page's script with the CSRF header (issue #18).
            headers["Content-Type"] = "application/octet-stream"
            body = json.dumps(SMUGGLED) if smuggle else "{}"
            if not api:
                headers["X-CSRF-Token"] = "forged" if forged else self.csrf or ""
        cookie = self.cookie if not api or self.pending else None
        return self.s.request(method, path, body, headers, cookie=cookie)


def matrix_pass(s, ordered, survey, refused_by_state, canary=CANARY, plant=None):
    """Every route by every identity, aimed at 団体 B's response to survey;
    plant() (when given) puts B's draft back before each identity, since
    those who may write it save over it (an empty form is a save too)."""
    wrong, leaks, changed, tried, seen_by = [], [], [], 0, set()
    for name, login, role, may_read_b in IDENTITIES:
        if plant:
            plant()
        who = Identity(s, login, role)
        for method, pattern, roles, body in ordered:
            path = fill(pattern, survey)
            if path is None:
                continue
            before = snapshot(s.db)
            r = who.send(method, path, body)
            tried += 1
            public = roles == {"public"}
            names_b = ":code" in pattern
            if public:
                allowed, expect = True, "open"
            elif role is None and method == "GET" and not path.startswith("/api/"):
                allowed, expect = False, "303 to /login"
                ok = r.status == 303 and (r.header("Location") or "").startswith("/login")
            elif role is None or (role == "second-factor-pending" and role not in roles
                                  and (method != "GET" or path.startswith("/api/"))):
                allowed, expect, ok = False, "401", r.status == 401
            elif role == "second-factor-pending" and role not in roles:
                allowed, expect = False, "303 to /login/second-factor"
                ok = r.status == 303 and (r.header("Location") or "").startswith("/login/second-factor")
            elif role not in roles:
                allowed, expect, ok = False, "403", r.status == 403
            elif names_b and not may_read_b:
                allowed, expect, ok = False, "403 or 404", r.status in (403, 404)
            else:
                allowed, expect = True, "not 401/403"
            if allowed:
                by_state = r.status == 403 and any(
                    re.search(rx, pattern) and role in roles_refused
                    for rx, roles_refused, _ in refused_by_state)
                # A public route (the login) declares a login name and
                # password: it refuses the made-up ones with 401.
                by_credentials = public and r.status == 401
                ok = (r.status not in (401, 403) or by_state or by_credentials) and r.status < 500
            if not ok:
                wrong.append("%s %s as %s: %d (want %s)" % (method, pattern, name, r.status, expect))
            if not allowed and snapshot(s.db) != before:
                changed.append("%s %s as %s" % (method, pattern, name))
            if canary.encode() in r.body:
                if may_read_b:
                    seen_by.add(name)
                else:
                    leaks.append("%s %s as %s" % (method, pattern, name))
    return wrong, changed, leaks, seen_by, tried


def run(t, s):
    s.set_clock(FEB_5_2025)
    b = s.token("orgb")
    details = [dict(GOOD["details"][0], content="具体的な内容 " + CANARY)]
    r = s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG_B),
              {"answers": {**GOOD, "details": details}}, token=b)
    t.eq(r.status, 200, "団体 B's draft holds the canary")

    table = list(routes(s))
    unfilled = [p for _, p, _, _ in table if fill(p) is None]
    t.eq(unfilled, [], "every route's path parameters have a rule in this test")
    ordered = sorted(table, key=lambda x: (x[0], x[1]) in SESSION_ENDING)

    wrong, changed, leaks, seen_by, tried = matrix_pass(s, ordered, SURVEY, REFUSED_BY_STATE)
    # CSRF: every unsafe route, sent with a logged-in session cookie but
    # without the page's token (forms) or the X-CSRF-Token header (API), by
    # each identity the route admits, is refused and changes nothing.
    forged_wrong, forged_tried = [], 0
    for name, login, role, _ in IDENTITIES[1:]:
        who = Identity(s, login, role)
        for method, pattern, roles, body in ordered:
            if method == "GET" or role not in roles or (method, pattern) in SESSION_ENDING:
                continue
            before = snapshot(s.db)
            r = who.send(method, fill(pattern), body, forged=True)
            forged_tried += 1
            if r.status != 403 or snapshot(s.db) != before:
                forged_wrong.append("%s %s as %s: %d" % (method, pattern, name, r.status))
    # B's code in the query and the body of every route, by those who may not
    # read B: nothing of B comes back and nothing changes.
    smuggled_wrong, smuggled_tried = [], 0
    for name, login, role, may_read_b in IDENTITIES:
        if may_read_b:
            continue
        who = Identity(s, login, role)
        for method, pattern, roles, body in ordered:
            if (method, pattern) in SESSION_ENDING or roles == {"public"}:
                continue
            before = snapshot(s.db)
            r = who.send(method, fill(pattern), body, smuggle=True)
            smuggled_tried += 1
            if CANARY.encode() in r.body or snapshot(s.db) != before or r.status >= 500:
                smuggled_wrong.append("%s %s as %s: %d" % (method, pattern, name, r.status))
    t.ok(smuggled_tried > 200, "%d requests with B's code in the query and body" % smuggled_tried)
    t.eq(smuggled_wrong, [], "none returns B's answers or changes a row")
    t.ok(forged_tried > 40, "%d forged requests tried" % forged_tried)
    t.eq(forged_wrong, [], "every unsafe route refuses a session request without its CSRF token")
    t.ok(tried >= len(table) * len(IDENTITIES), "%d requests: every route by every identity" % tried)
    t.eq(wrong, [], "each answer follows the route table's rule")
    t.eq(changed, [], "no refused request changed a row")
    t.eq(leaks, [], "団体 B's canary reaches no one who may not read it")
    t.eq(seen_by, {"org B", "prefecture of B", "Ministry"}, "while those who may read B's answers do see it")

    # The same with r7's results published. The first pass submitted B's
    # answer (org B may), so its canary is now in the published, anonymous
    # report; a new draft carries a second canary, which must reach no one
    # who may not read B's answers. Then the other surveys.
    m = s.token("ministry1")
    t.eq(s.api("POST", "/api/v1/surveys/%s/publish" % SURVEY, {"suppress_below": 1}, token=m).status, 200,
         "r7 published")
    draft_canary = "DRAFT-" + CANARY
    details = [dict(GOOD["details"][0], content="具体的な内容 " + draft_canary)]
    token_b = s.token("orgb")

    def plant():
        return s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG_B),
                     {"answers": {**GOOD, "details": details}}, token=token_b).status
    t.eq(plant(), 200, "団体 B's new draft holds a second canary")
    wrong, changed, leaks, seen_by, tried = matrix_pass(s, ordered, SURVEY, REFUSED_WHEN_PUBLISHED,
                                                        draft_canary, plant)
    t.ok(tried >= len(table) * len(IDENTITIES), "published: %d requests" % tried)
    t.eq(wrong, [], "published: each answer follows the route table's rule")
    t.eq(changed, [], "published: no refused request changed a row")
    t.eq(leaks, [], "published: B's draft reaches no one who may not read it")
    t.eq(seen_by, {"org B", "prefecture of B", "Ministry"}, "published: those who may read B's draft see it")
    for survey in OTHER_SURVEYS:
        wrong, changed, leaks, _, tried = matrix_pass(s, ordered, survey, REFUSED_BY_STATE)
        t.ok(tried >= len(table) * len(IDENTITIES), "%s: %d requests" % (survey, tried))
        t.eq(wrong, [], "%s: each answer follows the route table's rule" % survey)
        t.eq(changed, [], "%s: no refused request changed a row" % survey)
        t.eq(leaks, [], "%s: B's canary reaches no one who may not read it" % survey)


if __name__ == "__main__":
    run_tests(run)
