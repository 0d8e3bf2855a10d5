"""test_restore.py (RELIABILITY.md D6, the drill): `shokai backup` then
`shokai restore` while the server is serving a writer. The restored database
holds exactly the backed-up answers, the server keeps answering without a
restart and without a 5xx, the restore is audited, and a bad backup (not a
database, or from a newer release) is refused with the database unchanged."""
import os
import shutil
import sqlite3
import subprocess
import threading
import time

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, ORG_A, ORG_B, R7


def shokai(s, *args):
    p = subprocess.run([s.binary] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def run(t, s):
    s.set_clock(FEB_5_2025)
    a, b = s.token("orga"), s.token("orgb")
    path_a, path_b = R7 + "/responses/" + ORG_A, R7 + "/responses/" + ORG_B
    before = {**GOOD, "challenges": ["コスト"]}
    t.eq(s.api("PUT", path_a, {"answers": before}, token=a).status, 200, "an answer saved before the backup")
    backup = os.path.join(s.dir, "backup.db")
    rc, out = shokai(s, "backup", "--db", s.db, "--to", backup)
    t.eq(rc, 0, "backup while serving")
    t.eq(s.api("PUT", path_a, {"answers": {**GOOD, "challenges": ["その他"]}}, token=a).status, 200,
         "an answer saved after the backup")

    statuses, stop = [], threading.Event()

    def writer():
        while not stop.is_set():
            statuses.append(s.api("PUT", path_b, {"answers": GOOD}, token=b).status)
            statuses.append(s.api("GET", path_b, token=b).status)

    load = threading.Thread(target=writer)
    load.start()
    while len(statuses) < 20:
        time.sleep(0.01)
    rc, out = shokai(s, "restore", "--db", s.db, "--from", backup)
    during = len(statuses)
    while len(statuses) < during + 20:
        time.sleep(0.01)
    stop.set()
    load.join()
    t.ok(rc == 0 and "restored" in out, "restore while a writer is busy", out)
    t.ok(statuses and all(x in (200, 409) for x in statuses), "the writer saw no error during the restore (%d requests)"
         % len(statuses), sorted(set(statuses)))
    got = s.api("GET", path_a, token=a).json()
    t.eq(got["answers"], before, "the server serves the restored answers without a restart")
    con = sqlite3.connect(s.db)
    t.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", "integrity_check after the restore")
    t.eq(con.execute("SELECT count(*) FROM audit WHERE action = 'db.restore'").fetchone()[0], 1,
         "the restore is in the audit log")
    con.close()

    junk = os.path.join(s.dir, "junk.db")
    with open(junk, "wb") as f:
        f.write(b"not a database " * 500)
    rc, out = shokai(s, "restore", "--db", s.db, "--from", junk)
    t.ok(rc == 1 and "unchanged" in out, "a file that is not a database is refused", out)
    newer = os.path.join(s.dir, "newer.db")
    shutil.copy(backup, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    rc, out = shokai(s, "restore", "--db", s.db, "--from", newer)
    t.ok(rc == 1 and "schema version 99" in out, "a backup from a newer release is refused", out)
    rc, out = shokai(s, "restore", "--db", s.db, "--from", os.path.join(s.dir, "missing.db"))
    t.ok(rc == 1 and "unchanged" in out, "a missing file is refused", out)
    t.eq(s.api("GET", path_a, token=a).json()["answers"], before, "and the database is as restored")
    rc, out = shokai(s, "restore", "--db", s.db)
    t.ok(rc == 2 and "--from" in out, "restore without --from: exit 2", out)


if __name__ == "__main__":
    run_tests(run)
