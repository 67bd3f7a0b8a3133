//! Hostile and broken input: each gets a clear message, a documented exit status, and no panic.

use crate::common;
use std::process::Command as StdCommand;

use crate::common::kratom_check;
use predicates::prelude::*;

fn rejects_kb(name: &str, text: &str, message: &str) {
    let dir = common::scratch_dir(name);
    std::fs::write(dir.join("kb.yaml"), text).unwrap();
    let output = kratom_check()
        .arg("--kb")
        .arg(&dir)
        .arg("alcohol")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{name}");
    assert!(output.stdout.is_empty(), "{name}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(message), "{name}: {stderr}");
    assert!(
        stderr.lines().all(|l| l.chars().count() < 200),
        "{name}: a quoted line floods the terminal"
    );
}

#[test]
fn a_deeply_nested_file_is_refused() {
    let text = format!(
        "substances: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    rejects_kb("deep", &text, "recursion limit");
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let indented: String = text.lines().map(|l| format!("      {l}\n")).collect();
    let kb = format!("substances:\n  - id: kratom\n    name: Kratom\n    aliases:\n{indented}");
    rejects_kb("bomb", &kb, "error:");
}

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let text = format!("# {}\n", "x".repeat(9 * 1024 * 1024));
    rejects_kb("huge", &text, "over the");
}

#[test]
fn duplicate_keys_and_wrong_types_are_refused() {
    rejects_kb(
        "dupkey",
        "substances:\n  - id: kratom\n    id: other\n    name: Kratom\n",
        "kb.yaml:3:",
    );
    // In the maintainer's words, not the parser's.
    rejects_kb(
        "dupkey-words",
        "substances:\n  - id: kratom\n    id: other\n    name: Kratom\n",
        "duplicate key `id`: it is given twice here; keep one",
    );
    rejects_kb(
        "types",
        "substances:\n  - id: kratom\n    name: Kratom\n    aliases: 12\n",
        "kb.yaml:4:",
    );
}

#[test]
fn a_directory_without_yaml_and_a_missing_path_are_refused() {
    let empty = common::scratch_dir("empty");
    kratom_check()
        .arg("--kb")
        .arg(&empty)
        .arg("alcohol")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `.yaml`"));
    kratom_check()
        .args(["--kb", "/nonexistent/kratom-kb", "alcohol"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn ten_thousand_arguments_are_answered() {
    let args: Vec<String> = (0..10_000).map(|i| format!("x{i}")).collect();
    kratom_check()
        .arg("--json")
        .args(&args)
        .assert()
        .code(3)
        .stdout(predicate::str::contains("\"complete\": false"));
}

#[test]
fn a_hundred_kilobyte_argument_is_shortened_when_shown() {
    let long = "a".repeat(100 * 1024);
    let output = kratom_check()
        .args(["--color", "never", &long])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.len() < 10_000, "the input is echoed in full");
    assert!(stdout.contains("(102400 characters)"));
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(&[0x66, 0x6f, 0xff, 0xfe]);
    kratom_check()
        .arg(bad)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("UTF-8"));
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    let binary = assert_cmd::cargo::cargo_bin("kratom-check");
    let substances = "sertraline alcohol tramadol quetiapine ketoconazole phenelzine warfarin \
                      methadone citalopram bupropion kava cannabidiol fentanyl alprazolam";
    let script = format!(
        "set -o pipefail; for i in 1 2 3 4 5 6 7 8; do '{}' --json {substances}; done | head -c 1 >/dev/null",
        binary.display()
    );
    let output = StdCommand::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    common::assert_status(&output, 0);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A layer path that is not a small tree of regular files is refused before it is read.
#[cfg(unix)]
#[test]
fn a_fifo_a_device_a_sparse_file_and_the_root_are_refused_quickly() {
    let dir = common::scratch_dir("special");
    let fifo = dir.join("fifo.yaml");
    let made = StdCommand::new("mkfifo").arg(&fifo).status();
    let zero = dir.join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let sparse = dir.join("sparse.yaml");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let mut paths = vec![(zero, "not a regular file"), (sparse, "over the")];
    if made.is_ok_and(|s| s.success()) {
        paths.push((fifo, "not a regular file"));
    }
    paths.push(("/".into(), ""));
    for (path, message) in paths {
        kratom_check()
            .arg("--kb")
            .arg(&path)
            .arg("alcohol")
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn a_check_whose_class_names_would_take_too_long_is_refused_before_it_runs() {
    let list = kratom_check().args(["list", "--json"]).output().unwrap();
    let list = common::json_document("list", &list.stdout);
    let mut names: Vec<&str> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    // Every substance with four class names is answered now (each candidate is paired with
    // the rest once); past a hundred class names a check is refused before any is judged.
    // As many substances as fit under the limit on one check's substances, however many the
    // base knows, so that the class names are what is refused.
    let class_names = ["opioids", "benzodiazepines", "ssris", "antidepressants"].repeat(26);
    names.truncate(kratom_check::worst_case::MAX_SUBSTANCES - class_names.len());
    names.extend(class_names);
    kratom_check()
        .args(&names)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "104 class or ambiguous names in one check, over the limit of 100",
        ));
}

#[test]
fn past_a_hundred_problems_the_rest_are_counted_not_described() {
    let substances: String = (0..150)
        .map(|i| format!("  - {{id: Bad{i}, name: x}}\n"))
        .collect();
    rejects_kb(
        "many-problems",
        &format!("substances:\n{substances}"),
        "more problems, not shown",
    );
}

#[test]
fn a_class_chain_deeper_than_the_limit_is_refused() {
    let mut text = String::from("classes:\n  - id: c0\n    name: C0\n");
    for i in 1..70 {
        text.push_str(&format!(
            "  - id: c{i}\n    name: C{i}\n    parents: [c{}]\n",
            i - 1
        ));
    }
    rejects_kb("chain", &text, "more than 64 ancestors");
}

/// Nothing a person typed or a layer holds reaches the terminal as an escape sequence or a
/// character that reorders text.
#[test]
fn escapes_and_bidirectional_characters_never_reach_the_terminal() {
    let hostile = "\u{1b}]0;title\u{7}\u{1b}[2J\u{202E}\u{2067}\u{200F}\u{2028}";
    let runs = [
        vec!["info", hostile],
        vec!["list", "--class", hostile],
        vec!["matrix", "alcohol", hostile],
        vec!["--color", "never", hostile],
    ];
    for args in runs {
        let output = kratom_check().args(&args).output().unwrap();
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.chars().any(kratom_check::safe_text::is_unsafe),
                "{args:?}: {text}"
            );
        }
    }
    rejects_kb(
        "escape",
        "substances:\n  - id: x\n    name: \"X\\e[2J\"\n    advice: \"\\u202E\"\n",
        "kb.yaml:3:13",
    );
}

#[test]
fn vocabularies_ignore_case_and_an_implausible_dose_is_refused() {
    kratom_check()
        .args([
            "--form",
            "LEAF",
            "--frequency",
            "Daily",
            "--fail-on",
            "MAJOR",
            "alcohol",
        ])
        .assert()
        .code(1);
    kratom_check()
        .args(["--dose", "1e-300", "alcohol"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a plausible dose"));
}

#[test]
fn a_context_entry_that_holds_for_every_use_is_refused() {
    let rule = "rules:\n  - id: kratom-induction\n    title: Silenced\n    tier: minor\n    \
                group: induction\n    mechanisms: [cyp_induction]\n    when:\n      \
                a: {substance: kratom, induces: any}\n      \
                b: {substrate_of: any, sensitivity: [sensitive]}\n    context:\n      \
                - when: {}\n        tier: none\n        note: Never.\n    \
                explanation: x\n    advice: [x]\n    evidence: {grade: E, summary: x}\n    \
                examples:\n      - {substances: [kratom, midazolam], tier: none}\n";
    rejects_kb("silencer", rule, "holds for every dose and frequency");
    // Two entries that together cover every dose silence it as surely as one.
    let split = rule.replace(
        "- when: {}\n        tier: none\n        note: Never.\n",
        "- when: {dose: [low]}\n        tier: none\n        note: Never.\n      \
         - when: {dose: [moderate, high]}\n        tier: none\n        note: Never.\n",
    );
    assert_ne!(split, rule);
    rejects_kb(
        "split-silencer",
        &split,
        "holds for every dose and frequency",
    );
}

#[test]
fn every_report_names_its_layers_with_their_digests() {
    let dir = common::scratch_dir("named-layer");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: local_herb\n    name: Local herb\n",
    )
    .unwrap();
    let json = kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["--json", "alcohol"])
        .output()
        .unwrap();
    let report = common::json_document("report", &json.stdout);
    let layers = report["knowledge_base"]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[1]["name"], dir.display().to_string());
    assert_eq!(layers[1]["sha256"].as_str().unwrap().len(), 64);
    kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["--color", "never", "alcohol"])
        .assert()
        .stdout(predicate::str::contains("Knowledge base: built-in (sha256"));
}

