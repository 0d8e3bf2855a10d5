#!/bin/sh
# lint.sh: the source rules of STYLE.md, as TAP. Usage: lint.sh SOURCE_ROOT
cd "$1" || exit 1
n=0; failed=0
check() { # check "description" command...
    n=$((n + 1)); desc=$1; shift
    if out=$("$@" 2>&1); then echo "ok $n - $desc"; else
        failed=$((failed + 1)); echo "not ok $n - $desc"; echo "$out" | sed 's/^/#   /' | head -20; fi
}
none() { ! grep -rnE "$@"; }
check "only http.c calls CivetWeb" none '\bmg_(printf|write|read|send|get_header|start|set_request)' server --include='*.c' --exclude=http.c
check "only db.c prepares SQL" none 'sqlite3_(prepare|exec)\b|sqlite3_prepare_v[23]' server --include='*.c' --exclude=db.c
check "no sprintf/strcpy/strcat/sqlite3_mprintf/gets" none '\b(sprintf|vsprintf|strcpy|strcat|gets|sqlite3_mprintf|sqlite3_vmprintf)\(' server tools
check "no mg_handle_form_request (CVE-2025-9648)" none '^[[:space:]]*[^*/[:space:]].*mg_handle_form_request' server
check "templates have no inline script or on* handlers" none -i '<script>|<script [^>]*>[^<]|[[:space:]]on[a-z]+=' templates
check "templates load no external resources" none -i '(src|href)="(https?:)?//' templates
# Secrets (CSRF tokens, session and API tokens, password hashes, TOTP codes)
# are compared only through auth_token_equal (sodium_memcmp): no libc
# comparison may take an operand named like one.
secrets_compared_in_constant_time() { # string literals are blanked first
    for f in server/*/*.c; do
        sed -E 's/"([^"\\]|\\.)*"/""/g' "$f" |
            grep -nE '\b(strcmp|strncmp|strcasecmp|memcmp|bcmp)\([^;]*(csrf|token|secret|hash|passw|totp)' |
            sed "s|^|$f:|"
    done | { ! grep .; }
}
check "no strcmp/memcmp on a secret (auth_token_equal compares in constant time)" secrets_compared_in_constant_time
check "auth_token_equal is sodium_memcmp" grep -q 'return sodium_memcmp(a, b, n) == 0;' server/domain/auth.c
# The layers (meson.build): base, render, store, domain, web, cli. A rule
# below web never sees HTTP; a page or API handler never runs SQL itself; and
# markup is made trusted (struct html_safe) only where it is written.
web_headers=$(cd server/web && ls *.h | sed 's/\.h$//' | paste -sd'|')
check "no file under base/, render/, store/ or domain/ includes a web header (http.h, route.h ...)" \
    none "#include \"($web_headers)\\.h\"" server/base server/render server/store server/domain
check "no web file includes db.h (SQL stays in store/ and domain/)" none '#include "db\.h"' server/web
check "only base/ and render/ make a struct html_safe (pages use tpl_set_markup)" \
    none '\(struct html_safe\)[[:space:]]*\{' server/store server/domain server/web server/cli
check "http.c speaks HTTP only: no router, page or cache header (they are installed as http_hooks)" \
    none '#include "(route|page|page_[a-z_]+|export_cache|results)\.h"' server/web/http.c
# Handlers read declared parameters (param.h) only; the router reads the raw
# form, query and JSON (route.c, param.c), and a response's answers are one
# document the domain checks (response_http.c).
check "no handler reads a form field, query parameter or JSON member of its own" \
    none 'form_get\(&r->(form|query)|json_object_get\(r->json' server/web \
    --exclude=route.c --exclude=param.c --exclude=response_http.c
# The audit page says each change in words (domain/audit_words.c): every
# action code written in server/, and every response event, is named there.
audit_actions_have_words() {
    {
        grep -rhoE '"(response|responses|entries|entry|report|survey|surveys|org|user|users|account|accounts|db|mail|token|tokens|grouping|curation|round)(\.[a-z_]+)+"' \
            server --include='*.c' | grep -vE '\.(h|c|csv|xlsx|json|html|txt|sql|js|css)"$'
        grep -rhoE 'event_add\([^;]*"[a-z_]+"' server --include='*.c' |
            grep -oE '"[a-z_]+"$' | sed 's/^"/"response./'
    } | sort -u | while read -r code; do
        grep -qF "{$code," server/domain/audit_words.c || echo "no words for $code in audit_words.c"
    done | { ! grep .; }
}
check "every audit action has its words for the audit page" audit_actions_have_words
check "every source file is in a layer folder" test -z "$(find server -maxdepth 1 -type f)"
route_tables_complete() {
    missing=0
    for t in $(grep -ho '^ROUTES([a-z_]*)' server/*/*.c | sed 's/ROUTES(\(.*\))/\1/'); do
        grep -q "^    $t,$" server/web/route.c || { echo "route table $t is not in route.c"; missing=1; }
    done
    [ "$missing" -eq 0 ]
}
check "every ROUTES table is registered in route.c" route_tables_complete
if command -v clang-format >/dev/null 2>&1; then
    check "clang-format --dry-run is clean" clang-format --dry-run -Werror server/*/*.c server/*/*.h tests/unit/*.c tests/tap.h tools/*.c
fi
echo "1..$n"
[ "$failed" -eq 0 ]
