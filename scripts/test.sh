#!/bin/sh
# test.sh: command 2 of README. Installs what is missing, builds the release
# build (warnings are errors) and an AddressSanitizer + UndefinedBehavior-
# Sanitizer build, runs every test suite under the sanitizer build, and ends
# with the line "N passed, N failed" counted over every TAP result.
#   sh scripts/test.sh          the full tier: every suite (unit, lint, fuzz
#                               corpus replay, http, e2e, container), the release
#                               flags, and a seeded libFuzzer run; what CI runs
#   sh scripts/test.sh quick    the quick tier, in seconds: unit, lint and the
#                               fuzz corpus replay
#   sh scripts/test.sh ARGS...  other arguments go to `meson test` (one suite or test)
# The long runs (hours, time-seeded) are scripts/long-runs.sh.
set -u
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
status=0
# playwright-core and axe-core for the browser tests, at the versions pinned in
# package-lock.json; playwright-core never downloads a browser.
# (again whenever the lock file changed since the last install).
if [ ! -f tests/e2e/node_modules/.package-lock.json ] ||
   [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    if ! (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error); then
        echo "npm ci failed in tests/e2e"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi
[ -d build ] || meson setup build >/dev/null || status=1
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || status=1
if [ $status -ne 0 ] || ! ninja -C build >/dev/null || ! ninja -C build-asan >/dev/null; then
    ninja -C build 2>&1 | tail -30
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
tier=full
if [ "${1:-}" = quick ]; then
    tier=quick
    shift
    set -- --suite unit --suite lint --suite fuzz "$@"
fi
meson test -C build-asan --print-errorlogs --num-processes 2 "$@"
meson_status=$?
if [ "$tier" = quick ]; then
    log=build-asan/meson-logs/testlog.txt
    echo "$(grep -cE '^ok [0-9]+' "$log" || true) passed, $(grep -cE '^not ok [0-9]+' "$log" || true) failed"
    exit "$meson_status"
fi
# The release flags of the binary that ships (build/, not the sanitizer build).
hardening_log=build-asan/hardening-tap.txt
sh tests/lint/hardening.sh build >"$hardening_log" 2>&1
cat "$hardening_log"
# A libFuzzer run of every fuzz target (the corpus itself is replayed by meson
# test above) with a fixed seed and a fixed number of inputs, so that one commit
# always gets the same verdict: 2,000,000 inputs per target in CI (about a
# minute each), 200,000 at a desk. Time-seeded, hour-long fuzzing is in
# scripts/long-runs.sh. Then the coverage of the corpora against their floors.
# Its TAP lines count with the rest.
fuzz_log=build-asan/fuzz-tap.txt
if [ "${CI:-}" = true ]; then fuzz_runs=2000000; else fuzz_runs=200000; fi
sh scripts/fuzz.sh --runs "${SHOKAI_FUZZ_RUNS:-$fuzz_runs}" >"$fuzz_log" 2>&1
cat "$fuzz_log"
log=build-asan/meson-logs/testlog.txt
extra="$fuzz_log $hardening_log"
passed=$(($(grep -cE '^ok [0-9]+' "$log" || true) + $(cat $extra | grep -cE '^ok [0-9]+' || true)))
failed=$(($(grep -cE '^not ok [0-9]+' "$log" || true) + $(cat $extra | grep -cE '^not ok [0-9]+' || true)))
# A test program that crashed before printing "not ok" still counts as a failure.
if [ "$meson_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$meson_status" -eq 0 ] && [ "$failed" -eq 0 ]
