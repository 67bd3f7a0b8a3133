//! The JSON Schemas in `schemas/` describe what the program prints: each is a valid draft
//! 2020-12 schema, each is used, and real output of every document matches its schema,
//! edge cases included. (Every other test that reads `--json` output validates it too, through
//! `common::json_document` and `common::read_report`.)

use crate::common;
use crate::common::{assert_status, json_document, kratom_check, schema_errors, schema_files};
use serde_json::{Value, json};

/// The documents the program prints, by schema name; `common` holds shared definitions.
const DOCUMENTS: [&str; 8] = [
    "report",
    "matrix",
    "info",
    "list",
    "search",
    "kb-stats",
    "kb-validate",
    "schema-list",
];

#[test]
fn every_schema_is_a_valid_draft_2020_12_schema_that_names_no_address() {
    let files = schema_files();
    assert!(files.len() > DOCUMENTS.len(), "{files:?}");
    for (name, schema) in &files {
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        // No `$id`: a validator resolves the `$ref`s by file name beside the file it was
        // given, with nothing to fetch.
        assert!(schema.get("$id").is_none(), "{name}");
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            panic!("{name}.schema.json is not a valid draft 2020-12 schema: {e}");
        }
    }
}

/// An object with `properties` that allowed other keys would let a key added in code pass
/// unnoticed.
#[test]
fn every_object_in_every_schema_is_closed() {
    fn walk(name: &str, path: &str, node: &Value) {
        match node {
            Value::Object(map) => {
                // A schema of an object, not a `properties` map naming a key "properties".
                if map.get("type") == Some(&Value::from("object")) && map.contains_key("properties")
                {
                    assert_eq!(
                        map.get("additionalProperties"),
                        Some(&Value::Bool(false)),
                        "{name}.schema.json{path} allows keys it does not name"
                    );
                }
                for (key, value) in map {
                    walk(name, &format!("{path}/{key}"), value);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(name, &format!("{path}/{i}"), item);
                }
            }
            _ => {}
        }
    }
    for (name, schema) in schema_files() {
        walk(&name, "", &schema);
    }
}

/// Each document's schema is validated by some test, and the shared definitions are used by
/// every document's schema.
#[test]
fn every_schema_is_used() {
    /// Every test source under `dir`, a topic's folder (`batch/`, `common/`) included.
    fn read_sources(dir: &std::path::Path, sources: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                read_sources(&path, sources);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut sources = String::new();
    read_sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it"),
        &mut sources,
    );
    for (name, schema) in schema_files() {
        if name == "common" {
            continue;
        }
        let used = [
            format!("json_document(\"{name}\""),
            format!("assert_matches_schema(\"{name}\""),
            format!("schema_errors(\"{name}\""),
        ]
        .iter()
        .any(|call| sources.contains(call.as_str()));
        assert!(used, "no test validates output against {name}.schema.json");
        assert!(
            schema.to_string().contains("common.schema.json#/$defs/"),
            "{name}.schema.json does not use the shared definitions"
        );
    }
    for name in DOCUMENTS {
        assert!(
            schema_files().iter().any(|(file, _)| file == name),
            "schemas/{name}.schema.json is missing"
        );
    }
}

/// The schemas' closed vocabularies are the code's.
#[test]
fn the_schemas_enums_are_the_codes_vocabularies() {
    use kratom_check::kb::{Grade, Mechanism, Tier};
    let common = schema_files()
        .into_iter()
        .find(|(name, _)| name == "common")
        .unwrap()
        .1;
    let strings = |values: Vec<&str>| -> Value { json!(values) };
    assert_eq!(
        common["$defs"]["tier"]["enum"],
        strings(Tier::ALL.iter().map(|t| t.as_str()).collect())
    );
    assert_eq!(
        common["$defs"]["grade"]["enum"],
        strings(Grade::ALL.iter().map(|g| g.as_str()).collect())
    );
    assert_eq!(
        common["$defs"]["mechanism"]["enum"],
        strings(Mechanism::ALL.iter().map(|m| m.as_str()).collect())
    );
    let batch_record = schema_files()
        .into_iter()
        .find(|(name, _)| name == "batch-record")
        .unwrap()
        .1;
    assert_eq!(
        batch_record["$defs"]["compact_context"]["properties"]["assumed"]["items"]["enum"],
        serde_json::to_value(kratom_check::context::ContextKey::ALL).unwrap()
    );
}

fn run(args: &[&str]) -> std::process::Output {
    kratom_check().args(args).output().expect("binary runs")
}

/// The envelope every document starts with, in that order.
fn assert_envelope_first(stdout: &[u8]) {
    let text = String::from_utf8_lossy(stdout);
    let keys: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("  \"") && !line.starts_with("   "))
        .map(|line| line.trim().split('"').nth(1).unwrap())
        .take(3)
        .collect();
    assert_eq!(keys, ["schema_version", "tool", "knowledge_base"], "{text}");
}

