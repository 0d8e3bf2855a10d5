"""test_races.py (RELIABILITY.md B7, D5): twenty clients at once on one
団体's answer. Twenty submissions of the same draft make one submitted
version (the rest 409); twenty saves naming the same version store one (the
rest 409, nothing lost silently); the history stays in order."""
import threading

from harness import run_tests
from test_survey_api import FEB_5_2025, GOOD, ORG_A, R7

CLIENTS = 20


def at_once(n, call):
    """Runs call(i) in n threads released together; returns the results."""
    results = [None] * n
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait()
        results[i] = call(i)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


def run(t, s):
    s.set_clock(FEB_5_2025)
    token = s.token("orga")
    path = R7 + "/responses/" + ORG_A
    v = s.api("PUT", path, {"answers": GOOD}, token=token).json()["version"]

    statuses = at_once(CLIENTS, lambda i: s.api("POST", path + "/submit", token=token).status)
    t.eq(sorted(statuses), [200] + [409] * (CLIENTS - 1), "twenty submits at once: one 200, the rest 409")
    versions = s.api("GET", path + "/versions", token=token).json()["versions"]
    t.eq([x["state"] for x in versions].count("submitted"), 1, "exactly one submitted version")

    current = s.api("GET", path, token=token).json()["version"]
    statuses = at_once(CLIENTS, lambda i: s.api(
        "PUT", path, {"answers": {**GOOD, "challenges": ["その他"] if i % 2 else ["コスト"]},
                      "version": current}, token=token).status)
    t.eq(sorted(statuses), [200] + [409] * (CLIENTS - 1), "twenty saves from one version: one 200, the rest 409")
    after = s.api("GET", path, token=token).json()
    t.eq(after["version"], current + 1, "one new version was stored")
    numbers = [x["version"] for x in s.api("GET", path + "/versions", token=token).json()["versions"]]
    t.eq(numbers, sorted(numbers, reverse=True), "the history is in order")
    t.eq(len(numbers), len(set(numbers)), "with no version number twice")
    t.ok(after["answers"]["challenges"] in (["その他"], ["コスト"]), "it holds one client's answers whole",
         after["answers"])
    t.eq(s.api("GET", "%s/versions/%d" % (path, v), token=token).json()["answers"], GOOD,
         "the draft saved before the races is unchanged")


if __name__ == "__main__":
    run_tests(run)
