//! What a compact record holds: the full record's answer by id and key, without its words;
//! and `kb export`, which gives those words once, by id.

use super::{FullRecord, compact_records, run_batch};
use crate::common::{self, assert_status, check_json, kratom_check};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CompactReport {
    pub(super) tier: String,
    pub(super) complete: bool,
    pub(super) context: CompactContext,
    substances: Vec<CompactSubstance>,
    unresolved: Vec<common::Unresolved>,
    findings: Vec<CompactFinding>,
    burden: Vec<CompactBurden>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct CompactBurden {
    property: String,
    measure: String,
    total: u32,
    substances: Vec<String>,
}

/// Every key with one type: not given is `""` (and `grams` 0).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CompactContext {
    pub(super) dose: CompactDose,
    pub(super) form: String,
    pub(super) frequency: String,
    pub(super) assumed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CompactDose {
    pub(super) grams: f64,
    pub(super) band: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct CompactSubstance {
    /// Empty for a substance not typed (kratom).
    input: String,
    id: String,
    matched: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct CompactFinding {
    rule: String,
    tier: String,
    substances: Vec<String>,
    mechanisms: Vec<String>,
    grade: String,
    basis: String,
}

/// Each line's report, compact then full (`--full`), read back into the contract.
fn compact_and_full(input: &str, args: &[&str]) -> Vec<(CompactReport, common::Report)> {
    let (compact, compact_output) = compact_records(input, args);
    let (full, full_output) = run_batch(input, &[args, &["--full"]].concat());
    assert_eq!(compact_output.status, full_output.status);
    assert_eq!(compact.len(), full.len());
    compact
        .into_iter()
        .zip(full)
        .map(|(compact, full)| {
            let full: FullRecord = serde_json::from_value(full).expect("a full record reads back");
            (compact.report.unwrap(), full.report.unwrap())
        })
        .collect()
}

#[test]
fn a_compact_record_is_the_full_records_answer_without_its_words() {
    let input = "alcohol alprazolam\n\
                 opioids, percocet, sertraline\n\
                 {\"substances\": [\"tramadol\"], \"form\": \"7-oh\", \"dose\": 2}\n";
    for (compact, full) in compact_and_full(input, &[]) {
        assert_eq!(
            (&compact.tier, compact.complete),
            (&full.tier, full.complete)
        );
        let substances: Vec<CompactSubstance> = full
            .substances
            .iter()
            .map(|s| CompactSubstance {
                input: s.input.clone().unwrap_or_default(),
                id: s.id.clone(),
                matched: s.matched.clone(),
            })
            .collect();
        assert_eq!(compact.substances, substances);
        let findings: Vec<CompactFinding> = full
            .findings
            .iter()
            .map(|f| CompactFinding {
                rule: f.rule.clone(),
                tier: f.tier.clone(),
                substances: f.substances.clone(),
                mechanisms: f.mechanisms.clone(),
                grade: f.evidence.grade.clone(),
                basis: f.evidence.basis.clone(),
            })
            .collect();
        assert!(!findings.is_empty());
        assert_eq!(compact.findings, findings);
        let burden: Vec<CompactBurden> = full
            .burden
            .iter()
            .map(|b| CompactBurden {
                property: b.property.clone(),
                measure: b.measure.clone(),
                total: b.total,
                substances: b.substances.iter().map(|s| s.id.clone()).collect(),
            })
            .collect();
        assert!(!burden.is_empty());
        assert_eq!(compact.burden, burden);
    }

    let (records, output) = compact_records("alcohol alprazolam\n", &["--fail-on", "avoid"]);
    assert_status(&output, 1);
    let report = records[0].report.as_ref().unwrap();
    assert_eq!(report.tier, "avoid");
    let stack = report
        .findings
        .iter()
        .find(|f| f.rule == "depressant-stack-avoid")
        .expect("the stack of three depressants");
    assert_eq!(stack.substances, ["kratom", "alcohol", "alprazolam"]);
}

#[test]
fn a_compact_record_has_no_title_reference_or_name() {
    let (records, output) = run_batch("sertraline, tramadol, opioids\n", &[]);
    assert_status(&output, 0);
    let report = &records[0]["report"];
    let keys = |object: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
        keys.sort_unstable();
        keys
    };
    for substance in report["substances"].as_array().unwrap() {
        assert_eq!(keys(substance), ["id", "input", "matched"]);
    }
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        assert_eq!(
            keys(finding),
            ["basis", "grade", "mechanisms", "rule", "substances", "tier"]
        );
    }
}

/// `assumed` names the context's keys a line did not give (nor the batch's options), in the
/// order the full report states what it assumed for them.
#[test]
fn a_compact_context_lists_exactly_the_keys_not_given() {
    let lines = [
        ("sertraline, alcohol", vec!["dose", "frequency", "form"]),
        (
            "{\"substances\": [\"alcohol\"], \"dose\": 3}",
            vec!["frequency", "form"],
        ),
        (
            "{\"substances\": [\"alcohol\"], \"form\": \"extract\"}",
            vec!["dose", "frequency"],
        ),
        (
            "{\"substances\": [\"alcohol\"], \"frequency\": \"daily\", \"form\": \"tea\"}",
            vec!["dose"],
        ),
        (
            "{\"substances\": [\"alcohol\"], \"dose\": \"low\", \"form\": \"leaf\", \"frequency\": \"occasional\"}",
            vec![],
        ),
    ];
    let input: String = lines.iter().map(|(line, _)| format!("{line}\n")).collect();
    let reports = compact_and_full(&input, &[]);
    for ((line, keys), (compact, full)) in lines.iter().zip(&reports) {
        assert_eq!(compact.context.assumed, *keys, "{line}");
        assert_eq!(compact.context.assumed.len(), full.context.assumed.len());
        for (key, sentence) in compact.context.assumed.iter().zip(&full.context.assumed) {
            assert!(sentence.contains(key.as_str()), "{key}: {sentence}");
        }
    }

    // The batch's options give every line its context, unless the line gives its own.
    let input = "sertraline, alcohol\n{\"substances\": [\"alcohol\"], \"dose\": 3}\n";
    let reports = compact_and_full(input, &["--frequency", "occasional", "--form", "leaf"]);
    assert_eq!(reports[0].0.context.assumed, ["dose"]);
    assert!(reports[1].0.context.assumed.is_empty());
    assert_eq!(reports[1].0.context.frequency, "occasional");
    assert_eq!(reports[1].0.context.form, "leaf");
    assert_eq!(
        (
            reports[1].0.context.dose.grams,
            &*reports[1].0.context.dose.band
        ),
        (3.0, "low")
    );
    assert_eq!(
        (
            reports[0].0.context.dose.grams,
            &*reports[0].0.context.dose.band
        ),
        (0.0, ""),
        "a dose not given is empty, not null"
    );
}

#[test]
fn compact_unresolved_names_mean_what_the_check_report_says() {
    let names = ["sertralin", "opioids", "alcohol"];
    let (records, output) = compact_records(
        &format!("{}\n", names.join(", ")),
        &["--strict", "--fail-on-incomplete"],
    );
    assert_status(&output, 3);
    let (single, code) = check_json(&[&["--strict"][..], &names].concat());
    assert_eq!(code, 3);
    let report = records[0].report.as_ref().unwrap();
    let ids = |ids: Vec<&String>| ids.into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        ids(report.substances.iter().map(|s| &s.id).collect()),
        ids(single.substances.iter().map(|s| &s.id).collect())
    );
    let shape = |u: &common::Unresolved| (u.input.clone(), u.reason.clone(), u.suggestions.clone());
    assert_eq!(
        report.unresolved.iter().map(shape).collect::<Vec<_>>(),
        single.unresolved.iter().map(shape).collect::<Vec<_>>()
    );
    assert_eq!(
        report.unresolved[0].suggestions.first().map(String::as_str),
        Some("Sertraline")
    );
}

