"""test_adapters.py (issue #16): an operation behind both a page (form) and
the API (JSON) takes the same input and refuses it alike.

The pairs come from `shokai routes` itself: a page route P and an API route
/api/v1 + P. For every pair the test checks that
- both declare the same parameters (the router checks them before the
  handler, so one declaration means one rule); a page may add
  presentation-only ones (a message after a redirect, the button pressed);
- every required parameter left out, and every parameter given a value of
  the wrong kind (text over its length or with a control character, letters
  for a number or a time, a 団体コード with a wrong check digit, a choice not
  offered), is refused by both with the same status and the same Japanese
  message naming the same field;
- a valid request has the same outcome on both: a success (the page's 303 or
  200, the API's 200) or the same refusal.
A new pair is covered as soon as it is in the route table."""
import html
import json
import subprocess
import urllib.parse

from harness import run_tests
from test_survey_api import FEB_5_2025

SURVEY = "r7-ikenshokai"
ORG = "011002"  # 札幌市, which the Ministry and the prefecture of 北海道 may act on
# ":account": prefother (6), whom no caller here logs in as: the administrator's
# operations (disabling, another role) may change it.
PATH_VALUES = {":id": SURVEY, ":code": ORG, ":n": "1", ":key": "1", ":file": "style.css", ":token": "1",
               ":account": "6", ":sid": "nosuch", ":qid": "nosuch", ":col": "nosuch", ":round": "1",
               ":bullet": "1", ":scheme": "kind6"}
# Who may call a route, by the roles it lists (the first that fits).
LOGINS = [("ministry", "ministry1"), ("pref", "prefa"), ("org", "orga"), ("admin", "admin1")]
VALID = {"text": "確認のため", "int": "1", "org": ORG, "time": "2025-03-01T00:00:00+09:00", "bool": "1"}
# Routes whose body is a whole document the domain checks (a response's
# answers) besides their declared parameters: a valid document is made by
# their own tests (test_survey_pages.py compares the page's background save
# with the API's PUT), not here.
DOCUMENT_BODIES = {("PUT", "/api/v1/surveys/:id/responses/:code")}
BAD = {"int": ["x", "0.5"], "time": ["soon"], "org": ["011001"], "choice": ["no-such-choice"], "bool": ["yes"]}


def parse_params(column):
    specs = []
    for spec in [] if column == "-" else column.split(","):
        name, source, kind, *rest = spec.split(":")
        required = "required" in rest
        bounds = [x for x in rest if "-" in x and x[0].isdigit()]
        low, high = (int(x) for x in bounds[0].split("-")) if bounds else (0, 0)
        choices = [x for x in rest if "|" in x or (kind == "choice" and x not in ("required",))]
        specs.append({"name": name, "source": source, "kind": kind, "required": required,
                      "min": low, "max": high, "choices": choices})
    return specs


