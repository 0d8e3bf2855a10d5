"""test_mass_assignment.py (RELIABILITY.md A2): a draft saved from the page
form with extra fields naming another 団体, a user, a state, a proxy flag and
a version is stored as org A's own draft, by org A, not proxy, and nothing
reaches 団体 B; two values for one single-valued field are refused and
nothing is stored; the API refuses members it does not know."""
import sqlite3

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD
from test_survey_pages import R7, fields_of, post

ORG_A, ORG_B = "011002", "012025"
SMUGGLED = {"org_code": ORG_B, "org": ORG_B, "code": ORG_B, "user_id": "1", "saved_by": "1", "status": "approved",
            "state": "submitted", "proxy": "1", "submitted_version": "9", "survey_id": "r3-ikenshokai"}


def rows(s):
    con = sqlite3.connect(s.db)
    out = con.execute("SELECT r.org_code, r.survey_id, v.version, v.state, v.proxy, u.login FROM responses r"
                      " JOIN response_versions v ON v.response_id = r.id LEFT JOIN users u ON u.id = v.saved_by"
                      " ORDER BY r.org_code, v.version").fetchall()
    con.close()
    return out


def run(t, s):
    cookie, _ = s.login("orga")
    page = s.request("GET", R7, cookie=cookie).text
    fields = fields_of(page) + [("q.challenges", "課題なし")]
    r = post(s, R7, cookie, fields, action="save", **SMUGGLED)
    t.eq(r.status, 303, "a save with smuggled fields is accepted as a save")
    t.eq(rows(s), [(ORG_A, "r7-ikenshokai", 1, "draft", 0, "orga")],
         "stored as org A's own draft, saved by org A, not proxy; nothing for B or another survey")

    page = s.request("GET", R7, cookie=cookie).text
    fields = fields_of(page) + [("q.challenges", "コスト"), ("q.details.0.item", "無線LAN利用"),
                                ("q.details.0.item", "全般"), ("q.details.0.challenge", "コスト")]
    r = post(s, R7, cookie, fields, action="save")
    t.ok(r.status in (400, 422), "two values for one single choice are refused", r.status)
    t.eq(len(rows(s)), 1, "and nothing is stored")

    token = s.token("orga")
    for key in ("org_code", "user_id", "state", "proxy"):
        r = s.api("PUT", "/api/v1/surveys/r7-ikenshokai/responses/" + ORG_A,
                  {"answers": GOOD, key: ORG_B if key == "org_code" else "1"}, token=token)
        t.eq(r.status, 400, "the API refuses an unknown member %s" % key)
    t.eq(len(rows(s)), 1, "nothing stored by any of them")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