fn kb_export() -> serde_json::Value {
    let export = kratom_check().args(["kb", "export"]).output().unwrap();
    assert_status(&export, 0);
    common::json_document("kb-export", &export.stdout)
}

/// The entry of `list` (`rules`, `references`, `substances`) whose `id` is `id`.
fn exported<'e>(export: &'e serde_json::Value, list: &str, id: &str) -> &'e serde_json::Value {
    export[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == id)
        .unwrap_or_else(|| panic!("{list}: {id} not exported"))
}

#[test]
fn kb_export_holds_the_prose_of_every_rule_a_record_names() {
    let input = "sertraline, alcohol, tramadol, warfarin, ibuprofen\n\
                 alprazolam, oxycodone, naltrexone, kava, ciprofloxacin\n\
                 atazanavir, omeprazole, spironolactone, lisinopril, metformin\n";
    let (records, output) = compact_records(input, &[]);
    assert_status(&output, 0);
    let export = kb_export();
    assert_eq!(export["schema_version"], records[0].schema_version);
    assert_eq!(
        export["knowledge_base"]["sha256"],
        *records[0].knowledge_base.sha256
    );
    let findings: Vec<&CompactFinding> = records
        .iter()
        .flat_map(|r| &r.report.as_ref().unwrap().findings)
        .collect();
    assert!(findings.len() >= 10, "{findings:?}");
    for finding in findings {
        let rule = exported(&export, "rules", &finding.rule);
        assert!(rule["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(rule["explanation"].as_str().is_some_and(|e| !e.is_empty()));
        assert!(rule["advice"].is_array() && rule["evidence"]["summary"].is_string());
        for id in rule["references"].as_array().unwrap() {
            let reference = exported(&export, "references", id.as_str().unwrap());
            assert!(
                reference["citation"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty())
            );
        }
    }
}

#[test]
fn kb_export_names_every_substance_a_record_names_by_id() {
    let export = kb_export();
    let substances = export["substances"].as_array().unwrap();
    let mut ids: Vec<&str> = substances
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "kratom", "in the knowledge base's order");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), substances.len(), "each substance once");

    let list = kratom_check().args(["list", "--json"]).output().unwrap();
    let list = common::json_document("list", &list.stdout);
    let entries = list["entries"].as_array().unwrap();
    assert!(entries.len() >= 500);
    for entry in entries {
        let id = entry["id"].as_str().unwrap();
        assert_eq!(exported(&export, "substances", id)["name"], entry["name"]);
    }

    let input = "opioids, percocet, st john's wort, zoloft\n\
                 {\"substances\": [\"tramadol\", \"xanax\"], \"form\": \"7-oh\"}\n";
    for (compact, full) in compact_and_full(input, &[]) {
        for (substance, named) in compact.substances.iter().zip(&full.substances) {
            assert_eq!(
                exported(&export, "substances", &substance.id)["name"],
                named.name.as_str()
            );
        }
    }
}
