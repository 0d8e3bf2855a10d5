"""replay.py: the national deadline replay (issue 21): the last hour before a
deadline, compressed SPEED times. Every 団体's 3 accounts open the answering
page (in the first 5 minutes), autosave every 30 s until their 団体 submits
(at a moment drawn over the hour, fixed seed) and open the page once more;
the 47 prefectures and the Ministry refresh progress (page and API) and the
kind6 results page every 30 s. Open loop: every request has its scheduled
moment, and its latency is counted from then, so a server (or client) that
falls behind shows it. Prints per request kind: count, errors, p50, p99, max.

  python3 bench/replay.py --build build-bench [--speed 10] [--minutes 60] [--workers 96]

--minutes replays only the last N minutes of the hour (the load is the same
throughout but for the submissions). The bench dataset has one account's
tokens per 団体 (bench_gen) and none of the prefectures: the 3 accounts of a
団体 share its tokens, and the prefectures use the Ministry's (their
requests cost the same)."""
import argparse
import heapq
import http.client
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402

R7 = "/api/v1/surveys/r7-ikenshokai"
HOUR = 3600.0


def schedule(orgs, boss, minutes, rng):
    """(moment in deadline seconds, kind, method, path, headers, body) for the replayed window."""
    start = HOUR - minutes * 60.0
    ev = []

    def add(t, *rest):
        if start <= t < HOUR:
            ev.append((t - start,) + rest)

    for o in orgs:
        submit_at = rng.uniform(0, HOUR)
        cookie = {"Cookie": "shokai_session=" + o["session"]}
        bearer = {"Authorization": "Bearer " + o["api"], "Content-Type": "application/json"}
        page = "/surveys/r7-ikenshokai/responses/" + o["code"]
        for _ in range(3):
            t = rng.uniform(0, 300)
            add(t, "answer_page", "GET", page, cookie, None)
            t += 30
            while t < submit_at:
                add(t, "draft_save", "PUT", R7 + "/responses/" + o["code"], bearer, "ANSWERS")
                t += 30
        add(submit_at, "submit", "POST", R7 + "/responses/" + o["code"] + "/submit", bearer, "{}")
        add(submit_at + 1, "answer_page", "GET", page, cookie, None)
    mc = {"Cookie": "shokai_session=" + boss["session"]}
    mb = {"Authorization": "Bearer " + boss["api"]}
    for viewer in range(48):  # 47 prefectures and the Ministry
        t = rng.uniform(0, 30)
        while t < HOUR:
            add(t, "progress_page", "GET", "/surveys/r7-ikenshokai/progress?group=kind6", mc, None)
            add(t + 1, "progress_api", "GET", R7 + "/progress?group=kind6", mb, None)
            add(t + 2, "results_page", "GET", "/surveys/r7-ikenshokai/results?group=kind6", mc, None)
            t += 30
    ev.sort(key=lambda e: e[0])
    return ev


def replay(port, events, speed, workers, answers):
    lock = threading.Lock()
    queue = list(events)
    queue.reverse()  # pop() from the end: earliest first
    results = {}
    t0 = time.monotonic() + 1.0

    def work():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                e = queue.pop()
            due = t0 + e[0] / speed
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            kind, method, path, headers, body = e[1:]
            ok = False
            try:
                conn.request(method, path, body=answers if body == "ANSWERS" else body, headers=headers)
                r = conn.getresponse()
                r.read()
                ok = 200 <= r.status < 300
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            done = time.monotonic()
            with lock:
                k = results.setdefault(kind, {"lat": [], "errors": 0})
                k["lat"].append((done - due) * 1000)
                k["errors"] += not ok
        conn.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results, time.monotonic() - t0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(bench.ROOT, "build-bench"))
    ap.add_argument("--speed", type=float, default=10)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--workers", type=int, default=96)
    args = ap.parse_args()
    os.makedirs(bench.OUT, exist_ok=True)
    load = open("/proc/loadavg").read().split()[:3]
    data = bench.dataset(args.build, 100)
    orgs, boss = [], None
    for line in open(data["tokens"], encoding="utf-8"):
        code, api, session = line.split()
        e = {"code": code, "api": api, "session": session}
        if code == "ministry":
            boss = e
        else:
            orgs.append(e)
    answers = ('{"answers": ' + open(data["answers"], encoding="utf-8").read() + "}").encode()
    events = schedule(orgs, boss, args.minutes, random.Random(21))
    server = bench.Server(os.path.join(args.build, "shokai"), data["db"])
    results, took = replay(bench.PORT, events, args.speed, args.workers, answers)
    peak = server.memory_kib()
    server.stop()
    window = args.minutes * 60 / args.speed
    print("Load average before the run: %s. Replayed the last %g minutes of the hour at %g × speed: "
          "%d requests from %d 団体 in %.0f s (scheduled for %.0f s), %d client threads; server peak RSS %.1f MiB."
          % (" ".join(load), args.minutes, args.speed, len(events), len(orgs), took, window, args.workers,
             peak / 1024))
    print()
    print("| request kind | requests | req/s | errors | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in sorted(results):
        k = results[kind]
        print("| %s | %d | %.0f | %d | %.1f | %.1f | %.1f |" % (
            kind, len(k["lat"]), len(k["lat"]) / window, k["errors"], pct(k["lat"], 0.5), pct(k["lat"], 0.99),
            max(k["lat"])))
    with open(os.path.join(bench.OUT, "replay.json"), "w", encoding="utf-8") as f:
        json.dump({kind: {"n": len(k["lat"]), "errors": k["errors"], "p50_ms": pct(k["lat"], 0.5),
                          "p99_ms": pct(k["lat"], 0.99)} for kind, k in results.items()}, f)


if __name__ == "__main__":
    main()
