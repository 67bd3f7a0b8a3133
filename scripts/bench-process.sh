#!/usr/bin/env bash
# Whole-process figures for the README: start-up against a hello-world Rust binary, peak memory,
# and batch throughput. Needs hyperfine (Debian: apt-get install hyperfine) and GNU time.
# Usage: scripts/bench-process.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/kratom-check
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
hyperfine --runs 5 "$bin batch --brief $work/regimens.txt > /dev/null" \
                   "$bin batch $work/regimens.txt > /dev/null"

echo "== batch peak RSS for 1,000,000 lines (KB): brief, then full reports"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$work/regimens.txt"; done > "$work/million.txt"
/usr/bin/time -f "%M KB, %e s" "$bin" batch --brief "$work/million.txt" 2>&1 >/dev/null | tail -1
/usr/bin/time -f "%M KB, %e s" "$bin" batch "$work/million.txt" 2>&1 >/dev/null | tail -1
