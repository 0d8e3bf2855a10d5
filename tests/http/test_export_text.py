"""test_export_text.py (issue #15, finding 6): text that a workbook cannot
carry. A 団体's answer (a table cell, an entry's body), the Ministry's reply,
a report note or an imported CSV field holding U+FFFF, U+FDD0 or a C0 control
is refused at input: the API 422 names the question, the page shows its form
error, the import names row and column, and nothing is stored. A literal
`_x0041_` is stored and comes back from results.xlsx and report.xlsx as
typed after Excel's decoding of `_xHHHH_`; and a database that already holds
such a character (put there behind the server's back) still exports
well-formed XLSX."""
import io
import re
import sqlite3
import urllib.parse
import zipfile

from harness import run_tests
from test_survey_api import FEB_5_2025, ORG_A, R7
from test_survey_pages import fields_of, post

PAGE = "/surveys/r7-ikenshokai/responses/" + ORG_A
REPORT = "/surveys/r7-ikenshokai/report"
BAD = [("\uffff", "U+FFFF"), ("\ufdd0", "U+FDD0"), ("\u0001", "U+0001")]
LITERAL = "_x0041_"  # Excel would show "A" if it were written raw


def answers_with(text):
    return {"challenges": ["コスト"],
            "details": [{"item": "無線LAN利用", "challenge": "コスト", "content": "構築費" + text}],
            "entries": [{"kind": "意見", "material": "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について",
                         "page": "3", "category": "全般", "body": "本文" + text}]}


def xlsx_strings(t, body, what):
    """Every XML part parsed (fails the test when one is not well-formed); the
    shared strings after Excel's decoding of _xHHHH_."""
    from xml.dom import minidom
    z = zipfile.ZipFile(io.BytesIO(body))
    bad = []
    for name in z.namelist():
        if name.endswith(".xml") or name.endswith(".rels"):
            try:
                minidom.parseString(z.read(name))
            except Exception as e:  # noqa: BLE001 - any parse error is the finding
                bad.append("%s: %s" % (name, e))
    t.eq(bad, [], "%s: every XML part is well-formed" % what)
    doc = minidom.parseString(z.read("xl/sharedStrings.xml"))
    texts = ["".join(n.data for n in e.childNodes if n.nodeType == n.TEXT_NODE)
             for e in doc.getElementsByTagName("t")]
    return [re.sub(r"_x([0-9A-Fa-f]{4})_", lambda g: chr(int(g.group(1), 16)), x) for x in texts]


