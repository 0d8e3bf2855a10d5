"""test_db_pool.py: when every one of the server's database connections is
busy (db_pool.h: 16 connections, here 48 worker threads) a request that gets
none within DB_POOL_WAIT_MS is answered 503 with Retry-After and a message in
Japanese, the event is logged, a save refused so stores nothing, and once the
connections come back the same server serves again, without a restart.
The connections are held by clients that ask for a large export and do not
read it: a handler keeps its connection while CivetWeb waits to write."""
import socket
import time

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, R7

# 一般市 of 北海道 whose 意見 make an export of several megabytes.
CODES = ["012033", "012041", "012050", "012068", "012076", "012084"]
HOLDERS = 24  # more than the pool's 16 connections


def stalled_reader(port, request):
    """A client that sends its request and then reads nothing, with a small window."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(request)
    return sock


def run(t, s):
    s.set_clock(FEB_5_2025)
    m = s.token("ministry1")
    org = s.token("orga")
    row = dict(GOOD["entries"][0], body="意見の本文" * 600)
    for code in CODES:
        path = R7 + "/responses/" + code
        s.api("PUT", path, {"answers": {"challenges": ["課題なし"], "entries": [row] * 60}}, token=m)
        s.api("POST", path + "/submit", token=m)
    export = s.api("GET", R7 + "/entries.csv", token=m, timeout=120)
    t.ok(export.status == 200 and len(export.body) > 3_000_000,
         "the 意見 export is large (%d bytes)" % len(export.body))
    saved = s.api("PUT", R7 + "/responses/011002", {"answers": GOOD}, token=org)
    before = saved.json().get("version")
    t.ok(saved.status == 200 and before, "札幌市 has a saved draft (version %s)" % before)

    request = ("GET %s/entries.csv HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n\r\n"
               % (R7, s.port, m)).encode()
    holders = [stalled_reader(s.port, request) for _ in range(HOLDERS)]
    try:
        time.sleep(3)
        r = s.api("GET", "/api/v1/surveys", token=org, timeout=60)
        t.ok(r.status == 503 and "混み合って" in r.json()["errors"][0]["message"],
             "with every connection held, a request gets 503 saying the server is busy", (r.status, r.text[:200]))
        t.eq(r.header("Retry-After"), "5", "with Retry-After")
        r = s.api("PUT", R7 + "/responses/011002", {"answers": GOOD, "version": before}, token=org, timeout=60)
        t.ok(r.status == 503 and "保存されていません" in r.json()["errors"][0]["message"],
             "a save meanwhile: 503 saying nothing was saved", r.status)
    finally:
        for sock in holders:
            sock.close()
    t.ok("db_pool_exhausted" in s.log_text(), "the log says the pool ran dry")
    served = None
    for _ in range(60):
        served = s.api("GET", "/api/v1/surveys", token=org, timeout=60)
        if served.status == 200:
            break
        time.sleep(0.5)
    t.eq(served.status, 200, "once the readers are gone, the same server serves again")
    after = s.api("GET", R7 + "/responses/011002", token=org).json().get("version")
    t.eq(after, before, "the refused save stored nothing")
    t.eq(s.api("PUT", R7 + "/responses/011002", {"answers": GOOD, "version": before}, token=org).status, 200,
         "and the same save now succeeds")


if __name__ == "__main__":
    run_tests(run, ["--request-timeout", "60000"], threads=48)
