#!/bin/sh
# long-runs.sh: the long reliability runs of RELIABILITY.md, for a nightly job
# (not CI: about five hours, most of it fuzzing). The CI runs the same tests as short smokes.
#   - D1: 1,000 kill -9 cycles under concurrent writers (test_crash.py)
#   - D4/E1: 30 minutes of 200 clients on the deadline-day mix (test_mixed_load.py)
#   - E3/E4: slowhttptest slow headers, slow body and slow read, 5 minutes each
#     (test_slowhttp.py)
#   - D2: 20 power cuts under concurrent writers, on a loop-device ext4 image
#     (test_power_loss.py; needs root, otherwise it says SKIP)
#   - B6: sqlmap --level=3 --risk=2 on query, path and body parameters
#     (test_sqlmap.py)
#   - E2: the deadline login spike, 2,000 accounts then their submissions
#     (test_login_spike.py)
#   - F4: 2,000,000 mutated raw requests against the whole server over loopback
#     (test_http_fuzz.py), and an hour of libFuzzer per fuzz target, as many at
#     once as there are processors, with the corpus coverage report (scripts/fuzz.sh 3600)
# Every run is under AddressSanitizer and UndefinedBehaviorSanitizer. Ends
# with "N passed, N failed" like scripts/test.sh. Environment: CRASH_CYCLES,
# LOAD_SECONDS, SLOW_SECONDS, POWER_CUTS, SPIKE_ACCOUNTS, HTTP_FUZZ_COUNT and FUZZ_SECONDS shorten or
# lengthen the runs.
set -u
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
command -v sqlmap >/dev/null 2>&1 || apt-get install -y sqlmap >/dev/null
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-asan >/dev/null
log=build-asan/long-runs.log
: >"$log"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd tests/http
SHOKAI_CRASH_CYCLES=${CRASH_CYCLES:-1000} python3 test_crash.py ../../build-asan/shokai | tee -a "../../$log"
SHOKAI_LOAD_SECONDS=${LOAD_SECONDS:-1800} python3 test_mixed_load.py ../../build-asan/shokai | tee -a "../../$log"
SHOKAI_SLOW_SECONDS=${SLOW_SECONDS:-300} python3 test_slowhttp.py ../../build-asan/shokai | tee -a "../../$log"
python3 test_sqlmap.py ../../build-asan/shokai | tee -a "../../$log"
SHOKAI_POWER_CUTS=${POWER_CUTS:-20} python3 test_power_loss.py ../../build-asan/shokai | tee -a "../../$log"
SHOKAI_SPIKE_ACCOUNTS=${SPIKE_ACCOUNTS:-2000} python3 test_login_spike.py ../../build-asan/shokai | tee -a "../../$log"
SHOKAI_HTTP_FUZZ_SEED=${HTTP_FUZZ_SEED:-$(date +%s)} SHOKAI_HTTP_FUZZ_COUNT=${HTTP_FUZZ_COUNT:-2000000} python3 test_http_fuzz.py ../../build-asan/shokai | tee -a "../../$log"
cd ../..
sh scripts/fuzz.sh "${FUZZ_SECONDS:-3600}" | tee -a "$log"
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
