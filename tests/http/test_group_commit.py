"""test_group_commit.py (#7): saves from many 団体 at once all go through the
writer thread and are each acknowledged with their own version; with
`--group-commit off` the same saves are one transaction each and nothing
reaches the writer; a stop with the writer running finishes its queue.
Saves that arrive while the writer waits for the database are committed
together: the test fails if no two saves ever share a commit."""
import re
import sqlite3
import threading
import time

from harness import MANY_ORGS, run_tests
from test_races import at_once
from test_survey_api import FEB_5_2025, GOOD, R7

ROUNDS = 3


def save_rounds(t, s, tokens, mode):
    for n in range(1, ROUNDS + 1):
        statuses = at_once(len(MANY_ORGS), lambda i: s.api(
            "PUT", "%s/responses/%s" % (R7, MANY_ORGS[i]),
            {"answers": {**GOOD, "challenges": ["コスト"] if i % 2 else ["その他"]}},
            token=tokens[MANY_ORGS[i]]))
        t.eq([r.status for r in statuses], [200] * len(MANY_ORGS),
             "%s: round %d of saves by %d 団体 at once all 200" % (mode, n, len(MANY_ORGS)))
        t.eq([r.json()["version"] for r in statuses], [n] * len(MANY_ORGS),
             "%s: each is acknowledged with its own new version" % mode)
    for i, code in enumerate(MANY_ORGS):
        got = s.api("GET", "%s/responses/%s" % (R7, code), token=tokens[code]).json()
        if got["answers"]["challenges"] != (["コスト"] if i % 2 else ["その他"]):
            t.ok(False, "%s: %s holds its own answers" % (mode, code), got)
            return
    t.ok(True, "%s: every 団体 holds its own answers" % mode)


def saves_while_the_database_is_held(t, s, tokens):
    """Another process holds the write lock while every 団体 saves: the writer's
    first batch waits for it, the other saves queue behind it and are committed
    together once the lock is released (at most two commits for all of them)."""
    holder = sqlite3.connect(s.db, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    results = []
    saving = threading.Thread(target=lambda: results.extend(at_once(len(MANY_ORGS), lambda i: s.api(
        "PUT", "%s/responses/%s" % (R7, MANY_ORGS[i]), {"answers": GOOD, "version": ROUNDS},
        token=tokens[MANY_ORGS[i]]).status)))
    saving.start()
    time.sleep(1.5)  # every save reaches the writer's queue (the lock waits up to 5 s)
    holder.execute("ROLLBACK")
    holder.close()
    saving.join()
    t.eq(results, [200] * len(MANY_ORGS), "saves while the database is held: all 200 once it is free")


def writer_lines(s):
    return re.findall(r"group_commit_stopped units=(\d+) commits=(\d+)", s.log_text())


def run(t, s):
    s.set_clock(FEB_5_2025)
    tokens = s.org_tokens(MANY_ORGS, "gc")
    save_rounds(t, s, tokens, "grouped")
    saves_while_the_database_is_held(t, s, tokens)
    t.eq(s.restart(["--group-commit", "off"]), 0, "the server stops cleanly with the writer running")
    lines = writer_lines(s)
    t.eq(len(lines), 1, "the writer reports when it stops")
    units, commits = (int(x) for x in lines[0]) if lines else (0, 0)
    t.ok(units >= (ROUNDS + 1) * len(MANY_ORGS), "every save went through the writer", lines)
    # The held round's saves took at most two commits, so the writer made at
    # least len(MANY_ORGS) - 2 commits fewer than it ran saves.
    t.ok(0 < commits <= units - len(MANY_ORGS) + 2, "saves that queued together share a commit", lines)

    # The versions continue from the grouped rounds: nothing was lost in the stop.
    more = at_once(len(MANY_ORGS), lambda i: s.api(
        "PUT", "%s/responses/%s" % (R7, MANY_ORGS[i]), {"answers": GOOD, "version": ROUNDS + 1},
        token=tokens[MANY_ORGS[i]]).status)
    t.eq(more, [200] * len(MANY_ORGS), "one commit per save (--group-commit off): all 200")
    t.eq(s.restart([]), 0, "the server stops cleanly without the writer")
    t.eq(len(writer_lines(s)), 1, "and without the writer nothing reached it")

    bad = s.cli("serve", "--group-commit", "maybe", check=False)
    t.eq(bad.returncode, 2, "--group-commit takes only on or off")
    t.ok("on or off" in bad.stderr, "and says so", bad.stderr)


if __name__ == "__main__":
    run_tests(run)
