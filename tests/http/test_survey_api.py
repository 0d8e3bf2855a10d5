"""test_survey_api.py: the survey engine through /api/v1: definitions, drafts,
submission, versions, periods, 代理入力 and who may see what."""
import json
import sqlite3
import threading

from harness import run_tests

R7 = "/api/v1/surveys/r7-ikenshokai"
ORG_A, ORG_B = "011002", "012025"   # 札幌市, 函館市 (北海道)
FEB_5_2025 = 1738713600             # 2025-02-05T00:00:00Z, inside the R7 period
GOOD = {
    "challenges": ["スキル不足", "コスト"],
    "details": [{"item": "無線LAN利用", "challenge": "コスト", "content": "構築費の確保が困難"}],
    "entries": [{"kind": "意見", "material": "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について",
                 "page": "3", "category": "全般", "body": "意見の本文"}],
}




def run(t, s):
    a, b, m = s.token("orga"), s.token("orgb"), s.token("ministry1")
    pa, po, adm = s.token("prefa"), s.token("prefother"), s.token("admin1")
    ra = R7 + "/responses/" + ORG_A

    r = s.api("GET", "/api/v1/surveys", token=a)
    ids = [x["id"] for x in r.json()]
    t.eq(ids, ["r7-ikenshokai", "r3-ikenshokai", "sanso-2023", "selfcheck-guideline", "selfcheck-guideline-kaitei"],
         "the five shipped surveys are listed in order (the self-check and its 改定案)")
    t.ok(all(x["state"] == "none" for x in r.json()), "each with the org's state (none yet)")
    r = s.api("GET", R7, token=a)
    d = r.json()
    t.ok(r.status == 200 and d["sections"][0]["questions"][0]["id"] == "challenges", "the definition")
    t.eq(d["period"], {"opens": "2025-02-03T15:00:00Z", "closes": "2025-02-13T14:59:59Z"},
         "the period in ISO (JST midnight)")
    t.eq(s.api("GET", "/api/v1/surveys/nope", token=a).status, 404, "unknown survey: 404")
    t.eq(s.api("GET", "/api/v1/surveys", token=adm).status, 403, "admin sees no survey content")

    r = s.api("GET", ra, token=a)
    t.eq((r.status, r.json()["state"], r.json()["version"], r.json()["answers"]), (200, "none", 0, {}),
         "no response yet")

    # --- invalid answers: 422 naming the question, nothing stored
    bad = [
        ({"nosuch": "x"}, "nosuch", "unknown question"),
        ({"challenges": ["お金"]}, "challenges", "unknown option"),
        ({"challenges": "コスト"}, "challenges", "a string for a multi question"),
        ({"challenges": ["課題なし", "コスト"]}, "challenges", "exclusive 課題なし with another option"),
        ({"challenges": ["コスト", "コスト"]}, "challenges", "the same option twice"),
        ({"challenges": ["コスト"], "details": [{"item": "無線LAN利用", "colour": "x"}]}, "details",
         "a table row with an unknown column"),
        ({"challenges": ["コスト"], "details": [{"item": "無線LAN利用", "content": "あ" * 2001}]}, "details",
         "text over its limit"),
        ({"challenges": ["コスト"], "details": "row"}, "details", "a table that is not a list"),
        ({"entries": [{"kind": ["意見", "質問"]}]}, "entries", "two values on a single column"),
    ]
    for answers, qid, what in bad:
        r = s.api("PUT", ra, {"answers": answers}, token=a)
        errs = r.json().get("errors", []) if r.status == 422 else []
        t.ok(r.status == 422 and any(e["question"] == qid for e in errs), "%s: 422 naming %s" % (what, qid),
             (r.status, r.text))
    t.ok(all(e["message"] for e in errs), "messages are given")
    t.eq(s.api("GET", ra, token=a).json()["version"], 0, "nothing of a refused save was stored")
    r = s.api("PUT", ra, {"answers": {}, "org_code": ORG_B}, token=a)
    t.eq(r.status, 400, "an extra member (org_code) is refused")
    r = s.api("PUT", ra, {"answers": []}, token=a)
    t.eq(r.status, 422, "answers that are not an object: 422")
    r = s.api("PUT", ra, {"answers": {}, "version": "1"}, token=a)
    t.eq(r.status, 400, "a non-integer version: 400")
    r = s.request("PUT", ra, json.dumps({"answers": {}}), {"Content-Type": "text/plain",
                                                           "Authorization": "Bearer " + a})
    t.eq(r.status, 415, "PUT with text/plain: 415")

    # --- drafts: required is not checked; hidden answers are dropped
    r = s.api("PUT", ra, {"answers": {"entries": GOOD["entries"]}}, token=a)
    t.eq((r.status, r.json()), (200, {"state": "draft", "version": 1}), "a partial draft saves (v1)")
    r = s.api("PUT", ra, {"answers": {"challenges": ["課題なし"], "details": GOOD["details"]}, "version": 1},
              token=a)
    t.eq(r.json().get("version"), 2, "saved with the right version (v2)")
    got = s.api("GET", ra, token=a).json()
    t.ok("details" not in got["answers"] and got["answers"]["challenges"] == ["課題なし"],
         "details are dropped while 課題なし hides them (visible_if on the server)", got["answers"])
    r = s.api("PUT", ra, {"answers": GOOD, "version": 1}, token=a)
    t.eq(r.status, 409, "a save from a stale version: 409")
    t.eq(s.api("GET", ra, token=a).json()["version"], 2, "and nothing was stored")

    # --- submit: required checked, one version per submission
    r = s.api("PUT", ra, {"answers": {"challenges": ["コスト"]}, "version": 2}, token=a)
    r = s.api("POST", ra + "/submit", token=a)
    errs = r.json().get("errors", [])
    t.ok(r.status == 422 and any(e["question"] == "details" for e in errs),
         "submit with a required table empty: 422 naming details", r.text)
    t.eq(s.api("GET", ra, token=a).json()["state"], "draft", "still a draft after the refused submit")
    r = s.api("PUT", ra, {"answers": {**GOOD, "details": [{"item": "無線LAN利用"}]}}, token=a)
    r = s.api("POST", ra + "/submit", token=a)
    t.ok(r.status == 422 and "具体的な内容" in r.text, "a required column missing: 422", r.text)
    r = s.api("PUT", ra, {"answers": GOOD}, token=a)
    v = r.json()["version"]
    r = s.api("POST", ra + "/submit", {"version": v - 1}, token=a)
    t.eq(r.status, 409, "submit naming a stale version: 409")
    r = s.api("POST", ra + "/submit", {"version": 0}, token=a)
    t.eq(r.status, 400, "submit naming version 0 (no draft has it): 400, as the page")
    r = s.api("POST", ra + "/submit", token=a)
    t.ok(r.status == 200 and r.json()["state"] == "submitted" and r.json()["version"] == v + 1,
         "submit: 200, a new submitted version", r.text)
    got = s.api("GET", ra, token=a).json()
    t.ok(got["state"] == "submitted" and got["submitted_version"] == v + 1 and got["submitted_at"],
         "GET shows it submitted with the time")
    t.eq(got["answers"], GOOD, "the submitted answers are exactly what was saved")
    t.eq(s.api("POST", ra + "/submit", token=a).status, 409, "submitting again without a draft: 409")
    r = s.api("PUT", ra, {"answers": {**GOOD, "challenges": ["その他"]}}, token=a)
    got = s.api("GET", ra, token=a).json()
    t.ok(got["state"] == "draft" and got["submitted_version"] == v + 1,
         "a draft after submission keeps the submitted version")
    vs = s.api("GET", ra + "/versions", token=a).json()["versions"]
    t.eq([x["state"] for x in vs][:3], ["draft", "submitted", "draft"], "every version is kept, newest first")
    old = s.api("GET", ra + "/versions/%d" % (v + 1), token=a).json()
    t.eq(old["answers"], GOOD, "the submitted version is unchanged by the later draft")
    t.eq(s.api("GET", ra + "/versions/999", token=a).status, 404, "unknown version: 404")
    t.eq(s.api("GET", ra + "/versions/abc", token=a).status, 404, "malformed version: 404")

    # --- isolation
    rb = R7 + "/responses/" + ORG_B
    canary = "CANARY-B-7f3a"
    t.eq(s.api("PUT", rb, {"answers": {"challenges": ["その他"], "details": [
        {"item": "全般", "challenge": "その他", "content": canary}]}}, token=b).status, 200, "org B saves")
    for method, body in [("GET", None), ("PUT", {"answers": {}})]:
        r = s.api(method, rb, body, token=a)
        t.ok(r.status == 403 and canary not in r.text, "org A %s org B's response: 403, no leak" % method)
    t.ok(canary not in s.api("GET", "/api/v1/surveys", token=a).text, "org A's list does not leak B")
    t.eq(s.api("GET", rb + "/versions", token=a).status, 403, "org A cannot list B's versions")
    r = s.api("GET", rb, token=pa)
    t.ok(r.status == 200 and canary in r.text, "the pref of B's prefecture reads B")
    t.eq(s.api("PUT", rb, {"answers": {}}, token=pa).status, 403, "but cannot write it")
    t.eq(s.api("GET", rb, token=po).status, 403, "a pref of another prefecture cannot read B")
    t.eq(s.api("GET", rb, token=adm).status, 403, "admin cannot read answers")
    t.eq(s.api("GET", R7 + "/responses/999999", token=m).status, 404, "ministry: unknown code 404")
    t.eq(s.api("GET", R7 + "/responses/999999", token=a).status, 403, "org: unknown code 403")
    t.eq(s.api("GET", R7 + "/responses/010006", token=pa).status, 200, "pref reads its own prefecture")

    # --- the period, and 代理入力 by the Ministry
    s.set_clock(FEB_5_2025 + 30 * 86400)
    r = s.api("PUT", rb, {"answers": {"challenges": ["コスト"]}}, token=b)
    t.ok(r.status == 409 and "照会期間" in r.json()["errors"][0]["message"], "after the deadline: 409 with the reason")
    t.eq(s.api("POST", rb + "/submit", token=b).status, 409, "submit after the deadline: 409")
    r = s.api("PUT", rb, {"answers": {"challenges": ["課題なし"]}}, token=m)
    t.eq(r.status, 200, "the Ministry enters answers by proxy after the deadline")
    t.eq(s.api("POST", rb + "/submit", token=m).status, 200, "and submits them")
    got = s.api("GET", rb, token=b).json()
    t.ok(got["proxy"] and got["state"] == "submitted", "the org sees a proxy-entered submission")
    s.set_clock(FEB_5_2025 - 5 * 86400)
    t.eq(s.api("PUT", ra, {"answers": {}}, token=a).status, 409, "before the period opens: 409")
    s.set_clock(FEB_5_2025)
    con = sqlite3.connect(s.db)
    rows = con.execute("SELECT actor, action, on_behalf FROM audit WHERE action LIKE 'response.%'"
                       " AND actor = 'ministry1'").fetchall()
    t.eq(sorted(rows), [("ministry1", "response.save", ORG_B), ("ministry1", "response.submit", ORG_B)],
         "代理入力 is audited with the 団体 it was for")
    n_audit = con.execute("SELECT count(*) FROM audit WHERE action LIKE 'response.%'").fetchone()[0]
    n_versions = con.execute("SELECT count(*) FROM response_versions").fetchone()[0]
    t.eq(n_audit, n_versions, "one audit row per stored version")
    con.close()

    # --- 20 concurrent submits of one draft: exactly one new version
    s.api("PUT", ra, {"answers": GOOD}, token=a)
    before = s.api("GET", ra, token=a).json()["version"]
    results = []

    def submit():
        results.append(s.api("POST", ra + "/submit", token=a).status)
    threads = [threading.Thread(target=submit) for _ in range(20)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t.eq((results.count(200), results.count(409)), (1, 19), "20 concurrent submits: one 200, nineteen 409")
    t.eq(s.api("GET", ra, token=a).json()["version"], before + 1, "exactly one new version")

    # --- the other shipped surveys accept their shapes
    sanso = "/api/v1/surveys/sanso-2023/responses/" + ORG_A
    s.set_clock(1681000000)  # 2023-04-09
    r = s.api("PUT", sanso, {"answers": {"model": "β'モデル", "considered": "検討したことがある"}}, token=a)
    got = s.api("GET", sanso, token=a).json()["answers"]
    t.eq(got, {"model": "β'モデル"}, "sanso: 'considered' is dropped unless the model is α")
    s.api("PUT", sanso, {"answers": {"model": "αモデル", "considered": "検討したことがある"}}, token=a)
    r = s.api("POST", sanso + "/submit", token=a)
    t.ok(r.status == 422 and any(e["question"] == "reasons" for e in r.json()["errors"]),
         "sanso: reasons are required once a move was considered")
    s.api("PUT", sanso, {"answers": {"model": "αモデル", "considered": "検討したことがある",
                                     "reasons": ["運用負荷増加", "導入・維持コストの増加"]}}, token=a)
    t.eq(s.api("POST", sanso + "/submit", token=a).status, 200, "sanso: submitted")
    got = s.api("GET", sanso, token=a).json()["answers"]
    t.eq(got["reasons"], ["導入・維持コストの増加", "運用負荷増加"], "multi answers are stored in option order")
    sc = "/api/v1/surveys/selfcheck-guideline/responses/" + ORG_A
    s.set_clock(1750000000)  # 2025-06-15
    a = s.token("orga")  # the one issued on 5 February expired after 90 days
    r = s.api("PUT", sc, {"answers": {"c1_ciso": {"status": "実施済", "note": ""},
                                      "c1_csirt": {"note": "検討中"}}}, token=a)
    t.eq(r.status, 200, "self-check: a status and a note-only item save as a draft")
    r = s.api("PUT", sc, {"answers": {"c1_ciso": {"status": "たぶん"}}}, token=a)
    t.eq(r.status, 422, "self-check: an unknown status is refused")
    r = s.api("PUT", sc, {"answers": {"c1_ciso": {"status": "実施済", "extra": 1}}}, token=a)
    t.eq(r.status, 422, "self-check: an unknown member is refused")
    r3 = "/api/v1/surveys/r3-ikenshokai/responses/" + ORG_A
    s.set_clock(1637600000)  # 2021-11-23
    r = s.api("PUT", r3, {"answers": {"entries": [{"kind": "質問", "material": "改定のポイント", "page": "ⅲ-141",
                                                   "category": "今回改定範囲外", "body": "質問です"}]}}, token=a)
    t.eq(r.status, 200, "r3: an entry with one of the ten categories")
    r = s.api("PUT", r3, {"answers": {"entries": [{"kind": "質問", "category": "５.新分類", "body": "x"}]}}, token=a)
    t.eq(r.status, 422, "r3: a category outside the ten is refused")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
