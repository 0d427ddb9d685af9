#!/usr/bin/env bash
# libFuzzer on the page reader, the draft and JSON Lines readers and the rule loader.
#   scripts/fuzz.sh build                      lays out and builds .build/fuzz-package
#   scripts/fuzz.sh run KIND [libFuzzer flags]  KIND: page, draft, jsonl or rules;
#        e.g. scripts/fuzz.sh run page -runs=2000   or   -max_total_time=3600
#   scripts/fuzz.sh ci                         500 inputs of each kind (RUNS=N to change)
# Seeds are the repository's pages, drafts and rule files; new inputs go to
# .build/fuzz-corpus/KIND and a crashing input to .build/fuzz-crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pkg=$root/.build/fuzz-package
swift=${SWIFT:-swift}
case "${1:-}" in
build)
  rm -rf "$pkg/Sources" "$pkg/Package.swift" # its .build stays, so a rebuild is incremental
  mkdir -p "$pkg/Sources/PanelistCore" "$pkg/Sources/panelist-fuzz"
  cp Fuzz/Package.swift "$pkg/"
  ln -s "$root/Sources/CPCRE2" "$root/Sources/PCRE2" "$root/Sources/CHyperscan" "$pkg/Sources/"
  for d in "$root"/Sources/PanelistCore/*; do ln -s "$d" "$pkg/Sources/PanelistCore/"; done
  ln -s "$root/Fuzz/RulesAtRunTime.swift" "$pkg/Sources/PanelistCore/"
  ln -s "$root/Fuzz/main.swift" "$pkg/Sources/panelist-fuzz/"
  # libFuzzer's runtime without its main, from the toolchain's clang.
  rt=$(ls "$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -1)
  [ -n "$rt" ] || { echo "fuzz: libclang_rt.fuzzer_no_main is not in this Swift toolchain" >&2; exit 2; }
  # What -sanitize=fuzzer turns on (ASan and libFuzzer's coverage), with the runtime linked by hand.
  "$swift" build -c debug --package-path "$pkg" \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table \
    -Xlinker "$rt" -Xlinker -lstdc++
  ;;
run)
  kind=${2:?"usage: scripts/fuzz.sh run page|draft|jsonl|rules [libFuzzer flags]"}; shift 2
  bin=$pkg/.build/debug/panelist-fuzz
  [ -x "$bin" ] || { echo "fuzz: build it first: scripts/fuzz.sh build (or make fuzz-build)" >&2; exit 2; }
  case "$kind" in
    page)  seeds="corpus Tests/Fixtures/pages Tests/Fixtures/damaged Tests/Fixtures/hostile" ;;
    draft) seeds="corpus/drafts Tests/Fixtures/drafts" ;;
    jsonl) seeds="Tests/Fixtures/drafts" ;;
    rules) seeds="rules" ;;
    *) echo "fuzz: KIND is page, draft, jsonl or rules" >&2; exit 2 ;;
  esac
  mkdir -p ".build/fuzz-corpus/$kind" .build/fuzz-crashes
  # Swift keeps caches until exit: leaks are not what this looks for.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} PANELIST_FUZZ_KIND=$kind PANELIST_FUZZ_RULES=$root/rules \
    "$bin" -max_len=16384 -timeout=30 -rss_limit_mb=4096 -artifact_prefix=.build/fuzz-crashes/ -print_final_stats=1 \
    "$@" ".build/fuzz-corpus/$kind" $seeds
  ;;
ci)
  # The bounded run CI makes: RUNS inputs per kind (default 500, so 2,000 in all), a line each.
  for kind in page draft jsonl rules; do
    log=.build/fuzz-$kind.log
    if "$0" run "$kind" -runs="${RUNS:-500}" > "$log" 2>&1; then
      echo "fuzz $kind: $(grep -m1 '^Done' "$log"), $(awk '/new_units_added/ {print $2}' "$log") new inputs, no crash"
    else
      tail -40 "$log"; echo "fuzz $kind: failed; the input is in .build/fuzz-crashes/ (full log: $log)" >&2; exit 1
    fi
  done
  ;;
*) echo "usage: scripts/fuzz.sh build | run page|draft|jsonl|rules [libFuzzer flags] | ci" >&2; exit 2 ;;
esac
