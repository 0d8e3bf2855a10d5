"""test_survey_pages.py: answering in the browser without JavaScript: the
form, draft saves, errors next to fields with values kept, table rows,
confirmation, submission, history, 代理入力, the deadline and escaping."""
import html
import re
import sqlite3

from harness import run_tests

R7 = "/surveys/r7-ikenshokai/responses/011002"
FEB_5_2025 = 1738713600
XSS = "<script>alert('x')</script>\"&"


def fields_of(page):
    """The form's fields as the browser would post them (checked boxes, filled inputs)."""
    out = []
    for m in re.finditer(r'<input([^>]*)>', page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        kind = attrs.get("type", "text")
        if "name" not in attrs:
            continue
        if kind in ("checkbox", "radio") and " checked" not in m.group(1):
            continue
        out.append((html.unescape(attrs["name"]), html.unescape(attrs.get("value", ""))))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        out.append((html.unescape(m.group(1)), html.unescape(m.group(2))))
    return out


def post(s, path, cookie, fields, _accept=False, **extra):
    """The form as the browser posts it; _accept: as the page's script does
    for a background save (asking for JSON)."""
    items = [(k, v) for k, v in fields if k not in extra]
    items += list(extra.items())
    import urllib.parse
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if _accept:
        headers["Accept"] = "application/json"
    return s.request("POST", path, urllib.parse.urlencode(items), headers, cookie)




def run(t, s):
    ca, _ = s.login("orga")
    r = s.request("GET", "/surveys", cookie=ca)
    t.ok(r.status == 200 and "未回答" in r.text and "令和7年2月13日（木）" in r.text,
         "the list shows the state and the deadline in 和暦")
    t.ok("締切" in r.text, "a closed survey shows 締切")
    page = s.request("GET", R7, cookie=ca).text
    t.ok('name="csrf"' in page and 'name="version" value="0"' in page, "the form carries CSRF and version")
    form = page[page.index('class="survey-form"'):]
    first_button = re.search(r'<button[^>]*type="submit"[^>]*>', form).group(0)
    t.ok('value="save"' in first_button, "Enter in a field saves (the first submit button is save)")
    t.ok('type="checkbox"' in page and 'name="q.challenges"' in page, "multi as checkboxes")
    t.ok('<fieldset id="f-challenges"><legend>' in page, "choices are grouped with a legend")
    t.ok('for="f-details-0-content"' in page and 'id="f-details-0-content"' in page,
         "every text control has a label")
    t.ok("を選んだ場合に回答してください" in page, "conditional questions say when they apply")

    base = fields_of(page)
    # --- save a draft
    r = post(s, R7, ca, base + [("q.challenges", "コスト"), ("q.details.0.item", "無線LAN利用"),
                                ("q.details.0.challenge", "コスト")],
             **{"q.details.0.content": "構築費 " + XSS, "action": "save"})
    t.eq((r.status, r.header("Location")), (303, R7 + "?saved=1"), "save: redirect with a message")
    page = s.request("GET", R7 + "?saved=1", cookie=ca).text
    t.ok("一時保存しました" in page and "第1版" in page, "the page says it was saved (v1)")
    t.ok(html.escape(XSS, quote=True).replace("&#x27;", "&#39;") in page and XSS not in page,
         "typed markup comes back escaped in the form")
    t.ok('value="コスト" checked' in page, "the saved choice is checked again")

    # --- an invalid value: 422, error next to the field, values kept
    fields = fields_of(page)
    r = post(s, R7, ca, fields, **{"q.details.0.content": "長" * 2001, "action": "save"})
    t.eq(r.status, 422, "text over its limit: 422")
    row_errors = re.search(r'<ul class="field-error row-errors" id="e-details-0">(.*?)</ul>', r.text, re.S)
    t.ok(row_errors and "2000文字以内" in row_errors.group(1), "the error is at its row (#19: not only at the table)")
    t.ok('href="#f-details-0-content"' in r.text and 'role="alert"' in r.text,
         "a summary links to the row's field, not to the table (#19)")
    t.ok('aria-describedby="e-details-0"' in r.text, "the row's fields are described by its errors")
    t.ok('maxlength' not in r.text.split('class="survey-form"', 1)[-1].split("</form>")[0]
         and 'data-max-length="2000"' in r.text and "2000文字まで" in r.text,
         "text fields cut nothing (no maxlength) and say their limit under the field (#19)")
    t.ok("長" * 2001 in r.text, "what was typed is kept")
    t.ok('aria-invalid="true"' in r.text, "the field is marked invalid")
    t.ok("第1版" in r.text, "nothing was saved")

    # --- table rows: add and remove without saving
    r = post(s, R7, ca, fields, action="add_row:details")
    t.ok(r.status == 200 and 'name="q.details.rows" value="2"' in r.text, "add a row: two rows shown")
    t.ok('<fieldset class="table-row" id="row-details-1" tabindex="-1" autofocus>' in r.text
         and r.text.count("autofocus") == 1,
         "the new row takes the focus, so the page opens there without a script (#19: not at the top)")
    t.ok("まだ保存されていません" in r.text and "第1版" in r.text, "adding a row saves nothing")
    two = fields_of(r.text)
    r = post(s, R7, ca, two, action="remove_row:details:1")
    t.ok('name="q.details.rows" value="1"' in r.text and "構築費" in r.text, "remove the new row, the first stays")

    # --- confirm: required checked, draft saved first
    fields = fields_of(s.request("GET", R7, cookie=ca).text)
    r = post(s, R7, ca, [(k, v) for k, v in fields if not k.startswith("q.details.0.challenge")],
             action="confirm")
    t.ok(r.status == 422 and "提出するには" in r.text and "課題" in r.text,
         "confirm with a required column empty: 422 naming it")
    link = re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)
    t.ok(re.search(r'href="#f-details-0-challenge(-0)?"', link), "whose summary links to the empty field of row 1", link[:400])
    t.ok("第2版" in r.text, "the draft was saved anyway (nothing typed is lost)")
    fields = fields_of(r.text)
    r = post(s, R7, ca, fields + [("q.details.0.challenge", "コスト")], action="confirm")
    t.eq((r.status, r.header("Location")), (303, R7 + "/confirm"), "a complete draft goes to confirmation")
    page = s.request("GET", R7 + "/confirm", cookie=ca).text
    t.ok("提出する" in page and "構築費" in page and XSS not in page, "confirmation shows the answers, escaped")
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    import urllib.parse
    r = s.request("POST", R7 + "/submit", urllib.parse.urlencode({"csrf": csrf, "version": str(int(version) - 1)}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, ca)
    t.eq(r.status, 409, "submitting a stale version: 409")
    r = s.request("POST", R7 + "/submit", urllib.parse.urlencode({"version": version}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, ca)
    t.eq(r.status, 403, "submit without the CSRF token: 403")
    r = s.request("POST", R7 + "/submit", urllib.parse.urlencode({"csrf": csrf, "version": version}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, ca)
    t.eq((r.status, r.header("Location")), (303, R7 + "?submitted=1"), "submit")
    page = s.request("GET", R7 + "?submitted=1", cookie=ca).text
    t.ok("提出しました" in page and "提出済" in page, "the page says it was submitted")
    listing = s.request("GET", "/surveys", cookie=ca).text
    t.ok("提出済" in listing, "and so does the list")
    card = listing[listing.index("令和7年"):]
    card = card[:card.index("</section>")]
    t.ok("提出した回答を見る" in card and "回答する<" not in card,
         "whose link to the submitted survey reads 「提出した回答を見る」, not 「回答する」 (#19)", card[-400:])
    hist = s.request("GET", R7 + "/history", cookie=ca).text
    t.ok(hist.count("第") >= 4 and "提出済" in hist and "一時保存" in hist, "history lists every version")
    v1 = s.request("GET", R7 + "/versions/1", cookie=ca)
    t.ok(v1.status == 200 and "構築費" in v1.text and XSS not in v1.text, "an old version reads back, escaped")
    t.eq(s.request("GET", R7 + "/versions/99", cookie=ca).status, 404, "an unknown version: 404")

    # --- a submitted response opens to be read, 修正する makes it a form (#19)
    t.ok('class="survey-form"' not in page and "?edit=1" in page and "提出した回答を修正する" in page,
         "a submitted response opens read-only, with 「提出した回答を修正する」")
    amend = s.request("GET", R7 + "?edit=1", cookie=ca).text
    t.ok('class="survey-form"' in amend, "which opens it as a form")
    # --- a stale form: 409, typed values kept, nothing lost
    stale = fields_of(amend)
    s.api("PUT", "/api/v1" + R7, {"answers": {"challenges": ["課題なし"]}}, token=s.token("orga"))
    r = post(s, R7, ca, stale, **{"q.details.0.content": "私の入力", "action": "save"})
    t.ok(r.status == 409 and "他の人が保存しました" in r.text and "私の入力" in r.text,
         "saving a stale form: 409 with what was typed kept")
    # the page's background save is the API's save: the same refusal, word for word
    background = post(s, R7, ca, stale, action="save", _accept=True)
    api = s.api("PUT", "/api/v1" + R7, {"answers": {}, "version": 1}, token=s.token("orga"))
    t.eq((background.status, background.json()["errors"]), (api.status, api.json()["errors"]),
         "a stale background save: the API's 409 and message")
    # one rule for "version" on both: absent means the newest draft
    r = s.request("POST", R7 + "/submit", urllib.parse.urlencode({"csrf": csrf}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, ca)
    t.eq((r.status, r.header("Location")), (303, R7 + "?submitted=1"),
         "submit without a version submits the newest draft, as the API does")

    # --- the Ministry: pick a 団体, proxy entry
    cm, _ = s.login("ministry1")
    r = s.request("GET", "/surveys/r7-ikenshokai/responses?code=012025", cookie=cm)
    t.eq(r.header("Location"), "/surveys/r7-ikenshokai/responses/012025", "the Ministry picks a 団体 by code")
    t.eq(s.request("GET", "/surveys/r7-ikenshokai/responses?code=12", cookie=cm).status, 400,
         "a malformed code: 400")
    page = s.request("GET", "/surveys/r7-ikenshokai/responses/012025", cookie=cm).text
    t.ok("代理入力" in page and "函館市（012025・中核市）" in page, "the page says it is proxy entry, for 函館市")
    r = post(s, "/surveys/r7-ikenshokai/responses/012025", cm, fields_of(page) + [("q.challenges", "課題なし")],
             action="save")
    t.eq(r.status, 303, "the Ministry saves for the 団体")
    con = sqlite3.connect(s.db)
    row = con.execute("SELECT actor, on_behalf FROM audit WHERE action='response.save' ORDER BY id DESC").fetchone()
    t.eq(row, ("ministry1", "012025"), "recorded as 代理入力 for 函館市")
    con.close()

    # --- isolation and the deadline
    t.eq(s.request("GET", "/surveys/r7-ikenshokai/responses/012025", cookie=ca).status, 403,
         "org A cannot open org B's page")
    cpo, _ = s.login("prefother")
    t.eq(s.request("GET", R7, cookie=cpo).status, 403, "a pref of another prefecture cannot open it")
    cpa, _ = s.login("prefa")
    page = s.request("GET", R7, cookie=cpa).text
    t.ok('class="survey-form"' not in page and "課題なし" in page,
         "the pref of the prefecture reads it, without a form")
    s.set_clock(FEB_5_2025 + 20 * 86400)
    t.eq(s.request("GET", R7, cookie=ca).status, 303, "20 days later the session has expired")
    ca, _ = s.login("orga")
    page = s.request("GET", R7, cookie=ca).text
    t.ok("照会期間が終了" in page and 'class="survey-form"' not in page, "after the deadline: read-only, with why")
    fresh_csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = post(s, R7, ca, stale, action="save", csrf=fresh_csrf)
    t.ok(r.status == 409 and "照会期間が終了" in r.text, "a save posted after the deadline: 409 with why")
    t.eq(s.request("GET", "/surveys", cookie=s.login("admin1")[0]).status, 403, "admin has no survey pages")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
