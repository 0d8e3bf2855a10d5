"""test_export_limits.py: an export larger than a request may hold in memory
(its strings exceed the per-request memory bound several times over) is
streamed: it completes, chunked, with its headers and ETag, while the
server's peak memory grows far less than the file. It used to pass a NULL
string on to strlen and kill the server (found by the 1,000 % benchmark),
then was refused with HTTP 500; the bytes of a streamed export are checked
against the buffered one by tests/unit/test_entries_stream.c."""
import csv
import io
import os

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, R7

# ASan keeps freed memory in quarantine, which would count every parsed
# answer as peak memory; what is measured here is the server's own.
os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=4"

SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seeds", "municipalities.csv")
# 30 町村 of 北海道, each with 80 entries of 4,000 characters: about 29 MB, the
# size of the national 意見 list at 1,000 % and over the old bound (20 MiB).
with open(SEEDS, encoding="utf-8") as f:
    CODES = [row["code"] for row in csv.DictReader(f) if row["kind"] in ("町", "村")][:30]
ENTRIES = 80


def peak_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run(t, s):
    s.set_clock(FEB_5_2025)
    m = s.token("ministry1")
    row = dict(GOOD["entries"][0], body="あ" * 4000)
    stored = 0
    for code in CODES:
        path = R7 + "/responses/" + code
        r = s.api("PUT", path, {"answers": {"challenges": ["課題なし"], "entries": [row] * ENTRIES}}, token=m)
        stored += r.status == 200 and s.api("POST", path + "/submit", token=m).status == 200
    t.eq(stored, len(CODES), "%d 団体 submitted %d long entries each (代理入力)" % (len(CODES), ENTRIES))
    before = peak_kib(s.proc.pid)
    r = s.api("GET", R7 + "/entries.csv", token=m, timeout=300)
    after = peak_kib(s.proc.pid)
    t.eq(r.status, 200, "the export larger than a request's memory completes")
    t.eq(r.header("Transfer-Encoding"), "chunked", "sent as it is made (chunked)")
    t.ok(r.header("ETag"), "with the ETag of its data generation")
    t.ok("r7-ikenshokai_entries.csv" in (r.header("Content-Disposition") or ""), "and its file name",
         r.header("Content-Disposition"))
    t.ok(r.body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(len(rows), 1 + len(CODES) * ENTRIES, "every entry, one row each, after the heading")
    t.ok(all(x[-1] == "あ" * 4000 for x in rows[1:]), "each with its whole text")
    t.ok(len(r.body) > 25 << 20, "%.1f MiB sent" % (len(r.body) / 2**20))
    grown = (after - before) / 1024
    t.ok(grown < 12, "the server's peak memory (%.0f MiB) grew %.1f MiB for a %.1f MiB file (bound: 12 MiB)"
         % (after / 1024, grown, len(r.body) / 2**20))
    again = s.api("GET", R7 + "/entries.csv", token=m, headers={"If-None-Match": r.header("ETag")})
    t.eq(again.status, 304, "an unchanged export is 304 before anything is read")
    sj = s.api("GET", R7 + "/entries.csv?encoding=cp932&kind=" + "%E6%84%8F%E8%A6%8B", token=m, timeout=300)
    t.eq(sj.status, 200, "Shift_JIS streams too")
    t.ok("_opinions_sjis.csv" in (sj.header("Content-Disposition") or ""), "with its own file name")
    t.eq(sj.body.decode("cp932").count("\r\n"), 1 + len(CODES) * ENTRIES, "every row in CP932")
    path = R7 + "/responses/" + CODES[0]
    odd = dict(GOOD["entries"][0], body="寿司🍣の絵文字")
    s.api("PUT", path, {"answers": {"challenges": ["課題なし"], "entries": [odd]}}, token=m)
    s.api("POST", path + "/submit", token=m)
    bad = s.api("GET", R7 + "/entries.csv?encoding=cp932", token=m, timeout=300)
    t.ok(bad.status == 422 and "CP932 で表せない" in bad.json()["errors"][0]["message"],
         "a character CP932 cannot hold is still a 422 naming it, before anything is sent", bad.text[:300])
    t.eq(s.api("GET", "/healthz").status, 200, "and the server is still up")
    t.eq(s.api("GET", R7 + "/results.csv?group=kind6", token=m).status, 200, "results exports still work")


if __name__ == "__main__":
    run_tests(run)
