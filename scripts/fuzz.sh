#!/bin/sh
# fuzz.sh [SECONDS]: builds the fuzz targets with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer (build-fuzz/), and runs each for SECONDS
# (default 15) starting from its committed corpus in tests/fuzz/corpus/. New
# inputs go to build-fuzz/corpus/; a crash leaves its input in build-fuzz/
# (copy it into the corpus with the fix, so every test run replays it).
# Prints one TAP line per target; scripts/test.sh runs it in CI.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-15}
if [ ! -d build-fuzz ]; then
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dwerror=false -Dbuildtype=debugoptimized >/dev/null || { echo "not ok 1 - fuzz build set-up"; exit 1; }
fi
n=0
failed=0
for target in form escape survey answer csv request; do
    n=$((n + 1))
    if ! ninja -C build-fuzz "tests/fuzz_$target" >/dev/null; then
        echo "not ok $n - fuzz_$target builds"
        failed=1
        continue
    fi
    mkdir -p "build-fuzz/corpus/$target"
    if (cd build-fuzz && UBSAN_OPTIONS=halt_on_error=1 "./tests/fuzz_$target" "corpus/$target" \
            "../tests/fuzz/corpus/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
            -max_len=65536 >"fuzz_$target.log" 2>&1); then
        echo "ok $n - fuzz_$target: $(ls "build-fuzz/corpus/$target" | wc -l) new inputs kept, ${seconds}s without a finding"
    else
        echo "not ok $n - fuzz_$target found a failure (build-fuzz/fuzz_$target.log)"
        tail -20 "build-fuzz/fuzz_$target.log" | sed 's/^/#   /'
        failed=1
    fi
done
echo "1..$n"
exit $failed
