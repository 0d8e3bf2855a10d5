"""test_results_cache.py (#7): counted results are cached, and the cache is
never stale. Two servers share one database: A with the results cache (the
default), B with `--results-cache off`, which counts every table afresh.
After every kind of write that results depend on (a submission, a draft, a
return, a 団体 master import, a period change, a restore from a backup, each
from the API or the command line, i.e. from another process), A must answer
every table byte for byte as B does; and A must have served from its cache."""
import io
import os
import re
import subprocess
import sys
import zipfile

from harness import DemoServer, Tap
from test_survey_api import GOOD

R7 = "/api/v1/surveys/r7-ikenshokai"
R3 = "/api/v1/surveys/r3-ikenshokai"
SC = "/api/v1/surveys/selfcheck-guideline"
TABLES = [R7 + "/results?group=kind6", R7 + "/results?group=kind4", R7 + "/results?group=pref_muni",
          R7 + "/results?group=prefecture", R7 + "/results?group=kind6&prefecture=%E5%8C%97%E6%B5%B7%E9%81%93",
          R7 + "/results.csv?group=kind6&question=challenges", R7 + "/results.csv?group=kind6",
          SC + "/results?group=kind6", SC + "/selfcheck?group=kind6", SC + "/selfcheck.csv?group=kind4",
          R7 + "/entries.csv", R7 + "/results.xlsx?group=kind6", SC + "/selfcheck.xlsx?group=kind6",
          R7 + "/entries?replies=1", R7 + "/entries.csv?replies=1&organizations=1", R3 + "/entries.csv",
          R3 + "/entries/summary.csv"]


