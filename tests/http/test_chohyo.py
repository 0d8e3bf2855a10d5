"""test_chohyo.py (issue #18): the 調査票 in Excel. A 団体 downloads its
調査票 (GET /api/v1/surveys/{id}/responses/{code}.xlsx, or the answering
page's button): a sheet per section with the 団体 on top, its answers filled
in, drop-down lists, locked structure, a hidden map. Uploading it back (PUT
to the same path, or the page's form) saves a draft: unchanged, it gives the
same answers, for every question type and the R7 survey; a wrong cell is
named by its cell and nothing is stored; the permissions are those of the
response; the Ministry's upload is 代理入力."""
import json
import os
import re
import sqlite3
import tempfile
import uuid

import xlsxgen
from harness import run_tests

FEB_5_2025 = 1738713600
ORG_A, ORG_B = "011002", "012025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
R7_GOOD = {
    "challenges": ["スキル不足", "コスト"],
    "details": [{"item": "無線LAN利用", "challenge": "コスト", "content": "構築費の確保が困難\n二行目"},
                {"item": "無線LAN利用", "challenge": "スキル不足", "content": "<script>\"'&"}],
    "entries": [{"kind": "意見", "material": "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について",
                 "page": "3", "category": "全般", "body": "意見の本文 _x0041_"}],
}
EVERY = {
    "id": "chohyo-all", "revision": 1, "kind": "survey", "title": "調査票の全設問",
    "period": {"opens": "2025-02-01T00:00:00+09:00", "closes": "2025-03-31T23:59:59+09:00"},
    "options": {"yn": ["はい", "いいえ"]},
    "sections": [
        {"id": "a", "title": "基本：選択[1]", "questions": [
            {"id": "pick", "type": "single", "label": "採用", "options_ref": "yn", "required": True},
            {"id": "many", "type": "multi", "label": "課題", "options": ["コスト", "人材", "なし"],
             "exclusive": ["なし"]},
            {"id": "why", "type": "text", "label": "理由", "multiline": True,
             "visible_if": {"all": [{"question": "pick", "equals": "はい"},
                                    {"not": {"question": "many", "any_of": ["なし"]}}]}},
            {"id": "staff", "type": "number", "label": "職員数", "integer": True, "min": 0, "max": 1000},
            {"id": "rate", "type": "number", "label": "率", "min": 0, "max": 1},
            {"id": "decided", "type": "date", "label": "決定日"}]},
        {"id": "b", "title": "一覧", "questions": [
            {"id": "rows", "type": "table", "label": "明細", "max_rows": 20, "columns": [
                {"id": "k", "type": "single", "label": "区分", "options_ref": "yn"},
                {"id": "t", "type": "text", "label": "内容"},
                {"id": "n", "type": "number", "label": "件数", "integer": True},
                {"id": "d", "type": "date", "label": "日付"}]},
            {"id": "chk", "type": "check", "label": "点検", "level": "必須", "measure": "技術的対策"}]}]}
EVERY_ANSWERS = {
    "pick": "はい", "many": ["コスト", "人材"], "why": "一行目\n二行目", "staff": 12, "rate": 0.25,
    "decided": "2025-01-31",
    "rows": [{"k": "はい", "t": "a", "n": 3, "d": "2025-02-01"}, {"k": "いいえ", "t": "b"}],
    "chk": {"status": "一部実施", "note": "備考です"},
}


def download(s, survey, code, token=None, cookie=None):
    path = "/api/v1/surveys/%s/responses/%s.xlsx" % (survey, code)
    if cookie:
        return s.request("GET", path, cookie=cookie)
    return s.api("GET", path, token=token)


def upload(s, survey, code, data, token):
    return s.api("PUT", "/api/v1/surveys/%s/responses/%s.xlsx" % (survey, code), token=token,
                 raw=data, headers={"Content-Type": XLSX})


