//! A layer never changes an answer unseen: whatever kind of definition it replaces, the report
//! names it, in JSON and in the table.

use crate::common::{self, assert_status, kratom_check, read_report};

const REPLACING_LAYER: &str = "\
classes:
  - id: opioid
    name: opioid
    aliases: [opioids]
    parents: [pain_medicine]
    properties: {cns_depressant: weak}
products:
  - id: oxycodone_acetaminophen
    name: Percocet, as a layer has it
    aliases: [Percocet]
    ingredients: [oxycodone, ibuprofen]
ambiguous_names:
  - name: percs
    candidates: [oxycodone, ibuprofen]
red_flags:
  - mechanism: respiratory_depression
    title: Sleep it off
    watch_for: [nothing]
    what_to_do: [No need to call anyone.]
";

#[test]
fn every_kind_of_definition_a_layer_replaces_is_named() {
    let dir = common::scratch_dir("replacing-layer");
    std::fs::write(dir.join("site.yaml"), REPLACING_LAYER).unwrap();
    let output = kratom_check()
        .arg("--json")
        .arg("--kb")
        .arg(&dir)
        .args(["percs", "alcohol"])
        .output()
        .unwrap();
    // percs now stands for two answers: incomplete, as any such name is.
    assert_status(&output, 3);
    let report = read_report(&output);
    let mut replaced: Vec<(&str, &str)> = report
        .knowledge_base
        .replaced
        .iter()
        .map(|r| (r.kind.as_str(), r.id.as_str()))
        .collect();
    replaced.sort_unstable();
    assert_eq!(
        replaced,
        [
            ("ambiguous_name", "percs"),
            ("class", "opioid"),
            ("product", "oxycodone_acetaminophen"),
            ("red_flag", "respiratory_depression"),
        ]
    );
    assert!(
        report
            .knowledge_base
            .replaced
            .iter()
            .all(|r| r.layer == dir.display().to_string())
    );

    let table = kratom_check()
        .arg("--kb")
        .arg(&dir)
        .args(["percs", "alcohol"])
        .output()
        .unwrap();
    // The table wraps its lines: compare words.
    let text = String::from_utf8_lossy(&table.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for named in [
        "replaces the class `opioid`",
        "replaces the product `oxycodone_acetaminophen`",
        "replaces the ambiguous name `percs`",
        "replaces the red flag `respiratory_depression`",
    ] {
        assert!(text.contains(named), "{named} missing from:\n{text}");
    }
}

/// `kb validate` runs every rule's examples over the stack: a layer whose example does not
/// hold is not valid, and the failure points at the rule's own line.
#[test]
fn kb_validate_runs_the_stacks_rule_examples() {
    let dir = common::scratch_dir("validate-examples");
    let path = dir.join("site.yaml");
    std::fs::write(
        &path,
        "rules:\n\
         \x20 - id: site-kratom-and-caffeine\n\
         \x20   title: Site policy - kratom with caffeine\n\
         \x20   tier: major\n\
         \x20   mechanisms: [cardiovascular_stimulation]\n\
         \x20   when:\n\
         \x20     a: {substance: kratom}\n\
         \x20     b: {substance: caffeine}\n\
         \x20   explanation: Local policy.\n\
         \x20   evidence: {grade: E, summary: Class-based extrapolation adopted as local policy.}\n\
         \x20   examples:\n\
         \x20     - {substances: [kratom, caffeine], tier: avoid}\n",
    )
    .unwrap();
    let output = kratom_check()
        .args(["kb", "validate"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_status(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let place = format!("{}:2", path.display());
    assert!(stderr.contains(&place), "{place} not in: {stderr}");
    assert!(
        stderr.contains("site-kratom-and-caffeine")
            && stderr.contains("gives major instead of avoid"),
        "{stderr}"
    );
}

/// A base without the ids the program relies on is refused: `--form 7-oh` would otherwise stop
/// adding the potent opioid without a word.
#[test]
fn a_base_must_define_the_ids_the_program_relies_on() {
    let dir = common::scratch_dir("program-ids");
    std::fs::write(
        dir.join("base.yaml"),
        "substances:\n  - id: kratom\n    name: Kratom\n",
    )
    .unwrap();
    let output = kratom_check()
        .args(["--no-default-kb", "kb", "validate"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_status(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for id in [
        "seven_hydroxymitragynine",
        "mitragynine_pseudoindoxyl",
        "recreational_drug",
        "kratom_product",
    ] {
        assert!(
            stderr.contains(&format!("`{id}`, which the program relies on")),
            "{stderr}"
        );
    }
}
