"""test_mail.py: e-mail through a real SMTP server (smtp_sink.py, Debian's
python3-aiosmtpd on 127.0.0.1) with the durable outbox (#17):

- a 督促 sent through the API and through the page (preview, confirm)
  arrives with its Subject, body and headers decoded right, with the
  Message-ID the outbox shows; a prefecture reminds its own 団体 only;
- 差戻し, publication and the opening of a period send theirs, once;
- an SMTP server that is stopped while mails wait loses none, blocks no
  request, and delivery resumes by itself once it is back;
- a server that refuses (5xx): failed after N tries with its reply shown;
  retried from /admin/mail (audited);
- shokai killed in the middle of a delivery: after the restart every mail
  arrives, a duplicate only with the same Message-ID;
- an address or a reason carrying CR LF adds no header;
- without --smtp nothing is sent, the pages say so, and the mails go out
  after a start with --smtp."""
import email.header
import json
import os
import re
import sqlite3
import subprocess
import time

from harness import PASSWORD, run_tests
from smtp_sink import SmtpSink

SURVEY = "r7-ikenshokai"
R7 = "/api/v1/surveys/" + SURVEY
FEB_5_2025 = 1738713600  # inside the R7 period
BASE = "https://shokai.example.jp"
GOOD = {"challenges": ["課題なし"]}
EVIL = "evil@example.jp\r\nBcc: victim@example.jp"

sink = SmtpSink()
sink.start()


def mail_args(smtp=True):
    args = ["--base-url", BASE, "--mail-backoff", "60", "--mail-tries", "3"]
    if smtp:
        args += ["--smtp", sink.url, "--mail-from", "shokai@soumu.example.jp"]
    return args


def add_user(s, login, org, email=None):
    args = ["user", "add", "--login", login, "--role", "org", "--org", org, "--password-stdin"]
    if email:
        args += ["--email", email]
    s.cli(*args, stdin=PASSWORD + "\n")


def outbox(s, token, state=None):
    q = "?state=" + state if state else ""
    return s.api("GET", "/api/v1/mail" + q, token=token).json()


def wait_until(cond, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.2)
    return cond()


def new_messages(before, n, timeout=15):
    """The messages after the first `before`, once n of them arrived."""
    return sink.wait_for(before + n, timeout)[before:]


def subject_of(msg):
    return str(msg["Subject"])


def refused_options(t, s):
    """serve refuses e-mail options that do not fit together, saying why."""
    cases = [
        (["--smtp", sink.url, "--base-url", BASE], "--mail-from"),
        (["--smtp", sink.url, "--mail-from", "a@b.example"], "--base-url"),
        (["--smtp", "http://127.0.0.1:25", "--mail-from", "a@b.example", "--base-url", BASE], "smtp://"),
        (["--smtp", sink.url, "--mail-from", "a@b.example\r\nBcc: x@y", "--base-url", BASE], "--mail-from"),
        (["--smtp", sink.url, "--mail-from", "a@b.example", "--base-url", BASE, "--smtp-user", "u"],
         "--smtp-password-file"),
        (["--base-url", "javascript:alert(1)"], "--base-url"),
        (["--remind-days", "3,x"], "--remind-days"),
        (["--mail-from", "a@b.example"], "--smtp"),
    ]
    for args, word in cases:
        p = subprocess.run([s.binary, "serve", "--db", s.db, "--listen", "127.0.0.1:0"] + args,
                           capture_output=True, text=True, timeout=30)
        t.ok(p.returncode == 2 and word in p.stderr, "serve %r: refused naming %s" % (" ".join(args), word),
             (p.returncode, p.stderr))