def answers(s, survey, code, token):
    return s.api("GET", "/api/v1/surveys/%s/responses/%s" % (survey, code), token=token).json()


def where(book, text):
    """The sheet and cell whose text is text (first found)."""
    for sheet, cells in book.items():
        for ref, v in cells.items():
            if v == text:
                return sheet, ref
    return None, None


def right_of(ref, n=1):
    m = re.match(r"([A-Z]+)(\d+)", ref)
    return chr(ord(m.group(1)) + n) + m.group(2)


def below(ref, n=1):
    m = re.match(r"([A-Z]+)(\d+)", ref)
    return m.group(1) + str(int(m.group(2)) + n)


def round_trips(t, s, a):
    for survey, given in (("chohyo-all", EVERY_ANSWERS), ("r7-ikenshokai", R7_GOOD)):
        r = s.api("PUT", "/api/v1/surveys/%s/responses/%s" % (survey, ORG_A), {"answers": given}, token=a)
        t.eq(r.status, 200, "%s: answers saved through the API" % survey)
        before = answers(s, survey, ORG_A, a)
        x = download(s, survey, ORG_A, token=a)
        t.ok(x.status == 200 and x.body[:4] == b"PK\x03\x04" and XLSX in (x.header("Content-Type") or ""),
             "  the 調査票 downloads as XLSX", x.status)
        r = upload(s, survey, ORG_A, x.body, a)
        t.eq(r.status, 200, "  uploaded back unchanged: saved")
        after = answers(s, survey, ORG_A, a)
        t.eq(after["answers"], before["answers"], "  the same answers")
        t.ok(after["version"] == before["version"] + 1 and after["state"] == "draft",
             "  as a new draft version", (before["version"], after["version"], after["state"]))


def layout(t, s, a):
    x = download(s, "chohyo-all", ORG_A, token=a).body
    names = xlsxgen.sheet_names(x)
    t.eq(names, [("01 基本：選択_1_", "visible"), ("02 一覧", "visible"), ("_shokai", "hidden")],
         "a sheet per section (names Excel takes), the map hidden")
    book = xlsxgen.read(x)
    first = book["01 基本：選択_1_"]
    t.eq((first.get("A1"), first.get("A2"), first.get("B2"), first.get("A3"), first.get("B3")),
         ("調査票の全設問", "団体名", "札幌市", "団体コード", ORG_A), "the survey, 団体名 and 団体コード on top")
    sheet, ref = where(book, "採用（必須）")
    t.eq((sheet, book[sheet].get(right_of(ref))), ("01 基本：選択_1_", "はい"), "the single answer beside its label")
    sheet, ref = where(book, "　・人材")
    t.eq(book[sheet].get(right_of(ref)), "○", "a chosen option is marked ○")
    sheet, ref = where(book, "件数")
    t.eq((book[sheet].get(below(ref)), book[sheet].get(below(ref, 3))), ("3", None),
         "a table's rows, with empty rows to add more")
    import io
    import zipfile
    z = zipfile.ZipFile(io.BytesIO(x))
    xml = z.read("xl/worksheets/sheet1.xml").decode()
    t.ok("<sheetProtection" in xml and "<dataValidation" in xml, "the sheet is protected and has drop-downs")
    t.eq(book["_shokai"].get("B1"), "chohyo-all", "the map names the survey")
    why = [v for v in first.values() if v.startswith("理由")]
    t.eq(why, ["理由\n（前の設問「採用」で 「はい」 を選んだ かつ 「前の設問「課題」で 「なし」 を選んだ」ではない"
               " 場合に回答）"], "a condition is said in words beside its question")