#[test]
fn a_layer_that_redefines_a_substance_of_the_check_is_named() {
    let dir = common::scratch_dir("redefines");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: fentanyl\n    name: Fentanyl\n",
    )
    .unwrap();
    let output = kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["--json", "fentanyl"])
        .output()
        .unwrap();
    let report = common::json_document("report", &output.stdout);
    let replaced = &report["knowledge_base"]["replaced"][0];
    assert_eq!(replaced["kind"], "substance");
    assert_eq!(replaced["id"], "fentanyl");
    kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["--color", "never", "alcohol"])
        .assert()
        .stdout(predicate::str::contains("replaces").not());
}

#[test]
fn the_same_layer_given_twice_is_read_once() {
    let dir = common::scratch_dir("twice");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: local_herb\n    name: Local herb\n",
    )
    .unwrap();
    kratom_check()
        .arg("--kb")
        .arg(&dir)
        .arg("--kb")
        .arg(&dir)
        .arg("local_herb")
        .assert()
        .code(0);
}

#[test]
fn a_layer_may_redefine_a_built_in_ambiguous_name() {
    let dir = common::scratch_dir("ambiguous");
    std::fs::write(
        dir.join("kb.yaml"),
        "ambiguous_names:\n- name: speed\n  candidates: [amphetamine, caffeine]\n  note: Local.\n",
    )
    .unwrap();
    kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["--color", "never", "speed"])
        .assert()
        .stdout(predicate::str::contains("Caffeine"));
}

