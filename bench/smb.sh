#!/usr/bin/env bash
# SMB benchmark: the same files read by smbclient (recurse; mget into a
# tmpfs) and scanned by credsweep over the same Samba share, side by side.
# Usage: bash bench/smb.sh CREDSWEEP_BINARY WORKDIR   (root; samba installed)
# Environment: LARGE_FILES (default 4), LARGE_MB (default 256),
# SMALL_FILES (default 2000), RUNS (default 3), PROFILE (write a CPU
# profile of one more credsweep scan of the large files to this path).
set -euo pipefail
CS=$1
WORK=$2
LARGE_FILES=${LARGE_FILES:-4}
LARGE_MB=${LARGE_MB:-256}
SMALL_FILES=${SMALL_FILES:-2000}
RUNS=${RUNS:-3}
[ "$(id -u)" = 0 ] || { echo "smb bench: needs root to run smbd"; exit 1; }
if ! command -v smbd >/dev/null || ! command -v smbclient >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends samba smbclient >/dev/null
fi

D=$(mktemp -d /tmp/credsweep-smbbench-XXXX)
chmod 755 "$D"
USER_NAME=csbench
PASS="bench-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
PORT=$((20000 + RANDOM % 20000))
SMBD_PID=
CREATED_USER=
MOUNTED=
# alive reports whether pid runs (a zombie, not yet reaped, does not).
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [[ $s != Z* ]]; }
# cleanup stops only what this script started (smbd, by its pid, and the
# process group it leads, its children), unmounts its tmpfs, removes the
# user it added and its files.
cleanup() {
  trap '' INT TERM
  if [ -n "$SMBD_PID" ] && alive "$SMBD_PID"; then
    kill -TERM -- "-$SMBD_PID" 2>/dev/null || kill -TERM "$SMBD_PID" 2>/dev/null || true
    for _ in $(seq 50); do alive "$SMBD_PID" || break; sleep 0.1; done
    if alive "$SMBD_PID"; then kill -KILL -- "-$SMBD_PID" 2>/dev/null || true; fi
  fi
  [ -n "$SMBD_PID" ] && wait "$SMBD_PID" 2>/dev/null || true
  [ -n "$MOUNTED" ] && umount "$D/tmpfs" 2>/dev/null || true
  [ -n "$CREATED_USER" ] && userdel "$USER_NAME" 2>/dev/null || true
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$D"/{pid,lock,state,cache,private,log,ncalrpc,tmpfs} "$D/share/large" "$D/share/small"
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd -M -s /usr/sbin/nologin "$USER_NAME"
  CREATED_USER=1
fi
cat >"$D/smb.conf" <<CONF
[global]
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = $PORT
  disable netbios = yes
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  pid directory = $D/pid
  lock directory = $D/lock
  state directory = $D/state
  cache directory = $D/cache
  private dir = $D/private
  ncalrpc dir = $D/ncalrpc
  log file = $D/log/%m.log
  passdb backend = tdbsam:$D/private/passdb.tdb
[bench]
  path = $D/share
  read only = yes
CONF
printf '%s\n%s\n' "$PASS" "$PASS" | smbpasswd -c "$D/smb.conf" -s -a "$USER_NAME" >/dev/null

echo "== SMB: writing $LARGE_FILES x $LARGE_MB MB text files and $SMALL_FILES x 4 KiB files"
python3 - "$D/share" "$LARGE_FILES" "$LARGE_MB" "$SMALL_FILES" <<'PY'
import os, random, sys
root, nlarge, mb, nsmall = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(4)
words = "og i det som er en på til med har ikke av for skole elev møte referat rapport kommune vedtak plan".split()
line = lambda: " ".join(rnd.choice(words) for _ in range(12)) + "\n"
block = "".join(line() for _ in range(20000)).encode()
for i in range(nlarge):
    with open(f"{root}/large/doc{i}.txt", "wb") as f:
        left = mb << 20
        while left > 0:
            f.write(block[:left]); left -= len(block)
for i in range(nsmall):
    with open(f"{root}/small/note{i:05d}.txt", "wb") as f:
        f.write(("".join(line() for _ in range(60)).encode() * 2)[:4096])
PY
chmod -R a+rX "$D/share"
# In the foreground (no daemon fork), so that $! is smbd itself; it leads
# a process group of its own, which it signals when it stops.
smbd --foreground -s "$D/smb.conf" </dev/null >"$D/log/smbd.out" 2>&1 &
SMBD_PID=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
mount -t tmpfs -o size=$(( (LARGE_FILES * LARGE_MB + 200) ))m tmpfs "$D/tmpfs"
MOUNTED=1
printf 'username = %s\npassword = %s\n' "$USER_NAME" "$PASS" >"$D/auth"
chmod 600 "$D/auth"

calc() { awk "BEGIN { print $* }"; }
seconds() { local s e; s=$(date +%s.%N); "$@" >"$D/out.txt" 2>&1 || true; e=$(date +%s.%N); calc "$e - $s"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
smbget_dir() { rm -rf "$D/tmpfs/$1"; mkdir -p "$D/tmpfs/$1"; smbclient "//127.0.0.1/bench" -p "$PORT" -A "$D/auth" -m SMB3 \
  -c "prompt OFF; recurse ON; lcd $D/tmpfs/$1; cd $1; mget *" >/dev/null 2>&1; }
credsweep_dir() { CREDSWEEP_SMB_PASSWORD="$PASS" "$CS" scan --progress never --fail-on none --format json "smb://$USER_NAME@127.0.0.1:$PORT/bench/$1"; }

for set in large small; do
  bytes=$(du -sb "$D/share/$set" | cut -f1)
  files=$(find "$D/share/$set" -type f | wc -l)
  a=(); b=()
  for _ in $(seq "$RUNS"); do
    a+=("$(seconds smbget_dir "$set")")
    b+=("$(seconds credsweep_dir "$set")")
  done
  ta=$(printf '%s\n' "${a[@]}" | median); tb=$(printf '%s\n' "${b[@]}" | median)
  printf 'smb %-6s %5d files %8.1f MB  smbclient %7.1f MB/s %7.1f files/s  credsweep %7.1f MB/s %7.1f files/s  ratio %.2fx\n' \
    "$set" "$files" "$(calc "$bytes/1e6")" "$(calc "$bytes/1e6/$ta")" "$(calc "$files/$ta")" \
    "$(calc "$bytes/1e6/$tb")" "$(calc "$files/$tb")" "$(calc "$ta/$tb")"
done

if [ -n "${PROFILE:-}" ]; then
  CREDSWEEP_SMB_PASSWORD="$PASS" "$CS" scan --progress never --fail-on none --format json --cpuprofile "$PROFILE" \
    "smb://$USER_NAME@127.0.0.1:$PORT/bench/large" >/dev/null
fi

# Nightly rescans with --state: the whole share once, then again with
# nothing changed (each median of RUNS).
state_scan() { CREDSWEEP_SMB_PASSWORD="$PASS" "$CS" scan --progress never --fail-on none --state "$D/state.db" "smb://$USER_NAME@127.0.0.1:$PORT/bench"; }
full=(); same=()
for _ in $(seq "$RUNS"); do
  rm -f "$D/state.db" "$D/state.db-wal" "$D/state.db-shm"
  full+=("$(seconds state_scan)")
  same+=("$(seconds state_scan)")
done
tf=$(printf '%s\n' "${full[@]}" | median); ts=$(printf '%s\n' "${same[@]}" | median)
printf 'smb state  first scan %.2f s  unchanged rescan %.3f s (%.1f%% of the first)\n' "$tf" "$ts" "$(calc "100*$ts/$tf")"
