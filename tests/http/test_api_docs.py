"""test_api_docs.py (issue #22): the examples of docs/api.md run as written.

Every ```sh (curl) and ```python (pandas) block of docs/api.md is run against
a test server, with the document's placeholders (the URL
https://shokai.example.lg.jp, YOUR_LOGIN, YOUR_PASSWORD, YOUR_TOKEN)
replaced by the server's address, a prefecture's account and its read-only
token; each must exit 0 and print what the comment after it
(<!-- test: REGEX -->) says. The R and Excel (Power Query) examples are
there, with the token in the Authorization header."""
import os
import re
import subprocess
import sys
import tempfile

from harness import PASSWORD, run_tests
from test_survey_api import FEB_5_2025, GOOD

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "api.md")
BLOCK = re.compile(r"```(sh|python|r|m)\n(.*?)```\n(?:<!-- test: (.*?) -->)?", re.S)


def python_with_pandas():
    """This interpreter, or Debian's (python3-pandas), whichever has pandas."""
    for exe in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([exe, "-c", "import pandas"], capture_output=True).returncode == 0:
            return exe
    return None


def run(t, s):
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    blocks = BLOCK.findall(text)
    runnable = [(lang, code, expect) for lang, code, expect in blocks if lang in ("sh", "python")]
    t.ok(sum(lang == "sh" for lang, _, _ in runnable) >= 3 and sum(lang == "python" for lang, _, _ in runnable) >= 1,
         "docs/api.md has curl and Python examples (%d)" % len(runnable))
    t.eq([code[:40] for _, code, expect in runnable if not expect], [], "each says what it prints (<!-- test: -->)")
    r_code = "".join(code for lang, code, _ in blocks if lang == "r")
    m_code = "".join(code for lang, code, _ in blocks if lang == "m")
    t.ok("library(httr2)" in r_code and "library(readr)" in r_code and "req_auth_bearer_token" in r_code,
         "an R example with httr2 and readr")
    t.ok("Web.Contents" in m_code and 'Headers = [Authorization = "Bearer " & Token]' in m_code,
         "an Excel Power Query example with the Authorization header")
    t.ok("/account/tokens" in text and "読み取り専用" in text, "it says how to get a read-only token on the page")

    s.set_clock(FEB_5_2025)
    org = s.token("orga")
    s.api("PUT", "/api/v1/surveys/r7-ikenshokai/responses/011002", {"answers": GOOD}, token=org)
    t.eq(s.api("POST", "/api/v1/surveys/r7-ikenshokai/responses/011002/submit", token=org).status, 200,
         "札幌市 has submitted (something to analyse)")
    r = s.api("POST", "/api/v1/tokens", {"login": "prefa", "password": PASSWORD, "scope": "read"})
    token = r.json()["token"]
    python = python_with_pandas()
    t.ok(python is not None, "pandas is installed (python3-pandas, scripts/install-deps.sh)")
    places = {"https://shokai.example.lg.jp": "http://127.0.0.1:%d" % s.port, "YOUR_LOGIN": "prefa",
              "YOUR_PASSWORD": PASSWORD, "YOUR_TOKEN": token}
    for i, (lang, code, expect) in enumerate(runnable, 1):
        for k, v in places.items():
            code = code.replace(k, v)
        with tempfile.TemporaryDirectory(prefix="shokai-docs-") as d:
            cmd = ["sh", "-e", "-c", code] if lang == "sh" else [python or sys.executable, "-c", code]
            p = subprocess.run(cmd, cwd=d, capture_output=True, text=True, timeout=120)
        t.ok(p.returncode == 0 and re.search(expect, p.stdout),
             "example %d (%s) runs and prints %s" % (i, lang, expect), p.stdout[-800:] + p.stderr[-800:])


if __name__ == "__main__":
    run_tests(run)
