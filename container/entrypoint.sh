#!/bin/sh
# entrypoint.sh: how the container starts shokai. Creates or upgrades the
# database on the volume (`shokai migrate`), loads the 団体 master and the
# grouping schemes into a new database only (so a master re-imported later
# with `shokai import` is never reverted by a restart), then becomes the
# server. Extra arguments go to `shokai serve` (e.g. --secure-cookies).
set -eu
db=${SHOKAI_DB:-/data/shokai.db}
listen=${SHOKAI_LISTEN:-0.0.0.0:8080}
new=0
[ -e "$db" ] || new=1
shokai migrate --db "$db"
[ "$new" -eq 0 ] || shokai seed --db "$db"
exec shokai serve --db "$db" --listen "$listen" "$@"
