//! What a pipeline builds on (issue 29): an exit status it can trust, records that join back
//! to their rows, and names as adverse-event data writes them.

use super::{compact_records, run_batch};
use crate::common::assert_status;

/// A mix of what real data holds: a name nobody knows, a line that is not JSON, an answer.
const MIXED: &str = "sertraline, alcohol\nnotarealdrug\n{not json\n\nalcohol\n";

#[test]
fn records_with_errors_are_data_and_the_run_succeeds_when_every_line_got_its_record() {
    let (records, output) = run_batch(MIXED, &[]);
    assert_eq!(records.len(), 4);
    assert_status(&output, 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("5 lines read, 4 records written, 1 blank line skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 records with an error (1 not checked)"),
        "{stderr}"
    );
}

#[test]
fn the_strict_statuses_are_there_for_whoever_asks() {
    let (records, output) = run_batch(MIXED, &["--fail-on-incomplete"]);
    assert_eq!(records.len(), 4, "the records are written all the same");
    assert_status(&output, 3);
    // A tier reached comes first, as for a single check.
    let (_, output) = run_batch(MIXED, &["--fail-on", "major", "--fail-on-incomplete"]);
    assert_status(&output, 1);
    let (_, output) = run_batch(MIXED, &["--fail-on", "avoid"]);
    assert_status(&output, 0);
    let (_, output) = run_batch("alcohol\n", &["--fail-on-incomplete"]);
    assert_status(&output, 0);
    // A usage error stays one.
    let (_, output) = run_batch("alcohol\n", &["--fail-on-incomplete=yes"]);
    assert_status(&output, 2);
}

#[test]
fn the_other_fields_of_a_json_line_are_carried_into_its_record_as_written() {
    let input = "{\"primaryid\": 100200300400500600700, \"id\": \"r1\", \"substances\": [\"alcohol\"], \"age\": 41.50, \"sex\": null}\n\
                 {\"substances\": [\"alcohol\"]}\n";
    let (records, output) = run_batch(input, &[]);
    assert_status(&output, 0);
    let text = String::from_utf8(output.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains(
            "\"id\":\"r1\",\"extra\":{\"primaryid\":100200300400500600700,\"age\":41.50,\"sex\":null},"
        ),
        "{first}"
    );
    assert_eq!(records[0]["error"], "");
    assert_eq!(records[0]["report"]["tier"], "major");
    assert_eq!(records[1]["extra"], serde_json::json!({}), "no other field");
    // The typed reader agrees.
    let (typed, _) = compact_records(input, &[]);
    assert_eq!(typed[0].extra["sex"], serde_json::Value::Null);
}

