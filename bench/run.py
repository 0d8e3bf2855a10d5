#!/usr/bin/env python3
"""run.py: shokai's benchmark at national scale (bench/README.md).

    python3 bench/run.py --build DIR [--seconds S] [--quick]

Generates the national dataset at 10 %, 100 % and 1,000 % (bench_gen), starts
the server of DIR on each, loads it with wrk on 127.0.0.1 and writes the
figures between the markers of BENCHMARKS.md (the analysis around them is
written by hand). Every figure of one table comes from this one run, so they
are compared as ratios; absolute numbers drift between runs and machines.
"""
import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
LUA = os.path.join(ROOT, "bench", "load.lua")
PORT = 18480
THREADS = 640  # CivetWeb serves one connection per thread: cover the 512 connections

# (scenario, what it is, wrk threads: None = 2, "conns" = one connection per thread)
SCENARIOS = [
    ("healthz", "`/healthz` (the trivial handler)", None),
    ("answer_page", "answering page of R7 (GET, signed in)", None),
    ("draft_save", "draft save (PUT, API)", None),
    ("submit", "draft save + submit (PUT then POST, API)", "conns"),
    ("kind6_page", "kind6 results page (HTML, national)", None),
    ("kind6_api", "kind6 results API (JSON, national)", None),
    ("national_csv", "national R7 CSV export (kind6 × 課題)", None),
    ("selfcheck_heatmap", "self-check heat map (Ministry page)", None),
    ("entries_csv", "entries CSV (意見・質問, national, 1 MB)", None),
]
SCALES = [10, 100, 1000]
SCALE_SCENARIOS = ["kind6_api", "national_csv", "entries_csv", "selfcheck_heatmap"]
SCALE_CONNS = 2  # few, so the figure is the cost of a request, not the queue before it


def sh(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw).stdout


