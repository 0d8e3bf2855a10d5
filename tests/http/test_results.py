"""test_results.py: results against the Ministry's published tables (the demo
answers carry the published counts), every grouping scheme, entry lists and
their 分類 summary, filters, drafts, a 団体 whose kind changed, and the CSV,
CP932 and XLSX exports."""
import csv
import re
import io
import json
import sqlite3
import subprocess
import sys
import zipfile

from harness import DemoServer, Tap

R7 = "/api/v1/surveys/r7-ikenshokai"
R3 = "/api/v1/surveys/r3-ikenshokai"
# 令和7年2月 意見照会 (seed 000): respondents and 運用に課題がある項目 per 区分, in option order
# 組織・人員体制, スキル不足, コスト, その他, 課題なし.
PUBLISHED_R7 = {"都道府県": (12, [3, 2, 6, 5, 4]), "政令市": (10, [1, 2, 5, 6, 3]),
                "中核市": (9, [1, 1, 4, 3, 2]), "特別区": (4, [1, 0, 0, 2, 1]),
                "一般市": (43, [13, 16, 23, 5, 14]), "町村": (93, [34, 30, 32, 4, 46])}
PUBLISHED_R7_TOTAL = [53, 51, 70, 25, 70]
# 令和3年 意見照会 (seed 003): 分類 × 意見 / 質問 of its published list, which the demo imports
# (seeds/demo/r3-entries.csv); its published summary table says その他 意見 11 and 意見 158.
PUBLISHED_R3 = [("１-①.外部サービスの再定義", 18, 16), ("１-②.外部サービス利用時のセキュリティ要件", 24, 31),
                ("１-③.クラウドサービス選定の指標・基準等", 21, 11),
                ("２.情報セキュリティ対策の動向を踏まえた記載の充実", 13, 9),
                ("３-①.テレワーク実施時のセキュリティ対策", 4, 2), ("３-②.BYOD利用時のセキュリティ対策", 4, 0),
                ("３-③.Web会議サービス利用時のセキュリティ対策", 11, 8),
                ("４.マイナンバー利用事務系から外部接続先へのデータのアップロード", 19, 17),
                ("今回改定範囲外", 33, 6), ("その他", 12, 5)]
PUBLISHED_R3_NOTE = "「その他」の意見 12件（公表資料 11件）、「合計」の意見 159件（公表資料 158件）"


def main():
    t = Tap()
    s = DemoServer(sys.argv[1])
    try:
        run(t, s)
        run_sanso(t, s)
    finally:
        s.stop()
    t.done()


