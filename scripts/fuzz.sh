#!/bin/sh
# fuzz.sh [--runs N | SECONDS]: builds the fuzz targets with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer (build-fuzz/) and runs each
# from its committed corpus in tests/fuzz/corpus/, as many at once as there are
# processors. Then scripts/fuzz_coverage.py reports which lines the corpora reach.
#   --runs N   the gating run (scripts/test.sh, CI): libFuzzer with -seed=1 and
#              N inputs per target (scaled per target, see runs_for), starting
#              from an empty build-fuzz/corpus/: the same commit gives the same
#              inputs, so the same verdict, every time.
#   SECONDS    the exploring run (scripts/long-runs.sh): each target for SECONDS
#              with a time-based seed. A crash's input is copied into
#              tests/fuzz/corpus/TARGET/ with its name printed: commit it with
#              the fix, so every test run replays it.
# Prints one TAP line per target and per coverage check.
set -u
cd "$(dirname "$0")/.."
mode=seconds
seconds=15
runs=0
case "${1:-}" in
    --runs) mode=runs; runs=${2:?--runs takes a number} ;;
    "") ;;
    *) seconds=$1 ;;
esac
targets="form escape survey answer csv request xlsx multipart"
# The gating run's inputs per target: N for the fast targets; the CSV importer
# (CP932 conversion, up to 64 KiB inputs) runs about a third as fast.
runs_for() {
    case "$1" in
        csv) echo $((runs / 3)) ;;
        *) echo "$runs" ;;
    esac
}
if [ ! -d build-fuzz ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dwerror=false -Dbuildtype=debugoptimized >/dev/null || { echo "not ok 1 - fuzz build set-up"; exit 1; }
fi
# Each target writes its TAP line to build-fuzz/fuzz_T.tap; they are printed in order.
run_target() {
    target=$1
    tap="build-fuzz/fuzz_$target.tap"
    if [ "$mode" = runs ]; then
        rm -rf "build-fuzz/corpus/$target"
        budget="-seed=1 -runs=$(runs_for "$target")"
        what="seed 1"
    else
        budget="-max_total_time=$seconds"
        what="in ${seconds}s"
    fi
    mkdir -p "build-fuzz/corpus/$target" "build-fuzz/crash/$target"
    # shellcheck disable=SC2086
    if (cd build-fuzz && UBSAN_OPTIONS=halt_on_error=1 "./tests/fuzz_$target" "corpus/$target" \
            "../tests/fuzz/corpus/$target" $budget -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="crash/$target/" \
            >"fuzz_$target.log" 2>&1); then
        executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/fuzz_$target.log")
        echo "ok - fuzz_$target: ${executed:-?} inputs ($what) without a finding, $(ls "build-fuzz/corpus/$target" | wc -l) new inputs kept" >"$tap"
    else
        { echo "not ok - fuzz_$target found a failure (build-fuzz/fuzz_$target.log)"
          for input in "build-fuzz/crash/$target"/*; do
              [ -f "$input" ] || continue
              cp "$input" "tests/fuzz/corpus/$target/"
              echo "#   its input is now tests/fuzz/corpus/$target/$(basename "$input"): commit it with the fix"
          done
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
