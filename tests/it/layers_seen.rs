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
