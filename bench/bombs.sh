#!/usr/bin/env bash
# Memory benchmark on hostile archives: each bomb family of
# bench/genbombs is written to a temporary folder and scanned by
# credsweep under /usr/bin/time -v; peak RSS, wall time and exit code are
# printed for each. Everything created is removed on exit.
#
#   bash bench/bombs.sh                      # every family
#   FAMILIES="7z-dict xlsx-sst" bash bench/bombs.sh
#   CS=/path/to/credsweep bash bench/bombs.sh  # another build (before/after)
#
# Environment: WORK (parent of the temporary folder, default /tmp),
# FAMILIES (default all), CS (binary to measure; default built from here),
# MAX_RSS_MB (default 300: a family above it is marked OVER).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
MAX_RSS_MB=${MAX_RSS_MB:-300}

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends time >/dev/null
  else
    echo "bombs: /usr/bin/time is needed (apt-get install time)"; exit 1
  fi
fi

D=$(mktemp -d "${WORK:-/tmp}/credsweep-bombs-XXXX")
cleanup() { rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$D/genbombs" ./bench/genbombs
if [ -z "${CS:-}" ]; then
  go build -o "$D/credsweep" ./cmd/credsweep
  CS="$D/credsweep"
fi
FAMILIES=${FAMILIES:-$("$D/genbombs" -list | cut -d' ' -f1 | tr '\n' ' ')}

printf '%-16s %10s %10s %9s %5s  %s\n' family size_MB peak_RSS_MB wall_s exit note
for fam in $FAMILIES; do
  file=$("$D/genbombs" -list | awk -v f="$fam" '$1 == f {print $2}')
  [ -n "$file" ] || { echo "bombs: unknown family $fam"; exit 2; }
  mkdir -p "$D/in/$fam"
  "$D/genbombs" -out "$D/in/$fam" -only "$fam"
  size=$(stat -c %s "$D/in/$fam/$file")
  rc=0
  /usr/bin/time -v -o "$D/time.txt" "$CS" scan --progress never --fail-on none --format json \
    "$D/in/$fam/$file" >"$D/out.json" 2>"$D/err.txt" || rc=$?
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$D/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$D/time.txt" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  note=""
  [ "$((rss_kb / 1024))" -gt "$MAX_RSS_MB" ] && note="OVER ${MAX_RSS_MB} MB"
  printf '%-16s %10.1f %10.1f %9.2f %5s  %s\n' "$fam" "$(awk "BEGIN {print $size/1e6}")" \
    "$(awk "BEGIN {print $rss_kb/1024}")" "$wall" "$rc" "$note"
  rm -rf "$D/in/$fam"
done
