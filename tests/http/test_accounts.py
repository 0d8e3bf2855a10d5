"""test_accounts.py (issue #17): accounts in the browser.

- /admin/accounts and /api/v1/admin/accounts… are the administrator's only:
  every other role gets 403, anonymous pages go to /login and the API 401;
  forms without the CSRF token are refused (403) and change nothing.
- create (page and API alike, one outcome), search by login, 団体 name or
  code, prefecture, role and state, 50 a page with the total, disable and
  enable, role and 団体, approver, a lost authenticator, the person's
  profile (shown on the progress page and beside a response), every change
  in the audit trail.
- one-time links: a setup link sets the password (rules of a password
  change) and signs in (a Ministry account then goes to its authenticator);
  single use; expired after 14 days (the injected clock); a newer link
  revokes the older; an account imported without a password cannot log in.
- 「パスワードを忘れた方」: the same status and page for an existing and an
  unknown login; a reset link is recorded only for an account with an
  address, shown to the administrator as 「再設定リンク発行済」, never to the
  requester; throttled alike for both.
- bulk issuance: wrong header, duplicate login, unknown 団体コード, bad role,
  each named by row with nothing created; UTF-8 with a BOM and CP932 files
  import; the page offers the links CSV and the 通知書 to the importing
  session only, for 30 minutes; the API answers the links; `shokai user
  import` alike."""
import csv
import io
import re
import sqlite3
import urllib.parse

from harness import PASSWORD, run_tests

HEADER = "団体コード,ログイン名,役割,氏名,所属,電話番号,メール"
NEW_PASSWORD = "a new long password 17"
DAY = 86400


def multipart(fields, filename, data):
    """(Content-Type, body) of a browser's form with one file."""
    boundary = "----shokaiTestBoundary17"
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode()
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: text/csv\r\n\r\n" % (boundary, filename)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return "multipart/form-data; boundary=" + boundary, out


def upload(s, cookie, csrf, data, filename="accounts.csv"):
    ctype, body = multipart({"csrf": csrf}, filename, data)
    return s.request("POST", "/admin/accounts/import", body, {"Content-Type": ctype}, cookie)


def count(s, sql, *args):
    con = sqlite3.connect(s.db)
    n = con.execute(sql, args).fetchone()[0]
    con.close()
    return n


def users(s):
    return count(s, "SELECT count(*) FROM users")


def link_of(s, page):
    m = re.search(r'id="link-url">([^<]+)<', page)
    return m.group(1).replace("&amp;", "&").split("127.0.0.1:%d" % s.port)[1] if m else None


def setup(s, path, password=NEW_PASSWORD, confirm=None):
    token = path.split("token=")[1]
    return s.form("/account/setup", {"token": token, "new": password,
                                     "confirm": password if confirm is None else confirm})


def permissions(t, s, admin_cookie, admin_csrf):
    routes = [("GET", "/admin/accounts"), ("GET", "/admin/accounts/new"), ("GET", "/admin/accounts/1"),
              ("GET", "/admin/accounts/import")]
    for login in ("ministry1", "prefa", "orga"):
        cookie, _ = s.login(login)
        token = s.token(login)
        statuses = [s.request(m, p, cookie=cookie).status for m, p in routes]
        statuses.append(s.api("GET", "/api/v1/admin/accounts", token=token).status)
        statuses.append(s.api("POST", "/api/v1/admin/accounts", {"login": "x-" + login, "role": "org",
                                                                   "organization": "011002"}, token=token).status)
        statuses.append(s.api("POST", "/api/v1/admin/accounts/1/disable", token=token).status)
        t.eq(statuses, [403] * 7, "%s: every account route is refused (403)" % login)
    r = s.request("GET", "/admin/accounts")
    t.ok(r.status == 303 and r.header("Location").startswith("/login"), "anonymous: the page goes to /login")
    t.eq(s.api("GET", "/api/v1/admin/accounts").status, 401, "anonymous: the API is 401")
    before = users(s)
    r = s.form("/admin/accounts", {"login": "nocsrf", "role": "org", "organization": "011002"}, cookie=admin_cookie)
    t.eq(r.status, 403, "creating without the CSRF token is refused")
    r = s.form("/admin/accounts/3/disable", {"csrf": "forged"}, cookie=admin_cookie)
    t.eq(r.status, 403, "disabling with a forged CSRF token is refused")
    ctype, body = multipart({}, "a.csv", (HEADER + "\n011002,nocsrf2,団体,,,,\n").encode())
    r = s.request("POST", "/admin/accounts/import", body, {"Content-Type": ctype}, admin_cookie)
    t.eq(r.status, 403, "an upload without the CSRF token is refused")
    t.eq(users(s), before, "and nothing was created")


