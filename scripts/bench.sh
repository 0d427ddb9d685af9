#!/usr/bin/env bash
# Speed and peak memory of `analyze` on a corpus of unique quotes.
#   scripts/bench.sh [MB]            (default 10; the corpus is cached in .bench/uMB)
#   BASELINE=/path/to/old/panelist scripts/bench.sh 100   also runs an older binary, side by side
#   CORPUS=DIR (an existing corpus), JOBS=2 (workers), FORMATS="jsonl json" (what to time), RULES=DIR (default rules/; use rules both binaries read)
# Needs a release build (make bench builds one) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
corpus=${CORPUS:-.bench/u$mb}
bin=${PANELIST:-.build/release/panelist}
jobs=${JOBS:-$(nproc)}
formats=${FORMATS:-jsonl json}
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }
[ -d "$corpus" ] || python3 scripts/bench-corpus.py --mb "$mb" --out "$corpus"
bytes=$(find -L "$corpus" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
pages=$(find -L "$corpus" -name '*.txt' | wc -l)
quotes=$((pages * 8))
echo "corpus: $corpus, $pages pages, $quotes quotes, $((bytes / 1000000)) MB; $(nproc) cores, jobs $jobs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-10s %-8s %9s %9s %9s %11s %9s %8s\n' engine format seconds "cpu s" MB/s quotes/s "peak MB" "out MB"
declare -A secs
measure() { # name binary format extra-args...
  local name=$1 binary=$2 format=$3; shift 3
  local out=.bench/out.$name.$format log=.bench/time.$name.$format
  if [ "$format" = partial ]; then set -- --partial "$@"; else set -- --format "$format" "$@"; fi
  /usr/bin/time -v "$binary" analyze "$corpus" --rules "${RULES:-rules}" -o "$out" "$@" 2> "$log" || true
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$log")
  secs[$name.$format]=$wall
  awk -v n="$name" -v f="$format" -v w="$wall" -v c="$cpu" -v b="$bytes" -v q="$quotes" -v r="$rss" -v o="$(stat -c %s "$out")" \
    'BEGIN { printf "%-10s %-8s %9.2f %9.2f %9.2f %11.0f %9s %8d\n", n, f, w, c, b / 1e6 / w, q / w, r, o / 1e6 }'
  rm -f "$out"
}
for f in $formats; do measure new "$bin" "$f" -j "$jobs"; done
if [ -n "${BASELINE:-}" ]; then
  # The old engine knows no jsonl: its only machine-readable output is json.
  measure old "$BASELINE" json
  for f in $formats; do
    awk -v o="${secs[old.json]}" -v n="${secs[new.$f]}" -v f="$f" 'BEGIN { printf "speed-up, new %s over old json: %.1fx\n", f, o / n }'
  done
fi
