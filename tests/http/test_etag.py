"""test_etag.py (issue #22): the API's reads answer a strong ETag and honour
If-None-Match, so that tools that poll are cheap.

- results (JSON, CSV, XLSX), 意見・質問 and their summary, progress, the
  report's XLSX, the self-check's exports: a strong ETag with
  Cache-Control: private, no-cache; the same request with If-None-Match
  answers 304 with no body;
- a submitted answer gives results a new ETag;
- other parameters (grouping, encoding) and other viewers (the Ministry, a
  prefecture, a 団体) get other ETags: one's ETag never wins another a 304;
- what is not a read for analysis (a 団体's own answers) stays no-store."""
from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD

SURVEY = "r7-ikenshokai"
ORG = "011002"
READS = [
    "/api/v1/surveys/%s/results?group=kind4" % SURVEY,
    "/api/v1/surveys/%s/results.csv" % SURVEY,
    "/api/v1/surveys/%s/results.xlsx" % SURVEY,
    "/api/v1/surveys/%s/entries" % SURVEY,
    "/api/v1/surveys/%s/entries.csv" % SURVEY,
    "/api/v1/surveys/%s/entries/summary" % SURVEY,
    "/api/v1/surveys/%s/progress" % SURVEY,
    "/api/v1/surveys/%s/progress/pending.csv" % SURVEY,
    "/api/v1/surveys/%s/report.xlsx" % SURVEY,
    "/api/v1/surveys/selfcheck-guideline/selfcheck.csv",
    "/api/v1/surveys/selfcheck-guideline/selfcheck.xlsx",
    "/api/v1/compare?question=entries",
]


def run(t, s):
    s.set_clock(FEB_5_2025)
    m, p, org = s.token("ministry1"), s.token("prefa"), s.token("orga")
    r = s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG), {"answers": GOOD}, token=org)
    t.eq(s.api("POST", "/api/v1/surveys/%s/responses/%s/submit" % (SURVEY, ORG), token=org).status, 200,
         "札幌市 submits")

    wrong = []
    for url in READS:
        r = s.api("GET", url, token=m)
        etag = r.header("ETag") or ""
        if r.status != 200 or not (etag.startswith('"') and etag.endswith('"') and len(etag) > 10):
            wrong.append("%s: %d, ETag %r" % (url, r.status, etag))
            continue
        if r.header("Cache-Control") != "private, no-cache":
            wrong.append("%s: Cache-Control %r" % (url, r.header("Cache-Control")))
        again = s.api("GET", url, token=m, headers={"If-None-Match": etag})
        if again.status != 304 or again.body or again.header("ETag") != etag:
            wrong.append("%s: repeat %d, %d bytes, ETag %r" % (url, again.status, len(again.body), again.header("ETag")))
        listed = s.api("GET", url, token=m, headers={"If-None-Match": 'W/"x", ' + etag})
        if listed.status != 304:
            wrong.append("%s: a list naming it: %d" % (url, listed.status))
        other = s.api("GET", url, token=m, headers={"If-None-Match": '"0123456789"'})
        if other.status != 200 or other.header("ETag") != etag or other.body != r.body:
            wrong.append("%s: another ETag: %d" % (url, other.status))
    t.eq(wrong, [], "%d reads: a strong ETag, 304 with no body on a match, 200 otherwise" % len(READS))

    results = "/api/v1/surveys/%s/results.csv" % SURVEY
    before = s.api("GET", results, token=m).header("ETag")
    for url in (results, "/api/v1/surveys/%s/progress" % SURVEY):
        tag = s.api("GET", url, token=m).header("ETag")
        t.eq(s.api("GET", url, token=m, headers={"If-None-Match": tag}).status, 304, "%s: unchanged, 304" % url)
    tags = {url: s.api("GET", url, token=m).header("ETag") for url in READS}
    org_b = s.token("orgb")
    s.api("PUT", "/api/v1/surveys/%s/responses/012025" % SURVEY, {"answers": GOOD}, token=org_b)
    t.eq(s.api("POST", "/api/v1/surveys/%s/responses/012025/submit" % SURVEY, token=org_b).status, 200,
         "函館市 submits")
    r = s.api("GET", results, token=m, headers={"If-None-Match": before})
    t.ok(r.status == 200 and r.header("ETag") != before and r.body, "after a submission: results answer anew", r.status)
    changed = [url for url in READS if "selfcheck" not in url and "compare" not in url and
               s.api("GET", url, token=m, headers={"If-None-Match": tags[url]}).status == 304]
    t.eq(changed, [], "every read of r7 has a new ETag after the submission")

    kind4 = s.api("GET", "/api/v1/surveys/%s/results.csv?group=kind4" % SURVEY, token=m).header("ETag")
    kind6 = s.api("GET", "/api/v1/surveys/%s/results.csv?group=kind6" % SURVEY, token=m).header("ETag")
    sjis = s.api("GET", "/api/v1/surveys/%s/results.csv?group=kind4&encoding=cp932" % SURVEY, token=m).header("ETag")
    json_ = s.api("GET", "/api/v1/surveys/%s/results?group=kind4" % SURVEY, token=m).header("ETag")
    t.eq(len({kind4, kind6, sjis, json_}), 4, "another grouping, encoding or format: another ETag")

    url = "/api/v1/surveys/%s/results" % SURVEY
    mine = s.api("GET", url, token=m).header("ETag")
    r = s.api("GET", url, token=p, headers={"If-None-Match": mine})
    t.ok(r.status == 200 and r.header("ETag") not in (None, mine), "a prefecture: its own ETag, no 304 on the Ministry's",
         r.status)
    t.eq(s.api("POST", "/api/v1/surveys/%s/publish" % SURVEY, {"suppress_below": 1}, token=m).status, 200,
         "r7 published")
    mine = s.api("GET", url, token=m).header("ETag")
    r = s.api("GET", url, token=org, headers={"If-None-Match": mine})
    t.ok(r.status == 200 and r.header("ETag") not in (None, mine), "a 団体: its own ETag, no 304 on the Ministry's",
         r.status)
    tag = r.header("ETag")
    org2 = s.token("orgb")
    r = s.api("GET", url, token=org2, headers={"If-None-Match": tag})
    t.ok(r.status == 200 and r.header("ETag") != tag, "another 団体: another ETag", r.status)

    r = s.api("GET", "/api/v1/surveys/%s/responses/%s" % (SURVEY, ORG), token=org)
    t.ok(r.status == 200 and r.header("ETag") is None and r.header("Cache-Control") == "no-store",
         "a 団体's own answers: no ETag, no-store", r.headers)


if __name__ == "__main__":
    run_tests(run)
