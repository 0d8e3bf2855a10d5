"""test_crash.py (RELIABILITY.md D1): kill -9 during concurrent saves and
submissions, restart, repeat. Every save or submission the server
acknowledged (200 with a version number) must be there after the crash,
with exactly the answers sent, and the database must pass integrity_check.

Eight 団体 answer r7-ikenshokai at once, each alternating draft saves and
submissions with answers that name the cycle and the step; after a random
moment the server is killed, started again on the same database and checked.
SHOKAI_CRASH_CYCLES sets the number of cycles (default 50)."""
import os
import random
import sqlite3
import sys
import threading
import time

from harness import MANY_ORGS, Server, Tap
from test_survey_api import FEB_5_2025, GOOD, R7

ORGS = MANY_ORGS


def answers(marker):
    return {**GOOD, "details": [dict(GOOD["details"][0], content="内容 " + marker)]}


def marker_of(answers_json):
    return answers_json["details"][0]["content"][len("内容 "):]


def answer_until_killed(s, token, code, cycle, acknowledged, stop):
    """Saves and submits until the connection fails; records each acknowledgement."""
    path = R7 + "/responses/" + code
    step = 0
    while not stop.is_set():
        step += 1
        marker = "c%d-s%d" % (cycle, step)
        try:
            r = s.api("PUT", path, {"answers": answers(marker)}, token=token)
            if r.status == 200:
                acknowledged.append((r.json()["version"], marker, "draft"))
            if step % 3 == 0:
                r = s.api("POST", path + "/submit", token=token)
                if r.status == 200:
                    acknowledged.append((r.json()["version"], marker, "submitted"))
        except (OSError, ValueError):
            return  # the server is gone


def main():
    t = Tap()
    cycles = int(os.environ.get("SHOKAI_CRASH_CYCLES", "50"))
    s = Server(sys.argv[1])
    try:
        s.set_clock(FEB_5_2025)
        tokens = s.org_tokens(ORGS, "crash-")
        acknowledged = {code: [] for code in ORGS}
        lost, wrong, total = [], [], 0
        rng = random.Random(20261122)
        for cycle in range(cycles):
            stop = threading.Event()
            workers = [threading.Thread(target=answer_until_killed,
                                        args=(s, tokens[c], c, cycle, acknowledged[c], stop)) for c in ORGS]
            for w in workers:
                w.start()
            time.sleep(rng.uniform(0.05, 0.6))
            s.crash()
            stop.set()
            for w in workers:
                w.join()
            s.start()
            for code in ORGS:
                path = R7 + "/responses/" + code
                for version, marker, state in acknowledged[code]:
                    total += 1
                    r = s.api("GET", "%s/versions/%d" % (path, version), token=tokens[code])
                    if r.status != 200:
                        lost.append((cycle, code, version))
                    elif marker_of(r.json()["answers"]) != marker or r.json().get("state") != state:
                        wrong.append((cycle, code, version, marker, r.json().get("state")))
                acknowledged[code].clear()
        t.ok(total > cycles * len(ORGS), "saves and submissions were acknowledged before the kills (%d)" % total)
        t.eq(lost, [], "no acknowledged version is lost after %d kill -9 cycles" % cycles)
        t.eq(wrong, [], "each holds exactly the answers and state acknowledged")
        s.crash()
        con = sqlite3.connect(s.db)
        t.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", "integrity_check after the last crash")
        t.eq(con.execute("PRAGMA foreign_key_check").fetchall(), [], "no dangling rows")
        con.close()
        s.start()
        t.eq(s.request("GET", "/healthz").status, 200, "the server starts on the crashed database")
    finally:
        s.stop()
    t.done()


if __name__ == "__main__":
    main()
