"""test_slowhttp.py (RELIABILITY.md E3/E4 with Debian's slowhttptest): slow
headers (-H), a slow body (-B) and a slow read of a large answer (-X), each
with four times as many connections as the server has worker threads, for
SHOKAI_SLOW_SECONDS (default 15; the long runs use 300). Meanwhile a probe
asks for /healthz and the signed-in answering page once a second: every probe
must be answered (within the probe's 30 s client timeout, which is an
availability bound, not a speed one), and the server is healthy afterwards."""
import os
import shutil
import subprocess
import threading
import time

from harness import run_tests
from test_survey_api import FEB_5_2025

THREADS = 16  # the harness starts the server with --threads 16


def probe(s, cookie, stop, failures, counts):
    while not stop.is_set():
        for path, ck in (("/healthz", None), ("/surveys/r7-ikenshokai/responses/011002", cookie)):
            try:
                r = s.request("GET", path, cookie=ck, timeout=30)
                ok = r.status == 200
            except OSError as e:
                ok, r = False, e
            counts[0] += 1
            if not ok:
                failures.append("%s: %s" % (path, getattr(r, "status", r)))
        time.sleep(1)


def run(t, s):
    if not shutil.which("slowhttptest"):
        t.ok(False, "slowhttptest is installed (scripts/install-deps.sh installs it)")
        return
    s.set_clock(FEB_5_2025)
    seconds = int(os.environ.get("SHOKAI_SLOW_SECONDS", "15"))
    cookie, _ = s.login("orga")
    base = "http://127.0.0.1:%d" % s.port
    modes = [("slow headers", ["-H", "-u", base + "/login"]),
             ("slow body", ["-B", "-u", base + "/login", "-s", "100000"]),
             # The largest public answer, asked for ten times per connection,
             # read a few bytes a second through a tiny window.
             ("slow read", ["-X", "-u", base + "/static/style.css", "-k", "10", "-n", "2", "-z", "8",
                            "-w", "16", "-y", "32"])]
    for name, args in modes:
        stop, failures, counts = threading.Event(), [], [0]
        th = threading.Thread(target=probe, args=(s, cookie, stop, failures, counts))
        th.start()
        p = subprocess.run(["slowhttptest", "-c", str(4 * THREADS), "-r", "200", "-i", "1", "-l", str(seconds),
                            "-p", "3"] + args, capture_output=True, text=True, timeout=seconds + 120)
        stop.set()
        th.join()
        t.ok(p.returncode == 0 and counts[0] > 0, "%s: slowhttptest ran %d s (%d probes)" % (name, seconds, counts[0]),
             p.stderr[-300:])
        t.eq(failures, [], "%s: every probe was answered" % name)
    t.eq(s.api("GET", "/healthz").status, 200, "healthy afterwards")


if __name__ == "__main__":
    run_tests(run)
