//! `batch`: one NDJSON record per input line, in order, errors in place, summary on stderr;
//! and `kb stats`. What a compact record holds, and `kb export` beside it: `compact`; batch
//! under pressure (a waiting producer, signals, write errors, ids that are not Unicode):
//! `bounds`; what pipelines build on (exit status, joining back, adverse-event names):
//! `pipelines`.

mod bounds;
mod compact;
mod pipelines;
mod stable;

use compact::CompactReport;

use crate::common;
use std::io::Write;

use crate::common::{assert_status, check_json, kratom_check, scratch_dir};
use serde::Deserialize;

/// A record as `batch` writes it: the check report's envelope, the line's own keys, and the
/// report, compact by default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record<R = CompactReport> {
    schema_version: u32,
    tool: common::Tool,
    knowledge_base: common::KnowledgeBase,
    line: u64,
    id: Option<serde_json::Value>,
    extra: serde_json::Map<String, serde_json::Value>,
    /// Read as none when empty: a record writes `""` when there is no error.
    #[serde(deserialize_with = "empty_is_none")]
    error: Option<String>,
    report: Option<R>,
}

fn empty_is_none<'de, D: serde::Deserializer<'de>>(reader: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(reader)?;
    Ok((!text.is_empty()).then_some(text))
}

/// A record of `batch --full`: the same, with the report exactly as `--json` prints it.
type FullRecord = Record<common::Report>;

fn compact_records(input: &str, args: &[&str]) -> (Vec<Record>, std::process::Output) {
    let (records, output) = run_batch(input, args);
    let records = records
        .into_iter()
        .map(|r| serde_json::from_value(r).expect("a record reads back into the contract"))
        .collect();
    (records, output)
}

fn run_batch(input: &str, args: &[&str]) -> (Vec<serde_json::Value>, std::process::Output) {
    let output = kratom_check()
        .arg("batch")
        .args(args)
        .write_stdin(input)
        .output()
        .expect("binary runs");
    let records = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let record = serde_json::from_str(line).expect("every output line is JSON");
            common::assert_matches_schema("batch-record", &record);
            record
        })
        .collect();
    (records, output)
}

#[test]
fn every_line_but_a_blank_one_gets_one_record_in_order() {
    let input = "sertraline, alcohol\n\
                 {\"id\": \"patient-7\", \"substances\": [\"naltrexone\"], \"frequency\": \"occasional\"}\n\
                 \n\
                 notarealdrug\n\
                 {not json\n\
                 {\"substances\": [\"alprazolam\"], \"dose\": 3, \"form\": \"leaf\"}\n\
                 oxycodone alcohol\n";
    let (records, output) = compact_records(input, &[]);
    let lines: Vec<u64> = records.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        [1, 2, 4, 5, 6, 7],
        "the blank line 3 is counted, then skipped"
    );
    let (single, _) = check_json(&["sertraline", "alcohol"]);
    for record in &records {
        assert_eq!(record.schema_version, single.schema_version);
        assert_eq!(record.tool.version, single.tool.version);
        assert_eq!(record.knowledge_base.sha256, single.knowledge_base.sha256);
    }
    assert_eq!(records[0].report.as_ref().unwrap().tier, "major");
    assert_eq!(records[1].id, Some(serde_json::json!("patient-7")));
    assert_eq!(records[1].report.as_ref().unwrap().tier, "moderate");
    assert!(records[2].error.as_ref().unwrap().contains("notarealdrug"));
    assert!(!records[2].report.as_ref().unwrap().complete);
    assert!(
        records[3]
            .error
            .as_ref()
            .unwrap()
            .starts_with("malformed JSON")
    );
    assert!(records[3].report.is_none());
    let low = records[4].report.as_ref().unwrap();
    assert_eq!(low.context.dose.band, "low");
    assert_eq!(records[5].report.as_ref().unwrap().tier, "avoid");

    // Every line got its record: the errors are data, not a failed run.
    assert_status(&output, 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "7 lines read, 6 records written, 1 blank line skipped; 2 records with an error \
             (1 not checked)"
        ),
        "{stderr}"
    );
}

#[test]
fn blank_lines_are_skipped_without_an_error_and_keep_their_numbers() {
    let input = "\n   \t\nsertraline, alcohol\n\r\n\u{feff}\n\u{3000}\nalcohol\n\n";
    let (records, output) = compact_records(input, &[]);
    assert_status(&output, 0);
    let lines: Vec<u64> = records.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 7]);
    assert!(records.iter().all(|r| r.error.is_none()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("8 lines read, 2 records written, 6 blank lines skipped; 0 records"),
        "{stderr}"
    );

    let (records, output) = run_batch("\n\n", &[]);
    assert_status(&output, 0);
    assert!(records.is_empty());
}

