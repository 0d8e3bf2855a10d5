"""test_report.py: the results report (結果報告) of the demo R7 survey: every
section with the numbers of the results API, the まとめ saved in versions,
figures traced to the respondents behind them, the XLSX, the print style,
and who sees it when."""
import html
import io
import re
import sqlite3
import zipfile

from harness import run_demo_tests

R7 = "/api/v1/surveys/r7-ikenshokai"
REPORT = "/surveys/r7-ikenshokai/report"


def past_rounds(t, s, m, cm, csrf):
    """過年度実績 as data: page and API add, change and remove rounds through the
    same operations, refuse the same input, and every change is audited."""
    ROUNDS = R7 + "/report/rounds"
    PAGE = REPORT + "/rounds"
    got = s.api("GET", ROUNDS, token=m).json()["rounds"]
    t.eq([(x["label"], x["held"], x["held_wareki"], x["senders_pref"], x["senders_muni"]) for x in got],
         [("令和５年３月改定", "2023-03", "令和5年3月", 12, 41), ("令和６年10月改定", "2024-10", "令和6年10月", 18, 36)],
         "the R7 document's two past rounds are seeded, oldest first")
    t.ok(all("p.1" in x["source"] for x in got), "with their source (document and page)")
    page = s.request("GET", PAGE, cookie=cm)
    t.ok(page.status == 200 and "令和6年10月" in page.text and "過年度実績を追加する" in page.text, "the page lists them")
    t.eq(s.request("GET", PAGE, cookie=s.login("demo-org")[0]).status, 403, "org: no past rounds page")
    # the same refusals on both
    bad = {"label": "x", "held": "2024-13", "senders_pref": 1, "senders_muni": 2}
    r = s.api("POST", ROUNDS, bad, token=m)
    t.eq((r.status, r.json()["errors"][0]["field"]), (400, "held"), "API: a month that is not YYYY-MM")
    r = s.form(PAGE, dict(bad, csrf=csrf), cm)
    t.ok(r.status == 400 and "2024-10 のように" in r.text, "page: the same refusal", r.status)
    for body, why in [({"label": "x", "held": "2024-01", "senders_pref": 1}, "one figure only"),
                      ({"label": "x", "held": "2024-01"}, "neither figures nor a survey"),
                      ({"label": "x", "held": "2024-01", "linked_survey": "r7-ikenshokai"}, "the survey itself"),
                      ({"label": "x", "held": "2024-01", "linked_survey": "nosuch"}, "an unknown survey"),
                      ({"label": "x", "held": "2024-01", "linked_survey": "sanso-2023"}, "a survey without 意見・質問"),
                      ({"label": "x", "held": "2024-01", "linked_survey": "r3-ikenshokai", "senders_pref": 1,
                        "senders_muni": 1}, "a survey and figures")]:
        r = s.api("POST", ROUNDS, body, token=m)
        t.eq((r.status, r.json().get("errors", [{}])[0].get("field")), (400, "linked_survey"), "refused: " + why)
    # a round run in shokai, linked: its senders are counted from it
    r = s.api("POST", ROUNDS, {"label": "令和３年 意見照会", "held": "2021-11", "linked_survey": "r3-ikenshokai"},
              token=m)
    t.eq(r.status, 200, "API: a round run in shokai is linked")
    rid = r.json()["id"]
    got = {x["id"]: x for x in s.api("GET", ROUNDS, token=m).json()["rounds"]}
    t.ok(got[rid]["linked_survey"] == "r3-ikenshokai" and got[rid]["held_wareki"] == "令和3年11月",
         "linked round listed in 和暦", got[rid])
    r = s.form(PAGE + "/%d" % rid, {"csrf": csrf, "label": "令和３年改定", "held": "2021-12",
                                         "linked_survey": "r3-ikenshokai", "senders_pref": "", "senders_muni": ""}, cm)
    t.eq(r.status, 303, "page: the round is changed")
    t.eq(s.api("GET", ROUNDS, token=m).json()["rounds"][0]["label"], "令和３年改定", "the change is stored")
    r = s.api("PUT", ROUNDS + "/999999", {"label": "x", "held": "2021-12", "senders_pref": 1, "senders_muni": 1},
              token=m)
    t.eq(r.status, 404, "API: an unknown round is 404")
    page = s.request("GET", REPORT, cookie=cm).text
    t.ok("令和３年改定（令和3年12月）" in page, "the report shows the linked round")
    t.eq(s.form(PAGE + "/%d/delete" % rid, {"csrf": csrf}, cm).status, 303, "page: the round is removed")
    t.eq(s.api("DELETE", ROUNDS + "/%d" % rid, token=m).status, 404, "API: removing it again is 404")
    con = sqlite3.connect(s.db)
    acts = [a for (a,) in con.execute("SELECT action FROM audit WHERE action LIKE 'report.past_round%' ORDER BY id")]
    con.close()
    t.eq(acts, ["report.past_round"] * 4 + ["report.past_round_delete"], "seeded, added, changed, removed: audited")


