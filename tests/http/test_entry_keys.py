"""test_entry_keys.py: the keys of published 意見・質問 entries (issue #15,
finding 1) and the Ministry's replies attached to them.

- A 団体 that reads a published list cannot find an entry's author by hashing
  every 団体 code with the row (the key used to be such an unkeyed hash).
- Two installations holding the same answers show different keys.
- Entries are listed in the order of their keys within a 分類, not in the
  order of 団体コード.
- A reply is never lost: a submission that changes or deletes a replied entry
  is refused (422 with the reason); unchanged entries keep key and reply.
- Migration 0009 moves the replies of an older database to the new keys."""
import hashlib
import json
import re
import sqlite3
import sys

from harness import ACCOUNTS_BEFORE_0011, API_TOKENS_BEFORE_0010, Server, Tap

R3 = "/api/v1/surveys/r3-ikenshokai"
TELEWORK = "３-①.テレワーク実施時のセキュリティ対策"
FIELDS = ("kind", "material", "page", "category", "body")
HAKODATE, SAPPORO = "012025", "011002"
OTHERS = ["012033", "012041", "012050"]


def row(body, kind="意見", category=TELEWORK):
    return {"kind": kind, "material": "ガイドライン改定案", "page": "12", "category": category, "body": body}


def old_key(code, entry_row):
    """The key before the fix: "r-" and 8 bytes of an unkeyed BLAKE2b of the code and the row."""
    text = json.dumps(entry_row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "r-" + hashlib.blake2b(code.encode() + b"\0" + text.encode(), digest_size=8).hexdigest()


def submit(s, token, code, rows):
    """Saves and submits code's entries (as the Ministry: 代理入力 in a closed survey); the submit's response."""
    r = s.api("PUT", R3 + "/responses/" + code, {"answers": {"entries": rows}}, token=token)
    if r.status != 200:
        raise RuntimeError("save of %s: %d %s" % (code, r.status, r.text))
    return s.api("POST", R3 + "/responses/%s/submit" % code, token=token)


def answer_all(s, m):
    """The same answers in every installation: 函館市 two entries, four other 団体 one each."""
    submit(s, m, HAKODATE, [row("函館市の意見：テレワーク端末の持ち帰り"), row("函館市の質問：VPNの要件", kind="質問")])
    submit(s, m, SAPPORO, [row("札幌市の意見")])
    for code in OTHERS:
        submit(s, m, code, [row("%sの意見" % code)])
    s.api("POST", R3 + "/publish", {"suppress_below": 0}, token=m)


def by_body(entries, prefix):
    return [e for e in entries if e["body"].startswith(prefix)][0]


def run(t, s, s2):
    m, sapporo, hakodate = s.token("ministry1"), s.token("orga"), s.token("orgb")
    answer_all(s, m)
    entries = s.api("GET", R3 + "/entries", token=sapporo).json()["entries"]
    t.ok(len(entries) == 6 and all(e["organization"] is None for e in entries),
         "札幌市 reads the published list of six entries, without 団体")

    # --- the attack of the assessment: hash every code with the published row
    con = sqlite3.connect(s.db)
    codes = [c for (c,) in con.execute("SELECT code FROM organizations")]
    stored = json.loads(con.execute(
        "SELECT v.answers FROM responses r JOIN response_versions v ON v.response_id = r.id"
        " AND v.version = r.submitted_version WHERE r.survey_id = 'r3-ikenshokai' AND r.org_code = ?",
        (HAKODATE,)).fetchone()[0])["entries"]
    con.close()
    target = by_body(entries, "函館市の意見")
    rebuilt = {f: target[f] for f in FIELDS}
    t.eq(len(codes), 1788, "(the 1,788 public 団体 codes)")
    t.eq(rebuilt, stored[0], "(the row rebuilt from the published fields is the stored row, byte for byte)")
    found = [(e["body"], c) for e in entries for c in codes if old_key(c, {f: e[f] for f in FIELDS}) == e["key"]]
    t.eq(found, [], "no published key is the hash of any 団体 code with its row: 函館市 cannot be found")
    t.ok(all(e["key"].startswith("e-") and len(e["key"]) == 34 and not any(c in e["key"] for c in (HAKODATE,))
             for e in entries), "keys are 'e-' and 32 hex digits of a keyed MAC", [e["key"] for e in entries])
    again = s.api("GET", R3 + "/entries", token=m).json()["entries"]
    t.eq(sorted(e["key"] for e in again), sorted(e["key"] for e in entries),
         "the Ministry sees the same keys (its replies are attached by them)")

    # --- order: by key within a 分類, never by 団体コード or submission
    opinions = [e for e in entries if e["kind"] == "意見"]
    t.eq([e["key"] for e in opinions], sorted(e["key"] for e in opinions),
         "意見 of one 分類 are listed in the order of their keys")
    t.eq([e["no"] for e in opinions], list(range(1, len(opinions) + 1)), "and numbered 1.. in that order")

    # --- a second installation with the same answers
    m2 = s2.token("ministry1")
    answer_all(s2, m2)
    other = s2.api("GET", R3 + "/entries", token=s2.token("orga")).json()["entries"]
    t.eq(sorted(e["body"] for e in other), sorted(e["body"] for e in entries), "(the second installation: same entries)")
    t.eq({e["key"] for e in other} & {e["key"] for e in entries}, set(),
         "two installations holding the same answers show different keys")

    # --- a reply survives: the edit that would lose it is refused
    key = target["key"]
    r = s.api("PUT", R3 + "/entries/%s/reply" % key, {"disposition": "回答", "reply": "持ち帰りは可能です。"}, token=m)
    t.eq(r.status, 200, "the Ministry replies to 函館市's entry")
    t.eq(s.api("POST", R3 + "/responses/%s/return" % HAKODATE, {"comment": "x"}, token=s.token("prefa")).status,
         409, "the prefecture cannot send back the closed, published r3")
    t.eq(s.api("POST", R3 + "/responses/%s/return" % HAKODATE, {"comment": "質問を補足してください"}, token=m).status,
         200, "the Ministry can (and re-opens it for 14 days)")
    question = row("函館市の質問：VPNの要件", kind="質問")
    changed = [row("函館市の意見：テレワーク端末の持ち帰り（修正）"), question]
    r = submit(s, hakodate, HAKODATE, changed)
    t.ok(r.status == 422 and "回答・考え方" in r.json()["errors"][0]["message"]
         and r.json()["errors"][0]["question"] == "entries",
         "函館市 changing the replied entry: submission refused (422) with the reason", r.body)
    r = submit(s, hakodate, HAKODATE, [question])
    t.eq(r.status, 422, "deleting it: refused too")
    cb, _ = s.login("orgb")
    page = s.request("GET", "/surveys/r3-ikenshokai/responses/%s/confirm" % HAKODATE, cookie=cb).text
    fields = {"csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1),
              "version": re.search(r'name="version" value="(\d+)"', page).group(1)}
    r = s.form("/surveys/r3-ikenshokai/responses/%s/submit" % HAKODATE, fields, cookie=cb)
    t.ok(r.status == 422 and "回答・考え方が付いた意見・質問（1件）は変更・削除できません" in r.text,
         "submitting it from the page: 422, the page says why", r.status)
    now = s.api("GET", R3 + "/entries", token=m).json()["entries"]
    t.eq([(e["body"], e["reply"]) for e in now if e["key"] == key],
         [("函館市の意見：テレワーク端末の持ち帰り", "持ち帰りは可能です。")],
         "the published entry and its reply are unchanged")
    kept = [rebuilt, row("函館市の質問：VPNの要件（補足：多要素認証）", kind="質問"), row("函館市の追加の意見")]
    r = submit(s, hakodate, HAKODATE, kept)
    t.eq(r.status, 200, "keeping the replied entry, editing another and adding one: submitted")
    now = s.api("GET", R3 + "/entries", token=sapporo).json()["entries"]
    t.eq([(e["body"], e["disposition"], e["reply"]) for e in now if e["key"] == key],
         [("函館市の意見：テレワーク端末の持ち帰り", "回答", "持ち帰りは可能です。")],
         "the replied entry keeps its key and its reply")
    t.ok(by_body(now, "函館市の質問").get("reply") == "" and by_body(now, "函館市の追加").get("reply") == "",
         "the edited and the new entry have no reply")

    # --- migration 0009 on a database with the old keys
    s.proc.terminate()
    s.proc.wait(timeout=30)
    s.proc.stdout.close()
    s.proc.stderr.close()
    con = sqlite3.connect(s.db)
    con.execute("UPDATE entry_replies SET entry_key = ? WHERE entry_key = ?", (old_key(HAKODATE, rebuilt), key))
    con.execute("INSERT INTO imported_entries(survey_id, question_id, seq, kind, category, body, imported_at, source)"
                " VALUES ('r3-ikenshokai', 'entries', 1, '意見', 'その他', '取り込んだ意見', 0, 'old.csv')")
    imported = con.execute("SELECT max(id) FROM imported_entries").fetchone()[0]
    con.execute("INSERT INTO entry_replies(survey_id, question_id, entry_key, disposition, reply, updated_at)"
                " VALUES ('r3-ikenshokai', 'entries', ?, '原案どおり', '取り込んだ意見への回答', 0)",
                ("imp-%d" % imported,))
    con.executescript(ACCOUNTS_BEFORE_0011 + API_TOKENS_BEFORE_0010 + """
        DROP TABLE install_secrets;
        DELETE FROM schema_migrations WHERE version >= 9;
        PRAGMA user_version = 8;
    """)  # as before 0009 and the migrations after it
    con.commit()
    con.close()
    p = s.cli("migrate", check=False)
    t.ok(p.returncode == 0, "migrate applies 0009 to a schema-8 database", p.stderr)
    s.start()
    now = s.api("GET", R3 + "/entries", token=s.token("ministry1")).json()["entries"]
    mine = by_body(now, "函館市の意見：テレワーク端末の持ち帰り")
    t.ok(mine["reply"] == "持ち帰りは可能です。" and mine["key"].startswith("e-") and mine["key"] != key,
         "after it the reply is still attached to its entry, under a new key (a new secret)", mine)
    t.eq(by_body(now, "取り込んだ意見")["reply"], "取り込んだ意見への回答", "and so is a reply to an imported entry")
    con = sqlite3.connect(s.db)
    left = con.execute("SELECT count(*) FROM entry_replies WHERE entry_key NOT LIKE 'e-%'").fetchone()[0]
    con.close()
    t.eq(left, 0, "no reply is left under an old key")


def main():
    t = Tap()
    s, s2 = Server(sys.argv[1]), Server(sys.argv[1])
    try:
        run(t, s, s2)
    finally:
        problems = [s.stop(), s2.stop()]
    t.ok(problems == [None, None], "the servers ran without a crash or a sanitizer report", problems)
    t.done()


if __name__ == "__main__":
    main()