def run(t, s):
    refused_options(t, s)
    s.restart(mail_args())  # the harness started it without mail options
    add_user(s, "m-orgb", "012025", "orgb@hakodate.example")
    add_user(s, "m-orgb2", "012025")               # no address
    add_user(s, "m-aomori", "022012", "joho@aomori.example")
    # An address with a header in it: refused when an account is made, so
    # planted in the database as an older version could have stored it.
    add_user(s, "m-evil", "012033", "evil@example.jp")
    con = sqlite3.connect(s.db)
    con.execute("UPDATE users SET email = ? WHERE login = 'm-evil'", (EVIL,))
    con.commit()
    con.close()
    m, pa, po, b = s.token("ministry1"), s.token("prefa"), s.token("prefother"), s.token("m-orgb")
    admin = s.token("admin1")

    # --- the preview: counts, the text, the accounts without an address
    pv = s.api("GET", R7 + "/reminders", token=m).json()
    t.eq((pv["mails"], pv["organizations"]), (2, 1788), "preview: 2 mails to the 1,788 未提出 団体")
    unreached = {u["login"] for u in pv["without_email"]}
    t.ok({"m-orgb2", "m-evil", "orga", "orgb"} <= unreached,
         "preview: accounts without a usable address are listed", unreached)
    t.ok("【督促】" in pv["subject"] and BASE + "/surveys/" + SURVEY in pv["body"],
         "preview: the subject and the body with the link", pv["subject"])
    t.eq(pv["smtp"], True, "preview: sending is configured")
    pp = s.api("GET", R7 + "/reminders?prefecture=%E9%9D%92%E6%A3%AE%E7%9C%8C", token=pa).json()
    t.eq(pp["mails"], 1, "a prefecture's preview is its own 団体 whatever ?prefecture= says")

    # --- 督促 through the API
    before = len(sink.received)
    t0 = time.time()
    r = s.api("POST", R7 + "/reminders", {"message": "至急ご対応ください。\n締切厳守です。"}, token=m)
    t.ok(r.status == 200 and time.time() - t0 < 3, "the API queues the reminder at once", r.text)
    t.eq(r.json()["queued"], 2, "the API answers the number queued")
    got = new_messages(before, 2)
    t.eq(sorted(rcpt[0] for rcpt, _, _ in got), ["joho@aomori.example", "orgb@hakodate.example"],
         "the reminder arrives through SMTP at both addresses")
    rcpt, msg, raw = [g for g in got if g[0] == ["orgb@hakodate.example"]][0]
    t.ok(subject_of(msg).startswith("【督促】「") and "函館市" in subject_of(msg),
         "decoded Subject is the Japanese one", subject_of(msg))
    body = msg.get_content().replace("\r\n", "\n")
    t.ok("至急ご対応ください。\n締切厳守です。" in body and
         BASE + "/surveys/r7-ikenshokai/responses/012025" in body,
         "decoded body: the extra message and the 団体's link", body)
    t.eq((msg.get_content_type(), msg.get_content_charset(), msg["Content-Transfer-Encoding"],
          msg["MIME-Version"]), ("text/plain", "utf-8", "base64", "1.0"), "MIME headers")
    t.ok(msg["Date"] is not None and msg["Date"].datetime is not None, "a Date header", msg["Date"])
    t.eq(str(msg["From"]), "shokai@soumu.example.jp", "From is --mail-from")
    head = raw.split(b"\r\n\r\n", 1)[0]
    t.ok(b"=?UTF-8?B?" in head and all(len(line) <= 78 for line in raw.split(b"\r\n")),
         "the Subject is RFC 2047 B-encoded and no line passes 78 characters")
    listed = outbox(s, m)
    mine = [x for x in listed["mails"] if x["to"] == "orgb@hakodate.example"][0]
    t.eq((mine["state"], mine["attempts"], mine["message_id"]), ("sent", 1, str(msg["Message-ID"])),
         "the outbox shows it sent once, with the Message-ID that arrived")
    t.ok(mine["last_reply"].startswith("250"), "and the server's reply", mine["last_reply"])
    t.ok(all("Bcc" not in str(g[1]) and "victim" not in g[2].decode() for g in got),
         "no header from the address with CR LF")

    # --- 督促 through the page, by a prefecture (its own 団体 only)
    ca, csrf = s.login("prefa")
    page = s.request("GET", "/surveys/%s/reminders" % SURVEY, cookie=ca).text
    t.ok("送信するメール</dt><dd>1 通" in page and "メールアドレス未登録" in page and "m-orgb2" in page,
         "preview page: the count, the accounts without an address")
    t.ok("メール送信は設定されていません" not in page, "preview page: sending configured")
    before = len(sink.received)
    r = s.form("/surveys/%s/reminders" % SURVEY, {"csrf": csrf, "message": "お願い" * 600, "preview": "1"},
               cookie=ca)
    t.ok(r.status == 200 and "【連絡事項】\n" + "お願い" * 600 in r.text,
         "「文面に反映して確認する」 shows the text with a long message, sending nothing", r.status)
    time.sleep(1.5)
    t.eq(len(sink.received), before, "nothing was sent by the preview")
    r = s.form("/surveys/%s/reminders" % SURVEY, {"csrf": csrf, "message": "お願い"}, cookie=ca)
    t.eq((r.status, r.header("Location")), (303, "/surveys/%s/progress?reminded=1" % SURVEY),
         "the page's form queues it and goes back to the progress page")
    got = new_messages(before, 1)
    t.eq([g[0] for g in got], [["orgb@hakodate.example"]], "the prefecture's reminder reaches its 団体 only")
    t.ok("お願い" in got[0][1].get_content(), "with its message")
    prog = s.request("GET", r.header("Location"), cookie=ca).text
    t.ok("督促メールを 1 通、送信待ちに入れました" in prog, "the progress page says how many")
    r = s.api("POST", R7 + "/reminders", token=po)
    t.eq(r.json()["queued"], 1, "the other prefecture reaches 青森市 only")
    new_messages(before + 1, 1)
    t.eq(s.api("POST", R7 + "/reminders", token=b).status, 403, "an org cannot send reminders")
    t.eq(s.api("POST", R7 + "/reminders", {"message": "x" * 2001}, token=m).status, 400,
         "a message over 2,000 characters is refused")

    # --- 差戻し with its reason, CR LF in it staying in the body
    s.api("PUT", R7 + "/responses/012025", {"answers": GOOD}, token=b)
    s.api("POST", R7 + "/responses/012025/submit", token=b)
    before = len(sink.received)
    reason = "記載漏れがあります。\r\nBcc: victim@example.jp\r\n確認してください。"
    r = s.api("POST", R7 + "/responses/012025/return", {"comment": reason}, token=m)
    t.eq(r.status, 200, "差戻し")
    got = new_messages(before, 1)
    t.ok(len(got) == 1 and subject_of(got[0][1]).startswith("【差戻し】"), "the 差戻し mail arrives")
    t.ok("記載漏れがあります。" in got[0][1].get_content() and got[0][1]["Bcc"] is None,
         "with the reason in its body, which adds no header")

    # --- publication: once to the audience
    before = len(sink.received)
    s.api("POST", R7 + "/publish", {"suppress_below": 3}, token=m)
    got = new_messages(before, 2)
    t.eq(sorted(g[0][0] for g in got), ["joho@aomori.example", "orgb@hakodate.example"],
         "the publication notice reaches the audience")
    s.api("POST", R7 + "/publish", {"suppress_below": 5}, token=m)
    time.sleep(2)
    t.eq(len(sink.received), before + 2, "a changed threshold sends nothing again")

    # --- the opening of a period, noticed by the server itself, once
    now = s.now()
    s.cli("survey", "period", "--survey", "sanso-2023", "--opens", iso(now + 600), "--closes",
          iso(now + 30 * 86400))
    before = len(sink.received)
    s.advance_clock(700)
    got = new_messages(before, 2)
    t.ok(len(got) == 2 and all(subject_of(g[1]).startswith("【照会開始のお知らせ】") for g in got),
         "the opening notice goes when the period opens", [subject_of(g[1]) for g in got])
    time.sleep(2.5)
    t.eq(len(sink.received), before + 2, "and only once")

    # --- the SMTP server stops while mails wait: nothing lost, no request waits
    sink.stop()
    t0 = time.time()
    r = s.api("POST", R7 + "/reminders", token=m)
    t.ok(r.status == 200 and time.time() - t0 < 3, "a reminder is accepted with the SMTP server down")
    n = r.json()["queued"]
    t.ok(wait_until(lambda: all(x["attempts"] >= 1 for x in outbox(s, m, "queued")["mails"]) and
                    len(outbox(s, m, "queued")["mails"]) == n),
         "the mails wait in the queue after a failed try")
    q = outbox(s, m, "queued")["mails"]
    t.ok(all(x["last_reply"] for x in q), "with why the try failed", [x["last_reply"] for x in q])
    t0 = time.time()
    t.eq(s.api("GET", R7 + "/progress", token=m).status, 200, "requests are served meanwhile")
    t.ok(time.time() - t0 < 3, "without waiting for SMTP")
    before = len(sink.received)
    sink.start()
    s.advance_clock(61)  # the first back-off passes
    got = new_messages(before, n)
    t.eq(len(got), n, "delivery resumes by itself: every mail arrives")
    t.ok(wait_until(lambda: outbox(s, m)["counts"]["queued"] == 0), "nothing left in the queue")

    # --- a server that refuses: failed after 3 tries, with its reply
    sink.refuse = "550 5.7.1 No thanks (test)"
    r = s.api("POST", R7 + "/reminders", token=m)
    n = r.json()["queued"]
    for wait in (0, 61, 121):
        s.advance_clock(wait)
        time.sleep(1.5)
    t.ok(wait_until(lambda: outbox(s, m)["counts"]["failed"] == n), "failed after 3 tries",
         outbox(s, m)["counts"])
    failed = outbox(s, admin, "failed")["mails"]
    t.ok(all(x["attempts"] == 3 and "550 5.7.1 No thanks" in x["last_reply"] for x in failed),
         "each with 3 tries and the server's reply, for the administrator too",
         [(x["attempts"], x["last_reply"]) for x in failed])
    cm, mcsrf = s.login("ministry1")
    page = s.request("GET", "/admin/mail?state=failed", cookie=cm).text
    t.ok("550 5.7.1 No thanks (test)" in page and "今すぐ再送" in page,
         "the mail page shows the failed ones with the reply and a retry")
    sink.refuse = None
    before = len(sink.received)
    r = s.form("/admin/mail/%d/retry" % failed[0]["id"], {"csrf": mcsrf}, cookie=cm)
    t.eq((r.status, r.header("Location")), (303, "/admin/mail?retried=%d" % failed[0]["id"]),
         "今すぐ再送 from the page")
    t.eq(s.api("POST", "/api/v1/mail/%d/retry" % failed[1]["id"], token=admin).status, 200,
         "and through the API")
    got = new_messages(before, 2)
    t.eq(len(got), 2, "the retried mails arrive")
    t.eq(s.api("POST", "/api/v1/mail/%d/retry" % failed[0]["id"], token=admin).status, 409,
         "a sent mail is not retried")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("SELECT count(*) FROM audit WHERE action = 'mail.retry'").fetchone()[0], 2,
         "each retry is in the audit trail")
    con.close()
    t.eq(s.api("GET", "/api/v1/mail", token=b).status, 403, "an org does not see the outbox")

    # --- shokai killed in the middle of a delivery
    sink.slow = 4
    sink.slow_started.clear()
    r = s.api("POST", R7 + "/reminders", token=m)
    n = r.json()["queued"]
    ids = {x["message_id"] for x in outbox(s, m)["mails"][:n]}
    before = len(sink.received)
    sink.slow_started.wait(10)
    s.crash()  # SIGKILL while the SMTP server holds the first message
    time.sleep(4.5)
    s.start()
    got = new_messages(before, n + 1, timeout=20)
    arrived = [str(g[1]["Message-ID"]) for g in got]
    t.ok(set(arrived) == ids, "after the restart every mail arrived", (arrived, ids))
    t.ok(len(arrived) <= n + 1, "a duplicate at most, for the one being delivered", arrived)
    t.ok(wait_until(lambda: outbox(s, m)["counts"]["sent"] >= 0 and
                    all(x["state"] == "sent" for x in outbox(s, m)["mails"][:n])),
         "and the outbox has them all sent")
    t.ok("mail_requeued_after_stop" in s.log_text(), "the log says mails were queued again")

    # --- a stop (SIGTERM) in the middle of a delivery does not wait for the SMTP server
    sink.slow = 6
    sink.slow_started.clear()
    m = s.token("ministry1")
    r = s.api("POST", R7 + "/reminders", token=m)
    n = r.json()["queued"]
    ids = {x["message_id"] for x in outbox(s, m)["mails"][:n]}
    before = len(sink.received)
    sink.slow_started.wait(10)
    t0 = time.time()
    status = s.restart(mail_args())
    t.ok(status == 0 and time.time() - t0 < 4, "SIGTERM mid-delivery: the server stops at once, cleanly",
         (status, time.time() - t0))
    m = s.token("ministry1")
    time.sleep(6)
    s.advance_clock(61)
    got = new_messages(before, n, timeout=20)
    t.ok(wait_until(lambda: {str(g[1]["Message-ID"]) for g in sink.messages()[before:]} == ids),
         "the interrupted mail and the rest arrive after the restart", len(got))

    # --- without --smtp: nothing sent, the pages say so, sent after a start with it
    s.restart(mail_args(smtp=False))
    m = s.token("ministry1")
    before = len(sink.received)
    r = s.api("POST", R7 + "/reminders", token=m).json()
    t.eq((r["smtp"], r["queued"] > 0), (False, True), "without --smtp the reminder is queued")
    cm, _ = s.login("ministry1")
    page = s.request("GET", "/surveys/%s/reminders" % SURVEY, cookie=cm).text
    t.ok("メール送信は設定されていません" in page, "the preview page says sending is not configured")
    page = s.request("GET", "/admin/mail", cookie=cm).text
    t.ok("メール送信は設定されていません" in page, "and the mail page")
    time.sleep(2)
    t.eq(len(sink.received), before, "nothing is sent")
    t.eq(outbox(s, m)["counts"]["queued"], r["queued"], "the mails wait in the outbox")
    s.restart(mail_args())
    got = new_messages(before, r["queued"])
    t.eq(len(got), r["queued"], "a start with --smtp sends them")

    # --- --remind-days 3,1: a reminder 3 days and 1 day before the deadline, once each
    s.restart(mail_args() + ["--remind-days", "3,1"])
    now = s.now()
    s.cli("survey", "period", "--survey", SURVEY, "--opens", iso(now - 86400), "--closes",
          iso(now + 5 * 86400))
    before = len(sink.received)
    time.sleep(2)
    t.eq(len(sink.received), before, "no automatic reminder 5 days before the deadline")
    s.advance_clock(2 * 86400 + 3600)  # 3 days before it minus an hour
    got = new_messages(before, 2)
    t.ok(len(got) == 2 and all(subject_of(g[1]).startswith("【督促】") for g in got),
         "the 3-day reminder goes to the 未提出 団体", [g[0] for g in got])
    time.sleep(2.5)
    t.eq(len(sink.received), before + 2, "once")
    s.advance_clock(2 * 86400)  # 1 day before it minus an hour
    got = new_messages(before + 2, 2)
    t.eq(len(got), 2, "then the 1-day reminder")
    time.sleep(2.5)
    t.eq(len(sink.received), before + 4, "once too")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("SELECT count(*) FROM audit WHERE action = 'survey.remind' AND actor = 'system'")
         .fetchone()[0], 2, "each automatic reminder is audited as the system's")
    con.close()
    setup_and_reset_links(t, s)
    starttls(t, s)


