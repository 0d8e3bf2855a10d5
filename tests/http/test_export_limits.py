"""test_export_limits.py: an export larger than a request may use (its
strings exceed the per-request memory bound) is refused with a message, the
server keeps running and the smaller exports still work. It used to pass a
NULL string on to strlen and kill the server (found by the 1,000 % benchmark)."""
from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, R7

# 14 町 of 北海道, each with 80 entries of 4,000 characters: about 13 MB.
CODES = ["013030", "013315", "013323", "013331", "013340", "013374", "013439", "013455", "013463",
         "013471", "013617", "013625", "013633", "013641"]


def run(t, s):
    s.set_clock(FEB_5_2025)
    m = s.token("ministry1")
    row = dict(GOOD["entries"][0], body="あ" * 4000)
    stored = 0
    for code in CODES:
        path = R7 + "/responses/" + code
        r = s.api("PUT", path, {"answers": {"challenges": ["課題なし"], "entries": [row] * 80}}, token=m)
        stored += r.status == 200 and s.api("POST", path + "/submit", token=m).status == 200
    t.eq(stored, len(CODES), "%d 団体 submitted 80 long entries each (代理入力)" % len(CODES))
    r = s.api("GET", R7 + "/entries.csv", token=m, timeout=120)
    t.ok(r.status >= 400 and "一度に処理できる量を超えました" in r.json()["errors"][0]["message"],
         "the oversized export is refused with a message that says what to do", r.text[:300])
    t.eq(s.api("GET", "/healthz").status, 200, "and the server is still up")
    t.eq(s.api("GET", R7 + "/results.csv?group=kind6", token=m).status, 200, "results exports still work")


if __name__ == "__main__":
    run_tests(run)