#[test]
fn a_key_the_schema_does_not_name_fails_validation() {
    let output = run(&["--json", "sertraline"]);
    let mut report = json_document("report", &output.stdout);
    report["findings"][0]["surprise"] = json!(true);
    assert!(!schema_errors("report", &report).is_empty());
    let mut report = json_document("report", &output.stdout);
    report["surprise"] = json!(true);
    assert!(!schema_errors("report", &report).is_empty());
    let mut report = json_document("report", &output.stdout);
    report["tier"] = json!("catastrophic");
    assert!(!schema_errors("report", &report).is_empty());
}

#[test]
fn check_reports_match_the_schema_in_every_shape() {
    for (args, status) in [
        (&["sertraline", "alcohol"][..], 0),
        (&["notarealdrug", "oxycodone"][..], 3),
        (&["opioids"][..], 3),
        (&["percocet"][..], 0),
        (
            &[
                "--dose",
                "3g",
                "--form",
                "extract",
                "--frequency",
                "daily",
                "xanax",
            ][..],
            0,
        ),
        (&["--form", "7-oh", "tramadol"][..], 0),
    ] {
        let output = kratom_check().arg("--json").args(args).output().unwrap();
        assert_status(&output, status);
        json_document("report", &output.stdout);
        assert_envelope_first(&output.stdout);
    }
}

#[test]
fn a_check_on_a_layer_names_the_layer_and_what_it_replaced() {
    let dir = common::scratch_dir("schema-layer");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: fentanyl\n    name: Fentanyl\n",
    )
    .unwrap();
    let dir = dir.to_str().unwrap();
    let report = json_document("report", &run(&["--kb", dir, "--json", "fentanyl"]).stdout);
    assert_eq!(
        report["knowledge_base"]["layers"].as_array().unwrap().len(),
        2
    );
    assert_eq!(report["knowledge_base"]["replaced"][0]["id"], "fentanyl");
    let matrix = json_document(
        "matrix",
        &run(&["--kb", dir, "--json", "matrix", "fentanyl"]).stdout,
    );
    assert_eq!(matrix["knowledge_base"], report["knowledge_base"]);
    let info = json_document(
        "info",
        &run(&["--kb", dir, "--json", "info", "fentanyl"]).stdout,
    );
    assert_eq!(info["knowledge_base"]["replaced"][0]["id"], "fentanyl");
}

#[test]
fn matrix_documents_match_the_schema_and_report_unknown_names_as_a_check_does() {
    let output = run(&["--json", "matrix", "alcohol", "notarealdrug"]);
    assert_status(&output, 3);
    let matrix = json_document("matrix", &output.stdout);
    assert_envelope_first(&output.stdout);
    assert_eq!(matrix["complete"], false);
    let check = json_document(
        "report",
        &run(&["--json", "alcohol", "notarealdrug"]).stdout,
    );
    assert_eq!(matrix["unresolved"], check["unresolved"]);

    // Every name unknown: kratom alone, still complete and unresolved in the same shape.
    let output = run(&["--json", "matrix", "foo", "bar"]);
    assert_status(&output, 3);
    let matrix = json_document("matrix", &output.stdout);
    assert_eq!(matrix["complete"], false);
    assert_eq!(matrix["unresolved"].as_array().unwrap().len(), 2);
    assert_eq!(matrix["unresolved"][0]["input"], "foo");
    assert_eq!(
        matrix["substances"],
        json!([{"id": "kratom", "name": "Kratom"}])
    );

    let output = run(&["--json", "matrix", "benzodiazepines", "percocet"]);
    json_document("matrix", &output.stdout);
}

#[test]
fn info_documents_match_the_schema_for_every_kind_of_name() {
    for (name, kind) in [
        ("sertraline", "substance"),
        ("kratom", "substance"),
        ("ssri", "class"),
        ("percocet", "product"),
    ] {
        let output = run(&["--json", "info", name]);
        assert_status(&output, 0);
        let info = json_document("info", &output.stdout);
        assert_envelope_first(&output.stdout);
        assert_eq!(info["kind"], kind, "{name}");
        assert!(!info["id"].as_str().unwrap().is_empty(), "{name}");
    }
}

#[test]
fn an_ambiguous_name_has_an_id_in_info_as_in_search() {
    let ambiguous = kratom_check::kb::load_embedded().unwrap().ambiguous_names
        [kratom_check::kb::AmbiguousNameIdx(0)]
    .name
    .clone();
    let output = run(&["--json", "info", &ambiguous]);
    assert_status(&output, 0);
    let info = json_document("info", &output.stdout);
    assert_eq!(info["kind"], "ambiguous");
    assert_eq!(info["id"], ambiguous.as_str());
}

#[test]
fn list_and_search_documents_match_the_schema() {
    let output = run(&["--json", "list"]);
    assert_status(&output, 0);
    let list = json_document("list", &output.stdout);
    assert_envelope_first(&output.stdout);
    assert_eq!(list["class"], Value::Null);
    assert!(list["entries"].as_array().unwrap().len() > 100);

    let output = run(&["--json", "list", "--class", "opioids"]);
    assert_status(&output, 0);
    let list = json_document("list", &output.stdout);
    assert_eq!(list["class"], "opioid");

    let output = run(&["--json", "search", "oxy"]);
    assert_status(&output, 0);
    let search = json_document("search", &output.stdout);
    assert_envelope_first(&output.stdout);
    assert_eq!(search["query"], "oxy");
    assert!(!search["matches"].as_array().unwrap().is_empty());

    // No match: still a document, with no matches, and status 3.
    let output = run(&["--json", "search", "zzqqxx"]);
    assert_status(&output, 3);
    let search = json_document("search", &output.stdout);
    assert_eq!(search["matches"], json!([]));
}

