"""test_openapi.py (issue #22): the OpenAPI 3.1 document is the route table.

- `shokai routes --openapi` prints the same document GET /api/v1/openapi.json
  serves to anyone signed in (401 without a login);
- every /api/v1 route `shokai routes` lists is in it, with its method, its
  path parameters, its declared query parameters (type, bounds, choices as
  an enum, required, the Japanese label as the description), its declared
  body parameters as typed members of the JSON body, and its roles
  (x-roles); every route of the shipped table has a real doc (summary,
  media type and schema of its answer), and every schema it names exists;
- every documented GET answers, for a role the route admits, with neither
  404 nor 500, and with the media type the document gives (test data: one
  submitted answer, r7 published);
- every API error, from the router or a handler, has the one Error shape:
  {"errors": [{"field": string or null, "message": string}]}.
(tests/e2e/openapi_lint.sh validates the document with @redocly/cli.)"""
import json
import re
import subprocess
import urllib.parse

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD

SURVEY = "r7-ikenshokai"
ORG = "011002"
PATH_VALUES = {"id": SURVEY, "code": ORG, "n": "1", "key": "1", "token": "1", "account": "3"}
# Who calls a GET, by the roles it admits (the first that fits).
LOGINS = [("ministry", "ministry1"), ("pref", "prefa"), ("org", "orga"), ("admin", "admin1")]
VALID = {"string": "entries", "integer": 1, "boolean": "1"}
TYPES = {"text": "string", "int": "integer", "org": "string", "time": "string", "choice": "string",
         "bool": "boolean"}
# Paths whose id is another survey's (the self-check's views need the self-check).
SURVEY_OF = {"selfcheck": "selfcheck-guideline"}


