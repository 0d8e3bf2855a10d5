"""test_disk_full.py (RELIABILITY.md D3): the disk fills up while people are
answering. A file size limit of 1 KiB is put on the running server
(prlimit, RLIMIT_FSIZE), so every write SQLite tries fails as on a full disk.
A save from the page then answers 503 with the person's text still in the
form, the API answers 503 in JSON, nothing is half-stored, reading goes on,
and once space is back saving works again without a restart."""
import re
import resource
import sqlite3
import urllib.parse

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, ORG_A, R7

PAGE = "/surveys/r7-ikenshokai/responses/" + ORG_A
TYPED = "ディスクが一杯でも残る文章"


def form_fields(csrf, version, text):
    return {"csrf": csrf, "version": str(version), "action": "save", "q.challenges": "コスト",
            "q.details.rows": "1", "q.details.0.item": "機器等の調達", "q.details.0.challenge": "コスト", "q.details.0.content": text}


def versions(s):
    con = sqlite3.connect(s.db)
    n = con.execute("SELECT count(*) FROM response_versions").fetchone()[0]
    con.close()
    return n


def run(t, s):
    s.set_clock(FEB_5_2025)
    token = s.token("orga")
    t.eq(s.api("PUT", R7 + "/responses/" + ORG_A, {"answers": GOOD}, token=token).status, 200, "a save before")
    cookie, csrf = s.login("orga")
    page = s.request("GET", PAGE, cookie=cookie).text
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    stored = versions(s)

    soft, hard = resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE)
    resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE, (1024, hard))
    try:
        r = s.form(PAGE, form_fields(csrf, version, TYPED), cookie=cookie)
        t.eq(r.status, 503, "a page save on a full disk: 503")
        t.ok(TYPED in r.text and "入力内容はこの画面に残っています" in r.text,
             "the form comes back with what was typed and says so")
        r = s.api("PUT", R7 + "/responses/" + ORG_A, {"answers": GOOD}, token=token)
        t.ok(r.status == 503 and r.json().get("errors"), "an API save on a full disk: 503 with a message", r.text)
        t.eq(versions(s), stored, "nothing was half-stored")
        t.eq(s.request("GET", PAGE, cookie=cookie).status, 200, "reading goes on")
    finally:
        resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
    r = s.form(PAGE, form_fields(csrf, version, TYPED), cookie=cookie)
    t.eq(r.status, 303, "with space back, the same save goes through without a restart")
    got = s.api("GET", R7 + "/responses/" + ORG_A, token=token).json()
    t.eq(got["answers"]["details"][0]["content"], TYPED, "and holds the text typed during the outage")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", "integrity_check afterwards")
    con.close()


if __name__ == "__main__":
    run_tests(run)
