#!/usr/bin/env bash
# Records what the debug binary prints for a fixed set of commands (stdout, stderr and exit
# status of each) into the directory given as argument, so that a refactoring can prove it
# changed no behaviour: run it before and after, then `diff -r` the two directories.
set -u
out=${1:?usage: scripts/golden.sh OUTPUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CARGO_TARGET_DIR:-$root/target}/debug/kratom-check
mkdir -p "$out"
# A fixed path, because paths are printed and the two runs must match.
scratch=/tmp/kratom-check-golden-inputs
rm -rf "$scratch"
mkdir -p "$scratch"

# A broken layer (unknown key, bad tier, dangling id) and a small valid one.
cat >"$scratch/broken.yaml" <<'YAML'
substances:
  - id: widget
    name: Widget
    classes: [no_such_class]
    colour: blue
rules:
  - id: widget-rule
    title: Widget rule
    tier: severe
YAML
cat >"$scratch/dangling.yaml" <<'YAML'
substances:
  - id: widget
    name: Widget
    aliases: [Zoloft]
    classes: [no_such_class]
rules:
  - id: widget-rule
    title: Widget rule
    tier: major
    group: cns-depression
    mechanisms: [cns_depression]
    when:
      a: {substance: widget}
      b: {class: no_such_class_either}
    explanation: x
    advice: [x]
    evidence: {grade: B, summary: x}
    references: [no-such-ref]
YAML
cat >"$scratch/layer.yaml" <<'YAML'
substances:
  - id: site_drug
    name: Site Drug
    aliases: [sitedrug]
    properties: {cns_depressant: strong}
YAML
printf '%s\n' 'sertraline, alcohol' '{"id": "x", "substances": ["fentanyl"], "dose": "low"}' \
  'nosuchdrug' '{"substances": ["tramadol"], "form": "Extract", "frequency": "DAILY"}' \
  '{"substances": ["tramadol"], "form": "bogus"}' '{"substances": ["tramadol"], "frequency": "weekly"}' \
  '{"substances": ["tramadol"], "dose": 0}' '{not json' '' 'xanax zoloft' >"$scratch/batch.txt"

n=0
run() {
  n=$((n + 1))
  local name
  name=$(printf '%03d' "$n")
  printf '%s\n' "$*" >"$out/$name.cmd"
  (cd "$scratch" && COLUMNS=100 NO_COLOR=1 "$bin" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" </dev/null)
  echo $? >"$out/$name.status"
}
run_stdin() {
  local input=$1
  shift
  n=$((n + 1))
  local name
  name=$(printf '%03d' "$n")
  printf '%s < %s\n' "$*" "$input" >"$out/$name.cmd"
  (cd "$scratch" && COLUMNS=100 NO_COLOR=1 "$bin" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" <"$input")
  echo $? >"$out/$name.status"
}

run --help
run --version
run kb --help
run batch --help
run sertraline alcohol
run --json sertraline alcohol
run --explain sertraline alcohol
run --all Zoloft Xanax beer
run --dose 3g --frequency occasional alprazolam
run --dose HIGH --form EXTRACT --frequency Daily fentanyl
run --form 7-oh tramadol
run --form 7oh --json tramadol
run --form bogus tramadol
run --frequency weekly tramadol
run --fail-on major sertraline alcohol
run --fail-on MAJOR sertraline alcohol
run --fail-on sometimes sertraline alcohol
run --dose 0 tramadol
run --dose lots tramadol
run --json naltrexone
run --explain naltrexone midazolam
run matrix alcohol alprazolam sertraline
run matrix --json alcohol alprazolam sertraline
run info zoloft
run info --json zoloft
run info ssri
run info speed
run info 'kratom extract'
run info nosuchthing
run list
run list --class ssri
run list --class nosuchclass
run search sert
run search zzzzqqq
run kb stats
run kb stats --json
run kb validate
run kb validate "$root/data"
run kb validate "$scratch/broken.yaml"
run kb validate "$scratch/dangling.yaml"
run kb validate "$scratch/layer.yaml"
run --kb "$scratch/layer.yaml" sitedrug alcohol
run --kb "$scratch/layer.yaml" --no-default-kb --json sitedrug
run --kb "$scratch/broken.yaml" sertraline
run nosuchdrug
run setraline
run --strict setraline
run benzos
run --json opioids
run speed
run crystal --json
run 'Tylenol PM'
run 'kratom extract' alcohol
run MIT45 --json midazolam
run 'Aleve-D'
run sertraline info
run
run --no-default-kb sertraline
run_stdin "$scratch/batch.txt" batch
run_stdin "$scratch/batch.txt" batch -
run_stdin "$scratch/batch.txt" batch --fail-on moderate
run batch "$scratch/batch.txt" --dose low --form tea
run batch "$scratch/no-such-file.txt"
run completions bash
run man
