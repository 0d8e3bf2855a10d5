"""focus.py: the scenarios of issue 21 alone, in one run, when the whole
benchmark (run.py, about 25 minutes) cannot be run: /healthz, the answering
page, the kind6 results page and API and the 意見 CSV at 64 connections on
the national dataset, the 意見 CSV at 1,000 % (2 connections, cache on and
off), and the server's peak RSS. Prints a Markdown table of figures with the
machine's load; `python3 bench/focus.py --build build-bench [--seconds 10]`
after `sh bench/run.sh` has built build-bench (or `ninja -C build-bench`)."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402

MAIN = ["healthz", "answer_page", "draft_save", "kind6_page", "kind6_api", "entries_csv"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(bench.ROOT, "build-bench"))
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--conns", type=int, default=64)
    args = ap.parse_args()
    os.makedirs(bench.OUT, exist_ok=True)
    binary = os.path.join(args.build, "shokai")
    load = open("/proc/loadavg").read().split()[:3]
    national = bench.dataset(args.build, 100)
    big = bench.dataset(args.build, 1000)
    rows = []
    server = bench.Server(binary, national["db"])
    idle = server.memory_kib("VmRSS")
    for name in MAIN:
        rows.append(("100 %", args.conns, "on", bench.measure(server, name, args.conns, args.seconds, national)))
    peak = server.memory_kib()
    server.stop()
    for cache in ("on", "off"):
        server = bench.Server(binary, big["db"], ["--results-cache", cache])
        rows.append(("1000 %", 2, cache, bench.measure(server, "entries_csv", 2, max(args.seconds, 5), big)))
        big_peak = server.memory_kib()
        server.stop()
    health = rows[0][3]["rps"]
    print("Load average before the run: %s (2 cores shared with other work)." % " ".join(load))
    print()
    print("| scenario | dataset | conns | cache | req/s | × `/healthz` | p50 ms | p99 ms | errors | non-2xx | CPU µs/req |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for scale, conns, cache, r in rows:
        bad = sum(v for k, v in r["statuses"].items() if not str(k).startswith("2"))
        print("| %s | %s | %d | %s | %s | %.3f | %.2f | %.2f | %d | %d | %s |" % (
            r["scenario"], scale, conns, cache, bench.fmt(r["rps"], 0), r["rps"] / health, r["p50_ms"],
            r["p99_ms"], r["errors"], bad, bench.fmt(r["cpu_us_per_request"], 0)))
    print()
    print("Server RSS: %.1f MiB idle; %.1f MiB peak over the 100 %% scenarios at %d connections; "
          "%.1f MiB peak while the 1,000 %% 意見 CSV was pulled (cache off)." % (
              idle / 1024, peak / 1024, args.conns, big_peak / 1024))


if __name__ == "__main__":
    main()