#[test]
fn kb_stats_documents_match_the_schema() {
    let output = run(&["--json", "kb", "stats"]);
    assert_status(&output, 0);
    let stats = json_document("kb-stats", &output.stdout);
    assert_envelope_first(&output.stdout);
    assert!(stats["rules"].as_u64().unwrap() > 0);
}

#[test]
fn kb_validate_json_says_valid_with_counts() {
    let output = run(&["--json", "kb", "validate"]);
    assert_status(&output, 0);
    let validation = json_document("kb-validate", &output.stdout);
    assert_envelope_first(&output.stdout);
    assert_eq!(validation["valid"], true);
    assert_eq!(validation["problems"], json!([]));
    assert!(validation["counts"]["rules"].as_u64().unwrap() > 0);
    assert_eq!(
        validation["knowledge_base"]["layers"][0]["name"],
        "built-in"
    );

    let dir = common::scratch_dir("schema-valid-layer");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: local_herb\n    name: Local herb\n",
    )
    .unwrap();
    let output = run(&["--json", "kb", "validate", dir.to_str().unwrap()]);
    assert_status(&output, 0);
    let validation = json_document("kb-validate", &output.stdout);
    assert_eq!(
        validation["knowledge_base"]["layers"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn kb_validate_json_lists_every_problem_with_its_place() {
    let dir = common::scratch_dir("schema-invalid-layer");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: local_herb\n    name: Local herb\n    colour: green\n",
    )
    .unwrap();
    let output = run(&["--json", "kb", "validate", dir.to_str().unwrap()]);
    assert_status(&output, 2);
    let validation = json_document("kb-validate", &output.stdout);
    assert_envelope_first(&output.stdout);
    assert_eq!(validation["valid"], false);
    assert_eq!(validation["knowledge_base"], Value::Null);
    let problem = &validation["problems"][0];
    assert!(
        problem["file"].as_str().unwrap().ends_with("kb.yaml"),
        "{problem}"
    );
    assert!(problem["line"].as_u64().is_some(), "{problem}");
    assert!(problem["column"].as_u64().is_some(), "{problem}");
    assert!(!problem["message"].as_str().unwrap().is_empty());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("knowledge base invalid"),
        "the status is said on stderr too"
    );

    // A path that does not exist is a problem of the whole file: no line or column.
    let output = run(&["--json", "kb", "validate", "/no/such/layer"]);
    assert_status(&output, 2);
    let validation = json_document("kb-validate", &output.stdout);
    assert_eq!(validation["valid"], false);
    assert!(!validation["problems"].as_array().unwrap().is_empty());
}

#[test]
fn kb_validate_text_mode_is_unchanged() {
    let output = run(&["kb", "validate"]);
    assert_status(&output, 0);
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("knowledge base valid: version "));
}

/// `kratom-check schema NAME` prints the file as it is, for every file in `schemas/`, and
/// `schema` alone lists them all.
#[test]
fn the_schema_command_prints_every_schema_in_the_folder() {
    let listing = run(&["schema"]);
    assert_status(&listing, 0);
    let listing = String::from_utf8(listing.stdout).unwrap();
    let files = schema_files();
    assert_eq!(listing.lines().count(), files.len(), "{listing}");
    for (name, schema) in &files {
        assert!(
            listing
                .lines()
                .any(|line| line.split_whitespace().next() == Some(name)),
            "schemas/{name}.schema.json is not embedded (src/schemas.rs):\n{listing}"
        );
        let output = run(&["schema", name]);
        assert_status(&output, 0);
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(&printed, schema, "{name}");
    }
    let output = run(&["schema", "nosuchschema"]);
    assert_status(&output, 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("kb-validate"));
}

#[test]
fn schema_json_lists_every_schema_and_a_named_one_is_json_with_or_without_it() {
    let output = run(&["schema", "--json"]);
    assert_status(&output, 0);
    let list = json_document("schema-list", &output.stdout);
    assert_envelope_first(&output.stdout);
    let listed: Vec<&str> = list["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    let files = schema_files();
    assert_eq!(listed.len(), files.len(), "{listed:?}");
    for (name, schema) in &files {
        assert!(listed.contains(&format!("{name}.schema.json").as_str()));
        for args in [
            &["schema", name.as_str()][..],
            &["schema", name.as_str(), "--json"],
        ] {
            let printed: Value = serde_json::from_slice(&run(args).stdout).unwrap();
            assert_eq!(&printed, schema, "{args:?}");
        }
    }
    // Without --json, the list is text.
    let text = String::from_utf8(run(&["schema"]).stdout).unwrap();
    assert!(text.starts_with("report "), "{text}");
}