def refused(t, s, a):
    x = download(s, "chohyo-all", ORG_A, token=a).body
    book = xlsxgen.read(x)
    before = answers(s, "chohyo-all", ORG_A, a)
    s1, staff = where(book, "職員数")
    s2, years = where(book, "件数")
    _, chk = where(book, "点検")
    bad = xlsxgen.set_cells(x, s1, {right_of(staff): "十二"})
    bad = xlsxgen.set_cells(bad, s2, {below(years): "x", right_of(chk): "たぶん"})
    _, pick = where(book, "採用（必須）")
    bad = xlsxgen.set_cells(bad, s1, {right_of(pick): "maybe"})
    r = upload(s, "chohyo-all", ORG_A, bad, a)
    msgs = [e["message"] for e in r.json().get("errors", [])] if r.status == 422 else []
    t.eq(r.status, 422, "a file with wrong cells is refused")
    t.ok(any(m.startswith("%s!%s: 数値で入力してください" % (s1, right_of(staff))) for m in msgs)
         and any(m.startswith("%s!%s: 数値" % (s2, below(years))) for m in msgs)
         and any(m.startswith("%s!%s: 「たぶん」は選べません" % (s2, right_of(chk))) for m in msgs)
         and any(m.startswith("%s!%s: 「maybe」は選択肢にありません" % (s1, right_of(pick))) for m in msgs),
         "every problem is named by its cell", msgs)
    t.eq(answers(s, "chohyo-all", ORG_A, a)["version"], before["version"], "nothing was stored")
    # A finding of the answer check (over max) is named by the question's cell.
    over = xlsxgen.set_cells(x, s1, {right_of(staff): 5000})
    r = upload(s, "chohyo-all", ORG_A, over, a)
    msgs = [e["message"] for e in r.json().get("errors", [])] if r.status == 422 else []
    t.ok(r.status == 422 and any(m.startswith("%s!%s: " % (s1, right_of(staff))) for m in msgs),
         "the answer check's findings are named by cell too", msgs)
    # Exclusive option combined: refused by the same check as the form.
    _, none = where(book, "　・なし")
    r = upload(s, "chohyo-all", ORG_A, xlsxgen.set_cells(x, s1, {right_of(none): "○"}), a)
    t.eq(r.status, 422, "an exclusive option combined with others is refused as on the form")
    # Not a 調査票, another survey's, another 団体's.
    r = upload(s, "chohyo-all", ORG_A, xlsxgen.write([("x", [["a"]])]), a)
    t.ok(r.status == 422 and "ダウンロードした調査票ではありません" in r.text, "an XLSX that is no 調査票", r.text[:200])
    r = upload(s, "chohyo-all", ORG_A, b"not a zip", a)
    t.ok(r.status == 422 and "Excel ファイル（.xlsx）ではありません" in r.text, "not an XLSX", r.text[:200])
    r7 = download(s, "r7-ikenshokai", ORG_A, token=a).body
    r = upload(s, "chohyo-all", ORG_A, r7, a)
    t.ok(r.status == 422 and "別の照会" in r.text, "another survey's 調査票", r.text[:200])
    m = s.token("ministry1")
    r = upload(s, "chohyo-all", ORG_B, x, m)
    t.ok(r.status == 422 and "団体コード %s のもの" % ORG_A in r.text, "another 団体's 調査票", r.text[:300])
    r = s.api("PUT", "/api/v1/surveys/chohyo-all/responses/%s.xlsx" % ORG_A, token=a, raw=x,
              headers={"Content-Type": "application/json"})
    t.eq(r.status, 415, "the PUT takes an XLSX body only")


