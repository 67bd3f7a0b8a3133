//! `batch --format csv` and `matrix --format csv`: a flat table with fixed columns that a CSV
//! reader (here the `csv` crate) reads back into exactly the NDJSON records' answers, whatever
//! the ids hold; and the options that do not combine with it.

use crate::common::{assert_status, json_document, kratom_check};

use kratom_check::batch::COLUMNS;

fn batch(input: &str, args: &[&str]) -> std::process::Output {
    kratom_check()
        .arg("batch")
        .args(args)
        .write_stdin(input)
        .output()
        .expect("binary runs")
}

/// The rows under the header, each by column name; the header must be [`COLUMNS`].
fn rows(stdout: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(stdout);
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, COLUMNS);
    reader
        .records()
        .map(|row| {
            let row = row.expect("every row parses");
            assert_eq!(row.len(), COLUMNS.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(row.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a record is JSON"))
        .collect()
}

fn ids(list: &serde_json::Value) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(";")
}

/// The guide's table of columns names every column the header has, in order.
#[test]
fn the_guide_documents_every_column_in_order() {
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/GUIDE.md")).unwrap();
    let start = guide.find("### Batch as a table").expect("the section");
    let section = &guide[start..];
    let section = &section[..section.find("\n### ").unwrap_or(section.len())];
    let mut from = 0;
    for column in COLUMNS {
        let at = section[from..]
            .find(&format!("`{column}`"))
            .unwrap_or_else(|| panic!("`{column}` is not documented after the one before it"));
        from += at;
    }
}

#[test]
fn a_csv_row_is_a_finding_or_a_line_without_one_and_says_what_the_record_says() {
    let input = "sertraline, alcohol\n\
                 \n\
                 {\"id\": \"p7\", \"substances\": [\"naltrexone\"], \"dose\": 4, \"frequency\": \"daily\", \"age\": 41}\n\
                 notarealdrug\n\
                 {not json\n\
                 opioids, percocet\n\
                 {\"substances\": [\"alcohol\"], \"dose\": \"high\", \"form\": \"extract\"}\n";
    let ndjson = batch(input, &[]);
    let table = batch(input, &["--format", "csv"]);
    assert_status(&ndjson, 0);
    assert_status(&table, 0);
    let records = records(&ndjson.stdout);
    let rows = rows(&table.stdout);
    let expected_rows: usize = records
        .iter()
        .map(|r| {
            r["report"]["findings"]
                .as_array()
                .map_or(1, |findings| findings.len().max(1))
        })
        .sum();
    assert_eq!(rows.len(), expected_rows);
    let mut rows = rows.iter();
    for record in &records {
        let findings = record["report"]["findings"].as_array().cloned();
        let count = findings.as_ref().map_or(1, |f| f.len().max(1));
        for index in 0..count {
            let row = rows.next().unwrap();
            assert_eq!(row["line"], record["line"].to_string());
            assert_eq!(row["id"], record["id"].as_str().unwrap_or(""));
            assert_eq!(row["error"], record["error"].as_str().unwrap());
            let extra: serde_json::Value = serde_json::from_str(&row["extra"]).unwrap();
            assert_eq!(extra, record["extra"]);
            let Some(report) = record.get("report") else {
                assert_eq!(row["row"], "regimen");
                assert_eq!((&*row["tier"], &*row["complete"]), ("", ""));
                continue;
            };
            assert_eq!(row["tier"], report["tier"].as_str().unwrap());
            assert_eq!(row["complete"], report["complete"].to_string());
            let substances: Vec<&str> = report["substances"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            assert_eq!(row["substances"], substances.join(";"));
            let unresolved: Vec<&str> = report["unresolved"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["input"].as_str().unwrap())
                .collect();
            let typed: Vec<String> = serde_json::from_str(&row["unresolved"]).unwrap();
            assert_eq!(typed, unresolved);
            let context = &report["context"];
            assert_eq!(row["assumed"], ids(&context["assumed"]));
            assert_eq!(row["dose_band"], context["dose"]["band"].as_str().unwrap());
            assert_eq!(row["form"], context["form"].as_str().unwrap());
            assert_eq!(row["frequency"], context["frequency"].as_str().unwrap());
            match findings.as_ref().and_then(|f| f.get(index)) {
                Some(finding) => {
                    assert_eq!(row["row"], "finding");
                    assert_eq!(row["finding_rule"], finding["rule"].as_str().unwrap());
                    assert_eq!(row["finding_tier"], finding["tier"].as_str().unwrap());
                    assert_eq!(row["finding_grade"], finding["grade"].as_str().unwrap());
                    assert_eq!(row["finding_basis"], finding["basis"].as_str().unwrap());
                    assert_eq!(row["finding_substances"], ids(&finding["substances"]));
                    assert_eq!(row["finding_mechanisms"], ids(&finding["mechanisms"]));
                }
                None => {
                    assert_eq!(row["row"], "regimen");
                    assert_eq!(row["finding_rule"], "");
                }
            }
        }
    }
    assert!(rows.next().is_none());
    assert!(
        table.stdout.starts_with(b"\"row\",\"line\",\"id\","),
        "the header is quoted, so a reader that sniffs the quoting finds it"
    );
    let p7: Vec<_> = rows_of(&table.stdout, "p7");
    assert!(!p7.is_empty());
    for row in p7 {
        assert_eq!(
            (&*row["dose_grams"], &*row["dose_band"], &*row["frequency"]),
            ("4", "low", "daily")
        );
    }
}

fn rows_of(stdout: &[u8], id: &str) -> Vec<std::collections::HashMap<String, String>> {
    rows(stdout).into_iter().filter(|r| r["id"] == id).collect()
}

#[test]
fn hostile_ids_are_quoted_and_never_put_a_raw_control_character_in_a_row() {
    let hostile = [
        r#""a,b""#,
        r#""say \"hi\"""#,
        r#""two\nlines\r\n""#,
        r#""tab\tand\u001b[31mred""#,
        r#""=cmd|' /C calc'!A0""#,
        r#"" spaced ""#,
        r#""Ünïcödé ✓""#,
        "98765432109876543210",
        r#"{"nested": [1, "x,y"]}"#,
    ];
    let mut input: String = hostile
        .iter()
        .map(|id| format!("{{\"id\": {id}, \"substances\": [\"sertraline\"]}}\n"))
        .collect();
    input.push_str("tab \"id\", quoted\tnaltrexone\n");
    input.push_str("{\"id\": \"nested\", \"substances\": [\"alcohol\"], \"x\": [1,\t2]}\n");
    let output = batch(&input, &["--format", "csv", "--tab-ids"]);
    assert_status(&output, 0);
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "no raw control character:\n{text}"
    );
    let rows = rows(&output.stdout);
    assert_eq!(
        text.lines().count(),
        rows.len() + 1,
        "a row is one physical line"
    );
    let mut ids: Vec<String> = rows.iter().map(|r| r["id"].clone()).collect();
    ids.dedup();
    assert_eq!(
        ids,
        [
            "a,b",
            "say \"hi\"",
            "two\\u{a}lines\\u{d}\\u{a}",
            "tab\\u{9}and\\u{1b}[31mred",
            "=cmd|' /C calc'!A0",
            " spaced ",
            "Ünïcödé ✓",
            "98765432109876543210",
            "{\"nested\": [1, \"x,y\"]}",
            "tab \"id\", quoted",
            "nested",
        ]
    );
    let nested = rows.iter().find(|r| r["id"] == "nested").unwrap();
    let extra: serde_json::Value = serde_json::from_str(&nested["extra"]).unwrap();
    assert_eq!(
        extra,
        serde_json::json!({"x": [1, 2]}),
        "still the same JSON"
    );
}

#[test]
fn csv_composes_with_tab_ids_fail_on_and_the_trailer_but_not_with_full_or_json() {
    let input = "a\tsertraline, alcohol\nb\tnotarealdrug\n";
    let strict = batch(
        input,
        &["--format", "csv", "--tab-ids", "--fail-on", "major"],
    );
    assert_status(&strict, 1);
    assert_eq!(rows(&strict.stdout)[0]["id"], "a");
    let incomplete = batch(input, &["--format", "csv", "--fail-on-incomplete"]);
    assert_status(&incomplete, 3);

    for args in [
        &["--format", "csv", "--full"][..],
        &["--format", "csv", "--json"],
    ] {
        let refused = batch(input, args);
        assert_status(&refused, 2);
        assert!(refused.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("--format csv"), "{args:?}: {stderr}");
    }
    let matrix = kratom_check()
        .args(["matrix", "--json", "--format", "csv", "alcohol"])
        .output()
        .unwrap();
    assert_status(&matrix, 2);
    assert!(matrix.stdout.is_empty());
}

#[test]
fn matrix_csv_has_a_row_per_pair_with_the_tier_and_rules_of_its_json() {
    let names = ["sertraline", "alcohol", "tramadol", "notarealdrug"];
    let json = kratom_check()
        .arg("matrix")
        .arg("--json")
        .args(names)
        .output()
        .unwrap();
    let table = kratom_check()
        .args(["matrix", "--format", "csv"])
        .args(names)
        .output()
        .unwrap();
    assert_eq!(
        table.status.code(),
        json.status.code(),
        "the same exit status"
    );
    let document = json_document("matrix", &json.stdout);
    let pairs = document["pairs"].as_array().unwrap();
    let mut reader = csv::Reader::from_reader(&table.stdout[..]);
    assert_eq!(
        reader.headers().unwrap(),
        vec!["a", "a_name", "b", "b_name", "tier", "rules"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6, "four substances, kratom included: six pairs");
    assert_eq!(rows.len(), pairs.len());
    for (row, pair) in rows.iter().zip(pairs) {
        assert_eq!(&row[0], pair["a"].as_str().unwrap());
        assert_eq!(&row[2], pair["b"].as_str().unwrap());
        assert_eq!(&row[4], pair["tier"].as_str().unwrap());
        assert_eq!(row[5].to_string(), ids(&pair["rules"]));
    }
    assert_eq!(&rows[0][1], "Kratom");
}