def create_and_search(t, s, cookie, csrf, token):
    r = s.form("/admin/accounts", {"csrf": csrf, "login": "sapporo-kikaku", "role": "org", "organization": "011002",
                                   "full_name": "札幌 太郎", "department": "デジタル戦略室", "phone": "011-211-2111",
                                   "email": "taro@city.sapporo.example.jp", "approver": "1"}, cookie=cookie)
    path = link_of(s, r.text)
    t.ok(r.status == 200 and path and path.startswith("/account/setup?token="),
         "the page creates an account and shows its setup link once", r.text[-400:])
    r = s.api("POST", "/api/v1/admin/accounts", {"login": "hakodate-soumu", "role": "org", "organization": "012025",
                                                  "full_name": "函館 花子", "phone": "0138-21-3111"}, token=token)
    t.ok(r.status == 200 and "/account/setup?token=" in r.json()["url"], "the API creates one and answers its link",
         r.text)
    page = s.form("/admin/accounts", {"csrf": csrf, "login": "sapporo-kikaku", "role": "org",
                                      "organization": "011002"}, cookie=cookie)
    api = s.api("POST", "/api/v1/admin/accounts", {"login": "sapporo-kikaku", "role": "org",
                                                    "organization": "011002"}, token=token)
    t.ok(page.status == api.status == 409 and api.json()["errors"][0]["message"] in page.text,
         "a login in use: 409 with the same words on the page and the API", (page.status, api.text))
    page = s.form("/admin/accounts", {"csrf": csrf, "login": "kushiro1", "role": "pref", "organization": "011002"},
                  cookie=cookie)
    api = s.api("POST", "/api/v1/admin/accounts", {"login": "kushiro1", "role": "pref", "organization": "011002"},
                token=token)
    t.ok(page.status == api.status == 400 and "都道府県の団体コード" in page.text,
         "a prefecture account with a city's code: 400 on both", (page.status, api.status))
    api = s.api("POST", "/api/v1/admin/accounts", {"login": "bad-mail", "role": "ministry", "email": "no at sign"},
                token=token)
    t.eq(api.status, 400, "a malformed e-mail address is refused")

    def found(query):
        return s.api("GET", "/api/v1/admin/accounts?" + urllib.parse.quote(query, safe="=&"), token=token).json()
    t.eq([a["login"] for a in found("q=sapporo")["accounts"]], ["sapporo-kikaku"], "search by login")
    t.eq(sorted(a["login"] for a in found("q=函館")["accounts"]), ["hakodate-soumu", "orgb"],
         "search by 団体 name")
    t.eq(sorted(a["login"] for a in found("q=0120")["accounts"]), ["hakodate-soumu", "orgb"],
         "search by the start of a 団体コード")
    t.eq(sorted(a["login"] for a in found("prefecture=青森県")["accounts"]), ["prefother"], "by prefecture")
    t.eq(sorted(a["login"] for a in found("role=ministry")["accounts"]), ["ministry1"], "by role")
    t.eq(sorted(a["login"] for a in found("state=unset")["accounts"]), ["hakodate-soumu", "sapporo-kikaku"],
         "by state: no password yet")
    one = found("q=sapporo-kikaku")["accounts"][0]
    t.eq((one["full_name"], one["department"], one["approver"], one["link"]["kind"]),
         ("札幌 太郎", "デジタル戦略室", True, "setup"), "the profile, approver flag and live setup link")
    page = s.request("GET", "/admin/accounts?q=%E6%9C%AD%E5%B9%8C&role=org", cookie=cookie)
    t.ok(page.status == 200 and "sapporo-kikaku" in page.text and "orga" in page.text and "orgb" not in page.text,
         "the page searches alike (札幌, 団体職員)")
    r = s.form("/login", {"login": "sapporo-kikaku", "password": PASSWORD})
    t.eq(r.status, 401, "an account without a password yet cannot log in")
    r = setup(s, path, "short", "short")
    t.eq(r.status, 422, "the setup link refuses a password the rules refuse")
    r = setup(s, path, NEW_PASSWORD, NEW_PASSWORD + "x")
    t.eq(r.status, 422, "and a confirmation that differs")
    r = setup(s, path)
    t.ok(r.status == 303 and r.header("Set-Cookie"), "the setup link sets the password and signs in")
    c2 = r.header("Set-Cookie").split(";")[0]
    t.ok("sapporo-kikaku" in s.request("GET", "/", cookie=c2).text, "the new session is the account's")
    t.eq(setup(s, path).status, 404, "the link is used up: a second use is 404")
    t.eq(s.form("/login", {"login": "sapporo-kikaku", "password": NEW_PASSWORD}).status, 303,
         "the account logs in with its new password")
    return found("q=sapporo-kikaku")["accounts"][0]["id"]


