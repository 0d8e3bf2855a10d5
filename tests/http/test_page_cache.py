"""test_page_cache.py (#21): the results page's body is rendered once per data
generation and kept (page_cache.c), and a kept page never shows one viewer's
data or token to another. Two servers share one database: A with the cache
(the default), B with `--results-cache off`, which renders every page afresh.
For every viewer (two Ministry sessions, the Ministry's ?prefecture=, two
prefectures' coordinators, 団体 after publication) A's page, asked twice, is
byte for byte B's for the same session (same name, same CSRF token), after a
submission, a publication with a threshold and a withdrawal too."""
import re
import subprocess
import urllib.parse

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD

R7 = "/api/v1/surveys/r7-ikenshokai"
PAGES = ["/surveys/r7-ikenshokai/results?group=kind6", "/surveys/r7-ikenshokai/results?group=pref_muni",
         "/surveys/r7-ikenshokai/results", "/surveys/r7-ikenshokai/results?group=kind6&prefecture="
         + urllib.parse.quote("北海道")]


class Uncached:
    def __init__(self, s):
        self.proc = subprocess.Popen([s.binary, "serve", "--db", s.db, "--listen", "127.0.0.1:0",
                                      "--results-cache", "off", "--log", s.db + ".b.log"],
                                     stdout=subprocess.PIPE, text=True, env=s.env)
        self.port = int(re.search(r":(\d+)/", self.proc.stdout.readline()).group(1))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.proc.stdout.close()


def as_b(s, b, method, path, cookie):
    port = s.port
    s.port = b.port
    try:
        return s.request(method, path, cookie=cookie)
    finally:
        s.port = port


def page_bytes(r):
    """A page's body without what differs per request by design: an error
    page's 受付番号 (the request's id, for support)."""
    return re.sub(rb"\xe5\x8f\x97\xe4\xbb\x98\xe7\x95\xaa\xe5\x8f\xb7 [0-9a-f]+", b"", r.body)


def same_pages(t, s, b, sessions, after):
    differ = []
    for who, (cookie, csrf) in sessions.items():
        for path in PAGES:
            first = s.request("GET", path, cookie=cookie)
            again = s.request("GET", path, cookie=cookie)
            fresh = as_b(s, b, "GET", path, cookie)
            if not (first.status == again.status == fresh.status and page_bytes(first) == page_bytes(again) == page_bytes(fresh)):
                differ.append("%s %s (%d/%d/%d)" % (who, path, first.status, again.status, fresh.status))
            others = [c for w, (_, c) in sessions.items() if w != who and c != csrf]
            if any(c in first.text for c in others):
                differ.append("%s %s shows another session's token" % (who, path))
    t.ok(not differ, "after %s: every viewer's cached page is the fresh one, with its own token" % after,
         "; ".join(differ[:6]))


def submit(s, m, code):
    path = R7 + "/responses/" + code
    s.api("PUT", path, {"answers": GOOD}, token=m)
    return s.api("POST", path + "/submit", token=m).status


def run(t, s):
    s.set_clock(FEB_5_2025)
    m = s.token("ministry1")
    t.eq([submit(s, m, c) for c in ("011002", "012025", "022012")], [200] * 3, "three 団体 submitted")
    b = Uncached(s)
    try:
        sessions = {"ministry-1": s.login("ministry1"), "ministry-2": s.login("ministry1"),
                    "prefa": s.login("prefa"), "prefother": s.login("prefother")}
        t.ok(sessions["ministry-1"][1] != sessions["ministry-2"][1], "two Ministry sessions, two tokens")
        same_pages(t, s, b, sessions, "the first views")
        pa = s.request("GET", PAGES[0], cookie=sessions["prefa"][0]).text
        po = s.request("GET", PAGES[0], cookie=sessions["prefother"][0]).text
        t.ok("北海道内の団体だけを集計しています" in pa and "青森県内の団体だけを集計しています" in po,
             "each coordinator's page is its own prefecture's")
        t.eq(submit(s, m, "013030"), 200, "another 団体 submits")
        same_pages(t, s, b, sessions, "a submission")
        t.eq(s.api("POST", R7 + "/publish", {"suppress_below": 2}, token=m).status, 200, "the Ministry publishes")
        sessions["orga"] = s.login("orga")
        sessions["orgb"] = s.login("orgb")
        same_pages(t, s, b, sessions, "publication (the withdraw form carries each session's token)")
        page = s.request("GET", PAGES[0], cookie=sessions["ministry-2"][0]).text
        t.ok('name="csrf" value="%s"' % sessions["ministry-2"][1] in page and
             sessions["ministry-1"][1] not in page, "the cached page's forms carry the viewer's own token")
        t.eq(s.api("POST", R7 + "/publish", {"suppress_below": 5}, token=m).status, 200, "a new threshold")
        same_pages(t, s, b, sessions, "a new threshold")
        cookie, csrf = sessions["ministry-1"]
        r = s.request("POST", "/surveys/r7-ikenshokai/withdraw", urllib.parse.urlencode({"csrf": csrf}),
                      {"Content-Type": "application/x-www-form-urlencoded"}, cookie)
        t.eq(r.status, 303, "withdrawn with the token of a cached page")
        same_pages(t, s, b, sessions, "the withdrawal")
    finally:
        b.stop()


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