#[test]
fn a_file_argument_and_many_lines_keep_order_across_workers() {
    let dir = scratch_dir("batch");
    let path = dir.join("regimens.txt");
    let mut file = std::fs::File::create(&path).unwrap();
    let names = [
        "sertraline",
        "alcohol",
        "naltrexone",
        "warfarin",
        "kava",
        "mdma",
    ];
    for i in 0..10_000 {
        writeln!(
            file,
            "{}, {}",
            names[i % names.len()],
            names[(i / 6) % names.len()]
        )
        .unwrap();
    }
    drop(file);
    let output = kratom_check().arg("batch").arg(&path).output().unwrap();
    assert_status(&output, 0);
    let lines: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(lines.len(), 10_000);
    for (i, line) in lines.iter().enumerate() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(record["line"], i as u64 + 1);
        let first = record["report"]["substances"][1]["id"].as_str().unwrap();
        assert_eq!(first, names[i % names.len()], "line {}", i + 1);
    }
}

#[test]
fn a_missing_batch_file_is_an_error() {
    let output = kratom_check()
        .args(["batch", "/no/such/file"])
        .output()
        .unwrap();
    assert_status(&output, 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/file"));
}

#[test]
fn kb_stats_counts_what_the_base_holds() {
    let output = kratom_check()
        .args(["kb", "stats", "--json"])
        .output()
        .unwrap();
    assert_status(&output, 0);
    let stats = common::json_document("kb-stats", &output.stdout);
    assert!(stats["substances"].as_u64().unwrap() >= 500, "{stats}");
    assert!(stats["aliases"].as_u64().unwrap() >= 1500, "{stats}");
    let by_grade: u64 = stats["rules_by_grade"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_grade, stats["rules"].as_u64().unwrap());
    let pairs = &stats["kratom_pairs"];
    let count = |key: &str| pairs[key].as_u64().unwrap();
    assert_eq!(
        count("substances") + 1,
        stats["substances"].as_u64().unwrap()
    );
    assert_eq!(count("studied") + count("extrapolated"), count("findings"));
    assert!(count("studied") > 0 && count("extrapolated") > 0, "{pairs}");
    let text = kratom_check().args(["kb", "stats"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("rules by evidence grade"));
    // The scope is stated, so that "none" is read for what it is (issue 16).
    assert!(text.contains("mechanisms the rules cover") && text.contains("  bleeding"));
    assert!(text.contains("not covered") && text.contains("drug-disease"));
    assert!(
        stats["mechanisms_covered"]["hyperkalaemia"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(!stats["not_covered"].as_array().unwrap().is_empty());
    assert!(
        text.contains(&format!("{:>6}  graded on studied pairs", count("studied"))),
        "{text}"
    );
}

#[test]
fn a_full_record_carries_exactly_what_json_prints_even_when_findings_repeat() {
    // The same findings recur across lines, with and without a context that changes their
    // tier: the worker's finding cache must never hand one line another line's finding.
    let lines = [
        ("sertraline, tramadol", vec![]),
        ("sertraline, tramadol", vec!["--dose", "2"]),
        ("sertraline, tramadol", vec![]),
        (
            "alprazolam, alcohol, oxycodone",
            vec!["--frequency", "occasional"],
        ),
        ("alprazolam, alcohol, oxycodone", vec![]),
    ];
    let input: String = lines
        .iter()
        .map(|(names, args)| match args.as_slice() {
            [] => format!("{names}\n"),
            ["--dose", grams] => format!(
                "{{\"substances\": {:?}, \"dose\": {grams}}}\n",
                names.split(", ").collect::<Vec<_>>()
            ),
            [_, frequency] => format!(
                "{{\"substances\": {:?}, \"frequency\": \"{frequency}\"}}\n",
                names.split(", ").collect::<Vec<_>>()
            ),
            _ => unreachable!("the cases above"),
        })
        .collect();
    let (records, output) = run_batch(&input, &["--full"]);
    assert_status(&output, 0);
    assert_eq!(records.len(), lines.len());
    for (i, record) in records.iter().enumerate() {
        let full: FullRecord = serde_json::from_value(record.clone())
            .expect("a full record reads back into the contract");
        let report = full.report.expect("the check ran");
        assert_eq!(full.line, i as u64 + 1);
        assert_eq!((full.id, full.error), (None, None));
        assert_eq!(full.schema_version, report.schema_version);
        assert_eq!(full.tool.name, report.tool.name);
        assert_eq!(full.knowledge_base.sha256, report.knowledge_base.sha256);
    }
    for ((names, args), record) in lines.iter().zip(&records) {
        let single = kratom_check()
            .arg("--json")
            .args(args)
            .args(names.split(", "))
            .output()
            .unwrap();
        let expected = common::json_document("report", &single.stdout);
        assert_eq!(record["report"], expected, "{names} {args:?}");
    }
    assert_ne!(
        records[0]["report"]["findings"], records[1]["report"]["findings"],
        "a dose of 2 g changes at least one finding"
    );
}

#[test]
fn an_over_long_line_and_an_over_wide_line_are_error_records_in_place() {
    let input = format!(
        "{}\n{}\n{}\nsertraline, alcohol\n",
        "a".repeat(100_000),
        vec!["alcohol"; 101].join(" "),
        ["opioids", "antidepressants"].repeat(50).join(", ")
    );
    let (records, output) = run_batch(&input, &[]);
    assert_status(&output, 0);
    let errors: Vec<&str> = records
        .iter()
        .map(|r| r["error"].as_str().unwrap_or(""))
        .collect();
    assert!(
        errors[0].contains("100001 bytes, over the limit"),
        "{errors:?}"
    );
    assert!(errors[1].contains("101 names on one line"), "{errors:?}");
    // A hundred class names are judged jointly within the work bound: answered, not refused.
    assert!(!errors[2].contains("over the limit"), "{errors:?}");
    assert_eq!(records[2]["report"]["tier"], "avoid");
    assert_eq!(records[3]["line"], 4);
    assert_eq!(records[3]["error"], "");
}

#[test]
fn a_directory_as_input_is_named_in_the_error() {
    let dir = scratch_dir("batch-dir");
    let output = kratom_check().arg("batch").arg(&dir).output().unwrap();
    assert_status(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&*dir.display().to_string()) && stderr.contains("directory"),
        "{stderr}"
    );
}

#[test]
fn ids_are_echoed_exactly_and_a_byte_order_mark_is_ignored() {
    let input = "\u{feff}{\"id\": 98765432109876543210, \"substances\": [\"alcohol\"]}\n\
                 {\"id\": 98765432109876543211, \"substances\": [\"alcohol\"], \"form\": \"LEAF\"}\n";
    let output = kratom_check()
        .arg("batch")
        .write_stdin(input)
        .output()
        .unwrap();
    assert_status(&output, 0);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\"id\":98765432109876543210,"), "{text}");
    assert!(text.contains("\"id\":98765432109876543211,"), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_that_counts_the_records_written() {
    let binary = assert_cmd::cargo::cargo_bin("kratom-check");
    let script = format!(
        "printf 'sertraline, alcohol\\n' | '{}' batch > /dev/full",
        binary.display()
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_status(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stopped after 0 complete records"),
        "{stderr}"
    );
}

/// The envelope is copied from line to line, except what a layer replaced, which is the
/// line's own: the same as the check report of that line says.
#[test]
fn a_record_names_what_a_layer_replaced_among_its_own_substances() {
    let dir = scratch_dir("batch-redefines");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: fentanyl\n    name: Fentanyl\n",
    )
    .unwrap();
    let kb = dir.to_str().unwrap();
    let (records, output) = compact_records("fentanyl\nalcohol\n", &["--kb", kb]);
    assert_status(&output, 0);
    for (record, name) in records.iter().zip(["fentanyl", "alcohol"]) {
        let (single, _) = check_json(&["--kb", kb, name]);
        let ids = |replaced: &[common::Replaced]| -> Vec<String> {
            replaced
                .iter()
                .map(|r| format!("{} {} {}", r.kind, r.id, r.layer))
                .collect()
        };
        assert_eq!(
            ids(&record.knowledge_base.replaced),
            ids(&single.knowledge_base.replaced),
            "{name}"
        );
        assert_eq!(record.knowledge_base.layers.len(), 2);
    }
    assert_eq!(records[0].knowledge_base.replaced[0].id, "fentanyl");
    assert!(records[1].knowledge_base.replaced.is_empty());
}