def run(t, s):
    s.set_clock(FEB_5_2025)
    a, m = s.token("orga"), s.token("ministry1")
    path = R7 + "/responses/" + ORG_A

    # --- the API refuses, naming the question; nothing stored
    for ch, name in BAD:
        for qid, answers in (("details", {"challenges": ["コスト"], "details": answers_with(ch)["details"]}),
                             ("entries", {"challenges": ["コスト"], "entries": answers_with(ch)["entries"]})):
            r = s.api("PUT", path, {"answers": answers}, token=a)
            errs = r.json().get("errors", []) if r.status == 422 else []
            t.ok(r.status == 422 and any(e["question"] == qid and "使えない文字" in e["message"] for e in errs),
                 "API: %s in %s refused with 422 naming it" % (name, qid), (r.status, r.text))
    r = s.api("PUT", path, raw='{"answers": {"challenges": ["コスト"], "details": [{"item": "無線LAN利用", '
                                '"content": "x\\uffff"}]}}', token=a)
    t.eq(r.status, 422, "API: U+FFFF written as the JSON escape \\uffff is refused too")
    t.eq(s.api("GET", path, token=a).json()["version"], 0, "nothing of the refused saves was stored")

    # --- the page refuses with its form error, what was typed kept
    ca, _ = s.login("orga")
    fields = fields_of(s.request("GET", PAGE, cookie=ca).text)
    base = fields + [("q.challenges", "コスト"), ("q.details.0.item", "無線LAN利用"), ("q.details.0.challenge", "コスト")]
    for ch, name in BAD[:2]:
        r = post(s, PAGE, ca, base, **{"q.details.0.content": "構築費" + ch, "action": "save"})
        t.ok(r.status == 422 and "使えない文字" in r.text and 'class="field-error row-errors" id="e-details-0"' in r.text,
             "page: %s refused with the error at its row" % name, r.status)
    r = post(s, PAGE, ca, base, **{"q.details.0.content": "構築費\u0001", "action": "save"})
    t.ok(400 <= r.status < 500, "page: U+0001 refused with a 4xx", r.status)
    t.eq(s.api("GET", path, token=a).json()["version"], 0, "nothing of the refused page saves was stored")

    # --- a literal _x0041_ is stored and exported as typed
    t.eq(s.api("PUT", path, {"answers": answers_with(LITERAL)}, token=a).status, 200, "a literal _x0041_ is accepted")
    t.eq(s.api("POST", path + "/submit", token=a).status, 200, "and submitted")
    key = s.api("GET", R7 + "/entries", token=m).json()["entries"][0]["key"]
    for ch, name in BAD:
        r = s.api("PUT", R7 + "/entries/%s/reply" % key, {"disposition": "回答", "reply": "回答" + ch}, token=m)
        t.ok(r.status == 400 and "制御文字" in r.text, "the Ministry's reply with %s: 400, as from the page" % name,
             (r.status, r.text))
    r = s.api("PUT", R7 + "/entries/%s/reply" % key, {"disposition": "回答", "reply": "回答" + LITERAL}, token=m)
    t.eq(r.status, 200, "a reply with a literal _x0041_ is accepted")
    strings = xlsx_strings(t, s.api("GET", R7 + "/results.xlsx?group=kind6", token=m).body, "results.xlsx")
    for text in ("本文" + LITERAL, "回答" + LITERAL):
        t.ok(text in strings, "results.xlsx: %r comes back as typed after Excel's decoding" % text,
             [x for x in strings if "_x" in x or "本文" in x or "構築費" in x])

    cm, csrf = s.login("ministry1")
    for ch, name in BAD:
        r = s.request("POST", REPORT + "/notes", urllib.parse.urlencode(
            {"csrf": csrf, "version": "0", "considerations": "考察" + ch, "direction": ""}),
            {"Content-Type": "application/x-www-form-urlencoded"}, cm)
        t.ok(400 <= r.status < 500, "a report note with %s: refused with a 4xx" % name, r.status)
    r = s.request("POST", REPORT + "/notes", urllib.parse.urlencode(
        {"csrf": csrf, "version": "0", "considerations": "考察" + LITERAL, "direction": "方向"}),
        {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.eq(r.status, 303, "a report note with a literal _x0041_ is saved")
    strings = xlsx_strings(t, s.api("GET", R7 + "/report.xlsx", token=m).body, "report.xlsx")
    for text in ("考察" + LITERAL, "構築費" + LITERAL):
        t.ok(any(text in x for x in strings), "report.xlsx: %r comes back as typed" % text)

    # --- a database that already holds such characters still exports well-formed XLSX
    con = sqlite3.connect(s.db)
    con.execute("UPDATE response_versions SET answers = replace(answers, ?, ?)",
                (LITERAL, "X" + chr(0xFFFF) + "\\u0001" + chr(0xFDD0) + "Y"))  # as jansson writes a control
    con.execute("UPDATE entry_replies SET reply = reply || char(65535, 2)")
    con.execute("UPDATE report_notes SET considerations = considerations || char(65534)")
    con.commit()
    con.close()
    for url, what in ((R7 + "/results.xlsx?group=kind6", "results.xlsx"), (R7 + "/report.xlsx", "report.xlsx")):
        r = s.api("GET", url, token=m)
        t.eq(r.status, 200, "%s of a database holding U+FFFF and controls: 200" % what)
        strings = xlsx_strings(t, r.body, what + " of such a database")
        t.ok(any("本文XY" in x for x in strings) and not any("\uffff" in x or "\x01" in x for x in strings),
             "%s: the characters XML cannot carry are dropped, the rest kept" % what)

    # --- `shokai import` refuses, naming row and column
    for ch, name in BAD:
        csv_path = s.dir + "/bad.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            f.write("種別,項番,対象資料,対象ページ,分類,本文,団体コード\r\n質問,1,資料,1,その他,本文%s,\r\n" % ch)
        p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", csv_path, check=False)
        t.ok(p.returncode == 1 and "2行目 6列目" in p.stderr and "使えない文字" in p.stderr,
             "import: %s refused naming row and column" % name, p.stderr)
    t.eq(len(s.api("GET", "/api/v1/surveys/r3-ikenshokai/entries", token=m).json()["entries"]), 0,
         "and nothing was imported")


if __name__ == "__main__":
    run_tests(run)
