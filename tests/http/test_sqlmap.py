"""test_sqlmap.py (RELIABILITY.md B6, nightly: scripts/long-runs.sh): Debian's
sqlmap (--batch --level=3 --risk=2) against the query, path and body
parameters of the results, entries, answer and login endpoints, signed in as
the Ministry (API token) so every handler is reached. sqlmap must report no
injectable parameter, and the server must stay healthy. The CI's share of
B6 is the static check in tests/lint/lint.sh (only db.c prepares SQL; every
value is bound)."""
import os
import shutil
import subprocess
import tempfile

from harness import PASSWORD, run_tests
from test_survey_api import FEB_5_2025

LEVEL = os.environ.get("SHOKAI_SQLMAP_LEVEL", "3")


def run(t, s):
    if not shutil.which("sqlmap"):
        t.ok(False, "sqlmap is installed (scripts/long-runs.sh installs it)")
        return
    s.set_clock(FEB_5_2025)
    token = s.token("ministry1")
    base = "http://127.0.0.1:%d" % s.port
    targets = [
        ("results query", ["-u", base + "/api/v1/surveys/r7-ikenshokai/results?group=kind6&prefecture=x*"]),
        ("entries filters", ["-u", base + "/api/v1/surveys/r7-ikenshokai/entries?kind=a&category=b&q=c&material=d"]),
        ("survey id in the path", ["-u", base + "/api/v1/surveys/r7-ikenshokai*/responses/011002"]),
        ("団体 code in the path", ["-u", base + "/api/v1/surveys/r7-ikenshokai/responses/011002*"]),
        ("answers body", ["-u", base + "/api/v1/surveys/r7-ikenshokai/responses/011002", "--method", "PUT",
                          "--data", '{"answers": {"challenges": ["x"]}, "version": 1}']),
        ("login form", ["-u", base + "/login", "--data", "login=a&password=b", "--ignore-code", "401,429"]),
        ("second-factor code", ["-u", base + "/api/v1/tokens", "--method", "POST", "--data",
                                '{"login": "ministry1", "password": "%s", "code": "123456"}' % PASSWORD,
                                "--ignore-code", "401,429"]),
    ]
    out_dir = tempfile.mkdtemp(prefix="shokai-sqlmap-")
    try:
        for name, args in targets:
            p = subprocess.run(["sqlmap", "--batch", "--level", LEVEL, "--risk", "2", "--flush-session",
                                "--output-dir", out_dir, "--disable-coloring", "--ignore-code", "400,403,404,409,422",
                                "-H", "Authorization: Bearer " + token] + args,
                               capture_output=True, text=True, timeout=3600)
            found = "is vulnerable" in p.stdout or "sqlmap identified the following injection" in p.stdout
            t.ok(not found and "not appear to be injectable" in p.stdout,
                 "%s: no injectable parameter" % name, p.stdout[-600:])
            t.eq(s.api("GET", "/healthz").status, 200, "%s: the server is healthy afterwards" % name)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    run_tests(run)
