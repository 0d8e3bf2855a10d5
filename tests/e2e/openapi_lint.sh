#!/bin/sh
# openapi_lint.sh: validates `shokai routes --openapi` with @redocly/cli
# (tests/e2e/package.json; `npm ci` installs it): `redocly lint` must find no
# error. TAP; skipped, not passed, without node. Usage: openapi_lint.sh SHOKAI
shokai=$1
cd "$(dirname "$0")" || exit 1
if ! command -v node >/dev/null 2>&1; then
    echo "1..0 # SKIP node is not installed"
    exit 0
fi
cli=node_modules/@redocly/cli/bin/cli.js
if [ ! -f "$cli" ]; then
    echo "not ok 1 - @redocly/cli is installed (run npm ci in tests/e2e)"
    echo "1..1"
    exit 1
fi
doc=$(mktemp --suffix=.json) && out=$(mktemp) || exit 1
trap 'rm -f "$doc" "$out"' EXIT
n=0 failed=0
check() { # check "description" status
    n=$((n + 1))
    if [ "$2" -eq 0 ]; then echo "ok $n - $1"; else failed=$((failed + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$out" | tail -40; fi
}
"$shokai" routes --openapi >"$doc" 2>"$out"
check "shokai routes --openapi writes the document" $?
# No telemetry or update check: the test runs offline.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    node "$cli" lint --format=stylish "$doc" >"$out" 2>&1
check "redocly lint: the document is valid OpenAPI 3.1 with no error" $?
echo "1..$n"
[ "$failed" -eq 0 ]
