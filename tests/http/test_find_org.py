"""test_find_org.py (issue #19, 「1,788 団体の窓口」): staff find a 団体 by
name, reading or code wherever a form asks for one, and the 団体一覧 matches
partially (「北海」), pages 100 at a time and links to each 団体's responses.
Before: every form wanted the 6-digit code (pattern [0-9]{6}) and the list
showed all 1,788 rows with an exact prefecture filter only."""
import re
import urllib.parse

from harness import run_tests

FEB_5_2025 = 1738713600


def q(text):
    return urllib.parse.quote(text)


def run(t, s):
    cookie = s.login("ministry1")[0]
    get = lambda path: s.request("GET", path, cookie=cookie)

    # --- naming a 団体 where a code is asked for
    for named in ["函館市", "北海道函館市", "はこだてし", "函館市（012025）", " 函館市\u3000", "函館市 (012025)", "012025"]:
        r = get("/surveys/r7-ikenshokai/responses?code=" + q(named))
        t.ok(r.status in (302, 303) and r.header("Location").endswith("/responses/012025"),
             "「%s」 opens 函館市's response" % named, (r.status, r.header("Location")))
    r = get("/surveys/r7-ikenshokai/responses?code=" + q("府中市"))
    t.ok(r.status == 400 and "東京都府中市（132063）" in r.text and "広島県府中市（342084）" in r.text,
         "a name two 団体 share: 400 naming both, so the person can pick", r.status)
    r = get("/surveys/r7-ikenshokai/responses?code=" + q("存在しない村"))
    t.ok(r.status == 400 and "見つかりません" in r.text, "an unknown name: 400 saying so")
    page = get("/surveys").text
    t.ok('list="org-choices"' in page and '<option value="函館市（012025）" label="北海道 はこだてし">' in page
         and 'pattern="[0-9]{6}"' not in page, "the surveys page suggests 団体 by name, reading and code")
    a = s.api("GET", "/api/v1/audit?on_behalf=" + q("札幌市"), token=s.token("ministry1"))
    t.eq(a.status, 200, "the audit filter takes a name too")
    csrf = re.search(r'name="csrf" value="([^"]+)"', get("/surveys/r7-ikenshokai/progress").text).group(1)
    r = s.request("POST", "/surveys/r7-ikenshokai/reopen",
                  urllib.parse.urlencode({"csrf": csrf, "organization": "札幌市（011002）",
                                          "until": "2025-03-01T00:00"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cookie)
    t.ok(r.status in (302, 303), "re-opening takes the 団体 picked from the suggestions", r.status)

    # --- 団体一覧: partial match, paging, links
    r = get("/organizations?q=" + q("北海"))
    rows = re.findall(r"<tr><td>(\d{6})</td>", r.text)
    t.ok(len(rows) == 100 and "全 180 団体中 1〜100 を表示" in r.text and "page=2" in r.text,
         "「北海」 matches 北海道's 180 団体, shown 100 at a time", (len(rows), re.findall("全 \\d+ 団体", r.text)))
    r = get("/organizations?q=" + q("北海") + "&page=2")
    t.ok(len(re.findall(r"<tr><td>(\d{6})</td>", r.text)) == 80 and "101〜180" in r.text, "the second page has the rest")
    r = get("/organizations?q=" + q("はこだて"))
    t.ok("函館市" in r.text and '<a href="/organizations/012025">函館市</a>' in r.text,
         "a reading matches, and the name links to the 団体's page")
    t.ok("<td>012025</td>" in get("/organizations?q=01202").text, "the start of a code matches")
    api = s.api("GET", "/api/v1/organizations?q=" + q("府中"), token=s.token("ministry1")).json()
    t.eq(sorted(o["code"] for o in api), ["132063", "342084", "343021"], "the API searches alike (府中市 twice and 府中町)")
    r = get("/organizations/012025")
    t.ok(r.status == 200 and "北海道函館市" in r.text and "/surveys/r7-ikenshokai/responses/012025" in r.text
         and "未回答" in r.text, "the 団体's page lists its response to each survey with its state")
    r = get("/organizations/999999")
    t.ok(r.status == 400 and "受付番号" in r.text and "状態コード" not in r.text,
         "a malformed code: 400, the page giving a 受付番号 for support, not a status code (#19)")
    t.eq(s.request("GET", "/organizations/012025", cookie=s.login("orga")[0]).status, 403,
         "a 団体 cannot open another's page")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
