#!/usr/bin/env bash
# credsweep benchmarks, every figure measured side by side with a yardstick
# in the same run (the machine is noisy: compare ratios, not absolutes).
#
#   bash bench/run.sh            # text + office corpora, 2 GB single file
#   SECTIONS="text" bash bench/run.sh
#   SECTIONS="smb" bash bench/run.sh   # needs root and samba (see README)
#   SECTIONS="drive" bash bench/run.sh # Drive pacing against the fake
#   SECTIONS="state" bash bench/run.sh # nightly rescans with --state (mixed share)
#   SECTIONS="mixed" bash bench/run.sh # the realistic mixed share vs grep, rg, cat
#   SECTIONS="scale" bash bench/run.sh # 10M files through the pipeline, concurrent targets
#
# Environment: WORK (scratch folder, default /tmp/credsweep-bench),
# TEXT_SIZE (default 500MB), OFFICE_SIZE (default 200MB), BIG_SIZE_MB
# (single-file test, default 2048), RUNS (timed runs of each, default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
WORK=${WORK:-/tmp/credsweep-bench}
TEXT_SIZE=${TEXT_SIZE:-500MB}
OFFICE_SIZE=${OFFICE_SIZE:-200MB}
BIG_SIZE_MB=${BIG_SIZE_MB:-2048}
RUNS=${RUNS:-3}
SECTIONS=${SECTIONS:-"text office big drive"}
mkdir -p "$WORK"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends time >/dev/null
  else
    echo "bench: /usr/bin/time is needed (apt-get install time)"; exit 1
  fi
fi

echo "== building credsweep"
go build -o "$WORK/credsweep" ./cmd/credsweep
CS="$WORK/credsweep"

corpus() { # corpus NAME SIZE [FLAGS]: generate once per size
  local dir="$WORK/$1-$2"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    go run ./bench/gencorpus -out "$dir" -size "$2" ${3:-} >&2
    touch "$dir/.done"
  fi
  echo "$dir"
}

# seconds CMD...: wall-clock seconds of one run. Output goes to a file, not
# /dev/null: GNU grep notices /dev/null and stops at each file's first match.
seconds() {
  local s e
  s=$(date +%s.%N); "$@" >"$WORK/out.txt" 2>&1 || true; e=$(date +%s.%N)
  calc "$e - $s"
}

calc() { awk "BEGIN { print $* }"; }

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# peak_rss_mb CMD...: peak resident memory in MB.
peak_rss_mb() {
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}'
}

bytes_of() { du -sb --exclude=.done "$1" | cut -f1; }

compare() { # compare LABEL DIR: credsweep vs grep, alternating runs
  local label=$1 dir=$2 size
  size=$(bytes_of "$dir")
  # Warm the page cache for both so neither pays for the disk.
  cat $(find "$dir" -type f) >/dev/null
  local cs=() gr=()
  for _ in $(seq "$RUNS"); do
    cs+=("$(seconds "$CS" scan --progress never --fail-on none --format json "$dir")")
    gr+=("$(seconds grep -rE '(^|[^0-9])[0-9]{11}([^0-9]|$)' "$dir")")
  done
  local tcs tgr
  tcs=$(printf '%s\n' "${cs[@]}" | median)
  tgr=$(printf '%s\n' "${gr[@]}" | median)
  local rss
  rss=$(peak_rss_mb "$CS" scan --progress never --fail-on none --format json "$dir")
  printf '%-8s %8.1f MB  credsweep %7.1f MB/s  grep -rE %7.1f MB/s  ratio %.2fx  credsweep peak RSS %s MB\n' \
    "$label" "$(calc "$size/1000000")" "$(calc "$size/1000000/$tcs")" \
    "$(calc "$size/1000000/$tgr")" "$(calc "$tgr/$tcs")" "$rss"
}