def table(binary):
    out = subprocess.run([binary, "routes"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        method, pattern, roles, body, params = line.split("\t")
        specs = []
        for spec in [] if params == "-" else params.split(","):
            name, source, kind, *rest = spec.split(":")
            bounds = [x for x in rest if re.fullmatch(r"\d+-\d+", x)]
            choices = rest[-1].split("|") if kind == "choice" else None
            specs.append({"name": name, "source": source, "kind": kind, "required": "required" in rest,
                          "bounds": tuple(int(x) for x in bounds[0].split("-")) if bounds else None,
                          "choices": choices})
        yield method, pattern, roles.split(","), body, specs


def openapi_path(pattern):
    return re.sub(r":([a-z_]+)", r"{\1}", pattern)


def check_route(doc, method, pattern, roles, body, specs):
    """What is wrong with the document's operation for this route ([] if nothing)."""
    problems = []
    op = doc["paths"].get(openapi_path(pattern), {}).get(method.lower())
    if op is None:
        return ["%s %s is missing" % (method, pattern)]
    where = "%s %s" % (method, pattern)
    if sorted(op.get("x-roles", [])) != sorted(r for r in roles if r != "public"):
        problems.append("%s: x-roles %r, route %r" % (where, op.get("x-roles"), roles))
    params = {(p["in"], p["name"]): p for p in op.get("parameters", [])}
    for name in re.findall(r":([a-z_]+)", pattern):
        if not params.get(("path", name), {}).get("required"):
            problems.append("%s: path parameter %s" % (where, name))
    props = {}
    if body != "-":
        content = op.get("requestBody", {}).get("content", {})
        schema = next(iter(content.values()), {}).get("schema", {})
        for part in schema.get("allOf", [schema]):
            props.update(part.get("properties", {}))
            props.update({"required:" + n: True for n in part.get("required", [])})
    for spec in specs:
        if spec["source"] == "query":
            p = params.get(("query", spec["name"]))
            schema = p and p["schema"]
        elif spec["source"] == "body":
            p = props.get(spec["name"])
            schema = p
        else:
            continue
        if not p:
            problems.append("%s: %s parameter %s missing" % (where, spec["source"], spec["name"]))
            continue
        if schema.get("type") != TYPES[spec["kind"]]:
            problems.append("%s: %s has type %r" % (where, spec["name"], schema.get("type")))
        if spec["choices"] and schema.get("enum") != spec["choices"]:
            problems.append("%s: %s enum %r" % (where, spec["name"], schema.get("enum")))
        if spec["bounds"] and spec["kind"] == "int" and (schema.get("minimum"), schema.get("maximum")) != spec["bounds"]:
            problems.append("%s: %s bounds" % (where, spec["name"]))
        if spec["bounds"] and spec["kind"] == "text" and spec["bounds"][1] and schema.get("maxLength") != spec["bounds"][1]:
            problems.append("%s: %s maxLength" % (where, spec["name"]))
        required = p.get("required") if spec["source"] == "query" else props.get("required:" + spec["name"], False)
        if bool(required) != spec["required"]:
            problems.append("%s: %s required %r" % (where, spec["name"], required))
        if not (p.get("description") or "").strip():
            problems.append("%s: %s has no description" % (where, spec["name"]))
    return problems


def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def error_shaped(r):
    try:
        body = r.json()
    except ValueError:
        return False
    errors = body.get("errors") if isinstance(body, dict) else None
    return (isinstance(errors, list) and errors and set(body) == {"errors"} and
            all(isinstance(e.get("message"), str) and "field" in e and
                (e["field"] is None or isinstance(e["field"], str)) for e in errors))


def run(t, s):
    cli = subprocess.run([s.binary, "routes", "--openapi"], capture_output=True, text=True)
    t.eq(cli.returncode, 0, "shokai routes --openapi exits 0")
    doc = json.loads(cli.stdout)
    t.eq((doc.get("openapi"), bool(doc.get("info", {}).get("title"))), ("3.1.0", True), "an OpenAPI 3.1 document")

    t.eq(s.api("GET", "/api/v1/openapi.json").status, 401, "anonymous: 401")
    s.set_clock(FEB_5_2025)
    tokens = {login: s.token(login) for _, login in LOGINS}
    r = s.api("GET", "/api/v1/openapi.json", token=tokens["orga"])
    t.ok(r.status == 200 and r.header("Content-Type").startswith("application/json"), "a 団体 reads it", r.status)
    t.eq(r.json(), doc, "the server's document is the command's")

    routes = [x for x in table(s.binary) if x[1].startswith("/api/v1/")]
    problems = [p for route in routes for p in check_route(doc, *route)]
    t.eq(problems, [], "each of the %d API routes is in the document as the route table declares it" % len(routes))
    documented = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    listed = {(m, openapi_path(p)) for m, p, *_ in routes}
    t.eq(documented - listed, set(), "and nothing else")
    undocumented = [(p, m) for p, item in doc["paths"].items() for m, op in item.items()
                    if op["summary"] == "（説明なし）"
                    or not any(c in op["responses"] for c in ("200", "204"))]
    t.eq(undocumented, [], "every shipped API route has a real doc: a summary and its success answer")
    schemas = doc["components"]["schemas"]
    dangling = sorted({x for x in refs(doc) if x.split("/")[-1] not in schemas})
    t.eq(dangling, [], "every schema the document names is in it")
    bodies = {(p, m): op for p, item in doc["paths"].items() for m, op in item.items()}
    t.ok(all(c in op["responses"] for op in bodies.values() for c in ("default",)) and
         all(r["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
             for op in bodies.values() for c, r in op["responses"].items() if c[0] in "45" or c == "default"),
         "every error answer is documented as the one Error schema")
    results = bodies[("/api/v1/surveys/{id}/results.csv", "get")]
    t.ok("text/csv" in results["responses"]["200"]["content"] and
         any(p["name"] == "encoding" and "cp932" in p["schema"]["enum"] for p in results["parameters"]),
         "results.csv: text/csv, with its encodings as an enum")
    xlsx = bodies[("/api/v1/surveys/{id}/results.xlsx", "get")]["responses"]["200"]["content"]
    t.ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in xlsx, "results.xlsx: the xlsx type")
    put = bodies[("/api/v1/surveys/{id}/responses/{code}", "put")]["requestBody"]["content"]["application/json"]
    t.ok({"$ref": "#/components/schemas/AnswersBody"} in put["schema"].get("allOf", []),
         "a response's save: its answers as a document, with the declared version")
    t.ok(doc["components"]["securitySchemes"].keys() >= {"bearerToken", "cookieSession"},
         "bearer token and cookie session are the security schemes")

    # Test data: one submitted answer, r7 published.
    org = tokens["orga"]
    r = s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG), {"answers": GOOD}, token=org)
    r = s.api("POST", "/api/v1/surveys/%s/responses/%s/submit" % (SURVEY, ORG), token=org)
    t.eq(r.status, 200, "a 団体 submits")
    r = s.api("POST", "/api/v1/surveys/%s/publish" % SURVEY, {"suppress_below": 1}, token=tokens["ministry1"])
    t.eq(r.status, 200, "r7 is published")

    wrong, tried = [], 0
    for path, item in doc["paths"].items():
        op = item.get("get")
        if not op:
            continue
        login = next(login for role, login in LOGINS if role in op["x-roles"])
        segment = next((k for k in SURVEY_OF if k in path), None)
        values = dict(PATH_VALUES, id=SURVEY_OF[segment] if segment else SURVEY)
        url = re.sub(r"\{([a-z_]+)\}", lambda m: values[m.group(1)], path)
        query = {p["name"]: VALID[p["schema"]["type"]] for p in op["parameters"]
                 if p["in"] == "query" and p["required"]}
        if query:
            url += "?" + urllib.parse.urlencode(query)
        r = s.api("GET", url, token=tokens[login])
        tried += 1
        ok = op["responses"]["200"]["content"]
        ctype = (r.header("Content-Type") or "").split(";")[0]
        if r.status in (404, 500) or r.status >= 500 or (r.status == 200 and ctype not in ok):
            wrong.append("GET %s as %s: %d %s (documented %s)" % (url, login, r.status, ctype, list(ok)))
    t.ok(tried >= 25, "%d documented GETs called" % tried)
    t.eq(wrong, [], "each answers with the documented media type, never 404 or 500")

    # One error shape, whoever answers.
    m = tokens["ministry1"]
    cases = [
        ("404 from the router", s.api("GET", "/api/v1/no-such-thing", token=m)),
        ("405", s.api("PATCH", "/api/v1/surveys", token=m)),
        ("401", s.api("GET", "/api/v1/surveys")),
        ("403", s.api("GET", "/api/v1/audit", token=org)),
        ("400 from a declared parameter", s.api("GET", "/api/v1/surveys/%s/results.csv?encoding=x" % SURVEY, token=m)),
        ("415", s.request("PUT", "/api/v1/surveys/%s/period" % SURVEY, "x", {"Authorization": "Bearer " + m,
                                                                             "Content-Type": "text/plain"})),
        ("400 for broken JSON", s.api("PUT", "/api/v1/surveys/%s/period" % SURVEY, raw="{", token=m)),
        ("404 from a handler", s.api("GET", "/api/v1/surveys/no-such/results", token=m)),
        ("422 from the answers' check", s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG),
                                              {"answers": {"challenges": ["no such option"]}}, token=org)),
    ]
    for what, r in cases:
        t.ok(r.status >= 400 and error_shaped(r), "%s: %d in the Error shape" % (what, r.status), r.text[:300])
    r = cases[-1][1]
    t.ok(all(e["field"] == e["question"] for e in r.json().get("errors", [])),
         "a 422 of the answers names the question as field (and as question, as before)")


if __name__ == "__main__":
    run_tests(run)
