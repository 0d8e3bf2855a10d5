"""test_workflow.py: 回答状況 (progress) with the list of 団体 not yet
submitted; 差戻し by a prefecture coordinator, answered after the deadline;
approval inside a 団体 (課長決裁); who may do each."""
import csv
import io
import re
import sqlite3
import urllib.parse

from harness import PASSWORD, run_tests

R7 = "/api/v1/surveys/r7-ikenshokai"
AP = "/api/v1/surveys/approval-test"
FEB_5_2025 = 1738713600
GOOD = {"challenges": ["課題なし"]}


def run(t, s):
    s.cli("user", "add", "--login", "orga-staff2", "--role", "org", "--org", "011002", "--email",
          "joho@city.sapporo.example", "--password-stdin", stdin=PASSWORD + "\n")
    s.cli("user", "add", "--login", "orga-boss", "--role", "org", "--org", "011002", "--approver",
          "--password-stdin", stdin=PASSWORD + "\n")
    s.cli("survey", "load", "--file", "fixtures/approval.json")
    m, a, b = s.token("ministry1"), s.token("orga"), s.token("orgb")
    pa, po = s.token("prefa"), s.token("prefother")

    # --- progress
    s.api("PUT", R7 + "/responses/011002", {"answers": GOOD}, token=a)
    s.api("POST", R7 + "/responses/011002/submit", token=a)
    s.api("PUT", R7 + "/responses/012025", {"answers": {}}, token=b)
    p = s.api("GET", R7 + "/progress?group=kind6", token=m).json()
    total = p["total"]
    t.eq((total["organizations"], total["submitted"], total["draft"], total["none"]), (1788, 1, 1, 1786),
         "progress: 1 submitted, 1 draft, 1,786 not started of 1,788")
    seirei = [g for g in p["groups"] if g["group"] == "政令市"][0]
    t.eq((seirei["organizations"], seirei["submitted"]), (20, 1), "per group (札幌市 is a 政令市)")
    hakodate = [x for x in p["pending"] if x["code"] == "012025"][0]
    t.eq(hakodate["state"], "一時保存", "函館市 is listed as pending with its state")
    sapporo_pending = [x for x in p["pending"] if x["code"] == "011002"]
    t.eq(sapporo_pending, [], "a submitted 団体 is not pending")
    t.eq(len(p["pending"]), 1787, "every other 団体 is pending")
    r = s.api("GET", R7 + "/progress/pending.csv", token=m)
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[0], ["団体コード", "都道府県", "団体名", "団体区分", "状況", "連絡先"], "pending CSV header")
    t.eq(len(rows), 1788, "one CSV row per pending 団体")
    pp = s.api("GET", R7 + "/progress", token=pa).json()
    con = sqlite3.connect(s.db)
    hokkaido = con.execute("SELECT count(*) FROM organizations WHERE prefecture='北海道'").fetchone()[0]
    con.close()
    t.eq((pp["prefecture"], pp["total"]["organizations"]), ("北海道", hokkaido), "pref: its own prefecture only")
    t.eq(s.api("GET", R7 + "/progress", token=a).status, 403, "org: no progress view")
    cm, _ = s.login("ministry1")
    page = s.request("GET", "/surveys/r7-ikenshokai/progress", cookie=cm).text
    t.ok("未提出の団体（1787団体）" in page and "締切まで" in page, "progress page: pending count and time left")

    # --- 差戻し by the prefecture coordinator
    t.eq(s.api("POST", R7 + "/responses/011002/return", {"comment": "x"}, token=po).status, 403,
         "a pref of another prefecture cannot return")
    t.eq(s.api("POST", R7 + "/responses/011002/return", {"comment": "x"}, token=a).status, 403,
         "an org cannot return")
    t.eq(s.api("POST", R7 + "/responses/012025/return", {"comment": "x"}, token=pa).status, 409,
         "a response never submitted cannot be returned")
    t.eq(s.api("POST", R7 + "/responses/010006/return", {"comment": "x"}, token=pa).status, 403,
         "a pref cannot return its own 団体's response")
    r = s.api("POST", R7 + "/responses/011002/return", {"comment": "具体的な内容を記入してください"}, token=pa)
    t.eq((r.status, r.json()), (200, {"state": "returned"}), "pref returns 札幌市's response")
    got = s.api("GET", R7 + "/responses/011002", token=a).json()
    t.ok(got["workflow"]["returned"] and got["workflow"]["comment"] == "具体的な内容を記入してください"
         and got["state"] == "submitted", "the org sees the return and why; the submitted version is kept")
    p = s.api("GET", R7 + "/progress", token=m).json()
    t.eq((p["total"]["returned"], p["total"]["submitted"]), (1, 0), "progress counts it as 差戻し")
    ca, _ = s.login("orga")
    t.ok("差戻し（修正して再提出してください）" in s.request("GET", "/surveys", cookie=ca).text,
         "the org's survey list shows the return")
    page = s.request("GET", "/surveys/r7-ikenshokai/responses/011002", cookie=ca).text
    t.ok("差し戻されています" in page and "具体的な内容を記入してください" in page, "and its answering page")
    # a published survey is not the prefecture's to send back, even inside its period
    t.eq(s.api("POST", R7 + "/publish", {"suppress_below": 0}, token=m).status, 200, "(the Ministry publishes r7)")
    r = s.api("POST", R7 + "/responses/011002/return", {"comment": "x"}, token=pa)
    t.ok(r.status == 409 and "公表" in r.json()["errors"][0]["message"],
         "a pref's return on a published survey: 409 with the reason", r.body)
    t.eq(s.api("DELETE", R7 + "/publish", token=m).status, 200, "(the Ministry withdraws the publication)")
    # after the deadline a prefecture's return re-opens nothing: that is the Ministry's reopen alone
    s.set_clock(FEB_5_2025 + 12 * 86400)
    a, b, pa = s.token("orga"), s.token("orgb"), s.token("prefa")
    t.eq(s.api("PUT", R7 + "/responses/012025", {"answers": GOOD}, token=b).status, 409,
         "after the deadline 函館市 cannot save")
    details = {"challenges": ["その他"], "details": [{"item": "全般", "challenge": "その他", "content": "記入しました"}]}
    t.eq(s.api("PUT", R7 + "/responses/011002", {"answers": details}, token=a).status, 409,
         "nor can 札幌市, returned by its prefecture inside the period")
    r = s.api("POST", R7 + "/responses/011002/return", {"comment": "x"}, token=pa)
    t.ok(r.status == 409 and "照会期間外" in r.json()["errors"][0]["message"],
         "a pref's return after the deadline: 409 with the reason", r.body)
    page = s.request("GET", "/surveys/r7-ikenshokai/responses/011002", cookie=s.login("prefa")[0]).text
    t.ok("この回答を差し戻す" not in page, "and the pref's page offers no return form then")
    con = sqlite3.connect(s.db)
    reopened = con.execute("SELECT count(*) FROM survey_reopenings").fetchone()[0]
    con.close()
    t.eq(reopened, 0, "no refused or prefecture's return left a re-opening")
    r = s.api("POST", R7 + "/reopen", {"organization": "011002", "until": "2025-03-01T00:00:00+09:00"},
              token=s.token("ministry1"))
    t.eq(r.status, 200, "the Ministry reopens 札幌市")
    t.eq(s.api("PUT", R7 + "/responses/011002", {"answers": details}, token=a).status, 200, "which can then save")
    t.eq(s.api("POST", R7 + "/responses/011002/submit", token=a).status, 200, "and submit again")
    got = s.api("GET", R7 + "/responses/011002", token=a).json()
    t.ok(not got["workflow"]["returned"] and got["state"] == "submitted", "submitting again ends the return")
    vs = [v["state"] for v in s.api("GET", R7 + "/responses/011002/versions", token=a).json()["versions"]]
    t.eq(vs, ["submitted", "draft", "submitted", "draft"], "every version before and after the return is kept")
    s.set_clock(FEB_5_2025)

    # --- approval inside a 団体
    a, staff, boss = s.token("orga"), s.token("orga-staff2"), s.token("orga-boss")
    ap = AP + "/responses/011002"
    s.api("PUT", ap, {"answers": {"model": "βモデル"}}, token=staff)
    r = s.api("POST", ap + "/submit", token=staff)
    t.ok(r.status == 403 and "承認を依頼" in r.json()["errors"][0]["message"],
         "staff cannot submit a survey that needs approval")
    r = s.api("POST", ap + "/request-approval", token=staff)
    t.eq((r.status, r.json()), (200, {"state": "awaiting_approval"}), "staff request approval")
    t.ok(s.api("GET", ap, token=staff).json()["workflow"]["awaiting_approval"], "it waits for approval")
    t.eq(s.api("POST", ap + "/approve", token=staff).status, 403, "staff cannot approve")
    t.eq(s.api("POST", ap + "/approve", token=s.token("orgb")).status, 403, "another 団体 cannot approve")
    r = s.api("POST", ap + "/reject", {"comment": "モデルを確認してください"}, token=boss)
    t.eq((r.status, r.json()), (200, {"state": "draft"}), "the approver rejects with a comment")
    got = s.api("GET", ap, token=staff).json()
    t.ok(got["state"] == "draft" and got["workflow"]["last_event"] == "reject"
         and got["workflow"]["comment"] == "モデルを確認してください", "staff see why")
    s.api("PUT", ap, {"answers": {"model": "αモデル", "considered": "検討したことはない"}}, token=staff)
    s.api("POST", ap + "/request-approval", token=staff)
    s.api("PUT", ap, {"answers": {"model": "αモデル", "considered": "検討したことがある"}}, token=staff)
    t.ok(not s.api("GET", ap, token=staff).json()["workflow"]["awaiting_approval"],
         "a draft saved after the request makes the request stale")
    t.eq(s.api("POST", ap + "/approve", token=boss).status, 409, "so there is nothing to approve")
    s.api("PUT", ap, {"answers": {"model": "αモデル", "considered": "検討したことはない"}}, token=staff)
    s.api("POST", ap + "/request-approval", token=staff)
    r = s.api("POST", ap + "/approve", token=boss)
    t.eq((r.status, r.json()), (200, {"state": "submitted"}), "the approver approves: submitted")
    got = s.api("GET", ap, token=a).json()
    t.eq((got["state"], got["answers"]), ("submitted", {"model": "αモデル", "considered": "検討したことはない"}),
         "the approved draft is what was submitted")
    # through the browser
    cs, _ = s.login("orga-staff2")
    s.api("PUT", ap, {"answers": {"model": "βモデル"}}, token=staff)
    page = s.request("GET", "/surveys/approval-test/responses/011002/confirm", cookie=cs).text
    t.ok("承認を依頼する" in page and "/submit" not in page, "the confirmation page offers approval, not submission")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    r = s.request("POST", "/surveys/approval-test/responses/011002/request-approval",
                  urllib.parse.urlencode({"csrf": csrf, "version": version}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cs)
    t.eq(r.header("Location"), "/surveys/approval-test/responses/011002?done=requested", "requested by form")
    cb, _ = s.login("orga-boss")
    page = s.request("GET", "/surveys/approval-test/responses/011002", cookie=cb).text
    t.ok("承認して提出する" in page and "担当者に差し戻す" in page, "the approver sees approve and reject")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = s.request("POST", "/surveys/approval-test/responses/011002/approve", urllib.parse.urlencode({"csrf": csrf}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cb)
    t.eq(r.header("Location"), "/surveys/approval-test/responses/011002?done=approved", "approved by form")
    t.eq(s.api("POST", ap + "/submit", token=m).status, 409, "the Ministry's proxy submit is not blocked by approval (nothing to submit)")
    # pref return through the browser
    cpa, _ = s.login("prefa")
    page = s.request("GET", "/surveys/r7-ikenshokai/responses/011002", cookie=cpa).text
    t.ok("この回答を差し戻す" in page, "the pref sees the return form on a submitted response")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = s.request("POST", "/surveys/r7-ikenshokai/responses/011002/return",
                  urllib.parse.urlencode({"csrf": csrf, "comment": "<b>再確認</b>"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cpa)
    t.eq(r.header("Location"), "/surveys/r7-ikenshokai/responses/011002?done=returned", "returned by form")
    page = s.request("GET", "/surveys/r7-ikenshokai/responses/011002", cookie=s.login("orga")[0]).text
    t.ok("&lt;b&gt;再確認&lt;/b&gt;" in page and "<b>再確認" not in page, "the comment is shown escaped")
    state = re.search(r'<span class="state state-([a-z]+)">([^<]*)</span>', page)
    t.ok(state and state.group(1) == "returned" and "差戻し" in state.group(2) and "提出済" not in state.group(2),
         "the answering page states 差戻し, not a green 提出済, beside the notice (#19)",
         state.group(0) if state else page[:300])
    hist = s.request("GET", "/surveys/r7-ikenshokai/responses/011002/history", cookie=s.login("orga")[0]).text
    records = hist[hist.index("差戻し・承認の記録"):] if "差戻し・承認の記録" in hist else ""
    t.ok("<td>差戻し</td>" in records and "prefa" in records and "&lt;b&gt;再確認&lt;/b&gt;" in records,
         "the history says who returned it, when and why (#19)", records[:500])
    home = s.request("GET", "/", cookie=s.login("orga")[0]).text
    t.ok("差戻しがあります" in home and "&lt;b&gt;再確認&lt;/b&gt;" in home, "the return is shown on the org's home page")
    con = sqlite3.connect(s.db)
    acts = [r[0] for r in con.execute("SELECT action FROM audit WHERE action IN ('response.return',"
                                      " 'response.approval_request', 'response.approve', 'response.reject')")]
    con.close()
    t.ok(acts.count("response.return") == 2 and acts.count("response.approve") == 2 and "response.reject" in acts,
         "every workflow step is audited", acts)

    # --- period controls
    r = s.api("PUT", R7 + "/period", {"opens": "2025-02-04T00:00:00+09:00", "closes": "2025-03-31T23:59:59+09:00"}, token=m)
    t.eq((r.status, r.json().get("closes")), (200, "2025-03-31T14:59:59Z"), "the Ministry extends the period")
    t.eq(s.api("PUT", R7 + "/period", {"opens": "2025-04-01T00:00:00+09:00", "closes": "2025-03-01T00:00:00+09:00"},
               token=m).status, 400, "a period ending before it starts: 400")
    t.eq(s.api("PUT", R7 + "/period", {"opens": "soon", "closes": "later"}, token=m).status, 400, "malformed times: 400")
    t.eq(s.api("PUT", R7 + "/period", {"opens": "2025-02-04T00:00:00+09:00", "closes": "2025-03-31T23:59:59+09:00"},
               token=s.token("prefa")).status, 403, "only the Ministry changes the period")
    s.set_clock(FEB_5_2025 + 60 * 86400)  # 2025-04-06, after the extended end
    b = s.token("orgb")
    t.eq(s.api("PUT", R7 + "/responses/012025", {"answers": GOOD}, token=b).status, 409, "closed after the new end")
    r = s.api("POST", R7 + "/reopen", {"organization": "012025", "until": "2025-04-20T00:00:00+09:00"}, token=m)
    t.eq(r.status, 200, "the Ministry reopens one 団体")
    t.eq(s.api("PUT", R7 + "/responses/012025", {"answers": GOOD}, token=b).status, 200, "which can save again")
    t.eq(s.api("POST", R7 + "/reopen", {"organization": "999999", "until": "2025-03-20T00:00:00+09:00"},
               token=s.token("ministry1")).status, 400, "reopening an unknown 団体: 400")
    cm, csrf = s.login("ministry1")
    page = s.request("GET", "/surveys/r7-ikenshokai/progress", cookie=cm).text
    t.ok('type="datetime-local" value="2025-03-31T23:59"' in page, "the progress page shows the period in JST")
    r = s.request("POST", "/surveys/r7-ikenshokai/period",
                  urllib.parse.urlencode({"csrf": csrf, "opens": "2025-02-04T00:00", "closes": "2025-04-30T17:00"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.eq(r.status, 303, "the period form")
    got = s.api("GET", R7, token=s.token("ministry1")).json()["period"]
    t.eq(got["closes"], "2025-04-30T08:00:00Z", "17:00 JST is 08:00 UTC")
    r = s.request("POST", "/surveys/r7-ikenshokai/period",
                  urllib.parse.urlencode({"csrf": csrf, "opens": "2025-05-01T00:00", "closes": "2025-04-30T17:00"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.ok(r.status == 400 and "終了は開始より後にしてください" in r.text, "the form with an end before the start: 400",
         r.status)
    t.eq(s.api("GET", R7, token=s.token("ministry1")).json()["period"]["closes"], "2025-04-30T08:00:00Z",
         "and the period is unchanged")
    r = s.request("POST", "/surveys/r7-ikenshokai/period",
                  urllib.parse.urlencode({"csrf": csrf, "opens": "x", "closes": "y"}),
                  {"Content-Type": "application/x-www-form-urlencoded"}, cm)
    t.eq(r.status, 400, "a malformed period in the form: 400")

    # --- the audit trail
    m = s.token("ministry1")
    a = s.api("GET", "/api/v1/audit?action=response.&target=r7-ikenshokai%2F011002", token=m).json()
    t.ok(a["rows"] and all(row[1].startswith("response.") and "011002" in row[3] for row in a["rows"]),
         "audit filtered by action prefix and target")
    kinds = {row[1] for row in a["rows"]}
    t.ok({"response.save", "response.submit", "response.return"} <= kinds, "saves, submissions and returns", kinds)
    a = s.api("GET", "/api/v1/audit?actor=prefa", token=m).json()
    t.ok(a["rows"] and all(row[2] == "prefa" for row in a["rows"]), "audit filtered by actor")
    a = s.api("GET", "/api/v1/audit?on_behalf=011002&action=response.return", token=m).json()
    t.ok(len(a["rows"]) == 2 and all(row[4] == "011002" for row in a["rows"]), "audit filtered by the 団体 acted for")
    a = s.api("GET", "/api/v1/audit?from=2099-01-01", token=m).json()
    t.eq(a["rows"], [], "audit filtered by date")
    t.eq(s.api("GET", "/api/v1/audit?from=yesterday", token=m).status, 400, "a malformed date: 400")
    r = s.api("GET", "/api/v1/audit.csv?action=survey.", token=s.token("admin1"))
    t.ok(r.status == 200 and "survey.period" in r.body.decode("utf-8-sig"), "the administrator exports the audit as CSV")
    t.eq(s.api("GET", "/api/v1/audit", token=s.token("orga")).status, 403, "org accounts cannot read the audit")
    t.eq(s.api("GET", "/api/v1/audit", token=s.token("prefa")).status, 403, "nor can pref accounts")
    page = s.request("GET", "/audit?actor=prefa", cookie=s.login("admin1")[0]).text
    t.ok("監査ログ" in page and 'value="prefa"' in page, "the audit page with its filter")
    table = page[page.index("<table"):]
    t.ok(">差戻し</td>" in table and "response.return" not in table and "comment" not in table
         and "理由: " in table and "札幌市" in table,
         "the audit page says what happened in words: 差戻し, its 理由, the survey and the 団体 by name")
    t.ok('<option value="response.return">差戻し</option>' in page, "the action filter offers changes by name")
    a = s.api("GET", "/api/v1/audit?action=response.return", token=m).json()
    t.ok(a["total"] == len(a["rows"]) >= 2 and a["columns"][8] == "操作" and a["rows"][0][8] == "差戻し",
         "the API keeps the codes and adds the words, with the total", (a["columns"], a["total"]))
    # Paging: 100 rows a page, with the count of all that match.
    con = sqlite3.connect(s.db)
    con.executemany("INSERT INTO audit(at, actor, action, target) VALUES (?, 'cli', 'org.import', 'paging-test')",
                    [(1738700000 + i,) for i in range(150)])
    con.commit()
    con.close()
    cookie = s.login("ministry1")[0]
    first = s.request("GET", "/audit?target=paging-test", cookie=cookie).text
    second = s.request("GET", "/audit?target=paging-test&page=2", cookie=cookie).text
    t.ok("全 150 件中 1〜100 件" in first and "page=2" in first and first.count("<tr>") == 101,
         "the first page shows 100 of 150 rows and links to the next")
    t.ok("全 150 件中 101〜150 件" in second and "page=1" in second and second.count("<tr>") == 51,
         "the second page shows the rest and links back")
    t.eq(s.request("GET", "/audit?page=0", cookie=cookie).status, 400, "page 0: 400")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
