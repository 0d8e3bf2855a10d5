"""test_xss_corpus.py (RELIABILITY.md C1): sixty XSS payloads in everything a
user can write that pages show (R7 具体的な内容 and 意見 bodies, the 三層
free text, a 団体's name in the master, the Ministry's replies and report
notes, the 氏名 and 所属 of 団体 B's account), then every page of `shokai
routes` for r7 and sanso-2023, as the Ministry, 団体 B, B's prefecture and
the administrator, parsed as HTML.

The rule: a payload may change text, never markup. The same pages are first
fetched with harmless text in the same fields (same rows, same lengths of
lists), and every (element, attribute) pair seen then is the allowed set;
with the payloads, no new pair may appear, no <script> may lack a src, and
no URL attribute may start with javascript:. Also no page may answer 5xx."""
import html.parser
import os
import re
import subprocess
import urllib.parse

from harness import run_tests
from test_access_matrix import PARAMS
from test_survey_api import FEB_5_2025, GOOD

ORG_B = "012025"
TEMPLATES = [
    '<script>alert({i})</script>', '"><img src=x onerror=alert({i})>', "'><svg onload=alert({i})>",
    '</textarea><script>alert({i})</script>', '</title><script>alert({i})</script>', 'javascript:alert({i})',
    '<a href="javascript:alert({i})">x</a>', '<iframe src=javascript:alert({i})>', '<body onload=alert({i})>',
    '" autofocus onfocus=alert({i}) x="', "' onmouseover=alert({i}) '",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert({i})>',
    '<style>*{{background:url(javascript:alert({i}))}}</style>', '{{{{7*7}}}}{i}', '${{alert({i})}}',
    '<!--<script>-->alert({i})', '<![CDATA[<script>alert({i})</script>]]>', '&lt;script&gt;alert({i})',
    '%3Cscript%3Ealert({i})%3C/script%3E', '<ScRiPt>alert({i})</sCrIpT>', '<scr<script>ipt>alert({i})</script>',
    '<svg><script>alert&#40;{i}&#41;</script>', '<object data=javascript:alert({i})>',
    '<embed src=javascript:alert({i})>', '<base href=//evil.example/{i}/>',
    '<meta http-equiv=refresh content=0;url=javascript:alert({i})>',
    '<form action=javascript:alert({i})><button>x</button></form>', '<input onfocus=alert({i}) autofocus>',
    '<details open ontoggle=alert({i})>', '<video><source onerror=alert({i})>', '<x onclick=alert({i})>click',
    '<div style="background:url(javascript:alert({i}))">', '`-alert({i})-`', '</script><script>alert({i})</script>',
    '"-alert({i})-"', "'-alert({i})-'", '\\";alert({i});//', '<isindex action=javascript:alert({i}) type=image>',
    '<marquee onstart=alert({i})>', '<link rel=import href=//evil.example/{i}>',
    '<table background=javascript:alert({i})>', '<img src="x:gif" onerror="alert({i})">', '<svg/onload=alert({i})>',
    '<img src=x:alert({i}) onerror=eval(src)>', '<a href=" &#14;  javascript:alert({i})">x</a>',
    '<a href="jav&#x09;ascript:alert({i})">x</a>', 'data:text/html,<script>alert({i})</script>',
    '<noscript><p title="</noscript><img src=x onerror=alert({i})>">', '<template><script>alert({i})</script></template>',
    '=HYPERLINK("http://evil.example/{i}")', '+cmd|" /C calc"!A{i}', '@SUM(1+1)*cmd|" /C calc"!A{i}',
    '<select><option><svg onload=alert({i})>', '<keygen autofocus onfocus=alert({i})>',
    '<textarea><script>alert({i})</script>', '"><svg><animate onbegin=alert({i}) attributeName=x>',
    '<xmp><script>alert({i})</script></xmp>', '<plaintext><script>alert({i})', '\\x3cscript\\x3ealert({i})',
    '<img srcset="x 1x" onerror=alert({i})>',
]
PAYLOADS = [p.format(i=i) for i, p in enumerate(TEMPLATES)]
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"}


