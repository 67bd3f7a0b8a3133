#!/usr/bin/env bash
# Start-up cost in instructions (valgrind's callgrind), which a busy machine does not change,
# then in CPU time over paired runs (scripts/startup-paired.py):
# a hello-world Rust binary, one check, a check of twenty medicines and `--version`, each with
# its ratio to hello world. Needs valgrind.
# Usage: scripts/startup-instructions.sh            (from the repository root; builds release)
#        BIN=path/to/kratom-check scripts/startup-instructions.sh   (measures that binary)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN="${CARGO_TARGET_DIR:-target}/release/kratom-check"
fi
printf 'fn main() { println!("hello"); }\n' > "$work/hello.rs"
rustc -O -o "$work/hello" "$work/hello.rs"

# The twenty medicines of docs/PERFORMANCE.md.
twenty="lisinopril atorvastatin metformin amlodipine metoprolol omeprazole sertraline gabapentin
oxycodone alprazolam levothyroxine trazodone warfarin ibuprofen spironolactone furosemide
prednisone ciprofloxacin clopidogrel aspirin"

instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$work/out" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}

hello=$(instructions "$work/hello")
printf '%-40s %12s %8s\n' "what" "instructions" "x hello"
printf '%-40s %12d %8s\n' "hello world" "$hello" "1.00"
report() {
  local what=$1
  shift
  local n
  n=$(instructions "$@")
  printf '%-40s %12d %8s\n' "$what" "$n" "$(awk -v n="$n" -v h="$hello" 'BEGIN { printf "%.2f", n / h }')"
}
report "--json sertraline alcohol" "$BIN" --json sertraline alcohol
# shellcheck disable=SC2086 # the medicines are words
report "--json (twenty medicines)" "$BIN" --json $twenty
report "--version" "$BIN" --version

echo
if command -v python3 >/dev/null; then
  python3 scripts/startup-paired.py "$work/hello" "$BIN" "${ROUNDS:-300}"
else
  echo "paired CPU timings skipped: they need python3"
fi
