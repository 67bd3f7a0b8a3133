//! Golden command outputs: what the program prints (exit status, stdout, stderr) for a fixed
//! set of commands, as insta snapshots, so that a refactoring proves it changed no behaviour and
//! a change of behaviour shows as a reviewed snapshot diff. Each case runs in a scratch
//! directory holding the fixtures, at 100 columns without colour; the repository's path is
//! written `[ROOT]` and the scratch directory's `[SCRATCH]`.

use std::path::Path;

use crate::common;

const BROKEN_LAYER: &str = r#"substances:
  - id: widget
    name: Widget
    classes: [no_such_class]
    colour: blue
rules:
  - id: widget-rule
    title: Widget rule
    tier: severe
"#;

const DANGLING_LAYER: &str = r#"substances:
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
"#;

const SITE_LAYER: &str = r#"substances:
  - id: site_drug
    name: Site Drug
    aliases: [sitedrug]
    properties: {cns_depressant: strong}
"#;

const BATCH_LINES: &[&str] = &[
    "sertraline, alcohol",
    "{\"id\": \"x\", \"substances\": [\"fentanyl\"], \"dose\": \"low\"}",
    "nosuchdrug",
    "{\"substances\": [\"tramadol\"], \"form\": \"Extract\", \"frequency\": \"DAILY\"}",
    "{\"substances\": [\"tramadol\"], \"form\": \"bogus\"}",
    "{\"substances\": [\"tramadol\"], \"frequency\": \"weekly\"}",
    "{\"substances\": [\"tramadol\"], \"dose\": 0}",
    "{not json",
    "",
    "xanax zoloft",
];

/// The commands, each with the file its standard input reads (none: an empty input).
const CASES: &[(&[&str], Option<&str>)] = &[
    (&["--help"], None),
    (&["--version"], None),
    (&["kb", "--help"], None),
    (&["batch", "--help"], None),
    (&["sertraline", "alcohol"], None),
    (&["--json", "sertraline", "alcohol"], None),
    (&["--explain", "sertraline", "alcohol"], None),
    (&["--all", "Zoloft", "Xanax", "beer"], None),
    (
        &["--dose", "3g", "--frequency", "occasional", "alprazolam"],
        None,
    ),
    (
        &[
            "--dose",
            "HIGH",
            "--form",
            "EXTRACT",
            "--frequency",
            "Daily",
            "fentanyl",
        ],
        None,
    ),
    (&["--form", "7-oh", "tramadol"], None),
    (&["--form", "7oh", "--json", "tramadol"], None),
    (&["--form", "bogus", "tramadol"], None),
    (&["--frequency", "weekly", "tramadol"], None),
    (&["--fail-on", "major", "sertraline", "alcohol"], None),
    (&["--fail-on", "MAJOR", "sertraline", "alcohol"], None),
    (&["--fail-on", "sometimes", "sertraline", "alcohol"], None),
    (&["--dose", "0", "tramadol"], None),
    (&["--dose", "lots", "tramadol"], None),
    (&["--json", "naltrexone"], None),
    (&["--explain", "naltrexone", "midazolam"], None),
    (&["matrix", "alcohol", "alprazolam", "sertraline"], None),
    (
        &["matrix", "--json", "alcohol", "alprazolam", "sertraline"],
        None,
    ),
    (&["info", "zoloft"], None),
    (&["info", "--json", "zoloft"], None),
    (&["info", "ssri"], None),
    (&["info", "speed"], None),
    (&["info", "kratom extract"], None),
    (&["info", "nosuchthing"], None),
    (&["list"], None),
    (&["list", "--class", "ssri"], None),
    (&["list", "--class", "nosuchclass"], None),
    (&["search", "sert"], None),
    (&["search", "zzzzqqq"], None),
    (&["kb", "stats"], None),
    (&["kb", "stats", "--json"], None),
    (&["kb", "validate"], None),
    (&["kb", "validate", "[ROOT]/data"], None),
    (&["kb", "validate", "broken.yaml"], None),
    (&["kb", "validate", "dangling.yaml"], None),
    (&["kb", "validate", "layer.yaml"], None),
    (&["--kb", "layer.yaml", "sitedrug", "alcohol"], None),
    (
        &[
            "--kb",
            "layer.yaml",
            "--no-default-kb",
            "--json",
            "sitedrug",
        ],
        None,
    ),
    (&["--kb", "broken.yaml", "sertraline"], None),
    (&["nosuchdrug"], None),
    (&["setraline"], None),
    (&["--strict", "setraline"], None),
    (&["benzos"], None),
    (&["--json", "opioids"], None),
    (&["speed"], None),
    (&["crystal", "--json"], None),
    (&["Tylenol PM"], None),
    (&["kratom extract", "alcohol"], None),
    (&["MIT45", "--json", "midazolam"], None),
    (&["Aleve-D"], None),
    (&["sertraline", "info"], None),
    (&[], None),
    (&["--no-default-kb", "sertraline"], None),
    (&["batch"], Some("batch.txt")),
    (&["batch", "-"], Some("batch.txt")),
    (&["batch", "--fail-on", "moderate"], Some("batch.txt")),
    (
        &["batch", "batch.txt", "--dose", "low", "--form", "tea"],
        None,
    ),
    (&["batch", "no-such-file.txt"], None),
    (&["completions", "bash"], None),
    (&["man"], None),
];

fn scratch_with_fixtures() -> std::path::PathBuf {
    let dir = common::scratch_dir("golden");
    for (name, text) in [
        ("broken.yaml", BROKEN_LAYER),
        ("dangling.yaml", DANGLING_LAYER),
        ("layer.yaml", SITE_LAYER),
    ] {
        std::fs::write(dir.join(name), text).expect("scratch is writable");
    }
    let mut lines = BATCH_LINES.join("\n");
    lines.push('\n');
    std::fs::write(dir.join("batch.txt"), lines).expect("scratch is writable");
    dir
}

/// One case's status, stdout and stderr, with the machine's paths written as placeholders.
fn run(scratch: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let args: Vec<String> = args.iter().map(|a| a.replace("[ROOT]", root)).collect();
    let mut command = common::kratom_check();
    command
        .current_dir(scratch)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .args(&args);
    if let Some(file) = stdin {
        command.pipe_stdin(scratch.join(file)).expect("fixture");
    }
    let output = command.output().expect("the binary runs");
    let scratch = scratch.to_string_lossy();
    let placeholders = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace(scratch.as_ref(), "[SCRATCH]")
            .replace(root, "[ROOT]")
    };
    format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        output
            .status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        placeholders(&output.stdout),
        placeholders(&output.stderr),
    )
}

#[test]
fn every_golden_command_prints_what_it_printed() {
    let scratch = scratch_with_fixtures();
    for (i, (args, stdin)) in CASES.iter().enumerate() {
        let mut what = args.join(" ");
        if let Some(file) = stdin {
            what.push_str(&format!(" < {file}"));
        }
        insta::with_settings!({ description => what, omit_expression => true }, {
            insta::assert_snapshot!(format!("golden_{:03}", i + 1), run(&scratch, args, *stdin));
        });
    }
}
