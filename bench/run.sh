#!/bin/sh
# bench/run.sh: the benchmark in one command (README.md, "Benchmarks").
# Installs wrk if missing, builds a release build in build-bench/ and runs
# bench/run.py, which writes its figures into BENCHMARKS.md. Takes about
# 15 minutes with the default 10 s per figure; not part of the tests.
set -eu
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get install -y wrk sqlite3
fi
sh scripts/install-deps.sh
[ -d build-bench ] || meson setup build-bench --buildtype=release -Dtests=false
ninja -C build-bench
exec python3 bench/run.py --build build-bench "$@"