class Uncached:
    """A second server on the same database with the cache off."""

    def __init__(self, demo):
        self.proc = subprocess.Popen([demo.binary, "serve", "--db", demo.db, "--listen", "127.0.0.1:0",
                                      "--results-cache", "off", "--log", demo.db + ".b.log"],
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(re.search(r":(\d+)/", self.proc.stdout.readline()).group(1))

    request = DemoServer.request
    api = DemoServer.api


def content(r):
    """The body, or for XLSX its sheets (the file's creation time is in docProps)."""
    if not r.body.startswith(b"PK"):
        return r.body
    with zipfile.ZipFile(io.BytesIO(r.body)) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


def same_tables(t, a, b, tokens, after):
    """A's tables (asked twice: the second is a hit) equal B's, for each token."""
    differ = []
    for who, token in tokens.items():
        for path in TABLES:
            first = a.api("GET", path, token=token)
            again = a.api("GET", path, token=token)
            fresh = b.api("GET", path, token=token)
            if not (first.status == again.status == fresh.status and
                    content(first) == content(again) == content(fresh)):
                differ.append("%s %s: %d/%d" % (who, path, first.status, fresh.status))
            # Kept by no shared cache, and revalidated by its ETag (test_etag.py);
            # a refusal is not kept at all.
            kept = first.header("Cache-Control") == "private, no-cache" and first.header("ETag")
            if not (kept if first.status == 200 else first.header("Cache-Control") == "no-store"):
                differ.append("%s %s: Cache-Control %s" % (who, path, first.header("Cache-Control")))
    t.ok(not differ, "after %s every table equals a fresh count" % after, differ[:3])


def kind6(s, token):
    return s.api("GET", R7 + "/results?group=kind6", token=token).json()


def main():
    t = Tap()
    a = DemoServer(sys.argv[1])
    b = Uncached(a)
    try:
        run(t, a, b)
    finally:
        b.proc.terminate()
        b.proc.wait()
        a.stop(remove=False)
        with open(a.db + ".log", encoding="utf-8") as f:
            m = re.search(r"results_cache_stopped hits=(\d+) misses=(\d+)", f.read())
        t.ok(m and int(m.group(1)) > 0, "server A answered from its cache", m and m.group(0))
        subprocess.run(["rm", "-rf", a.dir])
    t.done()


def run(t, a, b):
    m, pref, org = a.token("demo-ministry"), a.token("demo-pref"), a.token("demo-org2")
    tokens = {"ministry": m, "pref": pref}
    same_tables(t, a, b, tokens, "the start")
    backup = os.path.join(a.dir, "before.db")
    t.eq(a.cli("backup", "--to", backup, check=False).returncode, 0, "a backup of the start")

    before = kind6(a, m)
    path = R7 + "/responses/012025"
    a.api("PUT", path, {"answers": GOOD}, token=org)
    same_tables(t, a, b, tokens, "a draft")
    t.eq(a.api("POST", path + "/submit", token=org).status, 200, "函館市 submits")
    t.ok(kind6(a, m) != before, "the cached server counts the new submission at once")
    same_tables(t, a, b, tokens, "a submission")

    t.eq(b.api("POST", path + "/return", {"comment": "再確認をお願いします"}, token=m).status, 200,
         "the Ministry returns it (through the other server)")
    same_tables(t, a, b, tokens, "a return made by another process")
    a.api("PUT", path, {"answers": {"challenges": ["課題なし"]}}, token=org)
    t.eq(a.api("POST", path + "/submit", token=org).status, 200, "and it is submitted again, changed")
    same_tables(t, a, b, tokens, "a changed resubmission")

    master = os.path.join(a.dir, "master.csv")
    with open(master, "w", encoding="utf-8") as fh:
        fh.write("code,prefecture,name,kana,kind\n012033,北海道,小樽市,おたるし,中核市\n")
    p = a.cli("import", "organizations", "--file", master, check=False)
    t.eq(p.returncode, 0, "the 団体 master changes a kind (command line)")
    same_tables(t, a, b, tokens, "a master import")

    t.eq(a.api("PUT", SC + "/period", {"opens": "2025-01-01T00:00:00+09:00",
                                        "closes": "2030-03-31T23:59:59+09:00"}, token=m).status,
         200, "a period change")
    same_tables(t, a, b, tokens, "a period change")

    # The 意見・質問 lists are cached too: a reply (from the other server) and an
    # import of entries (command line) show at once.
    key = a.api("GET", R7 + "/entries", token=m).json()["entries"][0]["key"]
    t.eq(b.api("PUT", R7 + "/entries/%s/reply" % key, {"disposition": "回答", "reply": "キャッシュ確認"},
               token=m).status, 200, "a reply to an entry")
    same_tables(t, a, b, tokens, "a reply")
    imported = os.path.join(a.dir, "entries.csv")
    with open(imported, "w", encoding="utf-8") as fh:
        fh.write("種別,項番,対象資料,対象ページ,分類,本文,団体コード\r\n意見,1,,,その他,取り込んだ意見,\r\n")
    p = a.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", imported, "--replace", check=False)
    t.ok(p.returncode == 0, "an import of entries (command line)", p.stderr)
    same_tables(t, a, b, tokens, "an entries import")

    # Parsed survey definitions are cached too: a period set from the command
    # line (another process) shows at once.
    before_period = a.api("GET", "/api/v1/surveys/sanso-2023", token=m).json()["period"]
    p = a.cli("survey", "period", "--survey", "sanso-2023", "--opens", "2026-01-01T00:00:00+09:00",
              "--closes", "2031-12-31T23:59:59+09:00", check=False)
    period = a.api("GET", "/api/v1/surveys/sanso-2023", token=m).json()["period"]
    t.ok(p.returncode == 0 and period != before_period and period["closes"] == "2031-12-31T14:59:59Z",
         "a survey's new period is served at once by the server that had it cached", (p.stderr, period))

    p = a.cli("restore", "--from", backup, check=False)
    t.ok(p.returncode == 0, "a restore of the start (command line, servers running)", p.stderr)
    t.eq(kind6(a, m), before, "the cached server counts the restored data")
    same_tables(t, a, b, tokens, "a restore")


if __name__ == "__main__":
    main()
