#!/bin/sh
# fuzz.sh [SECONDS]: builds the fuzz targets with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer (build-fuzz/), and runs each for SECONDS
# (default 15; 300 in CI, RELIABILITY.md F4) starting from its committed corpus
# in tests/fuzz/corpus/, as many at once as there are processors. New inputs go
# to build-fuzz/corpus/; a crash leaves its input in build-fuzz/ (copy it into
# the corpus with the fix, so every test run replays it).
# Then scripts/fuzz_coverage.py reports which lines the corpora reach.
# Prints one TAP line per target and per coverage check; scripts/test.sh runs it.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-15}
targets="form escape survey answer csv request"
if [ ! -d build-fuzz ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dwerror=false -Dbuildtype=debugoptimized >/dev/null || { echo "not ok 1 - fuzz build set-up"; exit 1; }
fi
# Each target writes its TAP line to build-fuzz/fuzz_T.tap; they are printed in order.
run_target() {
    target=$1
    tap="build-fuzz/fuzz_$target.tap"
    mkdir -p "build-fuzz/corpus/$target"
    if (cd build-fuzz && UBSAN_OPTIONS=halt_on_error=1 "./tests/fuzz_$target" "corpus/$target" \
            "../tests/fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 >"fuzz_$target.log" 2>&1); then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/fuzz_$target.log")
        echo "ok - fuzz_$target: ${runs:-?} inputs in ${seconds}s without a finding, $(ls "build-fuzz/corpus/$target" | wc -l) new inputs kept" >"$tap"
    else
        { echo "not ok - fuzz_$target found a failure (build-fuzz/fuzz_$target.log)"
          tail -20 "build-fuzz/fuzz_$target.log" | sed 's/^/#   /'; } >"$tap"
    fi
}
# Build once, before the runs in parallel (ninja runs would race on the same tree).
if ! ninja -C build-fuzz $(for t in $targets; do printf 'tests/fuzz_%s ' "$t"; done) \
        >build-fuzz/build.log 2>&1; then
    echo "not ok 1 - the fuzz targets build (build-fuzz/build.log)"
    tail -20 build-fuzz/build.log | sed 's/^/#   /'
    echo "1..1"
    exit 1
fi
rm -f build-fuzz/fuzz_*.tap
jobs=$(nproc 2>/dev/null || echo 1)
running=0
for target in $targets; do
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait
n=0
failed=0
for target in $targets; do
    n=$((n + 1))
    line=$(sed -n '1p' "build-fuzz/fuzz_$target.tap")
    case "$line" in not*) failed=1 ;; esac
    echo "$line" | sed "s/^\(not ok\|ok\) - /\1 $n - /"
    sed -n '2,$p' "build-fuzz/fuzz_$target.tap"
done
# Coverage of the corpora (committed and new), with a floor per target.
python3 scripts/fuzz_coverage.py "$n" || failed=1
exit $failed