/// A closed standard output (`>&-`) is an error, not a silent success; `>/dev/null` is not.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_an_error() {
    let binary = env!("CARGO_BIN_EXE_kratom-check");
    let run = |redirect: &str| {
        StdCommand::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" --json sertraline {redirect}"))
            .arg(binary)
            .output()
            .unwrap()
    };
    let closed = run(">&-");
    assert_eq!(closed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("standard output is closed"));
    assert_eq!(run(">/dev/null").status.code(), Some(0));
}

/// A name typed thousands of times is one substance: checked (not refused as too much work)
/// and listed once. A product beside hundreds of names is a few pairs, not a scan per pair.
#[test]
fn repeated_names_and_a_product_beside_hundreds_of_names_are_answered() {
    kratom_check()
        .args(["--color", "never"])
        .args(vec!["sertraline"; 4_000])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Checked: Kratom + Sertraline\n"));
    kratom_check()
        .args(["--color", "never", "Percocet", "Percocet"])
        .assert()
        .stdout(predicate::str::contains(
            "ingredient (Oxycodone, Acetaminophen (paracetamol)) is checked",
        ));
    let list = kratom_check().args(["list", "--json"]).output().unwrap();
    let list = common::json_document("list", &list.stdout);
    let ids: Vec<&str> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .take(600)
        .collect();
    let output = kratom_check()
        .arg("--json")
        .arg("Percocet")
        .args(&ids)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let report = common::json_document("report", &output.stdout);
    assert_eq!(report["tier"], "avoid");
}

/// An empty `KRATOM_CHECK_KB` is named: clap alone said "a value is required for '--kb'",
/// an option nobody typed. A `--kb` that is typed still wins over the variable, and a `--kb`
/// typed empty is still the option's error.
#[test]
fn an_empty_layer_variable_is_named_in_the_message() {
    let empty = kratom_check()
        .env("KRATOM_CHECK_KB", "")
        .arg("alcohol")
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert!(
        stderr.contains("the environment variable KRATOM_CHECK_KB is set but empty"),
        "{stderr}"
    );
    assert!(!stderr.contains("a value is required"), "{stderr}");

    let dir = common::scratch_dir("empty-variable");
    std::fs::write(dir.join("kb.yaml"), "substances: []\n").unwrap();
    kratom_check()
        .env("KRATOM_CHECK_KB", "")
        .arg("--kb")
        .arg(&dir)
        .arg("alcohol")
        .assert()
        .code(0);
    let typed = kratom_check()
        .env("KRATOM_CHECK_KB", "")
        .args(["--kb=", "alcohol"])
        .output()
        .unwrap();
    assert_eq!(typed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&typed.stderr);
    assert!(stderr.contains("'--kb <PATH>'"), "{stderr}");
}

/// A dose too small to be one is refused in a line, not in 320 digits.
#[test]
fn a_tiny_dose_is_refused_in_a_short_message() {
    let output = kratom_check()
        .args(["--dose", "1e-320", "alcohol"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.contains("not a plausible dose"), "{stderr}");
    assert!(first.len() < 150, "{} characters: {first}", first.len());
}
