#!/usr/bin/env bash
# Whole-process figures for docs/PERFORMANCE.md: start-up against a hello-world Rust binary, peak memory,
# and batch throughput. Needs hyperfine (Debian: apt-get install hyperfine) and GNU time.
# Usage: scripts/bench-process.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/kratom-check"
printf 'fn main() { println!("hello"); }\n' > "$work/hello.rs"
rustc -O -o "$work/hello" "$work/hello.rs"

echo "== start-up: one check vs hello world"
hyperfine --warmup 20 --runs 300 -N \
  "$work/hello" \
  "$bin --json sertraline alcohol"

echo "== peak RSS of one check (KB)"
/usr/bin/time -f "%M" "$bin" --json sertraline alcohol 2>&1 >/dev/null | tail -1

echo "== batch: 100,000 regimens of five substances"
"$bin" list --json | grep -o '"id": "[^"]*"' | cut -d'"' -f4 > "$work/ids.txt"
awk 'BEGIN { srand(1) } { ids[NR] = $0 } END {
  for (i = 0; i < 100000; i++) {
    line = ""
    for (j = 0; j < 5; j++) line = line (j ? ", " : "") ids[int(rand() * NR) + 1]
    print line
  }
}' "$work/ids.txt" > "$work/regimens.txt"
# Records go to a new file, as a real run's do: writing them is part of the cost. The last
# run's file is removed first, outside the timing: the shell truncating 200 MB (1.6 GB for
# --full) of it is the file system's work, not batch's, and took 150 ms of a 0.55 s run.
hyperfine --runs 10 --prepare "rm -f $work/out.ndjson $work/out-full.ndjson" \
  "$bin batch $work/regimens.txt > $work/out.ndjson" \
  "$bin batch --full $work/regimens.txt > $work/out-full.ndjson"

echo "== batch: peak RSS (KB), seconds, and bytes per record for the same 100,000 lines"
for mode in "" --full; do
  /usr/bin/time -f "${mode:-compact}: %M KB, %e s" \
    "$bin" batch $mode "$work/regimens.txt" 2>&1 >"$work/out.ndjson" | tail -1
  echo "  $(( $(wc -c < "$work/out.ndjson") / $(wc -l < "$work/out.ndjson") )) bytes per record"
done

echo "== batch peak RSS for 1,000,000 lines (KB): compact, then full reports"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$work/regimens.txt"; done > "$work/million.txt"
/usr/bin/time -f "%M KB, %e s" "$bin" batch "$work/million.txt" 2>&1 >"$work/out.ndjson" | tail -1
# 14 GB of full records: not kept on disk.
/usr/bin/time -f "%M KB, %e s" "$bin" batch --full "$work/million.txt" 2>&1 >/dev/null | tail -1