def xlsx(t, s, m):
    """report.xlsx read back as the XML Excel reads: sheets, chart parts, the
    default font, and the values."""
    r = s.api("GET", R7 + "/report.xlsx", token=m)
    z = zipfile.ZipFile(io.BytesIO(r.body))
    workbook = z.read("xl/workbook.xml").decode()
    names = [html.unescape(n) for n in re.findall(r'<sheet name="([^"]*)"', workbook)]
    t.eq(names[:2] + names[3:], ["概要", "過年度実績", "具体的な内容", "まとめ", "意見・質問と回答・考え方"],
         "sheets named for what they hold")
    t.ok(names[2].startswith("設問1 今回の改定項目"), "the question's sheet", names[2])
    t.ok(all(len(n) <= 31 for n in names), "every sheet name within Excel's 31 characters")
    strings = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in
               re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]

    def sheet(i):
        """Cells of sheet i as {ref: value}, shared strings resolved."""
        xml = z.read("xl/worksheets/sheet%d.xml" % i).decode()
        cells = {}
        for ref, attrs, body in re.findall(r'<c r="([A-Z]+[0-9]+)"([^>]*)>(.*?)</c>', xml, re.S):
            v = re.search(r"<v>(.*?)</v>", body)
            if v:
                cells[ref] = strings[int(v.group(1))] if 't="s"' in attrs else float(v.group(1))
        return cells, xml

    overview, _ = sheet(1)
    values = list(overview.values())
    # (the demo opens the survey for 30 days from its start)
    t.ok(any(isinstance(v, str) and re.match(r"令和\d+年\d+月\d+日（.） \d+時\d+分 〜 令和", v) for v in values),
         "概要: the period in 和暦")
    t.ok(any(isinstance(v, str) and "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について" in v for v in values),
         "概要: the 提示資料")
    rows = {}
    for ref, v in overview.items():
        rows.setdefault(int(re.sub(r"[A-Z]+", "", ref)), {})[re.sub(r"[0-9]+", "", ref)] = v
    by_label = {r.get("A"): r for r in rows.values()}
    t.eq([by_label["回答団体"].get(c) for c in "BCD"], [171, 12, 159], "概要: 回答団体 171 = 都道府県 12 + 市区町村 159")
    t.eq([by_label["意見・質問提出団体"].get(c) for c in "BCD"], [48, 12, 36], "概要: 意見・質問提出団体 48 = 12 + 36")
    past, _ = sheet(2)
    got = sorted(v for k, v in past.items() if k.startswith("C") and isinstance(v, float))
    t.eq(got, [48, 53, 54], "過年度実績: this round 48 and the recorded 53 and 54")
    t.ok("令和6年10月" in past.values() and "令和5年3月" in past.values(), "過年度実績: in 和暦")
    charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    t.eq(len(charts), 7, "a native chart per 区分 of kind6 and the total (7)")
    chart = z.read(charts[0]).decode()
    t.ok("<c:barChart>" in chart and "'設問1" in chart, "bar charts of the question's sheet")
    t.ok("xl/drawings/drawing1.xml" in z.namelist() and
         'r:id="rId1"' in z.read("xl/worksheets/sheet3.xml").decode(), "placed in the sheet")
    styles = z.read("xl/styles.xml").decode()
    fonts = re.findall(r'<name val="([^"]*)"', styles)
    t.ok(fonts and all(f == "游ゴシック" for f in fonts), "the default font is 游ゴシック (every font)", fonts)
    t.ok('formatCode="0.0"' in styles, "percentages shown with one decimal")
    q, qxml = sheet(3)
    pct = [v for k, v in q.items() if isinstance(v, float) and v != int(v)]
    t.ok(pct and all(round(v, 1) == v for v in pct), "percentages are rounded to one decimal", pct[:5])
    details, _ = sheet(4)
    titles = [v for v in details.values() if isinstance(v, str) and v.startswith("課題の具体的な内容（")]
    t.eq(titles, ["課題の具体的な内容（%s）" % g for g in ["都道府県", "政令市", "中核市・特別区", "一般市", "町村"]],
         "具体的な内容 in the curated sections")
    t.ok("基準やチェックリスト等の具体的な項目のサンプルの提示をお願いしたい。" in details.values(),
         "with the curated bullets")
    summary, _ = sheet(5)
    t.ok("サンプルを示す。" in summary.values(), "まとめ")