def pairs(binary):
    out = subprocess.run([binary, "routes"], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        method, pattern, roles, body, params = line.split("\t")
        table[pattern, method] = (roles.split(","), body, params)
    for (pattern, method), (roles, body, params) in sorted(table.items()):
        if pattern.startswith("/api/"):
            continue
        # A page's GET is the API's GET; a page's form POST is the API's POST
        # or, for a replacing write, its PUT.
        for api_method in ("GET",) if method == "GET" else ("POST", "PUT"):
            twin = table.get(("/api/v1" + pattern, api_method))
            if twin:
                yield (method, pattern, roles, body, params), (api_method, "/api/v1" + pattern) + twin
                break


def fill(pattern):
    for name, value in PATH_VALUES.items():
        pattern = pattern.replace(name, value)
    return pattern


def valid_value(spec):
    if spec["kind"] == "choice":
        return spec["choices"][0].split("|")[0]
    return VALID[spec["kind"]]


def bad_values(spec):
    if spec["kind"] == "text":
        # U+FFFF: valid UTF-8 that no text may hold (a raw control byte is
        # refused earlier, by the form parser, with its own words).
        values = ["a\uffffb"]
        if spec["max"]:
            values.append("あ" * (spec["max"] + 1))
        if spec["min"] >= 1:
            values.append("")
        return values
    return BAD.get(spec["kind"], [])


def json_value(spec, text):
    """What an API client sends for a form's text: JSON is typed."""
    if spec["kind"] == "int" and text.isdigit():
        return int(text)
    if spec["kind"] == "bool" and text in ("1", "0"):
        return text == "1"
    return text


class Caller:
    def __init__(self, s, login):
        self.s = s
        self.cookie, self.csrf = s.login(login)
        self.token = s.token(login)

    @staticmethod
    def split(values, specs):
        """(the URL with the query parameters, the body parameters)."""
        query = {k: v for k, v in values.items() if any(x["name"] == k and x["source"] == "query" for x in specs)}
        body = {k: v for k, v in values.items() if k not in query}
        return ("?" + urllib.parse.urlencode(query)) if query else "", body

    def page(self, method, path, values, specs):
        """The form a browser would send (a GET puts everything in the query)."""
        if method == "GET":
            query = urllib.parse.urlencode(values)
            return self.s.request("GET", path + ("?" + query if query else ""), cookie=self.cookie)
        query, body = self.split(values, specs)
        return self.s.request(method, path + query, urllib.parse.urlencode({**body, "csrf": self.csrf}),
                              {"Content-Type": "application/x-www-form-urlencoded"}, self.cookie)

    def api(self, method, path, values, specs):
        if method == "GET":
            query = urllib.parse.urlencode(values)
            return self.s.request("GET", path + ("?" + query if query else ""),
                                  headers={"Authorization": "Bearer " + self.token})
        query, body = self.split(values, specs)
        typed = {k: json_value(spec, v) for spec in specs for k, v in body.items() if spec["name"] == k}
        return self.s.request(method, path + query, json.dumps(typed, ensure_ascii=False),
                              {"Content-Type": "application/json", "Authorization": "Bearer " + self.token})


def refusal(r, api):
    """(status, field, message) of a refused request."""
    if api:
        e = r.json()["errors"][0]
        return r.status, e.get("field"), e["message"]
    return r.status, None, r.text


def same_refusal(t, what, page, api):
    ps, _, ptext = refusal(page, False)
    as_, field, message = refusal(api, True)
    t.ok(ps == as_ == 400 and html.escape(message, quote=False) in ptext,
         "%s: the page and the API both 400 with 「%s」 (field %s)" % (what, message, field),
         (ps, as_, message))


def run(t, s):
    s.set_clock(FEB_5_2025)
    callers = {}
    found = 0
    for (method, pattern, roles, body, params), (api_method, api_pattern, api_roles, api_body, api_params) in pairs(
            s.binary):
        found += 1
        name = "%s %s / %s %s" % (method, pattern, api_method, api_pattern)
        page_specs, api_specs = parse_params(params), parse_params(api_params)
        # A page may take presentation-only parameters (a message after a
        # redirect, the button that was pressed); what the API takes, the page
        # takes alike.
        t.ok(all(spec in page_specs for spec in api_specs),
             "%s: the page declares every parameter of the API alike" % name, (params, api_params))
        role = next((r for r, _ in LOGINS if r in roles and r in api_roles), None)
        if role is None:
            continue
        login = dict(LOGINS)[role]
        if login not in callers:  # one sign-in each (setdefault would sign in every time)
            callers[login] = Caller(s, login)
        caller = callers[login]
        specs = api_specs
        valid = {spec["name"]: valid_value(spec) for spec in specs if spec["source"] != "path"}
        for spec in specs:
            if spec["source"] == "path":
                continue
            variants = [("without %s" % spec["name"], {k: v for k, v in valid.items() if k != spec["name"]})] \
                if spec["required"] else []
            variants += [("%s=%r" % (spec["name"], bad[:12]), {**valid, spec["name"]: bad}) for bad in bad_values(spec)]
            for what, values in variants:
                same_refusal(t, "%s %s" % (name, what), caller.page(method, fill(pattern), values, specs),
                             caller.api(api_method, fill(api_pattern), values, specs))
        if (api_method, api_pattern) in DOCUMENT_BODIES:
            continue
        page = caller.page(method, fill(pattern), valid, specs)
        api = caller.api(api_method, fill(api_pattern), valid, specs)
        page_ok = page.status in (200, 303)
        t.ok(page_ok == (api.status == 200) and (page_ok or page.status == api.status),
             "%s with valid input: the same outcome (page %d, API %d)" % (name, page.status, api.status),
             api.text[:300])
    t.ok(found >= 5, "%d page/API pairs found in the route table" % found)


if __name__ == "__main__":
    run_tests(run)
