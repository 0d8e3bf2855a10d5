#!/bin/sh
# demo.sh: command 1 of README. Installs what is missing, builds, creates (or
# refreshes) the demo database demo.db with every seed and one account per
# role, prints the accounts, and serves http://127.0.0.1:8080/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
[ -d build ] || meson setup build
ninja -C build shokai
exec ./build/shokai serve --demo --db "${SHOKAI_DEMO_DB:-demo.db}" --listen "${SHOKAI_LISTEN:-127.0.0.1:8080}"
