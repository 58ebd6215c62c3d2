#!/usr/bin/env bash
# Regenerates cmd/credsweep/default.pgo, the CPU profile the go command
# builds credsweep with (profile-guided optimisation: inlining and
# devirtualisation where the profile says the time goes). The profile is
# four scans of the realistic mixed share (../shared/bench/gen_corpus.py,
# 300 MB, seed 1) and four of its text-only subset, merged; bench/run.sh
# (SECTIONS=mixed) makes both. Rerun after changes to the hot paths, and
# compare the figures with and without the new profile.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
WORK=${WORK:-/tmp/credsweep-bench}
for d in "$WORK/mixed-300M" "$WORK/mixed-300M-text"; do
  [ -d "$d" ] || { echo "pgo: $d is missing: run SECTIONS=mixed bash bench/run.sh first"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Profiled without the current profile, so it does not feed on itself.
go build -pgo=off -o "$tmp/credsweep" ./cmd/credsweep
for d in "$WORK/mixed-300M" "$WORK/mixed-300M-text"; do
  for i in 1 2 3 4; do
    "$tmp/credsweep" scan --progress never --fail-on none --format json \
      --cpuprofile "$tmp/$(basename "$d")-$i.prof" "$d" >/dev/null
  done
done
go tool pprof -proto "$tmp/credsweep" "$tmp"/*.prof > cmd/credsweep/default.pgo
echo "pgo: wrote cmd/credsweep/default.pgo ($(wc -c < cmd/credsweep/default.pgo) bytes)"
