//! The knowledge base from the command line: `--kb` layers and `KRATOM_CHECK_KB`, and `kb
//! validate` pointing at every problem's line.

use crate::common;
use crate::common::{assert_status, kratom_check};
use predicates::prelude::*;

#[test]
fn an_invalid_knowledge_base_exits_two_pointing_at_the_line() {
    let dir = common::scratch_dir("invalid-kb");
    std::fs::write(
        dir.join("bad.yaml"),
        "substances:\n  - id: kratom\n    name: Kratom\n    colour: green\n",
    )
    .unwrap();
    kratom_check()
        .arg("--kb")
        .arg(&dir)
        .arg("alcohol")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad.yaml:4:5"))
        .stderr(predicate::str::contains("colour"));
}

#[test]
fn kb_env_variable_selects_a_knowledge_base() {
    let dir = common::scratch_dir("env-kb");
    std::fs::write(
        dir.join("kb.yaml"),
        "meta: {version: test-1}\nsubstances:\n  - id: kratom\n    name: Kratom\n  - id: water\n    name: Water\n",
    )
    .unwrap();
    let output = kratom_check()
        .env("KRATOM_CHECK_KB", &dir)
        .args(["--json", "water"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = common::read_report(&output);
    assert_eq!(report.knowledge_base.version, "test-1");
    assert_eq!(report.tier, "none");
    assert!(report.findings.is_empty());
}

#[test]
fn kb_validate_summarises_a_valid_base_and_lists_every_problem_of_an_invalid_one() {
    kratom_check()
        .args(["kb", "validate"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "knowledge base valid: version ",
        ));
    let dir = common::scratch_dir("validate");
    std::fs::write(
        dir.join("kb.yaml"),
        "classes:\n  - id: ssri\n    name: SSRI\nsubstances:\n  - id: kratom\n    name: Kratom\n    classes: [ssrl]\n  - id: other\n    name: Other\n    aliases: [kratom]\n",
    )
    .unwrap();
    kratom_check()
        .args(["kb", "validate"])
        .arg(&dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("kb.yaml:7:15"))
        .stderr(predicate::str::contains("did you mean `ssri`"))
        .stderr(predicate::str::contains("kb.yaml:10:15"))
        .stderr(predicate::str::contains("2 problems"));
}

#[test]
fn kb_layers_add_and_override_by_id_and_say_where_a_finding_came_from() {
    let dir = common::scratch_dir("layer");
    // A site policy: alcohol with kratom is `avoid` here, and a local product is added.
    std::fs::write(
        dir.join("site.yaml"),
        "meta: {version: site-1}\n\
         substances:\n  - id: house_tonic\n    name: House tonic\n    properties: {cns_depressant: strong}\n\
         rules:\n  - id: kratom-strong-depressant\n    title: Site policy - kratom with a strong sedative\n    tier: avoid\n    group: cns-depression\n    mechanisms: [cns_depression]\n    when:\n      a: {substance: kratom}\n      b: {property: cns_depressant, min_strength: strong}\n    explanation: Local policy.\n    evidence: {grade: E, summary: Class-based extrapolation adopted as local policy.}\n",
    )
    .unwrap();
    let output = kratom_check()
        .arg("--json")
        .arg("--kb")
        .arg(&dir)
        .args(["alcohol", "house tonic", "sertraline"])
        .output()
        .unwrap();
    common::assert_status(&output, 0);
    let report = common::read_report(&output);
    assert_eq!(report.tier, "avoid");
    assert_eq!(report.knowledge_base.version, "site-1");
    let overridden = &report.between("kratom", "alcohol")[0];
    assert_eq!(overridden.rule, "kratom-strong-depressant");
    assert_eq!(overridden.tier, "avoid");
    assert_eq!(overridden.layer, dir.display().to_string());
    assert!(!report.between("kratom", "house_tonic").is_empty());
    let built_in = &report.between("kratom", "sertraline")[0];
    assert_eq!(built_in.layer, "built-in");

    // Without the built-in base, only the layer's substances exist.
    kratom_check()
        .arg("--no-default-kb")
        .arg("--kb")
        .arg(&dir)
        .arg("alcohol")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`kratom`"));
    kratom_check()
        .args(["--no-default-kb", "alcohol"])
        .assert()
        .code(2);
}

/// `kb validate` checks a layer as `--kb` loads it: over the built-in base, so the built-in ids
/// it uses are known; alone only with `--no-default-kb`.
#[test]
fn kb_validate_checks_a_layer_stacked_on_the_built_in_base() {
    let dir = common::scratch_dir("validate-layer");
    std::fs::write(
        dir.join("site.yaml"),
        "substances:\n  - id: house_benzo\n    name: House benzo\n    classes: [benzodiazepine]\n",
    )
    .unwrap();
    let stacked = kratom_check()
        .args(["kb", "validate"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_status(&stacked, 0);
    let via_kb = kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["kb", "validate"])
        .output()
        .unwrap();
    assert_status(&via_kb, 0);
    assert_eq!(stacked.stdout, via_kb.stdout, "the same stack either way");
    let alone = kratom_check()
        .args(["--no-default-kb", "kb", "validate"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_status(&alone, 2);
    assert!(String::from_utf8_lossy(&alone.stderr).contains("benzodiazepine"));
}

/// A file that is YAML but not a knowledge base: every entry's problem in one run, and the
/// entries that read are checked further (a misspelt class in one of them).
#[test]
fn kb_validate_lists_every_entrys_problem_in_one_run() {
    let dir = common::scratch_dir("validate-every-entry");
    let text = "\
rules:
  - id: layer-a
    title: A
    tier: severe
    advice:
      - &shared Something to do.
  - id: layer-b
    title: B
    tier: major
    grade: 5
    advice: [*shared]
substances:
  - id: foo
    name: Foo
    properties: {serotonergic: {level: huge}}
  - id: bar
    name: Bar
    classes: [ssrl]
  - id: baz
    name: Baz
    colour: red
";
    let validate = |text: &str| {
        std::fs::write(dir.join("kb.yaml"), text).unwrap();
        let output = kratom_check()
            .args(["kb", "validate"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = validate(text);
    for (place, says) in [
        (
            "kb.yaml:4:11",
            "expected one of minor, moderate, major, avoid",
        ),
        ("kb.yaml:10:5", "unknown field `grade`"),
        ("kb.yaml:15:40", "unknown variant `huge`"),
        ("kb.yaml:18:15", "did you mean `ssri`"),
        ("kb.yaml:21:5", "unknown field `colour`"),
    ] {
        assert!(stderr.contains(place), "{place} missing:\n{stderr}");
        assert!(stderr.contains(says), "{says} missing:\n{stderr}");
    }
    assert!(!stderr.contains("none, minor"), "{stderr}");
    // Not YAML at all: the parser's one problem.
    assert!(validate("rules:\n  - id: [unclosed\n").contains("1 problem"));
}
