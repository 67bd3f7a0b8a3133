//! What a dataframe reader builds on: every compact record has every key with one type
//! (schema_version 4), so that a reader that types its columns from the first lines types
//! them right; and `--trailer`, the last line that says what was read and written.

use super::run_batch;
use crate::common::{self, assert_status, kratom_check};
use serde_json::Value;

/// Lines of every kind: text and JSON, with and without an id, context and extra fields; an
/// unrecognised name, a class, and lines that cannot be read.
const VARIED: &str = "sertraline, alcohol\n\
    {\"id\": \"p7\", \"substances\": [\"naltrexone\"], \"dose\": 4, \"form\": \"extract\", \"frequency\": \"daily\", \"age\": 41}\n\
    notarealdrug, xanax\n\
    {\"substances\": [\"opioids\"], \"dose\": \"low\"}\n\
    {not json\n\
    {\"id\": 9, \"substances\": 5}\n\
    percocet tylenol\n";

/// The shape of a JSON value: its type, and for an object each key's shape.
fn shape(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(_) => "bool".to_string(),
        Value::Number(_) => "number".to_string(),
        Value::String(_) => "string".to_string(),
        Value::Array(_) => "array".to_string(),
        Value::Object(map) => {
            let keys: Vec<String> = map
                .iter()
                .map(|(key, value)| format!("{key}: {}", shape(value)))
                .collect();
            format!("{{{}}}", keys.join(", "))
        }
    }
}

#[test]
fn every_record_has_every_key_with_one_type() {
    let (records, output) = run_batch(VARIED, &[]);
    assert_status(&output, 0);
    assert_eq!(records.len(), 7);
    let top = |record: &Value| -> Vec<String> {
        record
            .as_object()
            .unwrap()
            .iter()
            // The id is echoed exactly as written, whatever its type; `extra` holds what the
            // line wrote; `report` is absent on a line that could not be read.
            .filter(|(key, _)| !["id", "extra", "report"].contains(&key.as_str()))
            .map(|(key, value)| format!("{key}: {}", shape(value)))
            .collect()
    };
    let first = top(&records[0]);
    let first_report = shape(&records[0]["report"]);
    for record in &records {
        assert_eq!(top(record), first, "{record}");
        assert!(record["extra"].is_object(), "{record}");
        assert!(record["error"].is_string(), "{record}");
        match record.get("report") {
            Some(report) => {
                // Every scalar and object of the report has the first record's type; arrays
                // may be empty, but are always arrays.
                assert_eq!(shape(report), first_report, "{record}");
                for substance in report["substances"].as_array().unwrap() {
                    assert_eq!(
                        shape(substance),
                        "{id: string, input: string, matched: string}"
                    );
                }
            }
            None => assert_ne!(record["error"], "", "{record}"),
        }
    }
    assert_eq!(records[0]["error"], "");
    assert_eq!(records[0]["extra"], serde_json::json!({}));
    assert_eq!(
        records[0]["report"]["context"],
        serde_json::json!({"dose": {"grams": 0.0, "band": ""}, "form": "", "frequency": "",
                           "assumed": ["dose", "frequency", "form"]})
    );
    assert_eq!(records[1]["report"]["context"]["dose"]["grams"], 4.0);
    assert_eq!(records[1]["report"]["context"]["form"], "extract");
    assert_eq!(records[3]["report"]["context"]["dose"]["grams"], 0.0);
    assert_eq!(records[3]["report"]["context"]["dose"]["band"], "low");
    assert_eq!(records[5]["id"], 9, "an id is echoed as written");
}

fn trailer_of(stdout: &[u8]) -> (usize, Value) {
    let text = String::from_utf8_lossy(stdout);
    let lines: Vec<&str> = text.lines().collect();
    let (last, records) = lines.split_last().expect("a trailer");
    for record in records {
        common::assert_matches_schema("batch-record", &serde_json::from_str(record).unwrap());
    }
    let trailer: Value = serde_json::from_str(last).unwrap();
    common::assert_matches_schema("batch-trailer", &trailer);
    (records.len(), trailer["trailer"].clone())
}

#[test]
fn the_trailer_counts_what_was_read_and_written_and_gives_the_exit_status() {
    let input = format!("{VARIED}\n\n");
    let output = kratom_check()
        .args(["batch", "--trailer"])
        .write_stdin(input.as_str())
        .output()
        .unwrap();
    assert_status(&output, 0);
    let (records, trailer) = trailer_of(&output.stdout);
    assert_eq!(records, 7);
    assert_eq!(trailer["lines_read"], 9);
    assert_eq!(trailer["blank_lines"], 2);
    assert_eq!(trailer["records_written"], 7);
    assert_eq!(trailer["rows_written"], 7);
    assert_eq!(trailer["unchecked"], 2);
    assert_eq!(trailer["exit_status"], 0);
    let tiers: u64 = trailer["tiers"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(tiers, 5, "every checked record counted once");

    for (args, status) in [
        (&["--fail-on", "major"][..], 1),
        (&["--fail-on-incomplete"], 3),
    ] {
        let output = kratom_check()
            .args(["batch", "--trailer"])
            .args(args)
            .write_stdin(VARIED)
            .output()
            .unwrap();
        assert_status(&output, status);
        let (_, trailer) = trailer_of(&output.stdout);
        assert_eq!(trailer["exit_status"], status, "{args:?}");
        assert!(
            trailer["reason"].as_str().unwrap().contains(args[0]),
            "{args:?}: {trailer}"
        );
    }
}

#[test]
fn a_csv_trailer_is_the_last_row_and_counts_the_rows_above_it() {
    let output = kratom_check()
        .args(["batch", "--trailer", "--format", "csv"])
        .write_stdin(VARIED)
        .output()
        .unwrap();
    assert_status(&output, 0);
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (last, data) = rows.split_last().unwrap();
    assert_eq!(&last[0], "trailer");
    assert!(data.iter().all(|row| &row[0] != "trailer"));
    let trailer: Value = serde_json::from_str(&last[3]).unwrap();
    common::assert_matches_schema(
        "batch-trailer",
        &serde_json::json!({
            "schema_version": 4,
            "tool": {"name": "kratom-check", "version": env!("CARGO_PKG_VERSION")},
            "knowledge_base": serde_json::from_str::<Value>(
                &String::from_utf8_lossy(&run_batch("alcohol", &[]).1.stdout)
            ).unwrap()["knowledge_base"],
            "trailer": trailer,
        }),
    );
    assert_eq!(trailer["rows_written"], data.len());
    assert_eq!(trailer["records_written"], 7);
    assert_eq!(&last[1], "7", "the trailer row's line is the lines read");
}
