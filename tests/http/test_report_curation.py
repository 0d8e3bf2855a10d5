"""test_report_curation.py: the report's 具体的な内容 as the Ministry publishes
it, on the demo R7 survey: grouping schemes composed from 団体区分 (kind5, the
document's five sections, ships), and the curation view where the Ministry
picks answer rows, edits and merges them into bullets under 課題 and 項目,
orders them and writes each section's sentence and ※ notes; the page and the
API run the same operations, every change is audited, the original answers
stay unchanged, and the report prints the curated sections."""
import re
import sqlite3
import urllib.parse

from harness import run_demo_tests

R7 = "/api/v1/surveys/r7-ikenshokai"
REPORT = "/surveys/r7-ikenshokai/report"
CURATION = REPORT + "/curation"
API = R7 + "/report/curation"
FIVE = ["都道府県", "政令市", "中核市・特別区", "一般市", "町村"]


def groupings(t, s, m, cm, csrf):
    schemes = {x["id"]: x for x in s.api("GET", "/api/v1/groupings", token=m).json()["schemes"]}
    t.eq([g["label"] for g in schemes["kind5"]["groups"]], FIVE, "kind5 ships: the R7 document's five sections")
    t.eq(schemes["kind5"]["groups"][2]["kinds"], ["中核市", "特別区"], "中核市・特別区 together")
    t.ok(not schemes["kind5"]["composed"], "as a shipped scheme")
    text = "大規模: 都道府県, 政令市\nその他: 中核市, 特別区, 市, 町, 村"
    r = s.api("POST", "/api/v1/groupings", {"id": "size2", "label": "規模2区分", "groups": text}, token=m)
    t.eq(r.status, 200, "API: the Ministry composes a scheme")
    res = s.api("GET", R7 + "/results?group=size2", token=m).json()
    t.eq([g["group"] for g in res["questions"][0]["rows"]], ["大規模", "その他"], "and results count by it")
    bad = {"id": "size3", "label": "x", "groups": "A: 都道府県\nB: 市, 町, 村"}
    r = s.api("POST", "/api/v1/groupings", bad, token=m)
    t.ok(r.status == 400 and "どの区分にも入っていません" in r.text, "API: a kind left out is refused", r.status)
    r = s.form("/groupings", dict(bad, csrf=csrf), cm)
    t.ok(r.status == 400 and "どの区分にも入っていません" in r.text, "page: the same refusal", r.status)
    r = s.form("/groupings", {"csrf": csrf, "id": "kind6", "label": "x", "groups": text}, cm)
    t.eq(r.status, 409, "page: a shipped scheme is not replaced")
    page = s.request("GET", "/groupings", cookie=cm)
    t.ok(page.status == 200 and "規模2区分" in page.text and "中核市・特別区: 中核市, 特別区" in page.text,
         "the page lists every scheme with its groups")
    t.eq(s.form("/groupings/size2/delete", {"csrf": csrf}, cm).status, 303, "page: the composed scheme is removed")
    t.eq(s.api("DELETE", "/api/v1/groupings/size2", token=m).status, 404, "API: once")
    t.eq(s.request("GET", "/groupings", cookie=s.login("demo-org")[0]).status, 403, "org: no schemes page")


