#!/bin/sh
# install-deps.sh: installs, with apt, what building and testing shokai needs and
# this Debian 12 machine lacks. Does nothing (and needs no network) when all
# packages are present. Run as root, or with sudo available.
set -eu
PACKAGES="build-essential meson ninja-build pkg-config libcivetweb-dev libsqlite3-dev sqlite3
libjansson-dev libsodium-dev libcsv-dev libxlsxwriter-dev python3 clang-format unzip"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
