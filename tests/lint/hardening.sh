#!/bin/sh
# hardening.sh BUILD_DIR: the release flags of RELIABILITY.md F4, checked on
# the ELF of BUILD_DIR/shokai and on the compile commands that made it:
# a position-independent executable, full RELRO (GNU_RELRO and BIND_NOW),
# stack protector (-fstack-protector-strong, __stack_chk_fail linked),
# _FORTIFY_SOURCE=2 (checked *_chk functions linked), and format strings as
# errors (-Wformat=2 with -Werror, which with gcc is what
# -Werror=format-security asks). Prints TAP.
set -u
build=$1
bin="$build/shokai"
commands="$build/compile_commands.json"
n=0
failed=0
check() { # check DESCRIPTION COMMAND...
    n=$((n + 1))
    what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        echo "ok $n - $what"
    else
        echo "not ok $n - $what"
        failed=1
    fi
}
check "the release binary exists ($bin)" test -x "$bin"
check "it is a position-independent executable" sh -c "readelf -h '$bin' | grep -q 'DYN (Position-Independent'"
check "with full RELRO: a GNU_RELRO segment" sh -c "readelf -lW '$bin' | grep -q GNU_RELRO"
check "and BIND_NOW (-z now)" sh -c "readelf -d '$bin' | grep -q BIND_NOW"
check "the stack protector is linked in" sh -c "readelf -sW --dyn-syms '$bin' | grep -q __stack_chk_fail"
check "_FORTIFY_SOURCE's checked functions are linked in" sh -c "readelf -sW --dyn-syms '$bin' | grep -q '_chk@'"
for flag in -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wformat=2 -Werror; do
    check "every server source is compiled with $flag" sh -c \
        "! grep -o '\"command\": \"[^\"]*server/[a-z_/]*\\.c' '$commands' | grep -v -- '$flag' | grep -q ."
done
check "no server source is compiled without optimisation (FORTIFY needs it)" sh -c \
    "! grep -o '\"command\": \"[^\"]*server/[a-z_/]*\\.c' '$commands' | grep -v -- ' -O[12s3]' | grep -q ."
echo "1..$n"
exit $failed
