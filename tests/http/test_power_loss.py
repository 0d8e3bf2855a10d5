"""test_power_loss.py (RELIABILITY.md D2, nightly: scripts/long-runs.sh; needs
root for a loop device and mount). A power cut loses what the file system has
not yet written to the disk. Here the "disk" is an ext4 image on a loop
device; killing the server (-9) and copying the image at once gives the disk
as a power cut would leave it: everything still dirty in ext4's page cache
is missing from the copy. The copy is then mounted (its journal replayed)
and checked.

- control: a plain SQLite writer with synchronous=NORMAL loses acknowledged
  commits this way (so the test can see a loss); with FULL it loses none;
- shokai (FULL, group commit) under eight concurrent writers, cut at random
  moments: every acknowledged version is in the copy, and integrity_check is
  ok."""
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from harness import MANY_ORGS, Server, Tap
from test_crash import answer_until_killed, marker_of
from test_survey_api import FEB_5_2025, R7

CUTS = int(os.environ.get("SHOKAI_POWER_CUTS", "5"))


class Disk:
    """An ext4 image on a loop device, mounted."""

    def __init__(self, image, mount):
        self.image, self.mount = image, mount
        self.loop = subprocess.run(["losetup", "-f", "--show", image], check=True, capture_output=True,
                                   text=True).stdout.strip()
        os.makedirs(mount)
        subprocess.run(["mount", self.loop, mount], check=True)

    @classmethod
    def new(cls, work, name):
        image = os.path.join(work, name + ".img")
        subprocess.run(["truncate", "-s", "512M", image], check=True)
        subprocess.run(["mkfs.ext4", "-q", "-F", image], check=True)
        return cls(image, os.path.join(work, name))

    def cut(self, work, name):
        """The disk as a power cut now would leave it, mounted at work/name."""
        copy = os.path.join(work, name + ".img")
        shutil.copyfile(self.image, copy)
        return Disk(copy, os.path.join(work, name))

    def close(self):
        subprocess.run(["umount", self.mount], check=False)
        subprocess.run(["losetup", "-d", self.loop], check=False)


def control(t, work, mode):
    disk = Disk.new(work, "control-" + mode)
    path = os.path.join(disk.mount, "c.db")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=%s" % mode)
    con.execute("CREATE TABLE t(n INTEGER)")
    time.sleep(6)  # the table itself is on the disk
    for n in range(200):
        con.execute("INSERT INTO t VALUES (?)", (n,))
    after = disk.cut(work, "control-%s-cut" % mode)
    con.close()
    check = sqlite3.connect(os.path.join(after.mount, "c.db"))
    try:
        kept = check.execute("SELECT count(*) FROM t").fetchone()[0]
    except sqlite3.Error:
        kept = 0  # not even the table survived
    check.close()
    after.close()
    disk.close()
    return kept


def main():
    t = Tap()
    if os.geteuid() != 0 or not shutil.which("losetup") or not shutil.which("mkfs.ext4"):
        print("ok 1 # SKIP needs root, losetup and mkfs.ext4")
        print("1..1")
        return
    work = tempfile.mkdtemp(prefix="shokai-power-")
    try:
        t.ok(control(t, work, "NORMAL") < 200, "control: synchronous=NORMAL loses acknowledged commits in a cut")
        t.eq(control(t, work, "FULL"), 200, "control: synchronous=FULL keeps every one")
        run(t, work)
    finally:
        subprocess.run(["umount", "-R", work], check=False, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    t.done()


def run(t, work):
    disk = Disk.new(work, "server")
    tempfile.tempdir = disk.mount  # the harness puts the database in a new temporary folder
    s = Server(sys.argv[1])
    tempfile.tempdir = None
    s.set_clock(FEB_5_2025)
    tokens = s.org_tokens(MANY_ORGS, "power-")
    rng = random.Random(20261122)
    lost, total, broken = [], 0, 0
    for cut in range(CUTS):
        acknowledged = {code: [] for code in MANY_ORGS}
        stop = threading.Event()
        workers = [threading.Thread(target=answer_until_killed, args=(s, tokens[c], c, cut, acknowledged[c], stop))
                   for c in MANY_ORGS]
        for w in workers:
            w.start()
        time.sleep(rng.uniform(0.5, 2.0))
        s.crash()
        after = disk.cut(work, "server-cut-%d" % cut)
        stop.set()
        for w in workers:
            w.join()
        db = os.path.join(after.mount, os.path.relpath(s.db, disk.mount))
        con = sqlite3.connect(db)
        broken += con.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
        for code, acks in acknowledged.items():
            for version, marker, state in acks:
                total += 1
                row = con.execute("SELECT v.answers, v.state FROM responses r JOIN response_versions v"
                                  " ON v.response_id = r.id WHERE r.survey_id = 'r7-ikenshokai'"
                                  " AND r.org_code = ? AND v.version = ?", (code, version)).fetchone()
                if not row or row[1] != state or marker_of(json.loads(row[0])) != marker:
                    lost.append((cut, code, version))
        con.close()
        after.close()
        s.start()
    problem = s.stop()
    disk.close()
    t.ok(total > 0, "%d acknowledged saves and submissions over %d power cuts" % (total, CUTS))
    t.eq(lost, [], "every acknowledged version is on the disk after each cut")
    t.eq(broken, 0, "integrity_check is ok after each cut")
    t.ok(problem is None, "the server ran without a crash or a sanitizer report", problem)


if __name__ == "__main__":
    main()
