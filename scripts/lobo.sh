#!/bin/sh
# Leave-one-batch-out: how the rules' fitted weights carry over to a batch
# they were not fitted on. For each blind batch under $BLIND (default
# Tests/Fixtures/blind), copy rules/ to a scratch folder, run `panelist rules
# fit` there on corpus-dev, the seeds and every OTHER batch, and evaluate the
# held-out batch with those weights. Prints one line per batch and the mean.
#
# What it does not hold out: rules written by hand from a batch's misses stay
# in the rule files, so a batch that was tuned on still reads better than a
# first run would. This is the yardstick for whether a change generalises
# across batches; the first-run rows in docs/accuracy.md remain the estimate.
#
# Usage: scripts/lobo.sh [PANELIST]   (default .build/debug/panelist)
set -eu
BIN=${1:-.build/debug/panelist}
BLIND=${BLIND:-Tests/Fixtures/blind}
DEV=${DEV:-../shared/corpus-dev}
SEEDS=${SEEDS:-../shared/seeds}
RULES=${RULES:-rules}
[ -x "$BIN" ] || { echo "lobo: $BIN not found: run 'swift build' first or pass the binary" >&2; exit 2; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/panelist-lobo.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
batches=$(for d in "$BLIND"/*/; do [ -n "$(ls "$d" | grep '\.labels\.json$' || true)" ] && basename "$d"; done)
[ -n "$batches" ] || { echo "lobo: no batches with labels under $BLIND" >&2; exit 2; }
extra=""
[ -d "$DEV" ] && extra="$extra $DEV"
[ -d "$SEEDS" ] && extra="$extra $SEEDS"
printf '%-6s %7s %9s %8s\n' batch stance persona unknown
for held in $batches; do
    rm -rf "$scratch/rules" && cp -r "$RULES" "$scratch/rules"
    train="$extra"
    for b in $batches; do [ "$b" = "$held" ] || train="$train $BLIND/$b"; done
    # shellcheck disable=SC2086
    "$BIN" rules fit --rules "$scratch/rules" --labels $train --date 2000-01-01 > "$scratch/fit.log"
    "$BIN" eval --rules "$scratch/rules" --labels "$BLIND/$held" "$BLIND/$held" > "$scratch/eval.txt"
    row=$(grep '^row:' "$scratch/eval.txt")
    stance=$(echo "$row" | sed -n 's/.*| stance \([0-9.]*\) |.*/\1/p')
    persona=$(echo "$row" | sed -n 's/.*| persona (content only) \([0-9.]*\) |.*/\1/p')
    unknown=$(echo "$row" | sed -n 's/.*| unknown \([0-9.]*\) |.*/\1/p')
    printf '%-6s %7s %9s %8s\n' "$held" "$stance" "$persona" "$unknown"
    echo "$stance $persona $unknown" >> "$scratch/all"
done
awk '{ s += $1; p += $2; u += $3; n++ } END { printf "%-6s %7.3f %9.3f %8.3f   (leave-one-batch-out, %d batches)\n", "mean", s/n, p/n, u/n, n }' "$scratch/all"
