"""test_login_spike.py (RELIABILITY.md E2, nightly: scripts/long-runs.sh): the
deadline's login spike. SHOKAI_SPIKE_ACCOUNTS org accounts (default 2,000,
spread over the 団体) log in through the API from 100 clients at once, then
each saves and submits its 団体's R7 answer. A login that finds the hashing
queue full gets 429 with Retry-After (auth.h) and tries again after it, as a
person would; every login then succeeds, no answer is a 5xx (a second account
of the same 団体 may meet a 409), and the server's peak memory stays bounded;
the login p50/p99 (retries included), the number of 429s and the peak memory
are printed, not asserted (no test asserts on time)."""
import os
import re
import sqlite3
import threading
import time

from harness import PASSWORD, run_tests
from test_survey_api import FEB_5_2025, GOOD, R7

CLIENTS = 100


def run(t, s):
    s.set_clock(FEB_5_2025)
    n = int(os.environ.get("SHOKAI_SPIKE_ACCOUNTS", "2000"))
    con = sqlite3.connect(s.db)
    codes = [c for (c,) in con.execute("SELECT code FROM organizations WHERE kind != '都道府県' ORDER BY code")]
    pw_hash = con.execute("SELECT password_hash FROM users WHERE login = 'orga'").fetchone()[0]
    accounts = [("spike%d" % i, codes[i % len(codes)]) for i in range(n)]
    # One argon2id hash shared by all (hashing 2,000 passwords here would measure nothing).
    con.executemany("INSERT INTO users(login, role, org_code, password_hash, created_at) VALUES (?, 'org', ?, ?, 0)",
                    [(login, code, pw_hash) for login, code in accounts])
    con.commit()
    con.close()

    lock, latencies, outcomes, crowded = threading.Lock(), [], [], []
    queue = list(accounts)

    def client():
        while True:
            with lock:
                if not queue:
                    return
                login, code = queue.pop()
            t0 = time.monotonic()
            while True:
                r = s.api("POST", "/api/v1/tokens", {"login": login, "password": PASSWORD}, timeout=300)
                if r.status != 429 or not (r.header("Retry-After") or "").isdigit():
                    break
                with lock:
                    crowded.append(1)
                time.sleep(int(r.header("Retry-After")))
            elapsed = time.monotonic() - t0
            got = [r.status]
            if r.status == 200:
                token = r.json()["token"]
                got.append(s.api("PUT", R7 + "/responses/" + code, {"answers": GOOD}, token=token).status)
                got.append(s.api("POST", R7 + "/responses/%s/submit" % code, token=token).status)
            with lock:
                latencies.append(elapsed)
                outcomes.append(got)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    logins = [o[0] for o in outcomes]
    t.eq(logins.count(200), n, "all %d logins succeed" % n)
    flat = [x for o in outcomes for x in o]
    t.ok(all(x < 500 for x in flat), "no 5xx among %d answers" % len(flat))
    t.ok(all(x in (200, 409) for x in flat), "saves and submissions are 200 (or 409 for a second account)")
    latencies.sort()
    with open("/proc/%d/status" % s.proc.pid) as f:
        peak = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) / 1024
    print("# login p50 %.2f s, p99 %.2f s (%d answers 429, retried); server peak RSS %.0f MiB" % (
        latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)], len(crowded), peak))
    t.ok(peak < 1024, "peak memory bounded (%.0f MiB)" % peak)


if __name__ == "__main__":
    run_tests(run)