def operations(t, s, cookie, csrf, token, account_id):
    base = "/admin/accounts/%d" % account_id
    api = "/api/v1/admin/accounts/%d" % account_id
    user_token = s.token("sapporo-kikaku", NEW_PASSWORD)
    r = s.form(base + "/disable", {"csrf": csrf}, cookie=cookie)
    t.ok(r.status == 303 and "done=disabled" in r.header("Location"), "disable from the page")
    t.eq(s.api("GET", "/api/v1/surveys", token=user_token).status, 401, "its API token stopped working")
    t.eq(s.form("/login", {"login": "sapporo-kikaku", "password": NEW_PASSWORD}).status, 401, "it cannot log in")
    t.eq(s.api("POST", api + "/enable", token=token).json()["state"], "active", "enable from the API")
    t.eq(s.form("/login", {"login": "sapporo-kikaku", "password": NEW_PASSWORD}).status, 303, "it logs in again")
    admin_id = count(s, "SELECT id FROM users WHERE login = 'admin1'")
    r = s.api("POST", "/api/v1/admin/accounts/%d/disable" % admin_id, token=token)
    t.eq(r.status, 409, "an administrator cannot disable its own account")
    r = s.api("POST", api + "/role", {"role": "pref", "organization": "010006"}, token=token)
    t.ok(r.status == 200 and r.json()["role"] == "pref", "role and 団体 changed (to 北海道's prefecture)", r.text)
    t.eq(r.json()["approver"], True, "an org approver that becomes pref stays one")
    r = s.api("POST", api + "/role", {"role": "ministry"}, token=token)
    t.eq((r.status, r.json()["approver"]), (200, False), "a ministry account is no approver")
    r = s.api("POST", api + "/approver", {"approver": True}, token=token)
    t.eq(r.status, 409, "the approver flag is for org and pref accounts only")
    r = s.form(base + "/role", {"csrf": csrf, "role": "org", "organization": "011002"}, cookie=cookie)
    t.eq(r.status, 303, "back to 札幌市 from the page")
    r = s.form(base + "/approver", {"csrf": csrf, "approver": "0"}, cookie=cookie)
    t.eq((r.status, count(s, "SELECT approver FROM users WHERE id = ?", account_id)), (303, 0),
         "approver flag off from the page")
    m_id = count(s, "SELECT id FROM users WHERE login = 'ministry1'")
    t.eq(count(s, "SELECT totp_secret IS NOT NULL FROM users WHERE id = ?", m_id), 1, "ministry1 has an authenticator")
    r = s.form("/admin/accounts/%d/second-factor/remove" % m_id, {"csrf": csrf}, cookie=cookie)
    t.eq((r.status, count(s, "SELECT totp_secret IS NOT NULL FROM users WHERE id = ?", m_id)), (303, 0),
         "a lost authenticator is removed")
    s.enrol("ministry1")  # its new key, handed over in person
    r = s.api("PUT", api + "/profile", {"full_name": "札幌 次郎", "department": "総務局 情報システム課",
                                         "phone": "011-211-2222", "email": "jiro@city.sapporo.example.jp"},
              token=token)
    t.eq(r.status, 200, "the profile is edited from the API")
    r = s.form(base + "/profile", {"csrf": csrf, "full_name": "札幌 次郎", "department": "総務局 情報システム課",
                                   "phone": "電話", "email": ""}, cookie=cookie)
    t.eq(r.status, 400, "a phone number with letters is refused")
    actions = [row for row in sqlite3.connect(s.db).execute(
        "SELECT action FROM audit WHERE target = 'sapporo-kikaku' ORDER BY id")]
    want = ["user.add", "user.approver", "user.link.setup", "user.link.used", "user.disable", "user.enable",
            "user.role", "user.role", "user.role", "user.not_approver", "user.profile"]
    t.eq([a for (a,) in actions], want, "every change is in the audit trail")


