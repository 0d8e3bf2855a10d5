#!/usr/bin/env python3
"""fuzz_coverage.py FIRST_TAP_NUMBER: which lines of our parsers the fuzz
corpora reach (RELIABILITY.md F4).

Builds the replay drivers with clang's source-based coverage (build-cov/),
feeds each target its committed corpus (tests/fuzz/corpus/T) and the inputs
the last fuzz run kept (build-fuzz/corpus/T), and measures the line coverage
of the code the target is for: whole files, or named functions where the
file holds more than the target exercises. Each figure must reach its floor,
set a few points under what the committed corpus alone reaches, so that a
broken target or a lost corpus fails the run. Prints TAP lines numbered from
FIRST_TAP_NUMBER and the plan; the full per-file report goes to
build-cov/fuzz-coverage.txt."""
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BUILD = os.path.join(ROOT, "build-cov")
LLVM = "-14"  # Debian 12's clang is clang-14, whose tools carry the suffix

# target: (files or functions measured, floor in % of their lines).
# The committed corpora reached (2026-11): form 86.0, escape 100, survey 89.6,
# answer 73.0 (the R7 survey it validates against has no number, date or
# self-check questions), csv 96.1,
# request 100, multipart 97.1 (2026-12). Re-based 2026-12-02 after the wave
# that added table-row issues and all/any/not conditions to answer.c, CP932
# account files to encoding.c and replaced the multipart parser with the one
# that keeps every file (xlsform): the CI run (2,000,000 inputs, seed 1)
# reached answer 68.6, csv 85.4, multipart 87.9. New seeds for that code are
# due (issue note): the floors then go back up.
TARGETS = {
    "form": ({"files": ["server/web/form.c"]}, 83),
    "escape": ({"functions": ["html_esc"]}, 97),
    "survey": ({"files": ["server/domain/survey.c"]}, 86),
    "answer": ({"files": ["server/domain/answer.c", "server/base/jsonin.c"]}, 66),
    "csv": ({"files": ["server/base/csvread.c", "server/base/encoding.c"]}, 83),
    "request": ({"functions": ["http_parse_target", "http_cookie_parse", "route_origin_allowed"]}, 97),
    "multipart": ({"files": ["server/web/multipart.c"]}, 85),
}


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def build():
    # Programs meson runs while it configures are instrumented too: their
    # profiles go to a temporary file, not into the checkout.
    env = dict(os.environ, CC="clang", LLVM_PROFILE_FILE="/tmp/shokai-cov-build-%p.profraw")
    if not os.path.isdir(BUILD):
        flags = "-fprofile-instr-generate -fcoverage-mapping"
        sh("meson", "setup", BUILD, "-Dc_args=" + flags, "-Dc_link_args=-fprofile-instr-generate",
           "-Dwerror=false", "-Dbuildtype=debug", cwd=ROOT, env=env)
    sh("ninja", "-C", BUILD, *["tests/fuzz_" + t for t in TARGETS], env=env)


def profile(target):
    """Replays the corpora; returns the merged profile's path."""
    raw = os.path.join(BUILD, "prof", target + ".profraw")
    data = os.path.join(BUILD, "prof", target + ".profdata")
    os.makedirs(os.path.dirname(raw), exist_ok=True)
    dirs = [os.path.join(ROOT, "tests", "fuzz", "corpus", target)]
    kept = os.path.join(ROOT, "build-fuzz", "corpus", target)
    if os.path.isdir(kept) and os.listdir(kept):
        dirs.append(kept)
    sh(os.path.join(BUILD, "tests", "fuzz_" + target), *dirs, env=dict(os.environ, LLVM_PROFILE_FILE=raw))
    sh("llvm-profdata" + LLVM, "merge", "-sparse", raw, "-o", data)
    return data


def file_lines(binary, data, files):
    """(covered, total) lines of the files, from the per-file report."""
    report = sh("llvm-cov" + LLVM, "report", binary, "-instr-profile=" + data, cwd=BUILD)
    covered = total = 0
    for line in report.splitlines():
        cols = line.split()
        if cols and cols[0] in files:
            lines, missed = int(cols[7]), int(cols[8])
            covered += lines - missed
            total += lines
    return covered, total, report


def function_lines(binary, data, functions):
    """(covered, total) lines of the named functions, from their annotated source."""
    covered = total = 0
    for name in functions:
        shown = sh("llvm-cov" + LLVM, "show", binary, "-instr-profile=" + data, "-name-regex=^%s$" % name, cwd=BUILD)
        for line in shown.splitlines():
            m = re.match(r"\s*\d+\|\s*([0-9.]+[kMG]?)\|", line)
            if m:
                total += 1
                covered += m.group(1) != "0"
    return covered, total


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    failed = False
    try:
        build()
    except subprocess.CalledProcessError as e:
        print("not ok %d - the coverage build\n#   %s" % (n + 1, (e.stderr or "")[-500:].replace("\n", "\n#   ")))
        print("1..%d" % (n + 1))
        return 1
    reports = []
    for target, (what, floor) in TARGETS.items():
        n += 1
        binary = os.path.join("tests", "fuzz_" + target)
        data = profile(target)
        if "files" in what:
            covered, total, report = file_lines(binary, data, what["files"])
            reports.append("== fuzz_%s\n%s" % (target, report))
            measured = ", ".join(what["files"])
        else:
            covered, total = function_lines(binary, data, what["functions"])
            measured = ", ".join(what["functions"]) + "()"
        pct = 100.0 * covered / total if total else 0.0
        ok = total > 0 and pct >= floor
        failed |= not ok
        print("%s %d - fuzz_%s corpus reaches %.1f%% of the lines of %s (floor %d%%)"
              % ("ok" if ok else "not ok", n, target, pct, measured, floor))
    with open(os.path.join(BUILD, "fuzz-coverage.txt"), "w") as f:
        f.write("\n".join(reports))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
