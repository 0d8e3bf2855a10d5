#!/bin/sh
# install-deps.sh: installs, with apt, what building and testing shokai needs and
# this Debian 12 machine lacks. Does nothing (and needs no network) when all
# packages are present. Run as root, or with sudo available.
set -eu
cd "$(dirname "$0")/.."
# What the build needs is listed once, in container/build-packages.txt, for
# this script and the container build alike; the rest is for tests and lint.
PACKAGES="$(cat container/build-packages.txt) sqlite3 python3 clang-format unzip
chromium fonts-noto-cjk nginx openssl clang libclang-rt-14-dev llvm-14 slowhttptest fiu-utils
python3-aiosmtpd python3-pandas"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Browser tests run on Node; a Node already on the machine (for instance from
# NodeSource) is kept rather than replaced with Debian's.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# policy-rc.d keeps packages (nginx) from starting services while installing:
# the TLS test runs its own nginx on 127.0.0.1 and nothing else should listen.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 0755 "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