class Markup(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs, self.bad = set(), []

    def handle_starttag(self, tag, attrs):
        self.pairs.add((tag, None))
        names = {name for name, _ in attrs}
        for name, value in attrs:
            self.pairs.add((tag, name))
            if name in URL_ATTRS and (value or "").strip().lower().startswith("javascript:"):
                self.bad.append("%s %s=%s" % (tag, name, value))
        if tag == "script" and "src" not in names:
            self.bad.append("an inline <script>")

    handle_startendtag = handle_starttag


def plant(t, s, texts, m, cookie_m):
    """Writes texts (60 strings) into every field pages show."""
    b = s.token("orgb")
    r7 = "/api/v1/surveys/r7-ikenshokai/responses/" + ORG_B
    details = [dict(GOOD["details"][0], content=x) for x in texts[:30]]
    # the entries the Ministry replied to stay unchanged (a submission may not change them)
    replied = [{f: e[f] for f in ("kind", "material", "page", "category", "body")}
               for e in s.api("GET", "/api/v1/surveys/r7-ikenshokai/entries", token=m).json()["entries"]
               if e["reply"]]
    entries = replied + [dict(GOOD["entries"][0], body=x, page=x[:50]) for x in texts]
    r = s.api("PUT", r7, {"answers": {**GOOD, "details": details, "entries": entries}}, token=b)
    ok = r.status == 200 and s.api("POST", r7 + "/submit", token=b).status == 200
    sanso = "/api/v1/surveys/sanso-2023/responses/" + ORG_B
    r = s.api("PUT", sanso, {"answers": {"model": "αモデル", "considered": "検討したことがある", "reasons": ["その他"],
                                         "reasons_other": texts[9]}}, token=b)
    if r.status != 200:
        print("# sanso:", r.status, r.text[:200])
    ok = ok and r.status == 200
    # the person behind 団体 B's account, which the progress page, B's response and the
    # administrator's list of accounts show
    admin = s.token("admin1")
    orgb = s.api("GET", "/api/v1/admin/accounts?q=orgb", token=admin).json()["accounts"][0]["id"]
    r = s.api("PUT", "/api/v1/admin/accounts/%d/profile" % orgb,
              {"full_name": texts[10][:64], "department": texts[11][:128], "phone": "0138-21-3111",
               "email": "orgb@city.hakodate.example.jp"}, token=admin)
    if r.status != 200:
        print("# profile:", r.status, r.text[:200])
    ok = ok and r.status == 200
    keys = [e["key"] for e in s.api("GET", "/api/v1/surveys/r7-ikenshokai/entries", token=m).json()["entries"]]
    for key, text in zip(keys, texts[1:6]):
        r = s.api("PUT", "/api/v1/surveys/r7-ikenshokai/entries/%s/reply" % key,
                  {"disposition": "回答", "reply": text}, token=m)
        if r.status != 200:
            print("# reply:", r.status, r.text[:200])
        ok = ok and r.status == 200
    return ok


def pages(s, table, identities):
    """Every page (not the API, not static files) for r7 and sanso-2023, per identity."""
    out = {}
    for who, cookie in identities.items():
        for method, pattern, roles in table:
            if method != "GET" or pattern.startswith(("/api/", "/static/")) or pattern == "/healthz":
                continue
            for survey in ("r7-ikenshokai", "sanso-2023"):
                path = pattern
                for name in re.findall(r":[a-z]+", pattern):
                    path = path.replace(name, dict(PARAMS, **{":id": survey})[name], 1)
                r = s.request("GET", path, cookie=cookie)
                out[(who, pattern, survey)] = (r.status, r.body.decode("utf-8", "replace"))
    return out


def run(t, s):
    s.set_clock(FEB_5_2025)
    out = subprocess.run([s.binary, "routes"], capture_output=True, text=True, check=True).stdout
    table = [(line.split("\t")[0], line.split("\t")[1], line.split("\t")[2]) for line in out.splitlines()]
    m = s.token("ministry1")
    cookie_m, csrf_m = s.login("ministry1")
    identities = {"Ministry": cookie_m, "org B": s.login("orgb")[0], "prefecture of B": s.login("prefa")[0],
                  "administrator": s.login("admin1")[0]}

    def rename(name):
        master = os.path.join(s.dir, "master.csv")
        with open(master, "w", encoding="utf-8") as f:
            f.write('code,prefecture,name,kana,kind\n%s,北海道,"%s",はこだてし,中核市\n' % (ORG_B, name.replace('"', '""')))
        return s.cli("import", "organizations", "--file", master, check=False).returncode == 0

    def notes(text):
        body = urllib.parse.urlencode({"csrf": csrf_m, "version": str(notes.version), "considerations": text,
                                       "direction": text})
        notes.version += 1
        return s.request("POST", "/surveys/r7-ikenshokai/report/notes", body,
                         {"Content-Type": "application/x-www-form-urlencoded"}, cookie_m).status == 303
    notes.version = 0

    t.eq(s.api("PUT", "/api/v1/surveys/sanso-2023/period", {"opens": "2025-01-01T00:00:00+09:00",
                                                            "closes": "2025-12-31T23:59:59+09:00"}, token=m).status,
         200, "sanso-2023 open")
    harmless = ["無害な文章 %d" % i for i in range(len(PAYLOADS))]
    t.ok(plant(t, s, harmless, m, cookie_m) and rename("函館市（無害）") and notes("無害なまとめ"),
         "harmless text planted in every field")
    allowed = set()
    for (who, pattern, survey), (status, body) in pages(s, table, identities).items():
        p = Markup()
        p.feed(body)
        allowed |= p.pairs

    t.ok(plant(t, s, PAYLOADS, m, cookie_m), "%d payloads planted in answers and replies" % len(PAYLOADS))
    t.ok(rename(PAYLOADS[1][:40]), "a payload as a 団体's name in the master")
    t.ok(notes("\n".join(PAYLOADS)), "all payloads in the report notes")
    fetched = pages(s, table, identities)
    injected, errors, shown = [], [], 0
    for (who, pattern, survey), (status, body) in fetched.items():
        if status >= 500:
            errors.append("%s %s %s: %d" % (who, pattern, survey, status))
        p = Markup()
        p.feed(body)
        new = p.pairs - allowed
        if new or p.bad:
            injected.append("%s %s %s: %s %s" % (who, pattern, survey, sorted(new, key=str)[:3], p.bad[:3]))
        shown += any(("alert(%d)" % i) in body for i in range(len(PAYLOADS)))
    t.ok(len(fetched) > 60, "%d pages fetched" % len(fetched))
    t.ok(shown > 10, "the payloads are shown (as text) on %d pages" % shown)
    t.eq(errors, [], "no page answers 5xx")
    t.eq(injected, [], "no payload adds an element, an attribute, an inline script or a javascript: URL")


if __name__ == "__main__":
    run_tests(run)