class Server:
    def __init__(self, binary, db, extra=()):
        self.log = db + ".log"
        self.proc = subprocess.Popen(
            [binary, "serve", "--db", db, "--listen", "127.0.0.1:%d" % PORT, "--threads", str(THREADS),
             "--log", self.log] + list(extra), stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening" not in line:
            raise RuntimeError("server did not start: %r" % line)

    def cpu_seconds(self):
        fields = open("/proc/%d/stat" % self.proc.pid).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory_kib(self, field="VmHWM"):
        m = re.search(field + r":\s+(\d+) kB", open("/proc/%d/status" % self.proc.pid).read())
        return int(m.group(1))

    def settle(self):
        """Waits until the server is idle: requests wrk gave up on may still be
        running, and must not be counted against the next scenario."""
        last = self.cpu_seconds()
        for _ in range(600):
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - last < 0.01:
                return
            last = now

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        with open(self.log, encoding="utf-8") as f:
            return f.read()


def wrk(scenario, conns, seconds, tokens, answers, threads=None):
    t = conns if threads == "conns" else min(2, conns)
    p = subprocess.run(["wrk", "-t%d" % t, "-c%d" % conns, "-d%ds" % seconds, "--timeout", "60s", "-s", LUA,
                        "http://127.0.0.1:%d" % PORT, "--", scenario, tokens, answers, str(t)],
                       capture_output=True, text=True)
    m = re.search(r"^WRK_JSON (.*)$", p.stdout, re.M)
    if not m:
        raise RuntimeError("wrk %s: %s %s" % (scenario, p.stdout, p.stderr))
    return json.loads(m.group(1))


def measure(server, scenario, conns, seconds, data, threads=None):
    server.settle()
    cpu = server.cpu_seconds()
    r = wrk(scenario, conns, seconds, data["tokens"], data["answers"], threads)
    cpu = server.cpu_seconds() - cpu
    n = r["requests"]
    # wrk counts non-2xx answers among its errors too; they are counted from statuses.
    errors = sum(v for k, v in r["errors"].items() if k != "status")
    if n == 0:
        raise RuntimeError("%s: no request finished in %d s" % (scenario, seconds))
    return {"scenario": scenario, "conns": conns, "requests": n,
            "rps": n / (r["duration_us"] / 1e6), "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000,
            "errors": errors, "statuses": r["statuses"], "cpu_us_per_request": cpu * 1e6 / n if n else None,
            "peak_rss_kib": server.memory_kib()}


def every_connection_served(n):
    """Opens n keep-alive connections at once; each must be answered while all
    are open (CivetWeb's thread-per-connection trap, bench/peers.md)."""
    socks, answered, lock = [], [0], threading.Lock()
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
        socks.append(s)

    def ask(s):
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            if s.recv(64).startswith(b"HTTP/1.1 200"):
                with lock:
                    answered[0] += 1
        except OSError:
            pass

    threads = [threading.Thread(target=ask, args=(s,)) for s in socks]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for s in socks:
        s.close()
    return answered[0]


def dataset(build, scale):
    db = os.path.join(OUT, "national-%d.db" % scale)
    tokens = db + ".tokens"
    for suffix in ("", "-wal", "-shm", ".log"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    t0 = time.time()
    sh(os.path.join(build, "bench", "bench_gen"), "--db", db, "--scale", str(scale), "--tokens", tokens)
    answers = db + ".r7.json"
    with open(answers, "w", encoding="utf-8") as f:
        f.write(sh("sqlite3", db, "SELECT v.answers FROM responses r JOIN response_versions v"
                   " ON v.response_id = r.id AND v.version = r.submitted_version"
                   " WHERE r.survey_id = 'r7-ikenshokai' ORDER BY r.org_code LIMIT 1").strip())
    counts = sh("sqlite3", db, "SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM users),"
                " (SELECT count(*) FROM responses WHERE submitted_version IS NOT NULL),"
                " (SELECT count(*) FROM response_versions)").strip().split("|")
    return {"db": db, "tokens": tokens, "answers": answers, "scale": scale, "seconds": time.time() - t0,
            "organizations": int(counts[0]), "users": int(counts[1]), "submitted": int(counts[2]),
            "versions": int(counts[3]), "bytes": os.path.getsize(db)}


def machine():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip().splitlines()[0]
        except (IndexError, OSError):
            return "?"
    pkgs = {}
    for p in ("libcivetweb1", "libsqlite3-0", "libjansson4", "libsodium23", "wrk"):
        pkgs[p] = first("dpkg-query -W -f '${Version}' %s 2>/dev/null" % p)
    return {"cpu": first("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
            "cores": os.cpu_count(), "memory": first("free -h | awk '/Mem:/ {print $2}'"),
            "kernel": platform.release(), "os": first(". /etc/os-release && echo $PRETTY_NAME"),
            "disk": first("df -hT %s | awk 'NR==2 {print $2\" on \"$1}'" % OUT), "packages": pkgs,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def run(args):
    os.makedirs(OUT, exist_ok=True)
    binary = os.path.join(args.build, "shokai")
    results = {"machine": machine(), "seconds": args.seconds, "datasets": {}, "main": [], "group": [],
               "scaling": [], "sqlite": {}}
    data = {}
    for scale in SCALES:
        print("generating the %d %% dataset" % scale, flush=True)
        data[scale] = dataset(args.build, scale)
        results["datasets"][scale] = data[scale]
    national = data[100]
    conn_levels = [64, 512]

    # 1. Every scenario on the national dataset, 64 and 512 connections.
    server = Server(binary, national["db"])
    results["idle_rss_kib"] = server.memory_kib("VmRSS")
    results["served_512"] = every_connection_served(512)
    results["rss_after_512_kib"] = server.memory_kib()
    for conns in conn_levels:
        for name, _, threads in SCENARIOS:
            print("national: %s at %d connections" % (name, conns), flush=True)
            results["main"].append(measure(server, name, conns, args.seconds, national, threads))
    results["peak_rss_kib"] = server.memory_kib()
    log = server.stop()
    found = re.findall(r"group_commit_stopped units=(\d+) commits=(\d+)", log)
    results["group_units"], results["group_commits"] = (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)

    # 2. Saves with one commit (one fsync) per request, for the group commit's ratio.
    server = Server(binary, national["db"], ["--group-commit", "off"])
    for conns in conn_levels:
        for name, _, threads in SCENARIOS:
            if name in ("draft_save", "submit"):
                print("one commit per request: %s at %d connections" % (name, conns), flush=True)
                results["group"].append(measure(server, name, conns, args.seconds, national, threads))
    server.stop()
    for mode in ("full", "normal"):
        out = sh(os.path.join(args.build, "bench", "bench_sqlite_loop"), os.path.join(OUT, "loop.db"),
                 str(args.seconds), mode)
        results["sqlite"][mode] = float(out.split()[1])

    # 3. Cost growth: counting afresh (cache off) and cached, 10 % to 1,000 %.
    for scale in SCALES:
        for cache in ("off", "on"):
            server = Server(binary, data[scale]["db"], ["--results-cache", cache])
            for name in SCALE_SCENARIOS:
                print("scale %d %%, cache %s: %s" % (scale, cache, name), flush=True)
                r = measure(server, name, SCALE_CONNS, max(args.seconds, 5), data[scale])
                r.update(scale=scale, cache=cache)
                results["scaling"].append(r)
            server.stop()
    with open(os.path.join(OUT, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    return results


# ---------------------------------------------------------------- the report

def find(rows, **kw):
    for r in rows:
        if all(r.get(k) == v for k, v in kw.items()):
            return r
    return None


def fmt(x, digits=1):
    return "-" if x is None else ("{:,.%df}" % digits).format(x)


def report(res):
    lines = []
    mach = res["machine"]
    lines += ["Run on %s: %s, %d cores, %s memory, %s, kernel %s, database on %s." % (
        mach["date"], mach["cpu"], mach["cores"], mach["memory"], mach["os"], mach["kernel"], mach["disk"]),
        "Packages: " + ", ".join("%s %s" % kv for kv in mach["packages"].items()) + ".",
        "Each figure: wrk for %d s on 127.0.0.1 (`bench/load.lua`, 60 s client timeout, the server idle "
        "before each), server `--threads %d`; errors count socket errors, timeouts and non-2xx answers." % (
            res["seconds"], THREADS), ""]
    lines += ["### Datasets", "", "| scale | 団体 | accounts | submitted responses | versions | file | generated in |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for scale, d in sorted(res["datasets"].items(), key=lambda kv: int(kv[0])):
        lines.append("| %s %% | %s | %s | %s | %s | %.0f MiB | %.1f s |" % (
            scale, fmt(d["organizations"], 0), fmt(d["users"], 0), fmt(d["submitted"], 0),
            fmt(d["versions"], 0), d["bytes"] / 2**20, d["seconds"]))
    lines += ["", "### National dataset (100 %), every scenario", "",
              "| scenario | conns | req/s | × `/healthz` | p50 ms | p99 ms | errors | server CPU µs/req | "
              "peak RSS so far MiB |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for conns in (64, 512):
        base = find(res["main"], scenario="healthz", conns=conns)["rps"]
        for name, label, _ in SCENARIOS:
            r = find(res["main"], scenario=name, conns=conns)
            bad = r["errors"] + sum(n for code, n in r["statuses"].items() if not code.startswith("2"))
            lines.append("| %s | %d | %s | %.3f | %s | %s | %d | %s | %.1f |" % (
                label, conns, fmt(r["rps"], 0), r["rps"] / base, fmt(r["p50_ms"], 2), fmt(r["p99_ms"], 2),
                bad, fmt(r["cpu_us_per_request"], 0), r["peak_rss_kib"] / 1024))
    lines += ["", "Server RSS: %.1f MiB idle after start; %.1f MiB peak once 512 connections were open at once "
              "(each was answered: **%d of 512**); **%.1f MiB** peak over all of the above." % (
                  res["idle_rss_kib"] / 1024, res["rss_after_512_kib"] / 1024, res["served_512"],
                  res["peak_rss_kib"] / 1024),
              "Group commit: %s writes (saves, submissions, session touches) in %s commits (%.1f per commit)." % (
                  fmt(res["group_units"], 0), fmt(res["group_commits"], 0),
                  res["group_units"] / max(1, res["group_commits"])), ""]
    lines += ["### Durable saves: group commit against one commit per request", "",
              "| scenario | conns | grouped req/s | one fsync per request req/s | ratio | grouped p99 ms | "
              "ungrouped p99 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    for conns in (64, 512):
        for name in ("draft_save", "submit"):
            g, u = find(res["main"], scenario=name, conns=conns), find(res["group"], scenario=name, conns=conns)
            lines.append("| %s | %d | %s | %s | %.2f | %s | %s |" % (
                name, conns, fmt(g["rps"], 0), fmt(u["rps"], 0), g["rps"] / u["rps"], fmt(g["p99_ms"], 2),
                fmt(u["p99_ms"], 2)))
    lines += ["", "Bare SQLite on the same disk, one thread, one 1 KB row per transaction (WAL): "
              "synchronous=FULL %s inserts/s, NORMAL %s inserts/s. Grouped draft saves at 64 connections "
              "reach %.2f × the bare FULL loop." % (
                  fmt(res["sqlite"]["full"], 0), fmt(res["sqlite"]["normal"], 0),
                  find(res["main"], scenario="draft_save", conns=64)["rps"] / res["sqlite"]["full"]), ""]
    lines += ["### Cost growth, %d connections (cache off: every request counts afresh)" % SCALE_CONNS, "",
              "| scenario | cache | " + " | ".join("%d %% ms/req (p50)" % s for s in SCALES) +
              " | growth 10→100 % | growth 100→1,000 % |", "|---|---|" + "---:|" * (len(SCALES) + 2)]
    for name in SCALE_SCENARIOS:
        for cache in ("off", "on"):
            rows = [find(res["scaling"], scenario=name, cache=cache, scale=s) for s in SCALES]
            refused = [sorted(c for c in r["statuses"] if not c.startswith("2")) for r in rows]
            cost = [None if bad else 1000.0 / r["rps"] * SCALE_CONNS for r, bad in zip(rows, refused)]
            cells = ["refused (HTTP %s)" % ",".join(bad) if bad else "%s (%s)" % (fmt(c, 2), fmt(r["p50_ms"], 2))
                     for c, r, bad in zip(cost, rows, refused)]
            growth = [cost[i + 1] / cost[i] if cost[i] and cost[i + 1] else None for i in range(2)]
            lines.append("| %s | %s | %s | %s | %s |" % (
                name, cache, " | ".join(cells), *("-" if g is None else "%.1f×" % g for g in growth)))
    lines += ["", "ms/req is connections ÷ throughput: the server time one request costs at that scale; "
              "the dataset grows 10× per column."]
    return "\n".join(lines)


def write_report(res):
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path, encoding="utf-8").read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    i, j = text.index(begin) + len(begin), text.index(end)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:i] + "\n" + report(res) + "\n" + text[j:])
    print("BENCHMARKS.md updated")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--report-only", action="store_true", help="rewrite BENCHMARKS.md from bench/out/results.json")
    args = ap.parse_args()
    if args.report_only:
        res = json.load(open(os.path.join(OUT, "results.json"), encoding="utf-8"))
    else:
        if not shutil.which("wrk"):
            sys.exit("wrk is missing: sudo apt-get install wrk (bench/run.sh does it)")
        res = run(args)
    write_report(res)


if __name__ == "__main__":
    main()