#[test]
fn a_line_that_cannot_be_read_keeps_the_id_and_fields_written_before_the_fault() {
    let input = "{\"primaryid\": 7, \"id\": \"r1\", \"substances\": 5}\n\
                 {\"id\": \"r2\", \"substances\": [\"alcohol\"], \"dose\": \n\
                 {\"id\": \"r3\", \"substances\": [\"alcohol\"], \"form\": \"bogus\"}\n\
                 {\"id\": \"r4\", \"drugs\": [\"alcohol\"]}\n\
                 {not json\n";
    let (records, output) = run_batch(input, &[]);
    assert_status(&output, 0);
    let ids: Vec<Option<&str>> = records.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, [Some("r1"), Some("r2"), Some("r3"), Some("r4"), None]);
    assert!(records.iter().all(|r| r["error"].is_string()));
    assert_eq!(records[0]["extra"]["primaryid"], 7);
    assert_eq!(records[3]["extra"]["drugs"][0], "alcohol");
    assert!(records[3]["error"].as_str().unwrap().contains("substances"));

    // Lines not read whole: over the length limit, or not UTF-8.
    let over_long = format!(
        "{{\"id\": \"r6\", \"primaryid\": 6, \"substances\": [{}]}}\n",
        vec!["\"alcohol\""; 2000].join(", ")
    );
    let mut input = over_long.into_bytes();
    input.extend_from_slice(b"{\"id\": \"r7\", \"substances\": [\"\xff\"]}\n");
    let output = crate::common::kratom_check()
        .arg("batch")
        .write_stdin(input)
        .output()
        .unwrap();
    assert_status(&output, 0);
    let records: Vec<serde_json::Value> = output
        .stdout
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).unwrap())
        .collect();
    assert_eq!(records[0]["id"], "r6");
    assert_eq!(records[0]["extra"]["primaryid"], 6);
    assert!(
        records[0]["error"]
            .as_str()
            .unwrap()
            .contains("over the limit")
    );
    assert_eq!(records[1]["id"], "r7");
    assert!(records[1]["error"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn text_lines_carry_an_id_before_a_tab_when_asked() {
    let input = "ISR-1\tsertraline, alcohol\n\
                 ISR-2\tFENTANYL CITRATE\\ALPRAZOLAM\n\
                 alcohol\n";
    let (records, output) = run_batch(input, &["--tab-ids"]);
    assert_status(&output, 0);
    assert_eq!(records[0]["id"], "ISR-1");
    assert_eq!(records[0]["report"]["tier"], "major");
    assert_eq!(records[1]["id"], "ISR-2");
    assert!(records[2]["id"].is_null());
    // Without the option a tab is space between names, and no name is taken for an id.
    let (records, _) = run_batch("alprazolam\toxycodone\n", &[]);
    assert!(records[0]["id"].is_null());
    let ids: Vec<&str> = records[0]["report"]["substances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kratom", "alprazolam", "oxycodone"]);
}

/// Active ingredients as adverse-event reports write them: upper case, with the salt, and a
/// product's ingredients joined by backslashes.
const ADVERSE_EVENT_INGREDIENTS: &[(&str, &[&str])] = &[
    ("FENTANYL CITRATE", &["fentanyl"]),
    ("LISDEXAMFETAMINE DIMESYLATE", &["lisdexamfetamine"]),
    ("DIPHENHYDRAMINE CITRATE", &["diphenhydramine"]),
    ("MITRAGYNA SPECIOSA LEAF", &["kratom"]),
    ("HYDROCODONE BITARTRATE", &["hydrocodone"]),
    ("OXYCODONE HYDROCHLORIDE", &["oxycodone"]),
    ("SERTRALINE HYDROCHLORIDE", &["sertraline"]),
    ("ALPRAZOLAM", &["alprazolam"]),
    ("ORPHENADRINE CITRATE", &["orphenadrine"]),
    ("TRAMADOL HYDROCHLORIDE", &["tramadol"]),
    ("METOPROLOL SUCCINATE", &["metoprolol"]),
    (
        "ACETAMINOPHEN\\HYDROCODONE BITARTRATE",
        &["acetaminophen", "hydrocodone"],
    ),
    (
        "ACETAMINOPHEN\\OXYCODONE HYDROCHLORIDE",
        &["acetaminophen", "oxycodone"],
    ),
    // Dextroamphetamine is amphetamine in the base.
    (
        "DEXTROAMPHETAMINE SACCHARATE\\AMPHETAMINE ASPARTATE",
        &["amphetamine", "amphetamine"],
    ),
];

#[test]
fn active_ingredients_as_adverse_event_data_writes_them_resolve() {
    let input: String = ADVERSE_EVENT_INGREDIENTS
        .iter()
        .flat_map(|(ingredients, _)| {
            [
                format!("{ingredients}\n"),
                format!("{{\"substances\": [{}]}}\n", serde_json::json!(ingredients)),
            ]
        })
        .collect();
    let (records, output) = run_batch(&input, &["--fail-on-incomplete"]);
    assert_status(&output, 0);
    for (record, (ingredients, expected)) in records
        .iter()
        .zip(ADVERSE_EVENT_INGREDIENTS.iter().flat_map(|i| [i, i]))
    {
        let ids: Vec<&str> = record["report"]["substances"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["input"] != "")
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, *expected, "{ingredients}: {record}");
    }
}

#[test]
fn kb_export_and_list_list_the_classes_and_each_substances_classes_as_list_does() {
    let export = crate::common::json_document(
        "kb-export",
        &crate::common::kratom_check()
            .args(["kb", "export"])
            .output()
            .unwrap()
            .stdout,
    );
    let classes: Vec<&str> = export["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(classes.len() >= 50, "{classes:?}");
    // `list --classes` lists the same.
    let list = crate::common::kratom_check()
        .args(["list", "--classes", "--json"])
        .output()
        .unwrap();
    assert_status(&list, 0);
    let list = crate::common::json_document("list", &list.stdout);
    let listed: Vec<&str> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|e| assert_eq!(e["kind"], "class"))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, classes);
    let known = |id: &serde_json::Value| classes.contains(&id.as_str().unwrap());
    for class in export["classes"].as_array().unwrap() {
        assert!(
            class["parents"].as_array().unwrap().iter().all(known),
            "{class}"
        );
    }
    let substances = export["substances"].as_array().unwrap();
    for substance in substances {
        assert!(
            substance["classes"].as_array().unwrap().iter().all(known),
            "{substance}"
        );
    }
    // A class's members are the substances that name it among their classes, as `list` says.
    for class in ["opioid", "ssri", "benzodiazepine"] {
        let list = crate::common::kratom_check()
            .args(["list", "--json", "--class", class])
            .output()
            .unwrap();
        let list = crate::common::json_document("list", &list.stdout);
        let mut listed: Vec<&str> = list["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "substance")
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        let mut members: Vec<&str> = substances
            .iter()
            .filter(|s| !s["id"].as_str().unwrap().starts_with("class:"))
            .filter(|s| s["classes"].as_array().unwrap().iter().any(|c| c == class))
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        listed.sort_unstable();
        members.sort_unstable();
        assert!(!members.is_empty(), "{class}");
        assert_eq!(members, listed, "{class}");
    }
}