def contacts(t, s):
    m_cookie, _ = s.login("ministry1")
    page = s.request("GET", "/surveys/r7-ikenshokai/progress", cookie=m_cookie).text
    t.ok("札幌 次郎（総務局 情報システム課） 電話 011-211-2222 jiro@city.sapporo.example.jp" in page,
         "the progress page says whom to call beside 札幌市")
    page = s.request("GET", "/surveys/r7-ikenshokai/responses/011002", cookie=m_cookie).text
    t.ok(re.search(r'id="contacts">[^<]*札幌 次郎', page) is not None, "and so does the response's header")
    r = s.api("GET", "/api/v1/admin/accounts.csv?q=sapporo-kikaku", token=s.token("admin1"))
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
    t.eq((rows[0][:6], rows[1][5:9]), (["ログイン名", "役割", "団体コード", "都道府県", "団体名", "氏名"],
                                       ["札幌 次郎", "総務局 情報システム課", "011-211-2222",
                                        "jiro@city.sapporo.example.jp"]), "the accounts CSV carries the profile")
    admin = s.token("admin1")
    hakodate = s.api("GET", "/api/v1/admin/accounts?q=hakodate-soumu", token=admin).json()["accounts"][0]["id"]
    s.api("PUT", "/api/v1/admin/accounts/%d/profile" % hakodate,
          {"full_name": "=HYPERLINK(\"http://evil.example/\")", "department": "+cmd", "phone": "", "email": ""},
          token=admin)
    r = s.api("GET", "/api/v1/admin/accounts.csv?q=hakodate-soumu", token=admin)
    row = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))[1]
    t.eq(row[5:7], ["'=HYPERLINK(\"http://evil.example/\")", "'+cmd"],
         "a 氏名 or 所属 a spreadsheet would run is made inert")


def links(t, s, cookie, csrf, token):
    r = s.api("POST", "/api/v1/admin/accounts", {"login": "reset-me", "role": "org", "organization": "012025",
                                                  "email": "reset@city.hakodate.example.jp"}, token=token)
    account_id = r.json()["id"]
    setup_path = r.json()["url"].split("127.0.0.1:%d" % s.port)[1]
    r = s.form("/admin/accounts/%d/reset-link" % account_id, {"csrf": csrf}, cookie=cookie)
    reset_path = link_of(s, r.text)
    t.ok(r.status == 200 and reset_path, "the administrator issues a new link from the account's page")
    t.eq(s.request("GET", setup_path).status, 404, "the newer link revokes the older one")
    page = s.request("GET", "/admin/accounts/%d" % account_id, cookie=cookie).text
    t.ok("初期設定リンク発行済（期限" in page,
         "the account's page says a link is out, with its expiry (a setup link: no password yet)")
    t.ok(reset_path.split("token=")[1] not in page, "but never shows the link again")
    s.advance_clock(14 * DAY + 60)
    t.eq(s.request("GET", reset_path).status, 404, "after 14 days the link has expired")
    t.eq(setup(s, reset_path).status, 404, "and cannot set a password")
    s.advance_clock(-(14 * DAY + 60))
    # a Ministry account's link leads to its authenticator
    r = s.api("POST", "/api/v1/admin/accounts", {"login": "ministry-new", "role": "ministry"}, token=token)
    path = r.json()["url"].split("127.0.0.1:%d" % s.port)[1]
    r = setup(s, path)
    t.ok(r.status == 303 and r.header("Location") == "/login/second-factor",
         "a Ministry account's setup goes on to its authenticator", (r.status, r.header("Location")))
    pending = r.header("Set-Cookie").split(";")[0]
    page = s.request("GET", "/login/second-factor", cookie=pending)
    t.ok(page.status == 200 and 'id="secret-text"' in page.text,
         "which offers a key to set up though this server lets no login set one up (--self-enrol off)")
    full = s.second_factor_step("ministry-new", pending)
    t.ok("ministry-new" in s.request("GET", "/", cookie=full).text, "and with its first code the account is in")
    r = s.form("/login", {"login": "ministry-new", "password": NEW_PASSWORD})
    page = s.request("GET", "/login/second-factor", cookie=r.header("Set-Cookie").split(";")[0])
    t.ok('id="secret-text"' not in page.text and 'id="code"' in page.text,
         "its next login asks for the code, offering no key")
    r = s.form("/login", {"login": "ministry1", "password": PASSWORD})
    con = sqlite3.connect(s.db)
    con.execute("UPDATE users SET totp_secret = NULL WHERE login = 'ministry1'")
    con.commit()
    con.close()
    page = s.request("GET", "/login/second-factor", cookie=r.header("Set-Cookie").split(";")[0])
    t.eq(page.status, 403, "while a login without a link is still offered no key")
    s.enrol("ministry1")


