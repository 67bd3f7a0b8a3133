#!/usr/bin/env bash
# What an unknown name costs against a known one in `batch` (issue 27): 20,000 lines of one
# known id, of one unknown short name, and of one long mutated product name (one JSON name
# each). Prints CPU seconds (user + system) and peak RSS per input. Needs GNU time.
# Usage: scripts/bench-unknown-names.sh [BINARY]   (from the repository root; default: a fresh
# release build)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="${1:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/kratom-check"
fi

"$bin" list --json | grep -o '"id": "[^"]*"' | cut -d'"' -f4 > "$work/ids.txt"
# Known: the base's ids in turn. Unknown: eight letters drawn at random. Long: a product's
# ingredients typed as one name with a letter changed every fifth place.
awk 'BEGIN { srand(2) } { ids[NR] = $0 } END {
  for (i = 0; i < 20000; i++) print ids[i % NR + 1] > "'"$work"'/known.txt"
  for (i = 0; i < 20000; i++) {
    name = ""
    for (j = 0; j < 8; j++) name = name sprintf("%c", 97 + int(rand() * 26))
    print name > "'"$work"'/unknown.txt"
  }
  for (i = 0; i < 20000; i++) {
    name = ""
    for (k = 0; k < 4; k++) name = name (k ? " " : "") ids[int(rand() * NR) + 1]
    out = ""
    for (j = 1; j <= length(name); j++) {
      c = substr(name, j, 1)
      if (j % 5 == 0 && c != " ") c = sprintf("%c", 97 + int(rand() * 26))
      out = out c
    }
    printf "{\"substances\": [\"%s\"]}\n", out > "'"$work"'/long.txt"
  }
}' "$work/ids.txt"

for input in known unknown long; do
  /usr/bin/time -f "$input: %U s user, %S s system, %M KB peak" \
    "$bin" batch "$work/$input.txt" > /dev/null 2> "$work/err.txt" || true
  tail -1 "$work/err.txt"
done
