"""test_publication.py: publishing results to org accounts: before publication
they see nothing; after it, national aggregates with small groups suppressed
and the 意見・質問 list with replies but without 団体 names."""
import csv
import io
import sqlite3
import sys
import urllib.parse

from harness import DemoServer, Tap

R7 = "/api/v1/surveys/r7-ikenshokai"


def main():
    t = Tap()
    s = DemoServer(sys.argv[1])
    try:
        run(t, s)
    finally:
        s.stop()
    t.done()


def run(t, s):
    m, org = s.token("demo-ministry"), s.token("demo-org")
    t.eq(s.api("GET", R7 + "/results", token=org).status, 403, "before publication: org sees no results")
    t.eq(s.api("GET", R7 + "/entries", token=org).status, 403, "nor the entry list")
    t.eq(s.api("POST", R7 + "/publish", {"suppress_below": 10}, token=org).status, 403, "only the Ministry publishes")
    t.eq(s.api("POST", R7 + "/publish", {"suppress_below": 1000}, token=m).status, 400, "a threshold over 100: 400")
    r = s.api("POST", R7 + "/publish", {"suppress_below": 10}, token=m)
    t.eq((r.status, r.json()), (200, {"published": True, "suppress_below": 10}), "the Ministry publishes")

    d = s.api("GET", R7 + "/results?group=kind6", token=org).json()
    rows = {row["group"]: row for row in d["questions"][0]["rows"]}
    t.ok(rows["都道府県"]["counts"] is not None and rows["中核市"]["counts"] is None
         and rows["特別区"]["counts"] is None, "groups under 10 respondents (中核市 9, 特別区 4) are suppressed")
    t.eq(d["questions"][0]["total"]["counts"]["コスト"], 70, "the national total is shown")
    t.eq(d.get("prefecture"), None, "org accounts see the national results")
    r = s.api("GET", R7 + "/results.csv?question=challenges", token=org)
    lines = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    chuukaku = [row for row in lines if row[0] == "中核市"][0]
    t.ok(chuukaku[2:] == ["-"] * (len(chuukaku) - 2), "the CSV shows '-' for a suppressed group")
    full = s.api("GET", R7 + "/results?group=kind6", token=m).json()
    t.ok(all(row["counts"] is not None for row in full["questions"][0]["rows"]), "the Ministry still sees every group")

    e = s.api("GET", R7 + "/entries", token=org).json()["entries"]
    t.ok(e and all(x["organization"] is None for x in e), "the published entry list names no 団体")
    names = {x["organization"]["name"] for x in s.api("GET", R7 + "/entries", token=m).json()["entries"]}
    r = s.api("GET", R7 + "/entries.csv?organizations=1", token=org)
    text = r.body.decode("utf-8-sig")
    t.ok("団体名" not in text.splitlines()[0] and not any(n in text for n in names),
         "nor does its CSV, even when asked for 団体")
    key = e[0]["key"]
    s.api("PUT", R7 + "/entries/%s/reply" % key, {"disposition": "原案どおり", "reply": "原案のとおりとします。"}, token=m)
    e = s.api("GET", R7 + "/entries", token=org).json()["entries"]
    t.eq([x["reply"] for x in e if x["key"] == key], ["原案のとおりとします。"], "replies are published with the list")
    t.eq(s.api("PUT", R7 + "/entries/%s/reply" % key, {"disposition": "回答", "reply": ""}, token=org).status, 403,
         "org accounts cannot reply")
    t.eq(s.api("GET", "/api/v1/compare?question=entries", token=org).status, 403,
         "no comparison across surveys for org accounts")
    t.eq(s.api("GET", "/api/v1/surveys/r3-ikenshokai/results", token=org).status, 403,
         "another, unpublished survey stays closed")

    co, _ = s.login("demo-org")
    page = s.request("GET", "/surveys", cookie=co).text
    t.ok("公表された集計結果" in page, "the org's survey list links to the published results")
    page = s.request("GET", "/surveys/r7-ikenshokai/results", cookie=co).text
    t.ok("回答が少ないため表示していません" in page and "数値を表示していません" in page and "公表する" not in page,
         "the results page: suppressed groups said so, no publish controls")
    page = s.request("GET", "/surveys/r7-ikenshokai/entries", cookie=co).text
    other = sorted(n for n in names if n != "札幌市")[0]
    t.ok(other not in page and "回答を入力" not in page, "the entries page names no 団体 and offers no reply form")

    cm, csrf = s.login("demo-ministry")
    page = s.request("GET", "/surveys/r7-ikenshokai/results", cookie=cm).text
    t.ok("公表済み" in page and "公表を取り消す" in page, "the Ministry sees the publication state")
    r = s.request("POST", "/surveys/r7-ikenshokai/publish", urllib.parse.urlencode({"csrf": csrf, "withdraw": "1"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.eq(r.status, 303, "the Ministry withdraws the publication")
    t.eq(s.api("GET", R7 + "/results", token=org).status, 403, "after withdrawal org sees nothing again")
    # a definition may mark the entry question public: then the published list names 団体
    p = s.cli("survey", "load", "--file", "fixtures/public-entries.json", check=False)
    t.eq(p.returncode, 0, "a survey with a public entry question loads")
    PE = "/api/v1/surveys/public-entries"
    s.api("PUT", PE + "/responses/011002", {"answers": {"entries": [{"kind": "意見", "material": "改定のポイント",
                                                                    "category": "その他", "body": "公開の意見"}]}}, token=m)
    s.api("POST", PE + "/responses/011002/submit", token=m)
    s.api("POST", PE + "/publish", {"suppress_below": 0}, token=m)
    e = s.api("GET", PE + "/entries", token=org).json()["entries"]
    t.eq([x["organization"]["name"] for x in e], ["札幌市"], "a public entry question names the 団体 once published")
    con = sqlite3.connect(s.db)
    acts = [row[0] for row in con.execute("SELECT action FROM audit WHERE action IN ('survey.publish', 'survey.withdraw')")]
    con.close()
    t.eq(acts, ["survey.publish", "survey.withdraw", "survey.publish"], "publication and withdrawal are audited")


if __name__ == "__main__":
    main()