def permissions(t, s, a):
    b, pa, m = s.token("orgb"), s.token("prefa"), s.token("ministry1")
    x = download(s, "chohyo-all", ORG_A, token=a).body
    t.ok(download(s, "chohyo-all", ORG_A, token=b).status in (403, 404), "another 団体 cannot download it")
    t.ok(upload(s, "chohyo-all", ORG_A, x, b).status in (403, 404), "nor upload to it")
    t.eq(download(s, "chohyo-all", ORG_A, token=pa).status, 200, "its prefecture reads it")
    t.eq(upload(s, "chohyo-all", ORG_A, x, pa).status, 403, "but cannot write it")
    r = upload(s, "chohyo-all", ORG_A, x, m)
    got = answers(s, "chohyo-all", ORG_A, m)
    t.ok(r.status == 200 and got["proxy"] is True, "the Ministry's upload is 代理入力", (r.status, got.get("proxy")))
    con = sqlite3.connect(s.db)
    n = con.execute("SELECT count(*) FROM audit WHERE on_behalf = ?", (ORG_A,)).fetchone()[0]
    con.close()
    t.ok(n > 0, "the Ministry's upload is in the audit log as 代理入力", n)
    s.set_clock(FEB_5_2025 + 60 * 86400)
    t.eq(upload(s, "chohyo-all", ORG_A, x, a).status, 409, "after the period: refused as a save is")
    t.eq(upload(s, "chohyo-all", ORG_A, x, m).status, 200, "the Ministry may still enter it")
    s.set_clock(FEB_5_2025)


def page(t, s):
    cookie, csrf = s.login("orga")
    p = s.request("GET", "/surveys/chohyo-all/responses/%s" % ORG_A, cookie=cookie)
    t.ok("Excelの調査票をダウンロード" in p.text and 'enctype="multipart/form-data"' in p.text,
         "the answering page has the download button and the upload form")
    x = download(s, "chohyo-all", ORG_A, cookie=cookie)
    t.eq(x.status, 200, "the button's link works with the session")
    boundary = "----shokai" + uuid.uuid4().hex

    def post(data, token=csrf):
        body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"調査票.xlsx\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, token, boundary, XLSX)).encode() + data + \
            ("\r\n--%s--\r\n" % boundary).encode()
        return s.request("POST", "/surveys/chohyo-all/responses/%s/upload" % ORG_A, body,
                         {"Content-Type": "multipart/form-data; boundary=" + boundary}, cookie=cookie)
    r = post(x.body)
    t.ok(r.status == 303 and "done=xlsx" in (r.header("Location") or ""), "the form upload saves and goes on",
         (r.status, r.header("Location")))
    shown = s.request("GET", r.header("Location"), cookie=cookie)
    t.ok("Excelから読み込みました。内容を確認して提出してください" in shown.text, "the page asks to check and submit")
    book = xlsxgen.read(x.body)
    s1, staff = where(book, "職員数")
    r = post(xlsxgen.set_cells(x.body, s1, {right_of(staff): "abc"}))
    t.ok(r.status == 422 and ("%s!%s: 数値で入力してください" % (s1, right_of(staff))) in r.text
         and "何も保存していません" in r.text, "the page names the cell, nothing saved", r.status)
    t.eq(post(x.body, token="forged").status, 403, "without the page's CSRF token: refused")


def multipart(files, csrf, field="files"):
    boundary = "----shokai" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n" % (boundary, csrf)).encode()
    for name, data in files:
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                 "Content-Type: %s\r\n\r\n" % (boundary, field, name, XLSX)).encode() + data + b"\r\n"
    body += ("--%s--\r\n" % boundary).encode()
    return body, {"Content-Type": "multipart/form-data; boundary=" + boundary}