def run(t, s):
    m = s.token("demo-ministry")
    r = s.api("GET", R7 + "/results?group=kind6", token=m)
    d = r.json()
    t.eq(r.status, 200, "kind6 results")
    t.eq([g["group"] for g in d["groups"]], list(PUBLISHED_R7), "the six 区分 in the published order")
    q = d["questions"][0]
    t.eq(q["options"], ["組織・人員体制", "スキル不足", "コスト", "その他", "課題なし"], "options in order")
    got = {row["group"]: (row["respondents"], list(row["counts"].values())) for row in q["rows"]}
    col = [x for x in d["questions"] if x["id"] == "details.item"][0]
    # One 具体的な内容 row per 団体 with a 課題 (101), and the demo's 都道府県 and 政令市
    # carry 3 more to hold the published document's bullets (seeds/demo/r7-curation.json).
    t.ok(col["type"] == "table_column" and col["unit"] == "rows" and col["total"]["answered"] == 171 - 70 + 3,
         "a table's single-choice column is counted by rows")
    t.eq(got, PUBLISHED_R7, "運用に課題がある項目 per 区分 equals the published chart (seed 000)")
    t.eq(list(q["total"]["counts"].values()), PUBLISHED_R7_TOTAL, "overall 53/51/70/25/70 as published")
    t.eq(d["total"], {"organizations": 1788, "respondents": 171}, "171 of 1,788 団体 answered")
    t.eq([g["organizations"] for g in d["groups"]], [47, 20, 62, 23, 710, 926], "対象団体数 per 区分")

    r = s.api("GET", R7 + "/results?group=pref_muni", token=m).json()
    t.eq([(g["group"], g["respondents"]) for g in r["groups"]], [("都道府県", 12), ("市区町村", 159)],
         "都道府県：12団体 市区町村：159団体, as published")
    r = s.api("GET", R7 + "/results?group=kind4", token=m).json()
    t.eq([(g["group"], g["organizations"]) for g in r["groups"]],
         [("都道府県", 47), ("政令指定都市", 20), ("中核市・特別区", 85), ("その他市町村", 1636)],
         "kind4 groups 中核市 with 特別区 (85) as seed 004 does")
    r = s.api("GET", R7 + "/results?group=prefecture", token=m).json()
    t.ok(len(r["groups"]) == 47 and r["groups"][0]["group"] == "北海道" and r["groups"][46]["group"] == "沖縄県"
         and sum(g["respondents"] for g in r["groups"]) == 171, "47 prefectures in code order, adding up to 171")
    t.eq(s.api("GET", R7 + "/results?group=nope", token=m).status, 400, "an unknown scheme: 400")
    r = s.api("GET", R7 + "/results?group=", token=m)
    t.ok(r.status == 200 and r.json()["scheme"] == "kind6", "API: an empty group is the default scheme", r.status)
    t.eq(s.api("GET", "/api/v1/surveys/nope/results", token=m).status, 404, "an unknown survey: 404")

    # 分類 summary (seed 003's table) and the lists
    r = s.api("GET", R3 + "/entries/summary?question=entries&by=category&split=kind", token=m).json()
    t.eq([(x["category"], x["counts"]["意見"], x["counts"]["質問"]) for x in r["rows"]], PUBLISHED_R3,
         "the 分類 summary counts the published R3 list's rows")
    t.eq(r["total"], {"意見": 159, "質問": 105, "合計": 264}, "合計 159 / 105 / 264: the list's 264 rows")
    t.ok(r["published"]["total"] == {"意見": 158, "質問": 105} and PUBLISHED_R3_NOTE in r["published_note"],
         "the published summary (意見 158, その他 11) is shown with a note where it differs")
    e = s.api("GET", R3 + "/entries?question=entries", token=m).json()["entries"]
    opinions = [x for x in e if x["kind"] == "意見"]
    t.eq([x["no"] for x in opinions], list(range(1, 160)), "意見 are numbered 1..159")
    t.ok(opinions[0]["body"].startswith("ガイドライン改定に伴い、各自治体で整備が必要となる「外部サービス利用判断基準」")
         and (opinions[0]["material"], opinions[0]["page"]) == ("ガイドライン改定案", "ⅲ- 142")
         and opinions[148]["category"] == "その他" and opinions[148]["body"].startswith("意見照会の期間が大変短く"),
         "the rows are the published ones: their text, 対象資料, page and 分類")
    t.eq([x["no"] for x in e if x["kind"] == "質問"], list(range(1, 106)), "質問 are numbered 1..105")
    order = [c for c, _, _ in PUBLISHED_R3]
    t.ok([order.index(x["category"]) for x in opinions] == sorted(order.index(x["category"]) for x in opinions),
         "in 分類 order, as the published list")
    t.eq(set(e[0].keys()), {"key", "no", "kind", "material", "page", "category", "body", "organization",
                            "disposition", "reply"}, "entry fields")

    # the Ministry's replies (回答・考え方)
    key = e[0]["key"]
    r = s.api("PUT", R3 + "/entries/%s/reply" % key, {"disposition": "修正する", "reply": "ご意見を踏まえ修正します。"}, token=m)
    t.eq(r.status, 200, "reply to one entry")
    again = s.api("GET", R3 + "/entries", token=m).json()["entries"]
    t.eq((again[0]["key"], again[0]["disposition"], again[0]["reply"]), (key, "修正する", "ご意見を踏まえ修正します。"),
         "the reply is kept with the entry (stable key)")
    t.eq(s.api("PUT", R3 + "/entries/r-0000000000000000/reply", {"disposition": "回答", "reply": ""}, token=m).status,
         404, "reply to an unknown entry: 404")
    t.eq(s.api("PUT", R3 + "/entries/%s/reply" % key, {"disposition": "却下", "reply": ""}, token=m).status, 400,
         "an unknown 対応区分: 400")
    t.eq(s.api("PUT", R3 + "/entries/%s/reply" % key, {"disposition": "回答", "reply": ""},
               token=s.token("demo-pref")).status, 403, "only the Ministry replies")
    r = s.api("POST", R3 + "/replies", {"category": "その他", "disposition": "今後の検討課題", "reply": "今後検討します。"}, token=m)
    t.eq(r.json(), {"replied": 17}, "bulk reply to a 分類: its 17 entries (意見 12, 質問 5)")
    r = s.api("POST", R3 + "/replies", {"category": "その他", "kind": "質問", "disposition": "回答", "reply": "x"}, token=m)
    t.eq(r.json(), {"replied": 0}, "entries already replied are kept unless overwrite")
    r = s.api("POST", R3 + "/replies", {"category": "その他", "kind": "質問", "disposition": "回答", "reply": "回答します。",
                                        "overwrite": True}, token=m)
    t.eq(r.json(), {"replied": 5}, "overwrite, limited to 質問")
    r = s.api("GET", R3 + "/entries.csv?kind=%E8%B3%AA%E5%95%8F&replies=1&category=%E3%81%9D%E3%81%AE%E4%BB%96", token=m)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[0], ["項番", "対象資料", "対象ページ", "分類", "本文", "対応区分", "回答・考え方"], "「意見と考え方」 layout")
    t.ok(len(rows) == 6 and all(row[5] == "回答" and row[6] == "回答します。" for row in rows[1:]), "with the replies")
    cm, csrf = s.login("demo-ministry")
    page = s.request("GET", "/surveys/r3-ikenshokai/entries/%s?question=entries" % key, cookie=cm).text
    t.ok("ご意見を踏まえ修正します。" in page and 'value="修正する" selected' in page, "the reply form shows the reply")
    import urllib.parse
    # #19: an entry not replied to yet offers no 対応区分 chosen in advance, so
    # saving an untouched form cannot publish 「修正する」 with no text.
    fresh = [x for x in s.api("GET", R3 + "/entries", token=m).json()["entries"] if not x["disposition"]][-1]
    form = s.request("GET", "/surveys/r3-ikenshokai/entries/%s?question=entries" % fresh["key"], cookie=cm).text
    select = re.search(r'<select id="disposition".*?</select>', form, re.S).group(0)
    t.ok('<option value="">選択してください</option>' in select and " selected" not in select,
         "the reply form of an unreplied entry starts on a blank 対応区分", select[:300])
    r = s.request("POST", "/surveys/r3-ikenshokai/entries/%s?question=entries" % fresh["key"],
                  urllib.parse.urlencode({"csrf": csrf, "disposition": "", "reply": ""}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.ok(r.status == 400 and "対応区分を指定してください" in r.text, "saving it untouched is refused, saying why",
         r.status)
    after = [x for x in s.api("GET", R3 + "/entries", token=m).json()["entries"] if x["key"] == fresh["key"]]
    t.ok(after and not after[0]["disposition"], "and nothing was stored")
    r = s.request("POST", "/surveys/r3-ikenshokai/entries/%s?question=entries" % key,
                  urllib.parse.urlencode({"csrf": csrf, "disposition": "原案どおり", "reply": "<i>原案</i>"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.eq(r.status, 303, "the reply form saves")
    page = s.request("GET", "/surveys/r3-ikenshokai/entries?q=%s" % urllib.parse.quote(e[0]["body"]), cookie=cm).text
    t.ok("&lt;i&gt;原案&lt;/i&gt;" in page and "原案どおり" in page, "the list shows the reply, escaped")
    r = s.request("POST", "/surveys/r3-ikenshokai/replies?question=entries",
                  urllib.parse.urlencode({"csrf": csrf, "category": "今回改定範囲外", "kind": "", "disposition": "回答",
                                          "reply": "範囲外です。"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.ok(r.status == 303 and "replied=39" in r.header("Location"), "the bulk form replies to 39 entries")
    r = s.api("POST", R3 + "/replies", {"category": "今回改定範囲外", "kind": "", "disposition": "回答",
                                        "reply": "範囲外です。", "overwrite": True}, token=m)
    t.eq(r.json(), {"replied": 39}, "the API's bulk reply takes an empty 種別 as both, as the form does")
    # #19: the list filters the entries still without a reply, and a reply
    # goes back to the same filtered list at the next row (not the top).
    unanswered = s.api("GET", R3 + "/entries?answered=%E6%9C%AA%E5%9B%9E%E7%AD%94", token=m).json()["entries"]
    everything = s.api("GET", R3 + "/entries", token=m).json()["entries"]
    t.ok(unanswered and all(not x["disposition"] for x in unanswered)
         and len(unanswered) == len([x for x in everything if not x["disposition"]]),
         "?answered=未回答 lists exactly the entries without a reply", len(unanswered))
    t.eq(s.api("GET", R3 + "/entries?answered=x", token=m).status, 400, "an unknown 回答状況: 400")
    listing = "/surveys/r3-ikenshokai/entries?question=entries&answered=%E6%9C%AA%E5%9B%9E%E7%AD%94"
    resp = s.request("GET", listing, cookie=cm)
    page = resp.text
    first, second = unanswered[0]["key"], unanswered[1]["key"]
    t.ok('id="entry-%s"' % first in page and "answered=%E6%9C%AA%E5%9B%9E%E7%AD%94" in page
         and 'option value="未回答" selected' in page,
         "the page's rows carry anchors and the reply links keep the filter")
    link = re.search(r'href="(/surveys/r3-ikenshokai/entries/%s\?[^"]+)"' % first, page).group(1).replace("&amp;", "&")
    form = s.request("GET", link, cookie=cm).text
    action = re.search(r'<form method="post" action="(/surveys/[^"]+/entries/[^"]+)"', form).group(1).replace("&amp;", "&")
    r = s.request("POST", action, urllib.parse.urlencode({"csrf": csrf, "disposition": "回答", "reply": "回答します。"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.ok(r.status == 303 and "answered=%E6%9C%AA%E5%9B%9E%E7%AD%94" in r.header("Location")
         and r.header("Location").endswith("#entry-" + second),
         "after the reply the same filtered list opens at the next unanswered row", r.header("Location"))
    t.ok('value="未回答"' in page and "意見・質問と対応区分・回答・考え方（CSV）" in page and "分類別の件数（CSV）" in page,
         "the download links say which table they give")
    # the same refusal from the page's form and the API's JSON: a reply over 4,000 characters is 400 on both
    long_reply = {"disposition": "回答", "reply": "あ" * 4001}
    r = s.request("POST", "/surveys/r3-ikenshokai/entries/%s?question=entries" % key,
                  urllib.parse.urlencode(dict(long_reply, csrf=csrf)), {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.ok(r.status == 400 and "4000文字以内" in r.text, "page: a reply over 4,000 characters is 400, saying so", r.status)
    r = s.api("PUT", R3 + "/entries/%s/reply" % key, long_reply, token=m)
    t.ok(r.status == 400 and "4000文字以内" in r.json()["errors"][0]["message"], "API: the same 400", r.status)
    r = s.request("POST", "/surveys/r3-ikenshokai/replies?question=entries",
                  urllib.parse.urlencode({"csrf": csrf, "category": "その他", "disposition": "却下"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.eq(r.status, 400, "page: an unknown 対応区分 is 400 in the bulk form too")
    senders = {x["organization"]["code"] for x in s.api("GET", R7 + "/entries", token=m).json()["entries"]}
    t.eq((len(senders), len([c for c in senders if c[2:5] == "000"])), (48, 12),
         "R7: 48 団体 sent 意見・質問 (都道府県 12), as published")
    f = s.api("GET", R3 + "/entries?kind=%E8%B3%AA%E5%95%8F&category=%E3%81%9D%E3%81%AE%E4%BB%96", token=m).json()
    t.ok(len(f["entries"]) == 5 and all(x["kind"] == "質問" for x in f["entries"]), "filter by 種別 and 分類")
    f = s.api("GET", R3 + "/entries?q=BYOD", token=m).json()
    t.eq(len(f["entries"]), 2, "text search in 本文")
    f = s.api("GET", R3 + "/entries?material=%E6%94%B9%E5%AE%9A%E3%81%AE%E3%83%9D%E3%82%A4%E3%83%B3%E3%83%88", token=m).json()
    t.ok(f["entries"] and all(x["material"] == "改定のポイント" for x in f["entries"]), "filter by 対象資料")
    t.eq(s.api("GET", "/api/v1/surveys/sanso-2023/entries", token=m).status, 404, "a survey without entries: 404")

    # 過年度: the entry question shared by R3 and R7, oldest first
    c = s.api("GET", "/api/v1/compare?question=entries", token=m).json()
    t.eq(c["columns"], ["照会", "照会期間（開始）", "回答団体数", "意見・質問提出団体", "意見", "質問", "合計"], "compare columns")
    t.ok("令和3年" in c["rows"][0][0] and "令和7年" in c["rows"][1][0], "R3 before R7 (by period)")
    t.eq(c["rows"][0][2:], [0, 0, 159, 105, 264], "R3: the imported published list, 264 entries of no named 団体")
    t.eq(c["rows"][1][2:4], [171, 48], "R7: 171 respondents, 48 sent entries (as published)")
    t.eq(s.api("GET", "/api/v1/compare?question=nosuch", token=m).status, 404, "compare: unknown question 404")
    t.eq(s.api("GET", "/api/v1/compare", token=m).status, 400, "compare: question is required")
    r = s.api("GET", "/api/v1/compare.csv?question=entries", token=m)
    t.ok(r.status == 200 and "過年度" not in r.text and "264" in r.body.decode("utf-8-sig"), "compare as CSV")

    # CSV exports of the published layout
    r = s.api("GET", R3 + "/entries.csv?question=entries&kind=%E6%84%8F%E8%A6%8B", token=m)
    t.ok(r.body.startswith(b"\xef\xbb\xbf"), "CSV starts with a BOM")
    t.ok(r.header("Content-Type") == "text/csv; charset=utf-8" and "attachment" in r.header("Content-Disposition")
         and r.header("Cache-Control") == "private, no-cache" and r.header("ETag"),
         "CSV headers: type, attachment, private with an ETag (test_etag.py)")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[0], ["項番", "対象資料", "対象ページ", "分類", "本文"], "the published layout")
    t.eq(len(rows), 160, "159 意見 and the header")
    r = s.api("GET", R3 + "/entries/summary.csv", token=m)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[-1], ["合計", "159", "105", "264"], "summary CSV ends with the totals")

    # drafts excluded; a 団体 whose kind changed stays where it answered
    before = s.api("GET", R7 + "/results", token=m).json()["total"]["respondents"]
    org = s.token("demo-org2")  # 函館市 (中核市)
    s.api("PUT", R7 + "/responses/012025", {"answers": {"challenges": ["その他"]}}, token=m)
    after = s.api("GET", R7 + "/results", token=m).json()
    t.eq(after["total"]["respondents"], before, "a new draft does not change the results")
    master = s.dir + "/master.csv"
    with open(master, "w", encoding="utf-8") as fh:
        fh.write("code,prefecture,name,kana,kind\n012025,北海道,函館市,はこだてし,市\n")
    p = s.cli("import", "organizations", "--file", master, check=False)
    t.ok(p.returncode == 0 and "変更 1" in p.stdout, "import organizations: 函館市 becomes 市", p.stderr)
    d = s.api("GET", R7 + "/results?group=kind6", token=m).json()
    counts = {g["group"]: g["respondents"] for g in d["groups"]}
    t.eq((counts["中核市"], counts["一般市"]), (9, 43), "its earlier answer still counts under 中核市")
    t.eq([g["organizations"] for g in d["groups"]][2:5], [61, 23, 711], "対象団体数 follows the master")

    # special characters through CSV, CP932 and XLSX
    body = '一行目, "引用" と\n二行目'
    odd = [{"kind": "意見", "material": "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について", "page": "=1+1",
            "category": "全般", "body": body},
           {"kind": "質問", "material": "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について", "page": "@SUM(A1)",
            "category": "全般", "body": "髙﨑 ① ｶﾀｶﾅ ～ 表"}]
    code = "013030"
    s.api("PUT", R7 + "/responses/" + code, {"answers": {"challenges": ["課題なし"], "entries": odd}}, token=m)
    t.eq(s.api("POST", R7 + "/responses/%s/submit" % code, token=m).status, 200, "entries with odd characters submitted")
    r = s.api("GET", R7 + "/entries.csv?organizations=1", token=m)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    mine = [row for row in rows if code in row]
    t.ok(any(body in row for row in mine), "commas, quotes and a newline survive the CSV round trip")
    t.ok(any("'=1+1" in row for row in mine) and any("'@SUM(A1)" in row for row in mine),
         "cells that would be formulas are made inert")
    r = s.api("GET", R7 + "/entries.csv?encoding=cp932", token=m)
    t.ok(r.status == 200 and "Windows-31J" in r.header("Content-Type") and not r.body.startswith(b"\xef\xbb\xbf"),
         "CP932 CSV: declared, without a BOM")
    utf8_name = s.api("GET", R7 + "/entries.csv", token=m).header("Content-Disposition")
    t.ok("_sjis.csv" in r.header("Content-Disposition") and "_sjis" not in utf8_name,
         "and named apart from the UTF-8 file (#19)", (r.header("Content-Disposition"), utf8_name))
    text = r.body.decode("cp932")
    t.ok("髙﨑 ① ｶﾀｶﾅ ～ 表" in text, "髙﨑 ① ｶﾀｶﾅ ～ round-trip through CP932")
    s.api("PUT", R7 + "/responses/013048", {"answers": {"challenges": ["課題なし"], "entries": [
        {"kind": "意見", "material": odd[0]["material"], "category": "全般", "body": "絵文字 😀 を含む"}]}}, token=m)
    s.api("POST", R7 + "/responses/013048/submit", token=m)
    r = s.api("GET", R7 + "/entries.csv?encoding=cp932", token=m)
    t.ok(r.status == 422 and "😀" in r.json()["errors"][0]["message"], "a character CP932 cannot hold is reported", r.text)
    t.eq(s.api("GET", R7 + "/entries.csv?encoding=latin1", token=m).status, 400, "an unknown encoding: 400")

    r = s.api("GET", R7 + "/results.xlsx?group=kind6", token=m)
    t.ok(r.status == 200 and r.body[:2] == b"PK" and "spreadsheetml" in r.header("Content-Type"), "XLSX download")
    z = zipfile.ZipFile(io.BytesIO(r.body))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    strings = z.read("xl/sharedStrings.xml").decode()
    n_tables = 1 + len(s.api("GET", R7 + "/results", token=m).json()["questions"]) + 2
    t.eq(len(sheets), n_tables, "a sheet per table: status, each question and column, 分類 summary, entries")
    t.ok("回答状況" in strings and "課題なし" in strings and "髙﨑" in strings, "the sheets hold the tables")
    sheet2 = z.read("xl/worksheets/sheet2.xml").decode()
    t.ok('<c r="C5"' in sheet2 and "<v>3</v>" in sheet2, "counts are numbers, not text")
    t.ok("=1+1" in strings and "<f>" not in "".join(z.read(n).decode() for n in sheets), "no cell is a formula")

    # the pages: the same numbers as the API, a chart per 区分, the entry list with filters
    cm, _ = s.login("demo-ministry")
    page = s.request("GET", "/surveys/r7-ikenshokai/results?group=kind6", cookie=cm).text
    n_questions = len(s.api("GET", R7 + "/results", token=m).json()["questions"])
    t.ok(page.count("<svg") == 7 * n_questions and 'role="img"' in page and "<desc>" in page,
         "per question one chart overall and one per 区分, each with a description")
    api_total = s.api("GET", R7 + "/results?group=kind6", token=m).json()["questions"][0]["total"]["counts"]
    desc = "<desc>" + "、".join("%s %d" % kv for kv in api_total.items())
    t.ok(desc in page and "<td class=\"num\">%d</td>" % api_total["コスト"] in page,
         "the chart and the table show the API's numbers")
    t.ok("results.xlsx?group=kind6" in page and "encoding=cp932" in page, "download links")
    page = s.request("GET", "/surveys/r7-ikenshokai/results?group=", cookie=cm).text
    t.ok('<option value="kind6" selected' in page, "page: an empty group is the default scheme, as in the API")
    t.ok('href="/surveys/r7-ikenshokai/entries"' in page, "the results page links the 意見・質問 list")
    page = s.request("GET", "/surveys/sanso-2023/results", cookie=cm).text
    t.ok("/entries" not in page, "a survey without entries links none")
    page = s.request("GET", "/surveys/r7-ikenshokai/results?group=pref_muni", cookie=cm).text
    t.ok("<figcaption>都道府県（12団体）</figcaption>" in page and page.count("<figcaption>") == 2 * n_questions,
         "the scheme can be switched on the page (都道府県 / 市区町村)")
    page = s.request("GET", "/surveys/r3-ikenshokai/entries?kind=%E8%B3%AA%E5%95%8F", cookie=cm).text
    t.ok("105件（全264件）" in page and "<td class=\"num\">159</td>" in page and PUBLISHED_R3_NOTE in page,
         "entries page: the filter, the 分類 summary and the note on the published table")
    page = s.request("GET", "/surveys/r3-ikenshokai/report", cookie=cm).text
    t.ok(PUBLISHED_R3_NOTE in page and "ガイドライン改定に伴い、各自治体で整備が必要となる" in page,
         "R3 report: the published rows, with the note on the published table")
    t.ok("過年度との比較" not in page and "過年度実績</h3>" not in page,
         "R3 report: no 過年度 guessed from surveys sharing a question id (none recorded)")
    page = s.request("GET", "/surveys/r3-ikenshokai/entries", cookie=cm).text
    t.ok("過年度との比較" in page, "entries page: the comparison of surveys sharing the question stays")
    page = s.request("GET", "/surveys/r7-ikenshokai/entries?q=%E5%BC%95%E7%94%A8", cookie=cm).text
    t.ok("一行目, &quot;引用&quot; と" in page and '一行目, "引用"' not in page, "entry text is escaped on the page")
    t.eq(s.request("GET", "/surveys/r7-ikenshokai/results", cookie=s.login("demo-org")[0]).status, 403,
         "org: no results page before publication")

    # who may see results
    t.eq(s.api("GET", R7 + "/results", token=s.token("demo-org")).status, 403, "org: results are not published yet")
    pref = s.token("demo-pref")
    d = s.api("GET", R7 + "/results?group=kind6", token=pref).json()
    con = sqlite3.connect(s.db)
    hokkaido = con.execute("SELECT count(*) FROM organizations WHERE prefecture = '北海道'").fetchone()[0]
    answered = con.execute("SELECT count(*) FROM responses r JOIN organizations o ON o.code = r.org_code"
                           " WHERE r.survey_id = 'r7-ikenshokai' AND r.submitted_version IS NOT NULL"
                           " AND o.prefecture = '北海道'").fetchone()[0]
    con.close()
    t.eq((d["prefecture"], d["total"]["organizations"], d["total"]["respondents"]), ("北海道", hokkaido, answered),
         "pref: results of its own prefecture only")
    d = s.api("GET", R7 + "/results?prefecture=%E9%9D%92%E6%A3%AE%E7%9C%8C", token=pref).json()
    t.eq(d["prefecture"], "北海道", "pref: asking for another prefecture still gives its own")
    e = s.api("GET", R7 + "/entries", token=pref).json()["entries"]
    t.ok(e and all(x["organization"]["code"][:2] == "01" for x in e), "pref: entries of its prefecture only")
    page = s.request("GET", "/surveys/r7-ikenshokai/results", cookie=s.login("demo-pref")[0]).text
    t.ok("北海道内の団体だけを集計しています" in page, "pref: the page says so")
    d = s.api("GET", R7 + "/results?prefecture=%E9%9D%92%E6%A3%AE%E7%9C%8C", token=m).json()
    t.eq(d["prefecture"], "青森県", "the Ministry can look at one prefecture")
    t.eq(s.api("GET", R7 + "/results").status, 401, "anonymous: 401")


SANSO = "/api/v1/surveys/sanso-2023"
BASE = "集計対象（設問が表示された団体）"


def run_sanso(t, s):
    """三層の対策 (reference 004): a conditional question's percentages have as base the
    団体 it was shown to (「α団体のうち移行を検討した割合」), 未回答 is a category, the
    survey opens on the slide's four groups, and free text is listed."""
    m = s.token("demo-ministry")
    answers = {"010006": {"model": "αモデル", "considered": "検討したことがある", "reasons": ["移行のタイミング"],
                          "reasons_other": "庁舎移転に<script>あわせ</script>検討する"},
               "020001": {"model": "αモデル"},  # shown, left empty: 未回答
               "030007": {"model": "β'モデル"}}  # not shown: outside the base
    for code, a in answers.items():
        path = "%s/responses/%s" % (SANSO, code)
        ok = s.api("PUT", path, {"answers": a, "version": 0}, token=m).status == 200
        ok = ok and s.api("POST", path + "/submit", token=m).status == 200
        t.ok(ok, "sanso-2023: the Ministry enters and submits %s" % code)
    d = s.api("GET", SANSO + "/results", token=m).json()
    t.eq((d["scheme"], [g["group"] for g in d["groups"]]),
         ("kind4", ["都道府県", "政令指定都市", "中核市・特別区", "その他市町村"]),
         "sanso-2023 opens on the slide's four groups (its default_group)")
    q = [x for x in d["questions"] if x["id"] == "considered"][0]
    pref = q["rows"][0]
    t.eq((q["base"], q["unanswered_category"]), (BASE, True), "considered: the base is named, 未回答 is a category")
    t.eq((pref["respondents"], pref["base"], pref["counts"]),
         (3, 2, {"検討したことがある": 1, "検討したことはない": 0, "未回答": 1}),
         "都道府県: 3 responded, shown to the 2 α, 1 considered, 1 未回答")
    model = [x for x in d["questions"] if x["id"] == "model"][0]
    t.ok(model["base"] == "回答団体数" and "未回答" not in model["rows"][0]["counts"],
         "a required question without condition keeps 回答団体数 and has no 未回答")
    r = s.api("GET", SANSO + "/results.csv?question=considered", token=m)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    head = rows[1] if rows[0][0] != "都道府県" and len(rows[0]) < 3 else rows[0]
    body = {row[0]: dict(zip(head, row)) for row in rows if row and row[0] in ("都道府県", "合計")}
    t.ok(BASE in head and "未回答" in head and "未回答（%）" in head, "CSV: the base and 未回答 are columns")
    t.eq((body["都道府県"][BASE], body["都道府県"]["検討したことがある（%）"], body["都道府県"]["未回答（%）"]),
         ("2", "50.0", "50.0"), "CSV: 1 of the 2 α 都道府県 considered: 50.0 %, not 33.3 %")
    texts = {x["id"]: x["answers"] for x in d["texts"]}
    t.eq(texts.get("reasons_other"), [{"kind": "都道府県", "text": answers["010006"]["reasons_other"]}],
         "JSON: the free text 「その他の意見」 is listed, without the 団体")
    r = s.api("GET", SANSO + "/results.csv?question=reasons_other", token=m)
    t.ok(r.status == 200 and "庁舎移転に<script>" in r.body.decode("utf-8-sig") and "北海道" not in r.body.decode(),
         "CSV: the free text, no 団体 in the export")
    cm, _ = s.login("demo-ministry")
    page = s.request("GET", "/surveys/sanso-2023/results", cookie=cm).text
    t.ok(BASE in page and "庁舎移転に&lt;script&gt;" in page and "<td class=\"pre\">北海道</td>" in page,
         "results page: the base, and the free text escaped with the 団体 for the Ministry")
    page = s.request("GET", "/surveys/sanso-2023/report", cookie=cm).text
    t.ok("庁舎移転に&lt;script&gt;" in page and "未回答" in page, "report: the free text and 未回答")
    org = s.token("demo-org")
    t.eq(s.api("GET", SANSO + "/results", token=org).status, 403, "org: no free text before publication")
    s.api("POST", SANSO + "/publish", {"suppress_below": 0}, token=m)
    d = s.api("GET", SANSO + "/results", token=org).json()
    t.eq([x["answers"] for x in d["texts"]], [texts["reasons_other"]], "org: after publication, as the results are")
    page = s.request("GET", "/surveys/sanso-2023/results", cookie=s.login("demo-org")[0]).text
    t.ok("庁舎移転に&lt;script&gt;" in page and "<td class=\"pre\">北海道</td>" not in page, "org page: listed without the 団体")


if __name__ == "__main__":
    main()
