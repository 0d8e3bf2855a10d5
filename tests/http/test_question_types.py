"""test_question_types.py: every question type through the browser form and
through the API, on a survey loaded with `shokai survey load`; the survey
command's period and reopen; the audience rule."""
import re
import sqlite3
import urllib.parse

from harness import run_tests
from test_survey_pages import fields_of

PAGE = "/surveys/all-types/responses/011002"
FEB_5_2025 = 1738713600




def post(s, cookie, fields):
    return s.request("POST", PAGE, urllib.parse.urlencode(fields),
                     {"Content-Type": "application/x-www-form-urlencoded"}, cookie)


def run(t, s):
    p = s.cli("survey", "load", "--file", "fixtures/all-types.json", check=False)
    t.ok(p.returncode == 0 and "added" in p.stdout, "survey load adds a definition", p.stderr)
    p = s.cli("survey", "load", "--file", "fixtures/all-types.json", check=False)
    t.ok(p.returncode == 0 and "unchanged" in p.stdout, "loading it again changes nothing")
    bad = s.dir + "/bad.json"
    with open("fixtures/all-types.json") as f:
        text = f.read().replace('"integer": true, "min": 0', '"integer": "yes", "min": 0')
    with open(bad, "w") as f:
        f.write(text)
    p = s.cli("survey", "load", "--file", bad, check=False)
    t.ok(p.returncode == 1 and "bad.json: /sections/0/questions/1: integer" in p.stderr,
         "a bad definition names the file and JSON path", p.stderr)
    p = s.cli("survey", "load", check=False)
    t.eq(p.returncode, 2, "survey load without --file: exit 2")
    p = s.cli("survey", "list", check=False)
    t.ok("all-types\tsurvey" in p.stdout, "survey list shows it")

    ca, _ = s.login("orga")
    page = s.request("GET", PAGE, cookie=ca).text
    t.ok('<select id="f-pref_pick" name="q.pref_pick"' in page, "a single with many options is a select")
    t.ok('inputmode="decimal"' in page and 'type="date"' in page and 'min="2020-01-01"' in page,
         "number and date controls")
    t.ok('aria-describedby="h-contact f-contact-count"' in page, "help text (and the text's limit) is tied to its field")
    t.ok("必須" in page and "組織的・人的対策" in page and 'name="q.item.status"' in page,
         "a check item shows level, measure and the four statuses")
    base = [(k, v) for k, v in fields_of(page) if not k.startswith("q.")] + [("q.budget.rows", "1")]

    r = post(s, ca, base + [("q.staff", "abc"), ("q.rate", "2"), ("q.decided", "2025-02-30"),
                            ("q.budget.0.year", "令和7"), ("action", "save")])
    t.eq(r.status, 422, "bad number, range, date and cell: 422")
    for msg in ["数値で入力してください", "0〜1 の範囲", "日付は", "予算 1 行目「年度」"]:
        t.ok(msg in r.text, "the page says: " + msg)
    t.ok('value="abc"' in r.text and 'value="令和7"' in r.text, "what was typed is kept")

    good = base + [("q.pref_pick", "北海道"), ("q.staff", "12"), ("q.rate", "0.75"),
                   ("q.decided", "2025-01-31"), ("q.contact", "情報政策課"),
                   ("q.item.status", "一部実施"), ("q.item.note", "規程は整備済み"),
                   ("q.budget.0.year", "2025"), ("q.budget.0.amount", "1200.5"),
                   ("q.budget.0.start", "2025-04-01")]
    r = post(s, ca, good + [("action", "confirm")])
    t.eq((r.status, r.header("Location")), (303, PAGE + "/confirm"), "every type saved through the form")
    tok = s.token("orga")
    got = s.api("GET", "/api/v1" + PAGE, token=tok).json()["answers"]
    t.eq(got, {"pref_pick": "北海道", "staff": 12, "rate": 0.75, "decided": "2025-01-31",
               "contact": "情報政策課", "item": {"status": "一部実施", "note": "規程は整備済み"},
               "budget": [{"year": 2025, "amount": 1200.5, "start": "2025-04-01"}]},
         "the API reads back typed values (numbers as numbers)")
    page = s.request("GET", PAGE + "/confirm", cookie=ca).text
    t.ok("一部実施" in page and "規程は整備済み" in page and "1200.5" in page, "confirmation shows each type")

    # API: the same rules
    for answers, qid, what in [({"staff": 1.5}, "staff", "a fraction for an integer"),
                               ({"staff": -1}, "staff", "below min"),
                               ({"decided": "2031-01-01"}, "decided", "a date after max"),
                               ({"contact": "あ" * 41}, "contact", "text over 40"),
                               ({"pref_pick": "東京都"}, "pref_pick", "an unknown option"),
                               ({"budget": [{"year": 1}, {"year": 2}, {"year": 3}, {"year": 4}]}, "budget",
                                "four rows where three are allowed")]:
        r = s.api("PUT", "/api/v1" + PAGE, {"answers": answers}, token=tok)
        t.ok(r.status == 422 and r.json()["errors"][0]["question"] == qid, "API: %s is refused" % what, r.text)
    r = s.api("POST", "/api/v1" + PAGE + "/submit", token=tok)
    t.eq(r.status, 200, "the draft saved through the form submits through the API")
    # a second 団体 answers, so that statistics have two values
    other = "/api/v1/surveys/all-types/responses/012025"
    tb = s.token("orgb")
    s.api("PUT", other, {"answers": {"pref_pick": "青森県", "staff": 20, "item": {"status": "実施済"},
                                     "budget": [{"year": 2024}, {"year": 2025}]}}, token=tb)
    t.eq(s.api("POST", other + "/submit", token=tb).status, 200, "a second 団体 submits")
    res = s.api("GET", "/api/v1/surveys/all-types/results?group=kind6", token=s.token("ministry1")).json()
    staff = [n for n in res["numbers"] if n["id"] == "staff"][0]
    t.eq((staff["total"]["n"], staff["total"]["sum"], staff["total"]["mean"], staff["total"]["median"]),
         (2, 32.0, 16.0, 16.0), "number: count, sum, mean, median")
    seirei = [row for row in staff["rows"] if row["group"] == "政令市"][0]
    t.eq((seirei["n"], seirei["sum"]), (1, 12.0), "and per 区分 (札幌市 is a 政令市)")
    item = [q for q in res["questions"] if q["id"] == "item"][0]
    t.eq((item["type"], item["total"]["counts"]["一部実施"], item["total"]["counts"]["実施済"]), ("check", 1, 1),
         "check: status counts")
    pick = [q for q in res["questions"] if q["id"] == "pref_pick"][0]
    t.eq((pick["total"]["counts"]["北海道"], pick["total"]["counts"]["青森県"]), (1, 1), "single: counts")
    rate = [n for n in res["numbers"] if n["id"] == "rate"][0]
    t.eq((rate["total"]["n"], rate["total"]["median"]), (1, 0.75), "a number only one 団体 answered")
    t.eq(res["total"]["organizations"], 792, "対象団体数 follows the audience (政令市, 中核市, 市)")

    # audience: a 町 is not asked this survey
    cm, _ = s.login("ministry1")
    t.eq(s.request("GET", "/surveys/all-types/responses/013030", cookie=cm).status, 404,
         "a 団体 outside the audience (a 町): 404")
    t.eq(s.api("GET", "/api/v1/surveys/all-types/responses/010006", token=s.token("ministry1")).status, 404,
         "a prefecture outside the audience: 404")

    # period and reopen from the command line
    s.set_clock(FEB_5_2025 + 10 * 86400)
    tok = s.token("orga")
    t.eq(s.api("PUT", "/api/v1" + PAGE, {"answers": {}}, token=tok).status, 409, "closed after the deadline")
    p = s.cli("survey", "reopen", "--survey", "all-types", "--org", "011002",
              "--until", "2025-02-20T00:00:00+09:00", check=False)
    t.eq(p.returncode, 0, "survey reopen for one 団体")
    t.eq(s.api("PUT", "/api/v1" + PAGE, {"answers": {"staff": 3}}, token=tok).status, 200,
         "the reopened 団体 can save again")
    t.eq(s.api("PUT", "/api/v1/surveys/all-types/responses/012025", {"answers": {}}, token=s.token("orgb")).status,
         409, "another 団体 stays closed")
    p = s.cli("survey", "period", "--survey", "all-types", "--opens", "2025-02-04T00:00:00+09:00",
              "--closes", "2025-03-31T23:59:59+09:00", check=False)
    t.eq(p.returncode, 0, "survey period extends the deadline")
    t.eq(s.api("PUT", "/api/v1/surveys/all-types/responses/012025", {"answers": {}}, token=s.token("orgb")).status,
         200, "now every 団体 can answer")
    p = s.cli("survey", "period", "--survey", "all-types", "--opens", "2025-03-01T00:00:00+09:00",
              "--closes", "2025-02-01T00:00:00+09:00", check=False)
    t.ok(p.returncode == 1 and "after" in p.stderr, "a period that ends before it starts is refused")
    p = s.cli("survey", "period", "--survey", "all-types", "--opens", "yesterday", "--closes", "x", check=False)
    t.eq(p.returncode, 2, "a malformed time: exit 2")
    con = sqlite3.connect(s.db)
    acts = [r[0] for r in con.execute("SELECT action FROM audit WHERE target='all-types'")]
    con.close()
    t.ok("survey.add" in acts and "survey.reopen" in acts and "survey.period" in acts,
         "loading, reopening and the period change are audited", acts)
    # a definition with responses cannot change
    with open("fixtures/all-types.json") as f:
        text = f.read().replace("全設問型のテスト照会", "変更後のタイトル")
    with open(bad, "w") as f:
        f.write(text)
    p = s.cli("survey", "load", "--file", bad, check=False)
    t.ok(p.returncode == 1 and "新しい id" in p.stderr, "a survey with responses is never changed in place")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
