#!/usr/bin/env bash
# The nightly job: scan each server with state, merge the SARIF files, upload
# them to GitHub code scanning and sync dismissals of suppressed results.
# Install as /usr/local/lib/credsweep/nightly.sh (see systemd/ and cron.txt).
#
# Exit codes of credsweep scan: 0 nothing found, 1 findings, 3 partial. With
# --state a partial scan keeps the last results of what it could not read, so
# it is safe to upload; 2 is a real failure and stops the job.
set -uo pipefail
CONF=${CONF:-/etc/credsweep/credsweep.yaml}
OUT=${OUT:-/var/lib/credsweep}
REPO=${REPO:-skole-it/filserver-funn}
TARGETS=${TARGETS:-"fs01-skole fs02-admin"}
KEYFILE=${KEYFILE:-/etc/credsweep/fingerprint.key}
export CREDSWEEP_FINGERPRINT_KEY="$(cat "$KEYFILE")"

sarifs=()
for target in $TARGETS; do
  credsweep scan --config "$CONF" --progress never --state "$OUT/$target.db" --sarif "$OUT/$target.sarif" "$target"
  code=$?
  case $code in
    0|1|3) sarifs+=("$OUT/$target.sarif") ;;
    *) echo "credsweep scan $target failed (exit $code)" >&2; exit "$code" ;;
  esac
done
rm -f "$OUT"/merged*.sarif
credsweep merge -o "$OUT/merged.sarif" "${sarifs[@]}" || exit 2
# The head of the repository's default branch, unless --commit is given.
credsweep upload --repo "$REPO" --sync-dismissals "$OUT"/merged*.sarif
