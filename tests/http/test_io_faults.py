"""test_io_faults.py (RELIABILITY.md D3 b): the server runs under libfiu's
fiu-run with every pwrite, fsync and fdatasync failing at random with p=0.05
(SQLite's writes). Saves from eight 団体 keep coming: each gets 200 or 503,
never another answer, and the server stays up. Then the faults are switched
off with fiu-ctrl: a save works at once (no restart), every save that was
answered 200 is in the database with its content, and integrity_check is ok.
The faults are logged."""
import os
import shutil
import sqlite3
import subprocess
import sys

from harness import MANY_ORGS, Server, Tap
from test_survey_api import FEB_5_2025, GOOD, R7

FAULTS = ["posix/io/rw/pwrite", "posix/io/sync/fsync", "posix/io/sync/fdatasync"]
ROUNDS = 25


def run(t, s):
    s.set_clock(FEB_5_2025)
    tokens = s.org_tokens(MANY_ORGS, "fiu-")
    for name in FAULTS:
        subprocess.run(["fiu-ctrl", "-c", "enable_random name=%s,probability=0.05" % name, str(s.proc.pid)],
                       check=True)
    statuses, acknowledged = [], []
    for n in range(ROUNDS):
        for code in MANY_ORGS:
            text = "round %d of %s" % (n, code)
            answers = {**GOOD, "details": [dict(GOOD["details"][0], content=text)]}
            r = s.api("PUT", R7 + "/responses/" + code, {"answers": answers}, token=tokens[code])
            statuses.append(r.status)
            if r.status == 200:
                acknowledged.append((code, r.json()["version"], text))
    for name in FAULTS:
        subprocess.run(["fiu-ctrl", "-c", "disable name=%s" % name, str(s.proc.pid)], check=True)
    t.ok(set(statuses) <= {200, 503}, "under faults every save is 200 or 503", sorted(set(statuses)))
    t.ok(503 in statuses and 200 in statuses, "faults were met (%d of %d saves refused)" % (
        statuses.count(503), len(statuses)))
    t.eq(s.proc.poll(), None, "the server stayed up")
    r = s.api("PUT", R7 + "/responses/" + MANY_ORGS[0], {"answers": GOOD}, token=tokens[MANY_ORGS[0]])
    t.eq(r.status, 200, "once the faults stop, a save works without a restart")
    con = sqlite3.connect(s.db)
    missing = []
    for code, version, text in acknowledged:
        row = con.execute("SELECT v.answers FROM responses r JOIN response_versions v ON v.response_id = r.id"
                          " WHERE r.survey_id = 'r7-ikenshokai' AND r.org_code = ? AND v.version = ?",
                          (code, version)).fetchone()
        if not row or text not in row[0]:
            missing.append((code, version))
    t.eq(missing, [], "every save answered 200 (%d) is stored with its content" % len(acknowledged))
    t.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", "integrity_check is ok")
    con.close()
    t.ok("status=503" in s.log_text(), "the refused saves are logged")


def main():
    t = Tap()
    if not shutil.which("fiu-run"):
        t.ok(False, "fiu-run is installed (scripts/install-deps.sh installs fiu-utils)")
        t.done()
    # fiu's preload wraps the C library under the program, which the sanitizer
    # runtime does not allow: the test runs the plain build beside the
    # sanitized one (scripts/test.sh builds both), with the same sources.
    binary = sys.argv[1]
    plain = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(binary))), "build", "shokai")
    if os.path.exists(plain):
        binary = plain
    s = Server(binary, prefix=["fiu-run", "-x"])
    try:
        run(t, s)
    finally:
        problem = s.stop()
    t.ok(problem is None, "the server ran without a crash or a sanitizer report", problem)
    t.done()


if __name__ == "__main__":
    main()
