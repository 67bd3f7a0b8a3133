#!/bin/sh
# Runs the guide's GNU parallel recipe (docs/GUIDE.md) end to end and checks that the output is whole:
# generates LINES regimens (default 200,000; an id, a tab, five names, every 97th line with a
# name no knowledge base knows), splits them into shards of SHARD lines (default 50,000) that
# GNU parallel pipes to `kratom-check batch --tab-ids --trailer`, then checks that every
# shard exited 0 (an unknown name is data, not a failure), that each wrote its trailer, that
# the trailers' lines add up to the input's, and that there is one record per line, every id
# once. Prints the counts and the wall time.
#
# Uses target/release/kratom-check, else target/debug/kratom-check, or $KRATOM_CHECK. Where
# GNU parallel is absent it says so and exits 0 (Debian and Ubuntu: apt-get install
# parallel); no test depends on it.
set -eu
cd "$(dirname "$0")/.."

lines=${LINES:-200000}
shard=${SHARD:-50000}
if ! command -v parallel >/dev/null || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "parallel-e2e: skipped: GNU parallel not found" >&2
    exit 0
fi
bin=${KRATOM_CHECK:-}
for candidate in target/release/kratom-check target/debug/kratom-check; do
    if [ -z "$bin" ] && [ -x "$candidate" ]; then bin=$candidate; fi
done
[ -n "$bin" ] || { echo "parallel-e2e: build kratom-check first (cargo build --release)" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" list --json | grep -o '"id": "[^"]*"' | cut -d'"' -f4 > "$work/ids.txt"
awk -v lines="$lines" 'BEGIN { srand(1) } { ids[NR] = $0 } END {
    for (i = 1; i <= lines; i++) {
        line = "";
        for (j = 0; j < 5; j++) line = line (j ? ", " : "") ids[int(rand() * NR) + 1];
        if (i % 97 == 0) line = line ", notarealdrug";
        printf "r%d\t%s\n", i, line
    } }' "$work/ids.txt" > "$work/regimens.txt"

start=$(date +%s.%N)
# The recipe (docs/GUIDE.md, "Beyond one machine"): each shard is one batch run; --halt stops everything when one
# fails, which with batch's exit status means a shard that is not whole.
status=0
parallel --pipe --keep-order --halt now,fail=1 -N "$shard" --joblog "$work/jobs.log" \
    "$bin" batch --tab-ids --trailer < "$work/regimens.txt" > "$work/out.ndjson" \
    2> "$work/stderr.txt" || status=$?
end=$(date +%s.%N)

fail() { echo "parallel-e2e: FAILED: $1" >&2; exit 1; }
[ "$status" = 0 ] || fail "parallel exited $status: $(tail -3 "$work/stderr.txt")"
shards=$(( (lines + shard - 1) / shard ))
jobs=$(awk 'NR > 1' "$work/jobs.log" | wc -l)
failed=$(awk 'NR > 1 && $7 != 0' "$work/jobs.log" | wc -l)
[ "$jobs" = "$shards" ] || fail "$jobs jobs ran, $shards shards expected"
[ "$failed" = 0 ] || fail "$failed shards exited non-zero"
trailers=$(grep -c '"trailer":' "$work/out.ndjson" || true)
[ "$trailers" = "$shards" ] || fail "$trailers trailers for $shards shards"
read_total=$(grep -o '"lines_read":[0-9]*' "$work/out.ndjson" | awk -F: '{ s += $2 } END { print s }')
records=$(grep -vc '"trailer":' "$work/out.ndjson" || true)
unique_ids=$(grep -v '"trailer":' "$work/out.ndjson" | grep -o '"id":"r[0-9]*"' | sort -u | wc -l)
incomplete=$(grep -c '"complete":false' "$work/out.ndjson" || true)
[ "$read_total" = "$lines" ] || fail "the trailers count $read_total lines read, not $lines"
[ "$records" = "$lines" ] || fail "$records records for $lines lines"
[ "$unique_ids" = "$lines" ] || fail "$unique_ids distinct ids for $lines lines"
echo "parallel-e2e: $lines lines in $shards shards: $records records, $unique_ids ids, \
$incomplete incomplete (unknown names), every shard exit 0, $trailers trailers; \
$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s with $bin"