def forgot(t, s, cookie):
    con = sqlite3.connect(s.db)
    con.execute("UPDATE users SET email = 'orga@city.example.jp' WHERE login = 'orga'")
    con.commit()
    con.close()
    links_before = count(s, "SELECT count(*) FROM account_links")
    page = s.request("GET", "/login")
    t.ok('href="/login/forgot"' in page.text and "パスワードを忘れた方" in page.text, "the login page links to it")
    known = s.form("/login/forgot", {"name": "orga"})
    unknown = s.form("/login/forgot", {"name": "no-such-login"})
    no_mail = s.form("/login/forgot", {"name": "orgb"})
    t.eq((known.status, unknown.status, no_mail.status), (200, 200, 200), "the same status for all three")
    t.ok(known.body == unknown.body == no_mail.body, "and the same page")
    t.ok("token=" not in known.text, "the page shows no link")
    t.eq(count(s, "SELECT count(*) FROM account_links") - links_before, 1, "a link is issued for orga only")
    t.eq(count(s, "SELECT count(*) FROM account_links l JOIN users u ON u.id = l.user_id"
                  " WHERE u.login = 'orga' AND l.kind = 'reset'"), 1, "a reset link of orga")
    by_mail = s.form("/login/forgot", {"name": "ORGA@city.example.jp"})
    t.eq((by_mail.status, by_mail.body), (200, known.body), "an e-mail address works alike")
    orga_id = count(s, "SELECT id FROM users WHERE login = 'orga'")
    page = s.request("GET", "/admin/accounts/%d" % orga_id, cookie=cookie).text
    t.ok("再設定リンク発行済（期限" in page, "the administrator sees that a reset link was issued")
    statuses = {name: [s.form("/login/forgot", {"name": name}).status for _ in range(6)]
                for name in ("prefa", "nobody-here")}
    t.ok(statuses["prefa"] == statuses["nobody-here"] == [200] * 5 + [429],
         "repeated requests are throttled alike for an existing and an unknown login", statuses)


def bad_files(t, s, cookie, csrf, token):
    before = users(s)
    cases = [
        ("a wrong header", "団体コード,ログイン名,役割\n011002,x-wrong,団体\n", ["1行目"]),
        ("a duplicate login", HEADER + "\n011002,dup-a,団体,,,,\n012025,dup-a,団体,,,,\n",
         ["3行目: ログイン名 dup-a は 2行目と重複しています。"]),
        ("an unknown 団体コード", HEADER + "\n011002,good-1,団体,,,,\n999999,bad-org,団体,,,,\n",
         ["3行目: 団体コード 999999 の団体はありません。"]),
        ("a bad role and a login in use", HEADER + "\n011002,boss-1,課長,,,,\n011002,orga,団体,,,,\n",
         ["2行目: 役割「課長」", "3行目: ログイン名 orga は既に使われています。"]),
    ]
    for what, text, named in cases:
        r = upload(s, cookie, csrf, text.encode())
        t.ok(r.status == 400 and all(n in r.text for n in named), "the page refuses %s, naming the row" % what,
             r.text[-600:])
        r = s.api("POST", "/api/v1/admin/accounts/import", headers={"Content-Type": "text/csv"}, raw=text.encode(),
                  token=token)
        messages = [e["message"] for e in r.json().get("errors", [])] if r.status == 400 else r.text
        t.ok(r.status == 400 and all(any(n in m for m in messages) for n in named),
             "the API refuses %s alike" % what, messages)
    t.eq(users(s), before, "nothing was created by any of them")
    r = s.api("POST", "/api/v1/admin/accounts/import", headers={"Content-Type": "text/csv"}, raw=b"\x82\xa0\xff\xff",
              token=token)
    t.eq(r.status, 400, "bytes that are neither UTF-8 nor CP932 are refused")