def setup_and_reset_links(t, s):
    """#17: the one-time links go out by mail, queued with the link itself: an
    account made with an address gets its setup link; 「パスワードを忘れた方」
    sends a reset link; the links in the mails work, and the mails' bodies are
    not kept once sent."""
    admin = s.token("admin1")
    before = len(sink.received)
    r = s.api("POST", "/api/v1/admin/accounts", {"login": "m-new", "role": "org", "organization": "012025",
                                                 "full_name": "函館 花子", "email": "hanako@hakodate.example"},
              token=admin)
    t.ok(r.status == 200, "the administrator makes an account with an address", r.text[:200])
    got = new_messages(before, 1)
    t.ok(got and "hanako@hakodate.example" in got[0][0] if got else False,
         "its setup link arrives by mail", [g[0] for g in got])
    body = got[0][1].get_content() if got else ""
    link = re.search(re.escape(BASE) + r"(/account/setup\?token=[A-Za-z0-9_-]+)", body)
    t.ok("初回設定" in subject_of(got[0][1]) and "函館 花子" in body and link,
         "in Japanese, to the person, with the link", body[:300])
    if link:
        t.eq(s.request("GET", link.group(1)).status, 200, "the link in the mail opens the setup page")
    con = sqlite3.connect(s.db)
    t.ok(wait_until(lambda: con.execute("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND state = 'sent'"
                                        " AND body = ''", ("hanako@hakodate.example",)).fetchone()[0] == 1),
         "and its body is erased once sent")
    con.close()
    before = len(sink.received)
    r = s.form("/login/forgot", {"name": "m-orgb"})
    got = new_messages(before, 1)
    t.ok(r.status in (200, 303) and got and "orgb@hakodate.example" in got[0][0]
         and "/account/setup?token=" in got[0][1].get_content() and "再設定" in subject_of(got[0][1]),
         "「パスワードを忘れた方」 sends a reset link to the account's address", (r.status, [g[0] for g in got]))