def bulk(t, s):
    m = s.token("ministry1")
    b = s.token("orgb")
    s.api("PUT", "/api/v1/surveys/r7-ikenshokai/responses/%s" % ORG_B, {"answers": R7_GOOD}, token=b)
    good_b = download(s, "r7-ikenshokai", ORG_B, token=b).body
    good_a = download(s, "r7-ikenshokai", ORG_A, token=s.token("orga")).body
    book = xlsxgen.read(good_a)
    sheet, ref = where(book, "　・コスト")
    bad_a = xlsxgen.set_cells(good_a, sheet, {right_of(ref): "たぶん"})
    before_a = answers(s, "r7-ikenshokai", ORG_A, m)
    before_b = answers(s, "r7-ikenshokai", ORG_B, m)
    cookie, csrf = s.login("ministry1")
    p = s.request("GET", "/surveys/r7-ikenshokai/responses/import", cookie=cookie)
    t.ok(p.status == 200 and 'type="file" multiple' in p.text, "the Ministry's bulk upload page", p.status)
    body, headers = multipart([("函館市.xlsx", good_b), ("札幌市.xlsx", bad_a), ("memo.xlsx", b"not a workbook")], csrf)
    r = s.request("POST", "/surveys/r7-ikenshokai/responses/import", body, headers, cookie=cookie)
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td><span[^>]*>([^<]*)</span></td><td><span class=\"pre\">([^<]*)</span>",
                      r.text)
    t.eq([(f, o, res.split("（")[0]) for f, o, res, _ in rows],
         [("函館市.xlsx", "函館市（%s）" % ORG_B, "保存しました"), ("札幌市.xlsx", ORG_A, "受け付けませんでした"),
          ("memo.xlsx", "—", "受け付けませんでした")], "a summary row per file: saved or refused")
    t.ok(len(rows) == 3 and ("%s!%s" % (sheet, right_of(ref))) in rows[1][3] and "Excel" in rows[2][3],
         "with the reasons, by cell", rows)
    t.ok("保存 1 件・受け付けなかったもの 2 件" in r.text, "and the counts")
    after_b = answers(s, "r7-ikenshokai", ORG_B, m)
    t.ok(after_b["version"] == before_b["version"] + 1 and after_b["proxy"] is True
         and after_b["answers"] == before_b["answers"], "the good file is saved as 代理入力, its answers unchanged")
    t.eq(answers(s, "r7-ikenshokai", ORG_A, m)["version"], before_a["version"], "the bad one stores nothing")
    con = sqlite3.connect(s.db)
    n = con.execute("SELECT count(*) FROM audit WHERE on_behalf = ?", (ORG_B,)).fetchone()[0]
    con.close()
    t.ok(n > 0, "the proxy save is in the audit log", n)
    body, headers = multipart([("a.xlsx", good_b)], "forged")
    t.eq(s.request("POST", "/surveys/r7-ikenshokai/responses/import", body, headers, cookie=cookie).status, 403,
         "without the page's CSRF token: refused")
    cookie_a, csrf_a = s.login("orga")
    body, headers = multipart([("a.xlsx", good_b)], csrf_a)
    t.eq(s.request("POST", "/surveys/r7-ikenshokai/responses/import", body, headers, cookie=cookie_a).status, 403,
         "a 団体 cannot use it")


def printable(t, s):
    cookie, _ = s.login("orga")
    p = s.request("GET", "/surveys/chohyo-all/print", cookie=cookie)
    t.ok(p.status == 200 and "☐ コスト" in p.text and "print-grid" in p.text and "☐ 一部実施" in p.text,
         "the blank printable 調査票: options as ☐, tables as grids", p.status)
    t.ok("団体名" in p.text and "一行目" not in p.text, "with room for the 団体, and no answers")
    p = s.request("GET", "/surveys/r7-ikenshokai/print", cookie=cookie)
    t.ok(p.status == 200 and "次の場合に回答してください" not in p.text and "を選んだ場合に回答してください" in p.text,
         "conditions are said in words")


def run(t, s):
    s.set_clock(FEB_5_2025)
    fd, path = tempfile.mkstemp(suffix=".json", dir=s.dir)
    with os.fdopen(fd, "w") as f:
        json.dump(EVERY, f, ensure_ascii=False)
    s.cli("survey", "load", "--file", path)
    a = s.token("orga")
    round_trips(t, s, a)
    layout(t, s, a)
    refused(t, s, a)
    permissions(t, s, a)
    page(t, s)
    bulk(t, s)
    printable(t, s)


if __name__ == "__main__":
    run_tests(run)
