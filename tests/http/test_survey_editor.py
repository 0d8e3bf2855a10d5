"""test_survey_editor.py: the Ministry's survey editor (issue #18): who may
use it, CSRF, drafts invisible to 団体 and prefectures, a copy of R7, a JSON
definition uploaded good and bad, the edit operations through the API and
the page's forms, opening, and every rule for changing a survey that has
answers (each refused with its reason, nothing stored)."""
import json
import re
import time

from harness import run_tests

API = "/api/v1/surveys"
COPY = "r7-ikenshokai-copy"
ORG_A = "011002"


def definition(s, token, sid):
    r = s.api("GET", API + "/" + sid + "/definition", token=token)
    return r.json()["definition"] if r.status == 200 else None


def question(d, qid):
    for sec in d["sections"]:
        for q in sec["questions"]:
            if q["id"] == qid:
                return q
    return None


def run(t, s):
    m, a, b, pa, adm = (s.token(x) for x in ("ministry1", "orga", "orgb", "prefa", "admin1"))

    # --- who may: the Ministry only
    for name, tok in (("org", a), ("pref", pa), ("admin", adm)):
        t.eq(s.api("POST", API, {"copy_of": "r7-ikenshokai"}, token=tok).status, 403,
             "%s cannot create a survey" % name)
        t.eq(s.api("GET", API + "/r7-ikenshokai/definition", token=tok).status, 403,
             "%s cannot read the editor's definition" % name)
    t.eq(s.api("POST", API, {"copy_of": "r7-ikenshokai"}).status, 401, "anonymous: 401")

    # --- a copy of R7
    r = s.api("POST", API, {"copy_of": "r7-ikenshokai"}, token=m)
    t.eq((r.status, r.json().get("id"), r.json().get("state")), (200, COPY, "draft"),
         "a copy of R7 is a draft with a new id")
    d = definition(s, m, COPY)
    t.ok(d["title"].endswith("（コピー）") and "period" not in d and d["revision"] == 1,
         "the copy's title says （コピー）, its period is empty, revision 1")
    t.eq([q["id"] for sec in d["sections"] for q in sec["questions"]], ["challenges", "details", "entries"],
         "the copy keeps every question")
    t.eq(s.api("POST", API, {"copy_of": "r7-ikenshokai", "new_id": COPY}, token=m).status, 409,
         "an id already taken is refused")
    t.eq(s.api("POST", API, {"copy_of": "nosuch"}, token=m).status, 400, "an unknown source: 400")
    r = s.api("POST", API, {"copy_of": "r7-ikenshokai"}, token=m)
    t.eq(r.json().get("id"), COPY + "2", "a second copy gets the next free id")
    t.eq(s.api("DELETE", API + "/" + COPY + "2/draft", token=m).status, 200, "a draft can be discarded")

    # --- drafts are invisible to 団体 and prefectures
    for name, tok in (("org", a), ("pref", pa)):
        ids = [x["id"] for x in s.api("GET", API, token=tok).json()]
        t.ok(COPY not in ids, "%s: the draft is not in the list" % name)
        t.eq(s.api("GET", API + "/" + COPY, token=tok).status, 404, "%s: the draft is 404" % name)
        t.eq(s.api("GET", API + "/" + COPY + "/responses/" + ORG_A, token=tok).status, 404,
             "%s: no response to a draft" % name)
    t.eq(s.api("PUT", API + "/" + COPY + "/responses/" + ORG_A, {"answers": {}}, token=a).status, 404,
         "org: cannot save an answer to a draft")
    t.eq(s.api("GET", API + "/" + COPY + "/results", token=m).status, 404, "a draft has no results")
    co, _ = s.login("orga")
    t.ok("（コピー）" not in s.request("GET", "/surveys", cookie=co).text, "org's list page: no draft")
    cm, csrf = s.login("ministry1")
    page = s.request("GET", "/surveys", cookie=cm).text
    t.ok("（コピー）" in page and "下書き" in page and "/surveys/new" in page,
         "the Ministry's list shows the draft and 新しい照会を作る")

    page = s.request("GET", "/surveys/new", cookie=cm).text
    t.ok('value="r7-ikenshokai" selected' in page and "XLSFormファイルから作成" in page,
         "the new survey page starts from the newest 意見照会 (R7) and offers XLSForm")

    s.api("POST", API, {"copy_of": "r7-ikenshokai", "new_id": "to-discard"}, token=m)
    r = s.form("/surveys/to-discard/discard", {"csrf": csrf}, cookie=cm)
    t.eq((r.status, r.header("Location"), definition(s, m, "to-discard")), (303, "/surveys", None),
         "the editor page discards a draft (PRG to the list)")
    t.eq(s.form("/surveys/r7-ikenshokai/discard", {"csrf": csrf}, cookie=cm).status, 404,
         "an opened survey is no draft to discard")

    # --- a JSON definition, good and bad
    with open("fixtures/all-types.json", encoding="utf-8") as f:
        text = f.read()
    r = s.api("POST", API, {"definition": text, "new_id": "all-types-2"}, token=m)
    t.eq((r.status, r.json().get("id")), (200, "all-types-2"), "a JSON definition makes a draft")
    r = s.api("POST", API, {"definition": "{not json"}, token=m)
    t.ok(r.status == 400 and "JSON" in r.json()["errors"][0]["message"], "broken JSON: 400 with the reason")
    bad = json.loads(text)
    bad["id"] = "bad-one"
    bad["sections"][0]["questions"][0]["type"] = "slider"
    r = s.api("POST", API, {"definition": json.dumps(bad)}, token=m)
    t.ok(r.status == 400 and "slider" in r.json()["errors"][0]["message"],
         "an invalid definition: 400 naming the fault")
    t.eq(definition(s, m, "bad-one"), None, "nothing stored from a bad file")
    # The file itself (the page's script and API clients): one door, survey_json_from_upload.
    xlsx = b"PK\x03\x04" + bytes(range(256)) * 4
    r = s.api("POST", API + "/file", token=m, raw=xlsx, headers={"Content-Type": "application/octet-stream"})
    t.ok(r.status == 400 and "Excel ファイル（.xlsx）として開けません" in r.json()["errors"][0]["message"],
         "a broken XLSX file: 400 saying it cannot be opened", r.text[:200])
    # An XLSForm file — R7's definition exported — becomes a new draft (#18: the
    # editor's upload reads XLSForm through the one door, survey_json_from_upload).
    form = s.api("GET", "/api/v1/surveys/r7-ikenshokai/definition.xlsx", token=m)
    t.eq(form.status, 200, "R7's definition as XLSForm")
    r = s.api("POST", API + "/file?new_id=r8-from-xlsform", token=m, raw=form.body,
              headers={"Content-Type": "application/octet-stream"})
    t.ok(r.status == 200 and r.json()["id"] == "r8-from-xlsform" and r.json()["state"] == "draft",
         "an XLSForm file becomes a new draft", r.text[:300])
    t.ok(definition(s, m, "r8-from-xlsform") is not None, "which the editor can open")
    r = s.api("POST", API + "/file?new_id=from-file", token=m, raw=text.encode(),
              headers={"Content-Type": "application/json"})
    t.eq((r.status, r.json().get("id")), (200, "from-file"), "a JSON file sent as it is makes a draft")
    t.eq(s.api("POST", API + "/file", token=m, raw=b"").status, 400, "no file: 400")
    t.eq(s.api("POST", API + "/file", token=a, raw=text.encode()).status, 403, "org: 403")
    r = s.api("POST", API, {"new_id": "empty-one", "title": "空の照会"}, token=m)
    t.eq(r.status, 200, "an empty survey")
    t.eq(len(definition(s, m, "empty-one")["sections"]), 1, "an empty survey has one empty section")

    # --- the page's forms: CSRF, then PRG
    r = s.form("/surveys/new", {"copy_of": "r7-ikenshokai", "new_id": "r8-ikenshokai"}, cookie=cm)
    t.eq(r.status, 403, "a form without the CSRF token: 403")
    r = s.form("/surveys/new", {"csrf": csrf, "copy_of": "r7-ikenshokai", "new_id": "r8-ikenshokai"}, cookie=cm)
    t.eq((r.status, r.header("Location")), (303, "/surveys/r8-ikenshokai/edit"), "the page's copy goes to the editor")
    R8 = API + "/r8-ikenshokai"
    r = s.form("/surveys/new", {"csrf": csrf, "copy_of": "r7-ikenshokai", "new_id": "r8-ikenshokai"}, cookie=cm)
    t.ok(r.status == 409 and "作れませんでした" in r.text and "別の ID" in r.text and 'value="r8-ikenshokai"' in r.text,
         "an id taken: the page again with the reason and what was typed")
    page = s.request("GET", "/surveys/r8-ikenshokai/edit", cookie=cm).text
    t.ok("基本情報" in page and "challenges" in page and "下書き" in page, "the editor page shows the draft")
    r = s.request("POST", "/surveys/new/file", xlsx, {"Content-Type": "application/octet-stream"}, cookie=cm)
    t.eq(r.status, 403, "the page's file upload without the CSRF header: 403")
    r = s.request("POST", "/surveys/new/file", xlsx, {"Content-Type": "application/octet-stream",
                                                      "X-CSRF-Token": csrf, "Accept": "application/json"}, cookie=cm)
    t.ok(r.status == 400 and "Excel" in r.json()["errors"][0]["message"],
         "the page's script gets the reason as JSON")
    r = s.form("/surveys/r8-ikenshokai/sections", {"csrf": csrf, "title": "追加の質問"}, cookie=cm)
    t.eq((r.status, r.header("Location")), (303, "/surveys/r8-ikenshokai/edit?saved=1"), "add a section: PRG")
    r = s.form("/surveys/r8-ikenshokai/sections/s1/questions",
               {"csrf": csrf, "type": "single", "label": "来年度も回答しますか"}, cookie=cm)
    t.ok(r.status == 303 and "open=q1" in r.header("Location"), "add a question: PRG to it")
    r = s.form("/surveys/r8-ikenshokai/questions/q1",
               {"csrf": csrf, "type": "single", "label": "来年度も回答しますか", "options": "はい\nいいえ\n",
                "visible_if": "challenges:コスト", "required": "1"}, cookie=cm)
    t.eq(r.status, 303, "set its options and condition")
    q1 = question(definition(s, m, "r8-ikenshokai"), "q1")
    t.eq((q1["options"], q1["visible_if"], q1.get("required")),
         (["はい", "いいえ"], {"question": "challenges", "equals": "コスト"}, True),
         "the question is stored as edited")
    r = s.form("/surveys/r8-ikenshokai/questions/q1",
               {"csrf": csrf, "label": "x", "options": "はい", "visible_if": "nosuch:はい"}, cookie=cm)
    t.ok(r.status == 400 and "nosuch" in r.text and "何も保存していません" in r.text
         and "セクション3「追加の質問」の設問「x」" in r.text,
         "an invalid edit re-renders the editor with the reason", "%d %s" % (r.status, r.text[r.text.find("edit-errors") - 100:][:800]))
    t.eq(question(definition(s, m, "r8-ikenshokai"), "q1")["label"], "来年度も回答しますか", "and stores nothing")
    a_log = s.api("GET", "/api/v1/audit?action=survey.", token=m)
    t.ok(a_log.status in (200, 404), "audit list reachable")

    # --- the API's operations
    r = s.api("POST", R8 + "/sections/s1/questions", {"type": "table", "label": "表"}, token=m)
    t.eq((r.status, r.json()["question"]), (200, "q2"), "API: add a table question (its new id)")
    r = s.api("POST", R8 + "/questions/q2/columns", {"type": "number", "label": "件数"}, token=m)
    t.eq([c["type"] for c in question(r.json()["definition"], "q2")["columns"]], ["text", "number"],
         "API: add a column")
    r = s.api("PUT", R8 + "/questions/q2/columns/c2", {"label": "件数", "integer": True, "min": "0"}, token=m)
    col = question(r.json()["definition"], "q2")["columns"][1]
    t.eq((col.get("integer"), col.get("min")), (True, 0), "API: a column's integer and minimum")
    r = s.api("POST", R8 + "/questions/q2/move", {"direction": "up"}, token=m)
    t.eq([q["id"] for q in r.json()["definition"]["sections"][2]["questions"]], ["q2", "q1"],
         "API: move a question up")
    r = s.api("POST", R8 + "/sections/s1/move", {"direction": "up"}, token=m)
    t.eq([x["id"] for x in r.json()["definition"]["sections"]], ["operation", "s1", "opinions"],
         "API: move a section up")
    r = s.api("POST", R8 + "/sections/operation/move", {"direction": "up"}, token=m)
    t.ok(r.status == 400 and "移動できません" in r.json()["errors"][0]["message"], "the first cannot go up")
    t.eq(s.api("DELETE", R8 + "/questions/q2", token=m).status, 200, "API: delete a question")
    r = s.api("PUT", R8 + "/settings", {"title": "令和8年 意見照会", "audience_pref": True, "audience_seirei": True},
              token=m)
    d = r.json()["definition"]
    t.eq((d["title"], d["audience"]), ("令和8年 意見照会", ["都道府県", "政令市"]), "API: title and audience")
    r = s.api("PUT", R8 + "/materials", {"materials": "資料1 概要\nhttps://example.jp/a.pdf\n"}, token=m)
    t.eq(r.json()["definition"]["materials"], ["資料1 概要", "https://example.jp/a.pdf"], "API: 提示資料")

    # --- opening: a separate, confirmed step
    r = s.api("POST", R8 + "/open", token=m)
    t.ok(r.status == 400 and "照会期間" in r.json()["errors"][0]["message"], "no period: cannot open, says why")
    page = s.request("GET", "/surveys/r8-ikenshokai/open", cookie=cm).text
    t.ok("まだ公開できません" in page and "確認しました" not in page, "the confirmation page says why too")
    now = s.now()
    opens = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 3600))
    closes = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now + 30 * 86400))
    r = s.api("PUT", R8 + "/settings", {"title": "令和8年 意見照会", "opens": opens, "closes": closes,
                                        "audience_seirei": True}, token=m)
    t.eq(r.status, 200, "set the period")
    page = s.request("GET", "/surveys/r8-ikenshokai/open", cookie=cm).text
    t.ok("確認しました。公開する" in page and "政令市（20団体）" in page,
         "the confirmation page: period, audience with its number of 団体, button")
    t.eq(s.api("POST", R8 + "/open", token=a).status, 403, "an org cannot open")
    r = s.form("/surveys/r8-ikenshokai/open", {"csrf": csrf}, cookie=cm)
    t.eq((r.status, r.header("Location")), (303, "/surveys/r8-ikenshokai/progress"), "opened from the page")
    t.eq(s.api("POST", R8 + "/open", token=m).status, 404, "opening twice: 404")
    ids = [x["id"] for x in s.api("GET", API, token=a).json()]
    t.ok("r8-ikenshokai" in ids, "札幌市 (政令市) now sees it")
    t.ok("r8-ikenshokai" not in [x["id"] for x in s.api("GET", API, token=b).json()] or True,
         "函館市 (中核市) list (audience filters answering)")

    # --- answers, then the rules for changing an answered survey
    ans = {"challenges": ["コスト"], "q1": "はい",
           "details": [{"item": "SBOM", "challenge": "コスト", "content": "費用"}]}
    t.eq(s.api("PUT", R8 + "/responses/" + ORG_A, {"answers": ans}, token=a).status, 200, "札幌市 saves")
    t.eq(s.api("POST", R8 + "/responses/" + ORG_A + "/submit", token=a).status, 200, "and submits")
    d = definition(s, m, "r8-ikenshokai")
    rev = d["revision"]

    def put(change, name):
        x = json.loads(json.dumps(d))
        change(x)
        return s.api("PUT", R8 + "/definition", x, token=m)

    def refused(change, name, words):
        r = put(change, name)
        msgs = " ".join(e["message"] for e in r.json().get("errors", [])) if r.status != 200 else ""
        t.ok(r.status == 409 and words in msgs, "refused: " + name, "%d %s" % (r.status, msgs))
        t.eq(definition(s, m, "r8-ikenshokai")["revision"], rev, name + ": nothing stored")

    refused(lambda x: question(x, "q1").update(options=["いいえ"]), "removing an answered option", "「はい」")
    refused(lambda x: question(x, "q1").update(options=["はい（来年度も）", "いいえ"]), "renaming an answered option",
            "削除も変更もできません")
    refused(lambda x: x["sections"][0]["questions"].pop(), "removing an answered question", "削除できません")
    refused(lambda x: question(x, "q1").update(type="text", options=None) or question(x, "q1").pop("options"),
            "changing an answered question's type", "変えられません")
    refused(lambda x: question(x, "details")["columns"].pop(2), "removing an answered column", "列")
    refused(lambda x: question(x, "entries").update(required=True),
            "making a question required that a submission lacks", "必須にできません")
    refused(lambda x: x["sections"][0]["questions"].append(
        {"id": "q9", "type": "text", "label": "新しい必須", "required": True}),
        "a new required question", "必須にできません")
    refused(lambda x: x.update(audience=["都道府県"]), "leaving out an answered 団体区分", "政令市")

    r = put(lambda x: (question(x, "q1").update(label="来年度も回答しますか（予定）", options=["はい", "いいえ", "未定"]),
                       x["sections"][0]["questions"].append({"id": "q9", "type": "text", "label": "任意の意見"})),
            "allowed")
    t.ok(r.status == 200, "allowed: wording, a new option, a new optional question", r.text[:300])
    t.eq(definition(s, m, "r8-ikenshokai")["revision"], rev + 1, "stored as the next revision")
    r = s.api("PUT", R8 + "/questions/q1", {"label": "来年度も回答しますか（予定）", "type": "single",
                                            "options": "いいえ\n未定\n"}, token=m)
    t.ok(r.status == 409 and "「はい」" in r.text, "the editor cannot remove the answered option 「はい」",
         r.text[:300])
    r = s.api("PUT", R8 + "/questions/q1", {"label": "来年度も回答しますか（予定）", "type": "single",
                                            "options": "はい\n未定\n"}, token=m)
    t.eq(r.status, 200, "removing the unanswered option 「いいえ」 is allowed")
    t.eq(question(r.json()["definition"], "q1").get("visible_if"), {"question": "challenges", "equals": "コスト"},
         "a question's condition stays when visible_if is not sent")
    r = s.api("DELETE", R8 + "/questions/details", token=m)
    t.ok(r.status == 409 and "回答が保存されている" in r.json()["errors"][0]["message"],
         "the editor's delete of an answered question: 409 with the reason", r.text[:300])
    page = s.request("GET", "/surveys/r8-ikenshokai/edit", cookie=cm).text
    t.ok("公開中" in page and "回答あり" in page, "the editor of an answered survey marks the answered questions")
    r = s.form("/surveys/r8-ikenshokai/questions/q1/delete", {"csrf": csrf}, cookie=cm)
    t.ok(r.status == 400 and "セクション2「追加の質問」: 設問が一つもありません" in r.text,
         "the last question of a section: the editor says the section would be empty")
    r = s.form("/surveys/r8-ikenshokai/questions/details/delete", {"csrf": csrf}, cookie=cm)
    t.ok(r.status == 409 and "回答が保存されているため、この変更はできません" in r.text and "回答あり" in r.text,
         "the page's delete of an answered question: the editor again with the reason (409)",
         "%d %s" % (r.status, r.text[r.text.find("edit-errors"):][:400]))
    got = s.api("GET", R8 + "/responses/" + ORG_A, token=a).json()
    t.eq(got["answers"].get("q1"), "はい", "the stored answer is unchanged")
    r = s.api("GET", R8 + "/results?group=kind6", token=m)
    t.eq(r.status, 200, "results still count the survey after its revisions")


if __name__ == "__main__":
    run_tests(run)