def run(t, s):
    m = s.token("demo-ministry")
    cm, csrf = s.login("demo-ministry")
    groupings(t, s, m, cm, csrf)

    view = s.api("GET", API, token=m).json()
    t.eq(view["scheme"], "kind5", "a new curation starts on the document's five sections")
    t.eq([x["group"] for x in view["sections"]], FIVE, "one section per group")
    # The demo ships the R7 curation: reset it for this test by working on a fresh section.
    before = sqlite3.connect(s.db).execute(
        "SELECT answers FROM response_versions ORDER BY response_id, version").fetchall()

    rows = [x for x in view["rows"] if x["group"] == "一般市" and not x["published"]]
    t.ok(len(rows) >= 2, "一般市 has rows to pick from", len(rows))
    a, b = rows[0], rows[1]
    page = s.request("GET", CURATION + "?g=" + urllib.parse.quote("一般市"), cookie=cm)
    t.ok(page.status == 200 and a["key"] in page.text and "掲載する" in page.text, "the view lists the rows")
    # page: pick a row; API: pick another; same operation
    r = s.form(CURATION + "/bullets", {"csrf": csrf, "group": "kind5", "g": "一般市", "key": a["key"]}, cm)
    t.eq(r.status, 303, "page: a row is picked")
    r = s.api("POST", API + "/bullets", {"group": "kind5", "g": "一般市", "key": b["key"]}, token=m)
    t.eq(r.status, 200, "API: another row is picked")
    r2 = s.api("POST", API + "/bullets", {"group": "kind5", "g": "町村", "key": a["key"]}, token=m)
    t.eq((r2.status, r2.json()["errors"][0]["field"]), (400, "key"), "a row of another section is refused")
    r2 = s.form(CURATION + "/bullets", {"csrf": csrf, "group": "kind5", "g": "町村", "key": a["key"]}, cm)
    t.ok(r2.status == 400 and "この区分の具体的な内容にありません" in r2.text, "the page refuses it alike")
    r2 = s.api("POST", API + "/bullets", {"group": "kind6", "g": "一般市", "key": b["key"]}, token=m)
    t.eq(r2.status, 409, "another scheme than the curation's: 409")
    sec = [x for x in s.api("GET", API, token=m).json()["sections"] if x["group"] == "一般市"][0]
    ids = {tuple(x["entry_keys"]): x["id"] for x in sec["bullets"]}
    ida, idb = ids[(a["key"],)], ids[(b["key"],)]
    # merge b into a, then edit the merged bullet
    r = s.form(CURATION + "/bullets/%d/merge" % idb, {"csrf": csrf, "into": ida}, cm)
    t.eq(r.status, 303, "page: two bullets are merged")
    r2 = s.api("POST", API + "/bullets/%d/merge" % ida, {"into": ida}, token=m)
    t.eq((r2.status, r2.json()["errors"][0]["field"]), (400, "into"), "a bullet cannot merge into itself")
    sec = [x for x in s.api("GET", API, token=m).json()["sections"] if x["group"] == "一般市"][0]
    merged = [x for x in sec["bullets"] if x["id"] == ida][0]
    t.eq(sorted(merged["entry_keys"]), sorted([a["key"], b["key"]]), "the merged bullet links both answers")
    t.eq(merged["body"], a["content"] + "\n" + b["content"], "with both texts, to be edited")
    body = "テスト用に<まとめた>具体的な内容。"
    r = s.api("PUT", API + "/bullets/%d" % ida, {"challenge": "コスト", "item": "全般", "body": body,
                                                "position": 1}, token=m)
    t.eq(r.status, 200, "API: the bullet is edited and moved first")
    r = s.form(CURATION + "/bullets/%d" % ida, {"csrf": csrf, "challenge": "コスト", "item": "全般",
                                                     "body": "", "position": "1"}, cm)
    t.eq(r.status, 400, "page: an empty text is refused")
    r = s.api("PUT", API + "/bullets/%d" % ida, {"challenge": "コスト", "item": "全般", "body": ""}, token=m)
    t.eq(r.status, 400, "API: likewise")
    r = s.form(CURATION + "/section", {"csrf": csrf, "group": "kind5", "g": "一般市",
                                           "summary": "テストのまとめの文。", "notes": "※ テストの注記。"}, cm)
    t.eq(r.status, 303, "page: the section's sentence and ※ notes are saved")
    r = s.api("PUT", API + "/section", {"group": "kind5", "g": "存在しない", "summary": "x"}, token=m)
    t.eq((r.status, r.json()["errors"][0]["field"]), (400, "g"), "API: an unknown section is refused")

    page = s.request("GET", REPORT, cookie=cm).text
    sect = re.search(r'<section class="report-page"[^>]*>\s*<h2[^>]*>課題の具体的な内容（一般市）</h2>(.*?)</section>',
                     page, re.S)
    t.ok(sect is not None, "the report prints the curated 一般市 section")
    sect = sect.group(1) if sect else ""
    t.ok("テストのまとめの文。" in sect and "※ テストの注記。" in sect, "with its sentence and notes")
    t.ok("テスト用に&lt;まとめた&gt;具体的な内容。" in sect, "and the edited bullet, escaped")
    t.ok(sect.find("テスト用に") < sect.find("</ul>"), "first in its section")
    n = len([x for x in s.api("GET", API, token=m).json()["sections"] if x["group"] == "一般市"][0]["bullets"])
    t.eq(sect.count("<li"), n, "one item per bullet: the merged answers are one")
    after = sqlite3.connect(s.db).execute(
        "SELECT answers FROM response_versions ORDER BY response_id, version").fetchall()
    t.ok(before == after, "the original answers are unchanged")
    con = sqlite3.connect(s.db)
    acts = {a_ for (a_,) in con.execute("SELECT action FROM audit WHERE action LIKE 'report.curation.%'")}
    con.close()
    t.ok({"report.curation.add", "report.curation.merge", "report.curation.edit",
          "report.curation.section"} <= acts, "every change is audited", acts)
    # remove
    t.eq(s.form(CURATION + "/bullets/%d/delete" % ida, {"csrf": csrf}, cm).status, 303, "page: a bullet is removed")
    t.eq(s.api("DELETE", API + "/bullets/%d" % ida, token=m).status, 404, "API: once")
    t.eq(s.request("GET", CURATION, cookie=s.login("demo-org")[0]).status, 403, "org: no curation view")
    t.eq(s.api("GET", "/api/v1/surveys/sanso-2023/report/curation", token=m).status, 404,
         "a survey without 具体的な内容 has none")


if __name__ == "__main__":
    run_demo_tests(run)