for section in $SECTIONS; do
  case $section in
  text)
    echo "== text share ($TEXT_SIZE): credsweep (all detectors) vs grep -rE 11-digit runs, median of $RUNS"
    compare text "$(corpus text "$TEXT_SIZE")"
    ;;
  office)
    echo "== office share ($OFFICE_SIZE: xlsx, docx, zip), median of $RUNS"
    dir=$(corpus office "$OFFICE_SIZE" -office)
    files=$(find "$dir" -type f ! -name .done | wc -l)
    t=()
    for _ in $(seq "$RUNS"); do t+=("$(seconds "$CS" scan --progress never --fail-on none --format json "$dir")"); done
    tm=$(printf '%s\n' "${t[@]}" | median)
    size=$(bytes_of "$dir")
    rss=$(peak_rss_mb "$CS" scan --progress never --fail-on none --format json "$dir")
    printf 'office   %8.1f MB  %d files  credsweep %7.1f MB/s  %7.1f files/s  peak RSS %s MB\n' \
      "$(calc "$size/1000000")" "$files" "$(calc "$size/1000000/$tm")" "$(calc "$files/$tm")" "$rss"
    ;;
  big)
    echo "== one ${BIG_SIZE_MB} MB file without a newline, a ${BIG_SIZE_MB} MB zip member, an xlsx with ${BIG_SIZE_MB} MB of sheet XML: peak memory"
    big="$WORK/big-$BIG_SIZE_MB"
    mkdir -p "$big"
    [ -f "$big/oneline.txt" ] || head -c "$((BIG_SIZE_MB * 1024 * 1024))" /dev/zero | tr '\0' 'x' >"$big/oneline.txt"
    [ -f "$big/member.zip" ] || (cd "$big" && python3 -c "
import random, zipfile
rnd = random.Random(1)
words = 'skole elev lærer møte referat rapport kommune vedtak plan budsjett avtale'.split()
# 1 MiB of words repeated: deflate's 32 KiB window cannot see the repeat,
# so the ratio stays that of text (about 3:1), not that of a bomb.
chunk = ' '.join(rnd.choice(words) for _ in range(200000)).encode()[: 1 << 20]
with zipfile.ZipFile('member.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('inner/oneline.txt', 'w', force_zip64=True) as w:
        for _ in range($BIG_SIZE_MB): w.write(chunk)
")
    [ -f "$big/sheet.xlsx" ] || go run ./bench/gencorpus -big-xlsx "$big/sheet.xlsx" -size "${BIG_SIZE_MB}MB" >/dev/null
    for f in oneline.txt member.zip sheet.xlsx; do
      t=$(seconds "$CS" scan --progress never --fail-on none --max-file-size 0 "$big/$f")
      rss=$(peak_rss_mb "$CS" scan --progress never --fail-on none --max-file-size 0 "$big/$f")
      printf 'big      %-12s %6d MB  %7.1f MB/s  peak RSS %s MB\n' "$f" "$BIG_SIZE_MB" "$(calc "$BIG_SIZE_MB*1.048576/$t")" "$rss"
    done
    ;;
  smb)
    bash bench/smb.sh "$CS" "$WORK"
    ;;
  state)
    # The nightly case: the shared mixed-share generator (300 MB, 10k
    # files), a first scan with --state, a rescan with nothing changed, and
    # one with 1% of the files touched, each median of $RUNS.
    gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
    src="$WORK/mixed-300M"
    if [ ! -f "$src.done" ]; then
      rm -rf "$src"; python3 "$gen" "$src" --size 300M --seed 1 --manifest "$WORK/mixed-300M.manifest.json" >/dev/null
      touch "$src.done"
    fi
    share="$WORK/state-share"
    rm -rf "$share"; cp -a "$src" "$share"
    find "$share" -type f -print0 | xargs -0 cat >/dev/null
    files=$(find "$share" -type f | wc -l)
    echo "== nightly scans with --state on the mixed share ($files files, $(calc "$(bytes_of "$share")/1000000") MB), median of $RUNS"
    full=() same=() touched=()
    for i in $(seq "$RUNS"); do
      rm -f "$WORK/state.db" "$WORK/state.db-wal" "$WORK/state.db-shm"
      full+=("$(seconds "$CS" scan --progress never --fail-on none --state "$WORK/state.db" "$share")")
      same+=("$(seconds "$CS" scan --progress never --fail-on none --state "$WORK/state.db" "$share")")
      # Touch 1% of the files (a new mtime: they must be read again).
      find "$share" -type f -print0 | sort -z | awk -v RS='\0' -v ORS='\0' -v s="$i" 'NR % 100 == s % 100' | xargs -0 touch
      touched+=("$(seconds "$CS" scan --progress never --fail-on none --state "$WORK/state.db" "$share")")
    done
    tf=$(printf '%s
' "${full[@]}" | median)
    ts=$(printf '%s
' "${same[@]}" | median)
    tt=$(printf '%s
' "${touched[@]}" | median)
    items=$(sqlite3 "$WORK/state.db" "select count(*) from items" 2>/dev/null || echo "$files")
    size=$(( $(stat -c %s "$WORK/state.db") + $(stat -c %s "$WORK/state.db-wal" 2>/dev/null || echo 0) ))
    printf 'state    first scan %.2f s   unchanged %.3f s (%.1f%%)   1%% touched %.3f s (%.1f%%)   state %d bytes/item   load %s\n' \
      "$tf" "$ts" "$(calc "100*$ts/$tf")" "$tt" "$(calc "100*$tt/$tf")" "$((size / items))" "$(uptime | sed 's/.*load average: //')"
    echo "== a synthetic state of 1,000,000 items: written, then loaded as a scan does"
    go test -run '^$' -bench StateMillionItems -benchtime 1x ./scanner | grep -E '^Benchmark'
    ;;
  mixed)
    # The realistic share of issue 16: the shared generator's 300 MB
    # mixed share (text of many kinds, docx, xlsx, pdf, eml, zip), and its
    # text-only and containers-only subsets (hard links), each timed side
    # by side with GNU grep, rg and cat of all files: warm cache, median of
    # $RUNS, MB/s, CPU seconds, peak RSS, ratios.
    gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
    src="$WORK/mixed-300M"
    if [ ! -f "$src.done" ]; then
      rm -rf "$src"; python3 "$gen" "$src" --size 300M --seed 1 --manifest "$WORK/mixed-300M.manifest.json" >/dev/null
      touch "$src.done"
    fi
    for sub in text containers; do
      d="$WORK/mixed-300M-$sub"
      if [ ! -f "$d.done" ]; then
        rm -rf "$d"; mkdir -p "$d"
        (cd "$src" && find . -type f -print0) | while IFS= read -r -d '' f; do
          case "$(file -b --mime-type "$src/$f")" in
            text/*|application/json|application/xml|message/*) kind=text ;;
            *) kind=containers ;;
          esac
          if [ "$kind" = "$sub" ]; then mkdir -p "$d/$(dirname "$f")"; ln "$src/$f" "$d/$f"; fi
        done
        touch "$d.done"
      fi
    done
    re='(^|[^0-9])[0-9]{11}([^0-9]|$)'
    # grep exits 1 on a subset without a match (containers): not a failure.
    cpu() { { /usr/bin/time -f '%U %S' "$@" 2>&1 >"$WORK/out.txt" || true; } | tail -1 | awk '{print $1+$2}'; }
    for set in mixed-300M mixed-300M-text mixed-300M-containers; do
      d="$WORK/$set"
      size=$(bytes_of "$d")
      find "$d" -type f -print0 | xargs -0 cat >/dev/null
      cs=() gr=() rg=() ca=()
      for _ in $(seq "$RUNS"); do
        cs+=("$(seconds "$CS" scan --progress never --fail-on none --format json "$d")")
        gr+=("$(seconds grep -rE "$re" "$d")")
        if command -v rg >/dev/null; then rg+=("$(seconds rg -uuu -E none --no-mmap "$re" "$d")"); fi
        # cat's output goes to /dev/null: written to a file, the whole
        # share would be dirty pages flushed during the next timed run.
        ca+=("$(seconds sh -c "find '$d' -type f -print0 | xargs -0 cat >/dev/null")")
      done
      tcs=$(printf '%s\n' "${cs[@]}" | median); tgr=$(printf '%s\n' "${gr[@]}" | median)
      tca=$(printf '%s\n' "${ca[@]}" | median)
      trg=$( [ ${#rg[@]} -gt 0 ] && printf '%s\n' "${rg[@]}" | median || echo 0)
      ccs=$(cpu "$CS" scan --progress never --fail-on none --format json "$d")
      cgr=$(cpu grep -rE "$re" "$d")
      rss=$(peak_rss_mb "$CS" scan --progress never --fail-on none --format json "$d")
      printf '%-22s %7.1f MB  credsweep %6.1f MB/s (%.1f CPU-s/GB)  grep %6.1f MB/s (%.1f CPU-s/GB)  rg %6.1f MB/s  cat %7.1f MB/s  vs grep %.2fx  vs rg %.2fx  RSS %s MB\n' \
        "$set" "$(calc "$size/1e6")" "$(calc "$size/1e6/$tcs")" "$(calc "$ccs*1e9/$size")" "$(calc "$size/1e6/$tgr")" \
        "$(calc "$cgr*1e9/$size")" "$( [ "$trg" != 0 ] && calc "$size/1e6/$trg" || echo 0)" "$(calc "$size/1e6/$tca")" \
        "$(calc "$tgr/$tcs")" "$( [ "$trg" != 0 ] && calc "$trg/$tcs" || echo 0)" "$rss"
    done
    echo "load average: $(uptime | sed 's/.*load average: //')"
    echo "betterleaks: not built here (its go-re2 dependency needs a download outside the package registries)"
    ;;
  scale)
    echo "== 10,000,000 synthetic files through the whole pipeline: peak RSS; two latency-bound targets walked together"
    MANY_ITEMS=${MANY_ITEMS:-10000000} go test -run '^$' -bench 'ManyItems|ConcurrentTargets' -benchtime 1x -timeout 60m ./scanner | grep -E '^Benchmark'
    ;;
  drive)
    echo "== Google Drive against the in-process fake: 20 ms latency per request, quota 100 requests/s"
    go test -run '^$' -bench 'BenchmarkScanAtQuota' -benchtime 1x -count "$RUNS" ./connectors/gdrive | grep -E '^Benchmark'
    ;;
  *)
    echo "bench: unknown section $section"; exit 2
    ;;
  esac
done