def good_files(t, s, cookie, csrf, token):
    cp932 = (HEADER + "\n011002,sjis-1,団体,札幌 一郎,総務課,011-000-0001,ichiro@example.jp\n"
             "010006,sjis-pref,都道府県,道庁 二郎,情報政策課,,\n").encode("cp932")
    r = upload(s, cookie, csrf, cp932, "excel.csv")
    t.ok(r.status == 200 and "2件のアカウントを発行しました" in r.text, "a CP932 file from Excel imports", r.text[-500:])
    t.eq(count(s, "SELECT full_name FROM users WHERE login = 'sjis-1'"), "札幌 一郎", "its text arrives as UTF-8")
    batch = re.search(r'links\.csv\?batch=([^"]+)"', r.text).group(1)
    csv_r = s.request("GET", "/admin/accounts/import/links.csv?batch=" + batch, cookie=cookie)
    rows = list(csv.reader(io.StringIO(csv_r.body.decode("utf-8-sig"), newline="")))
    t.eq(rows[0], ["ログイン名", "役割", "団体コード", "都道府県", "団体名", "氏名", "設定用URL", "有効期限"],
         "the links CSV's header")
    t.ok(len(rows) == 3 and all("/account/setup?token=" in row[6] for row in rows[1:]), "one link per account")
    notices = s.request("GET", "/admin/accounts/import/notices?batch=" + batch, cookie=cookie)
    sheets = re.findall(r'<section class="notice-sheet"', notices.text)
    t.ok(notices.status == 200 and len(sheets) == 2 and "北海道 札幌市" in notices.text,
         "the 通知書: one sheet per 団体", len(sheets))
    other, _ = s.login("admin2")
    t.eq(s.request("GET", "/admin/accounts/import/links.csv?batch=" + batch, cookie=other).status, 404,
         "another administrator's session cannot take the links")
    link = rows[1][6].split("127.0.0.1:%d" % s.port)[1]
    t.eq(s.request("GET", link).status, 200, "a link from the CSV opens the setup page")
    s.advance_clock(20 * 60)
    t.eq(s.request("GET", "/admin/accounts", cookie=cookie).status, 200, "20 minutes on, the session is in use")
    s.advance_clock(11 * 60)
    t.eq(s.request("GET", "/admin/accounts/import/links.csv?batch=" + batch, cookie=cookie).status, 404,
         "after 30 minutes the links are gone from the server, the session still live")
    bom = ("\ufeff" + HEADER + "\r\n012025,bom-1,org,函館 三郎,,,\r\n,bom-admin,管理者,,,,\r\n").encode("utf-8")
    r = s.api("POST", "/api/v1/admin/accounts/import", headers={"Content-Type": "text/csv"}, raw=bom, token=token)
    body = r.json() if r.status == 200 else {}
    t.ok(r.status == 200 and body["created"] == 2 and all("/account/setup?token=" in a["url"]
                                                         for a in body["accounts"]),
         "a UTF-8 file with a BOM imports through the API, which answers the links", r.text[:300])
    path = "/tmp/shokai-accounts-%d.csv" % s.port
    with open(path, "wb") as f:
        f.write((HEADER + "\n011002,cli-1,団体,,,,\n").encode("cp932"))
    p = s.cli("user", "import", "--file", path, "--base-url", "https://shokai.example.lg.jp", check=False)
    t.ok(p.returncode == 0 and "https://shokai.example.lg.jp/account/setup?token=" in p.stdout,
         "`shokai user import` prints the links with --base-url", p.stderr)
    p = s.cli("user", "import", "--file", path, check=False)
    t.ok(p.returncode == 2 and "ログイン名 cli-1 は既に使われています" in p.stderr,
         "and refuses a file again, naming the row", p.stderr)


def run(t, s):
    s.cli("user", "add", "--login", "admin2", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    s.enrol("admin2")
    cookie, csrf = s.login("admin1")
    token = s.token("admin1")
    permissions(t, s, cookie, csrf)
    account_id = create_and_search(t, s, cookie, csrf, token)
    operations(t, s, cookie, csrf, token, account_id)
    contacts(t, s)
    links(t, s, cookie, csrf, token)
    forgot(t, s, cookie)
    bad_files(t, s, cookie, csrf, token)
    good_files(t, s, cookie, csrf, token)
    page = s.request("GET", "/admin/accounts", cookie=cookie).text
    total = int(re.search(r'id="account-count">(\d+)件中', page).group(1))
    t.eq(total, count(s, "SELECT count(*) FROM users"), "the list counts every account")


if __name__ == "__main__":
    run_tests(run)
