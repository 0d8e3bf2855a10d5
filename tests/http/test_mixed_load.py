"""test_mixed_load.py (RELIABILITY.md E1, the CI smoke): 200 connections at
once against a server with 16 worker threads, each a client of one of eight
団体 doing what people do on the deadline day: open the answering page,
read the survey, save a draft. Every request gets its answer (no reset, no
5xx; a save may meet a newer version: 409), every acknowledged save is
stored, and the server is healthy afterwards. No timing is asserted.
SHOKAI_LOAD_SECONDS makes each client repeat its round for that long instead
of three times (the long runs: 1,800 s, RELIABILITY.md D4)."""
import os
import sqlite3
import threading
import time

from harness import MANY_ORGS, run_tests
from test_survey_api import FEB_5_2025, GOOD, R7

CONNECTIONS = 200
ORGS = MANY_ORGS


def run(t, s):
    s.set_clock(FEB_5_2025)
    tokens = s.org_tokens(ORGS, "load-")
    outcomes, acknowledged, lock = [], [], threading.Lock()
    barrier = threading.Barrier(CONNECTIONS)
    deadline = time.monotonic() + float(os.environ.get("SHOKAI_LOAD_SECONDS", "0"))

    def client(i):
        code = ORGS[i % len(ORGS)]
        token = tokens[code]
        path = R7 + "/responses/" + code
        mine = []
        barrier.wait()
        step = 0
        while step < 3 or time.monotonic() < deadline:
            step += 1
            try:
                got = [s.api("GET", R7, token=token, timeout=120).status,
                       s.api("GET", path, token=token, timeout=120).status]
                answers = {**GOOD, "details": [dict(GOOD["details"][0], content="client %d step %d" % (i, step))]}
                r = s.api("PUT", path, {"answers": answers}, token=token, timeout=120)
                got.append(r.status)
                if r.status == 200:
                    mine.append((code, r.json()["version"], "client %d step %d" % (i, step)))
            except OSError as e:
                got = [str(e)]
            with lock:
                outcomes.extend(got)
        with lock:
            acknowledged.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    bad = [o for o in outcomes if o not in (200, 409)]
    t.eq(bad, [], "%d requests from %d connections: each answered 200 (or 409 for a stale save)"
         % (len(outcomes), CONNECTIONS))
    con = sqlite3.connect(s.db)
    missing = [a for a in acknowledged if con.execute(
        "SELECT count(*) FROM response_versions v JOIN responses r ON r.id = v.response_id "
        "WHERE r.org_code = ? AND v.version = ? AND v.answers LIKE ?", (a[0], a[1], "%" + a[2] + "%")
    ).fetchone()[0] != 1]
    con.close()
    t.ok(len(acknowledged) >= CONNECTIONS, "%d saves acknowledged" % len(acknowledged))
    t.eq(missing, [], "every acknowledged save is stored as acknowledged")
    t.eq(s.request("GET", "/healthz").status, 200, "healthy afterwards")


if __name__ == "__main__":
    run_tests(run)