def run(t, s):
    m = s.token("demo-ministry")
    t.eq(s.request("GET", REPORT, cookie=s.login("demo-org")[0]).status, 403, "org: no report before publication")
    t.eq(s.request("GET", REPORT, cookie=s.login("demo-pref")[0]).status, 403, "pref: likewise")
    cm, csrf = s.login("demo-ministry")
    page = s.request("GET", REPORT, cookie=cm).text
    sections = re.findall(r'<section class="report-page"', page)
    t.ok(len(sections) >= 5, "the report has its sections", len(sections))
    order = [page.find(h) for h in ["意見照会の概要", "運用に課題があると考えられる項目", "課題の具体的な内容（都道府県）",
                                   "まとめ", "意見・質問と回答・考え方"]]
    t.ok(all(o > 0 for o in order) and order == sorted(order), "in the order of the published report", order)
    t.ok("171団体（都道府県：12団体 市区町村：159団体）" in page, "回答団体 with the 都道府県 / 市区町村 breakdown, as published")
    t.ok("48団体（都道府県：12団体 市区町村：36団体）" in page, "意見・質問の提出団体, as published")
    t.ok("過年度実績" in page and "令和６年10月改定（令和6年10月）<br>54団体（都道府県：18団体 市区町村：36団体）" in page
         and "令和５年３月改定（令和5年3月）<br>53団体（都道府県：12団体 市区町村：41団体）" in page,
         "過年度実績: the two rounds the document gives, dates in 和暦")
    t.ok("令和3年11月" not in page, "R3 is not guessed as a past round because it shares a question id")
    past_rounds(t, s, m, *s.login("demo-ministry"))
    res = s.api("GET", R7 + "/results?group=kind6", token=m).json()
    q = res["questions"][0]
    desc = "<desc>" + "、".join("%s %d" % kv for kv in q["total"]["counts"].items())
    t.ok(desc in page, "the overall chart has the API's numbers")
    for row in q["rows"]:
        d = "<desc>" + "、".join("%s %d" % kv for kv in row["counts"].items())
        t.ok(d in page, "the %s chart has the API's numbers" % row["group"])
    # 具体的な内容 as published: the demo ships the R7 document's curation, five
    # sections (中核市・特別区 together) with the document's bullets, sentence and notes.
    sections = re.findall(r'<section class="report-page"[^>]*>\s*<h2[^>]*>課題の具体的な内容（([^）]*)）</h2>(.*?)</section>',
                          page, re.S)
    t.eq([g for g, _ in sections], ["都道府県", "政令市", "中核市・特別区", "一般市", "町村"],
         "具体的な内容 in the document's five sections")
    t.eq([body.count("<li") for _, body in sections], [10, 8, 9, 14, 12], "with the document's bullets per section")
    body = dict(sections)
    t.ok("機器等の調達基準に関するサンプルの提示についての要望があった。" in body.get("都道府県", ""),
         "each section opens with its sentence")
    t.ok("※１ SBOMを活用する場合は" in body.get("中核市・特別区", "") and "（※１）" in body.get("中核市・特別区", ""),
         "and ends with its ※ notes")
    t.ok(re.search(r'rowspan="2">コスト</th><th scope="row">無線LAN利用</th>', body.get("都道府県", "")) is not None,
         "bullets grouped by 課題, then 項目")
    t.ok("（デモ）" not in "".join(body.values()), "no placeholder row is published")
    view = s.api("GET", R7 + "/report/curation", token=m).json()
    rows = {}
    for x in view["rows"]:
        rows[x["group"]] = rows.get(x["group"], 0) + 1
    t.eq(sum(rows.values()), 104, "the curation view offers every answered row (104)")

    # まとめ, versioned and audited. A fresh report's form carries an empty
    # version (nothing written yet): saving it must work (it answered 400).
    fresh = re.search(r'name="version" value="([^"]*)"', page).group(1)
    t.eq(fresh, "", "a fresh report's form has no version yet")
    r = s.form(REPORT + "/notes", {"csrf": csrf, "version": fresh, "considerations": "コストが<最多>。",
                                        "direction": "サンプルを示す。"}, cm)
    t.eq(r.status, 303, "the Ministry saves the まとめ on a fresh report through the form")
    r = s.form(REPORT + "/notes", {"csrf": csrf, "version": fresh, "considerations": "古い画面", "direction": ""}, cm)
    t.eq(r.status, 409, "a save from a stale version: 409")
    r = s.form(REPORT + "/notes", {"csrf": csrf, "version": "1", "considerations": "",
                                        "direction": "あ" * 20001}, cm)
    t.ok(r.status == 400 and "方向性は20000文字以内" in r.text, "the page refuses a too long 方向性", r.status)
    # The API saves through the same operation: same input, same refusals.
    NOTES = R7 + "/report/notes"
    t.eq(s.api("GET", NOTES, token=m).json()["version"], 1, "the API reads the version the page saved")
    r = s.api("PUT", NOTES, {"considerations": "古い画面", "direction": ""}, token=m)
    t.eq(r.status, 409, "the API without a version, once notes exist: 409 as on the page")
    r = s.api("PUT", NOTES, {"version": 1, "considerations": "", "direction": "あ" * 20001}, token=m)
    t.eq((r.status, r.json()["errors"][0]["field"]), (400, "direction"), "the API refuses a too long 方向性 alike")
    r = s.api("PUT", NOTES, {"version": 1, "considerations": "コストが&lt;最多&gt;？", "direction": "サンプルを示す。"},
              token=m)
    t.eq((r.status, r.json()), (200, {"version": 2}), "the API saves version 2")
    page = s.request("GET", REPORT, cookie=cm).text
    t.ok("コストが&amp;lt;最多&amp;gt;？" in page and "第2版" in page, "the newest version is shown, escaped")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("SELECT count(*) FROM report_notes WHERE survey_id='r7-ikenshokai'").fetchone()[0], 2,
         "both versions are kept")
    t.eq(con.execute("SELECT count(*) FROM audit WHERE action='report.notes'").fetchone()[0], 2, "and audited")
    con.close()

    # every figure traces to its rows
    t.ok("respondents?question=challenges&amp;option=%E3%82%B3%E3%82%B9%E3%83%88" in page, "figures link to respondents")
    r = s.request("GET", "/surveys/r7-ikenshokai/respondents?question=challenges&option=%E3%82%B3%E3%82%B9%E3%83%88",
                  cookie=cm)
    t.ok(r.status == 200 and "（70団体）" in r.text and r.text.count("<tr><th scope=\"row\">") == 70,
         "コスト: the 70 団体 behind the number")
    r = s.request("GET", "/surveys/r7-ikenshokai/respondents?question=challenges&group=kind6&g=%E7%89%B9%E5%88%A5%E5%8C%BA",
                  cookie=cm)
    t.ok("（4団体）" in r.text, "特別区: the 4 団体 behind the chart")

    xlsx(t, s, m)

    # the print style: A4 landscape, one section a page, page numbers
    css = s.request("GET", "/static/style.css").text
    t.ok("size: A4 landscape" in css and "break-before: page" in css and "counter(page)" in css,
         "print CSS: A4 landscape, a page per section, page numbers")
    t.eq(css.count("{"), css.count("}"), "the stylesheet's braces balance")

    # after publication: org and pref see it, anonymized and suppressed, without controls
    s.api("POST", R7 + "/publish", {"suppress_below": 10}, token=m)
    co, _ = s.login("demo-org")
    page = s.request("GET", REPORT, cookie=co).text
    t.ok("回答団体数が10未満の区分は、数値とグラフを表示していません" in page, "the footnote states the suppression")
    t.ok("まとめを保存する" not in page and "respondents?" not in page and "過年度実績を登録" not in page,
         "no editing, no tracing")
    t.ok("54団体（都道府県：18団体 市区町村：36団体）" in page and "三層" not in page,
         "the recorded figures are published with the report; the round linked to an unpublished survey is not")
    t.ok("サンプルを示す。" in page, "the まとめ is published")
    names = {x["organization"]["name"] for x in s.api("GET", R7 + "/entries", token=m).json()["entries"]}
    other = sorted(n for n in names if n != "札幌市")[0]
    t.ok(other not in page, "no 団体 names in the published report")
    t.eq(s.request("GET", REPORT, cookie=s.login("demo-pref")[0]).status, 200, "pref sees it after publication")
    t.eq(s.request("GET", "/surveys/r7-ikenshokai/respondents?question=challenges", cookie=co).status, 403,
         "org cannot trace figures to 団体")


if __name__ == "__main__":
    run_demo_tests(run)
