#!/bin/sh
# build.sh SRC DEST: the build stage of container/Containerfile. Builds the
# release binary from the source tree SRC (only what the Containerfile
# copies; tests off) and leaves it at DEST/bin/shokai. tests/container runs
# the same script, so the two cannot drift apart.
set -eu
src=$1
dest=$2
meson setup "$dest/build" "$src" --buildtype=release -Dtests=false >/dev/null
ninja -C "$dest/build" shokai
install -D -m 0755 "$dest/build/shokai" "$dest/bin/shokai"
