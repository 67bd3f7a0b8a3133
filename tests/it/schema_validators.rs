//! The schemas in `schemas/` load in the common validators as they are, from the folder alone:
//! their `$ref`s name files beside them, and nothing has an address to fetch. Each validator
//! is driven where it is installed and skipped, with a message, where it is not.

use crate::common::{kratom_check, schema_dir, schema_files};
use serde_json::Value;

/// Every `$ref` in `node`.
fn refs<'a>(node: &'a Value, found: &mut Vec<&'a str>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target);
            }
            map.values().for_each(|value| refs(value, found));
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

#[test]
fn every_ref_is_within_the_file_or_names_a_file_beside_it() {
    let files = schema_files();
    for (name, schema) in &files {
        let mut found = Vec::new();
        refs(schema, &mut found);
        for target in found {
            let file = target.split('#').next().unwrap_or_default();
            assert!(
                file.is_empty() || schema_dir().join(file).is_file(),
                "{name}.schema.json: $ref {target} is not a file in schemas/"
            );
        }
    }
}

/// A report as the program prints it, and the same with a tier no schema allows, as files.
fn report_files(validator: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = crate::common::scratch_dir(validator);
    let output = kratom_check()
        .args(["--json", "sertraline", "alcohol"])
        .output()
        .unwrap();
    let good = dir.join("report.json");
    std::fs::write(&good, &output.stdout).unwrap();
    let mut report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["tier"] = Value::from("bogus");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, report.to_string()).unwrap();
    (good, bad)
}

/// docs/JSON.md's python-jsonschema recipe: every file in the folder in a registry by its name.
const PYTHON_JSONSCHEMA: &str = r#"
import json, pathlib, sys
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
folder = pathlib.Path(sys.argv[1])
registry = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text())))
    for path in folder.glob("*.schema.json")
)
schema = json.loads((folder / "report.schema.json").read_text())
errors = list(Draft202012Validator(schema, registry=registry).iter_errors(
    json.loads(pathlib.Path(sys.argv[2]).read_text())))
for error in errors:
    print(error.message)
sys.exit(1 if errors else 0)
"#;

#[test]
fn python_jsonschema_validates_a_report_from_the_folder_alone() {
    let has_jsonschema = std::process::Command::new("python3")
        .args(["-c", "import jsonschema, referencing"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_jsonschema {
        eprintln!("skipped: python3 with jsonschema and referencing is not installed");
        return;
    }
    let (good, bad) = report_files("python-jsonschema");
    let validate = |document: &std::path::Path| {
        std::process::Command::new("python3")
            .arg("-c")
            .arg(PYTHON_JSONSCHEMA)
            .arg(schema_dir())
            .arg(document)
            .output()
            .unwrap()
    };
    let output = validate(&good);
    assert!(output.status.success(), "{output:?}");
    let output = validate(&bad);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("'bogus'"));
}

#[test]
fn check_jsonschema_validates_a_report_given_only_the_schema_file() {
    let run = |document: &std::path::Path| {
        std::process::Command::new("check-jsonschema")
            .arg("--schemafile")
            .arg(schema_dir().join("report.schema.json"))
            .arg(document)
            .output()
    };
    let (good, bad) = report_files("check-jsonschema");
    let Ok(output) = run(&good) else {
        eprintln!("skipped: check-jsonschema is not installed");
        return;
    };
    assert!(output.status.success(), "{output:?}");
    let output = run(&bad).unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("'bogus'"));
}