def starttls(t, s):
    """smtp:// with STARTTLS offered (and required by the server), the
    certificate checked against --smtp-ca-file, AUTH with the password file."""
    cert, key, pw = (os.path.join(s.dir, f) for f in ("smtp.crt", "smtp.key", "smtp.pw"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    with open(pw, "w") as f:
        f.write("s3cret pass\n")
    tls = SmtpSink(tls=(cert, key), login=("shokai-relay", "s3cret pass"))
    tls.start()
    try:
        args = ["--base-url", BASE, "--mail-backoff", "60", "--mail-tries", "3", "--smtp", tls.url,
                "--mail-from", "shokai@soumu.example.jp", "--smtp-user", "shokai-relay",
                "--smtp-password-file", pw, "--smtp-ca-file", cert]
        s.restart(args)
        m = s.token("ministry1")
        n = s.api("POST", R7 + "/reminders", token=m).json()["queued"]
        got = tls.wait_for(n)
        t.eq(len(got), n, "through STARTTLS, the certificate checked, logged in with the password file")
        with open(pw, "w") as f:
            f.write("wrong\n")
        s.restart(args)
        m = s.token("ministry1")
        s.api("POST", R7 + "/reminders", token=m)
        t.ok(wait_until(lambda: any(x["last_reply"].startswith("535") for x in outbox(s, m, "queued")["mails"])),
             "a wrong password: the mails wait with the server's 535",
             [(x["state"], x["last_reply"]) for x in outbox(s, m)["mails"]][:3])
        s.restart(args[:-2])  # the system's CAs do not know this certificate
        m = s.token("ministry1")
        s.advance_clock(61)
        t.ok(wait_until(lambda: any("certificate" in x["last_reply"].lower()
                                    for x in outbox(s, m, "queued")["mails"])),
             "an unknown certificate is refused, and said so",
             [x["last_reply"] for x in outbox(s, m, "queued")["mails"]][:2])
    finally:
        tls.stop()


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


if __name__ == "__main__":
    try:
        run_tests(run, clock=FEB_5_2025)
    finally:
        sink.stop()
