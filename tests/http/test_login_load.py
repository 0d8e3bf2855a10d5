"""test_login_load.py (RELIABILITY.md A8): fifty logins at once. argon2id
needs 64 MiB per hash; the server hashes one at a time, so fifty parallel
logins all succeed, none gets a 5xx, and the server's peak memory grows by
about one hash, not fifty."""
import re

from harness import PASSWORD, run_tests
from test_races import at_once

LOGINS = 50


def peak_kib(s):
    with open("/proc/%d/status" % s.proc.pid) as f:
        return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1))


def run(t, s):
    s.token("orga")  # one hash first, so its memory is in the baseline
    before = peak_kib(s)
    statuses = at_once(LOGINS, lambda i: s.api("POST", "/api/v1/tokens",
                                               {"login": "orga", "password": PASSWORD},
                                               timeout=120).status)
    t.eq(statuses, [200] * LOGINS, "%d parallel logins all succeed" % LOGINS)
    grown = (peak_kib(s) - before) / 1024
    t.ok(grown < 3 * 64, "the peak memory grew by %.0f MiB (fifty hashes at once would take 3,200)" % grown)


if __name__ == "__main__":
    run_tests(run)
