"""test_publication.py: publishing results to org accounts: before publication
they see nothing; after it, national aggregates with small groups suppressed
and the 意見・質問 list with replies but without 団体 names."""
import csv
import re
import io
import sqlite3
import sys
import urllib.parse
import zipfile

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


def recoverable(d):
    """The hidden cells that subtraction gives back: per question and figure,
    a column whose total is shown and where exactly one group is hidden."""
    found = []
    for q in d["questions"]:
        hidden = [row["group"] for row in q["rows"] if row["counts"] is None]
        if len(hidden) == 1 and q["total"]["counts"] is not None:
            found.append((q["id"], hidden[0]))
    hidden = [g["group"] for g in d["groups"] if g["respondents"] is None]
    if len(hidden) == 1 and d["total"]["respondents"] is not None:
        found.append(("respondents", hidden[0]))
    return found


def complementary_suppression(t, s, m, org, full):
    """The assessment's finding 5: with only 特別区 (4 respondents) under the
    threshold, the total minus the shown groups gave its exact answer."""
    s.api("POST", R7 + "/publish", {"suppress_below": 5}, token=m)
    d = s.api("GET", R7 + "/results?group=kind6", token=org).json()
    truth = {row["group"]: row for row in full["questions"][0]["rows"]}
    q = d["questions"][0]
    shown = [row for row in q["rows"] if row["counts"] is not None]
    if q["total"]["counts"] is not None:
        by_subtraction = {o: q["total"]["counts"][o] - sum(row["counts"][o] for row in shown) for o in q["options"]}
    else:
        by_subtraction = None
    t.ok(by_subtraction != truth["特別区"]["counts"], "the total minus the shown groups is not 特別区's answer",
         by_subtraction)
    respondents = {g["group"]: g["respondents"] for g in d["groups"]}
    t.ok(respondents["特別区"] is None and d["total"]["respondents"] - sum(
        v for v in respondents.values() if v is not None) != 4, "nor its 回答団体数 (4)", respondents)
    t.eq(recoverable(d), [], "no hidden figure follows by subtraction in any question of the JSON")
    t.ok(d.get("suppression", {}).get("below") == 5 and "引き算" in d["suppression"]["rule"],
         "the JSON states the threshold and the rule")
    rows = {row["group"]: row for row in q["rows"]}
    t.ok(rows["特別区"].get("suppressed") is True and rows["中核市"].get("suppressed") is True
         and rows["中核市"]["respondents"] is None and "suppressed" not in rows["町村"],
         "中核市 (9, the next smallest) is hidden with it and says so; the others are not flagged")
    for name, path in (("status", "/results.csv?group=kind6"), ("challenges", "/results.csv?group=kind6&question=challenges")):
        lines = list(csv.reader(io.StringIO(s.api("GET", R7 + path, token=org).body.decode("utf-8-sig"), newline="")))
        by = {row[0]: row for row in lines[1:]}
        first = 2 if name == "status" else 1  # the status table's 対象団体数 is public
        t.ok(all(v == "x" for v in by["特別区"][first:] + by["中核市"][first:])
             and "x" not in by["町村"], "the %s CSV: 'x' for both hidden groups, 回答団体数 included" % name)
    co, _ = s.login("demo-org")
    page = s.request("GET", "/surveys/r7-ikenshokai/results", cookie=co).text
    t.ok("特別区（x団体）" in page or page.count("回答が少ないため表示していません") >= 2 * len(d["questions"]),
         "the results page hides both groups in every question")
    report = s.request("GET", "/surveys/r7-ikenshokai/report", cookie=co).text
    t.ok("特別区（x団体）" in report and "中核市（x団体）" in report and "次に回答の少ない区分か合計も併せて" in report,
         "the report hides both with their 回答団体数 and says the rule")
    x = s.api("GET", R7 + "/results.xlsx?group=kind6", token=org)
    strings = zipfile.ZipFile(io.BytesIO(x.body)).read("xl/sharedStrings.xml").decode() if x.status == 200 else ""
    t.ok(">x</t>" in strings, "the XLSX export shows 'x' too")
    # A hidden group as the difference of two schemes' groups (kind4 中核市・特別区
    # minus kind6 中核市 = kind6 特別区): a 団体 sees one scheme only, the survey's.
    other = s.api("GET", R7 + "/results?group=kind4", token=org)
    t.ok(other.status == 403 and "公表した集計区分" in other.json()["errors"][0]["message"],
         "a 団体 cannot ask for the published results by another scheme (kind4): 403 with the reason",
         other.status)
    t.eq(s.api("GET", R7 + "/results.csv?group=pref_muni", token=org).status, 403, "nor its CSV by another")
    t.eq(s.api("GET", R7 + "/results?group=kind4", token=m).status, 200, "the Ministry still can")
    t.ok('id="group"' not in page, "and the 団体's results page offers no choice of scheme")
    s.api("POST", R7 + "/publish", {"suppress_below": 10}, token=m)


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
    t.ok(chuukaku[1:] == ["x"] * (len(chuukaku) - 1), "the CSV shows 'x' for a suppressed group, 回答団体数 too")
    full = s.api("GET", R7 + "/results?group=kind6", token=m).json()
    t.ok(all(row["counts"] is not None for row in full["questions"][0]["rows"]), "the Ministry still sees every group")
    complementary_suppression(t, s, m, org, full)

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
    t.ok("回答が少ないため表示していません" in page and "数値とグラフを表示していません" in page
         and "次に回答の少ない区分か合計も併せて表示していません" in page and "公表する" not in page,
         "the results page: suppressed groups said so, no publish controls")
    page = s.request("GET", "/surveys/r7-ikenshokai/entries", cookie=co).text
    other = sorted(n for n in names if n != "札幌市")[0]
    t.ok(other not in page and "回答を入力" not in page, "the entries page names no 団体 and offers no reply form")

    cm, csrf = s.login("demo-ministry")
    page = s.request("GET", "/surveys/r7-ikenshokai/results", cookie=cm).text
    t.ok("公表済み" in page and "公表を取り消す" in page, "the Ministry sees the publication state")
    t.ok('action="/surveys/r7-ikenshokai/withdraw"' in page, "the withdraw button posts to its own route")
    withdraw = urllib.parse.urlencode({"csrf": csrf})
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    r = s.request("POST", "/surveys/r7-ikenshokai/withdraw", withdraw, form, cm)
    t.eq(r.status, 303, "the Ministry withdraws the publication")
    t.eq(s.api("GET", R7 + "/results", token=org).status, 403, "after withdrawal org sees nothing again")
    # withdrawing what is not published: 409 with the reason, from the page and the API alike
    r = s.request("POST", "/surveys/r7-ikenshokai/withdraw", withdraw, form, cm)
    t.ok(r.status == 409 and "公表されていない" in r.text, "page: withdrawing an unpublished survey is 409", r.status)
    r = s.api("DELETE", R7 + "/publish", token=m)
    t.ok(r.status == 409 and "公表されていない" in r.json()["errors"][0]["message"],
         "API: withdrawing an unpublished survey is 409", r.status)
    # Publishing from the page asks first (issue #19): the results page's form
    # opens a confirmation saying what becomes visible to whom; nothing is
    # published until its button is pressed.
    page = s.request("GET", "/surveys/r7-ikenshokai/results", cookie=cm).text
    t.ok('<form method="get" action="/surveys/r7-ikenshokai/publish"' in page, "the results page's 公表する opens the confirmation")
    r = s.request("GET", "/surveys/r7-ikenshokai/publish?suppress_below=10", cookie=cm)
    t.ok(r.status == 200 and "団体のアカウント" in r.text and "都道府県のアカウント" in r.text
         and "団体名は表示しません" in r.text and "意見・質問" in r.text,
         "the confirmation says who will see what", r.status)
    hidden = re.search(r"数値を表示しない区分:(.*?)</p>", r.text, re.S).group(1)
    t.ok("中核市" in hidden and "特別区" in hidden and "都道府県" not in hidden,
         "and which 区分 stay hidden at this threshold (中核市 9, 特別区 4 under 10)", hidden)
    t.ok(re.search(r"回答・考え方が未記入の意見・質問が <strong>\d+</strong> 件", r.text),
         "and warns of 意見 still without a reply")
    t.eq(s.api("GET", R7 + "/results", token=org).status, 403, "the confirmation itself publishes nothing")
    confirm_csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = s.request("POST", "/surveys/r7-ikenshokai/publish",
                  urllib.parse.urlencode({"csrf": confirm_csrf, "suppress_below": "10"}), form, cm)
    t.ok(r.status == 303 and s.api("GET", R7 + "/results", token=org).status == 200,
         "its button publishes", r.status)
    s.api("DELETE", R7 + "/publish", token=m)
    t.eq(s.request("GET", "/surveys/r7-ikenshokai/publish", cookie=co).status, 403,
         "a 団体 cannot open the confirmation")
    # the threshold: the same refusal from the page's form and the API's JSON, an empty field is the default
    r = s.request("POST", "/surveys/r7-ikenshokai/publish", urllib.parse.urlencode({"csrf": csrf, "suppress_below": "x"}),
                  form, cm)
    t.eq(r.status, 400, "page: a threshold that is not a number is 400, as the API's")
    t.eq(s.api("POST", R7 + "/publish", {"suppress_below": "x"}, token=m).status, 400, "API: the same 400")
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
    t.eq(acts, ["survey.publish"] * 3 + ["survey.withdraw", "survey.publish", "survey.withdraw", "survey.publish"],
         "publication (three thresholds), withdrawal, publication after confirmation, and a new one are audited")
    # publishing again without a threshold keeps the one in force: nothing shows more than it did
    s.api("POST", R7 + "/publish", {"suppress_below": 10}, token=m)
    r = s.api("POST", R7 + "/publish", token=m)
    t.eq((r.status, r.json()), (200, {"published": True, "suppress_below": 10}), "API: the threshold in force is kept")
    r = s.request("POST", "/surveys/r7-ikenshokai/publish", urllib.parse.urlencode({"csrf": csrf, "withdraw": "1"}),
                  form, cm)
    d = s.api("GET", R7 + "/results?group=kind6", token=org).json()
    t.ok(r.status == 303 and d["suppression"]["below"] == 10,
         "page: a form without a threshold (an old page's withdraw button) keeps it too", (r.status, d.get("suppression")))


if __name__ == "__main__":
    main()
