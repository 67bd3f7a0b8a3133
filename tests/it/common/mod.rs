//! The JSON contract (schema_version 3) as the tests read it back. Every struct denies unknown
//! fields, so a key added, renamed or removed without updating the contract fails the tests;
//! and every document read back is also validated against its JSON Schema in `schemas/`
//! ([`assert_matches_schema`]), so the published schemas cannot drift from the output either.

// The contract structs name every key so that `deny_unknown_fields` holds; a test reads
// only the keys it checks.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub knowledge_base: KnowledgeBase,
    pub tier: String,
    pub complete: bool,
    pub context: Context,
    pub substances: Vec<Substance>,
    pub unresolved: Vec<Unresolved>,
    pub findings: Vec<Finding>,
    pub burden: Vec<Burden>,
    pub disclaimer: String,
}

/// The burden of the whole list for one property.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Burden {
    pub property: String,
    pub measure: String,
    pub total: u32,
    pub substances: Vec<BurdenSubstance>,
    pub text: String,
    pub references: Vec<Reference>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurdenSubstance {
    pub id: String,
    pub level: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub dose: Option<Dose>,
    pub form: Option<String>,
    pub frequency: Option<String>,
    pub assumed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    pub grams: Option<f64>,
    pub band: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextNote {
    pub tier: String,
    pub note: String,
    pub applied: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    pub mechanism: String,
    pub title: String,
    pub watch_for: Vec<String>,
    pub what_to_do: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeBase {
    pub version: String,
    pub sha256: String,
    pub layers: Vec<Layer>,
    pub replaced: Vec<Replaced>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replaced {
    pub kind: String,
    pub id: String,
    pub layer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substance {
    pub input: Option<String>,
    pub id: String,
    pub name: String,
    pub matched: String,
    pub matched_name: Option<String>,
    pub product: Option<String>,
    pub set_aside: Option<String>,
    pub salt: Option<String>,
    pub within: Option<String>,
    pub worst_case: Option<WorstCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorstCase {
    pub of: String,
    pub name: String,
    pub least: String,
    pub most: String,
    pub candidates: Vec<Candidate>,
    pub unlisted: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub tier: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unresolved {
    pub input: String,
    pub reason: String,
    pub suggestions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub rule: String,
    pub tier: String,
    pub substances: Vec<String>,
    pub mechanisms: Vec<String>,
    pub title: String,
    pub explanation: String,
    pub advice: Vec<String>,
    pub evidence: Evidence,
    pub references: Vec<Reference>,
    pub layer: String,
    pub context_notes: Vec<ContextNote>,
    pub red_flags: Vec<RedFlag>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub grade: String,
    pub summary: String,
    pub basis: String,
    pub studied: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub id: String,
    pub citation: String,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
}

/// A pharmacist's list: the twenty medicines of the start-up script
/// (`scripts/startup-instructions.sh`); its first twelve are the glance's list.
pub const TWENTY_MEDICINES: [&str; 20] = [
    "lisinopril",
    "atorvastatin",
    "metformin",
    "amlodipine",
    "metoprolol",
    "omeprazole",
    "sertraline",
    "gabapentin",
    "oxycodone",
    "alprazolam",
    "levothyroxine",
    "trazodone",
    "warfarin",
    "ibuprofen",
    "spironolactone",
    "furosemide",
    "prednisone",
    "ciprofloxacin",
    "clopidogrel",
    "aspirin",
];

pub const TIERS: [&str; 5] = ["none", "minor", "moderate", "major", "avoid"];

pub fn rank(tier: &str) -> usize {
    TIERS
        .iter()
        .position(|t| *t == tier)
        .unwrap_or_else(|| panic!("unknown tier {tier}"))
}

/// The binary, run from a directory outside the repository with no inherited knowledge-base
/// override, as a new user would run it.
pub fn kratom_check() -> Command {
    let mut cmd = Command::cargo_bin("kratom-check").expect("binary is built");
    cmd.current_dir(std::env::temp_dir())
        .env_remove("KRATOM_CHECK_KB")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs a check with `--json` and reads the report back, with the exit code.
pub fn check_json(args: &[&str]) -> (Report, i32) {
    let output = kratom_check()
        .arg("--json")
        .args(args)
        .output()
        .expect("binary runs");
    (
        read_report(&output),
        output.status.code().expect("exited normally"),
    )
}

/// A check's `--json` output read back into the contract's structs, after validating it
/// against `schemas/report.schema.json`.
pub fn read_report(output: &std::process::Output) -> Report {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_matches_schema("report", &value);
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("stdout is not a schema-3 report ({e})"))
}

/// Where the JSON Schemas live: `schemas/` at the repository root.
pub fn schema_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// Every schema file in `schemas/`, by name (`report` for `report.schema.json`).
pub fn schema_files() -> Vec<(String, serde_json::Value)> {
    let mut files: Vec<(String, serde_json::Value)> = std::fs::read_dir(schema_dir())
        .expect("schemas/ exists")
        .map(|entry| entry.expect("schemas/ is readable").path())
        .filter_map(|path| {
            let file = path.file_name()?.to_str()?.to_string();
            let name = file.strip_suffix(".schema.json")?.to_string();
            let text = std::fs::read_to_string(&path).expect("schema is readable");
            let value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
            Some((name, value))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// One validator per schema, built once per test process: every file in `schemas/` is put in
/// a registry under its file's address, so the relative `$ref`s between them resolve locally
/// as they do for a validator given the folder, and nothing is ever fetched (`offline`).
fn validators() -> &'static HashMap<String, jsonschema::Validator> {
    static VALIDATORS: OnceLock<HashMap<String, jsonschema::Validator>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let files = schema_files();
        let address = |name: &str| format!("{SCHEMA_FOLDER}{name}.schema.json");
        let mut registry = jsonschema::Registry::new();
        for (name, schema) in &files {
            registry = registry
                .add(address(name), schema.clone())
                .unwrap_or_else(|e| panic!("{name}.schema.json: {e}"));
        }
        let registry: &'static jsonschema::Registry<'static> = Box::leak(Box::new(
            registry.prepare().expect("the schemas' registry builds"),
        ));
        files
            .iter()
            .map(|(name, schema)| {
                let validator = jsonschema::draft202012::options()
                    .with_registry(registry)
                    .with_base_uri(address(name))
                    .offline()
                    .build(schema)
                    .unwrap_or_else(|e| panic!("{name}.schema.json does not build: {e}"));
                (name.clone(), validator)
            })
            .collect()
    })
}

/// Where the tests' registry places `schemas/`: any address would do, since the schemas name
/// none of their own (no `$id`) and reach each other by file name.
const SCHEMA_FOLDER: &str = "file:///kratom-check/schemas/";

/// Asserts that `document` is valid against `schemas/NAME.schema.json` (`report`, `matrix`,
/// `info`, `list`, `search`, `kb-stats`, `kb-validate`, and any schema added there later),
/// listing every error with where it is in the document.
pub fn assert_matches_schema(name: &str, document: &serde_json::Value) {
    let errors = schema_errors(name, document);
    assert!(
        errors.is_empty(),
        "the document does not match schemas/{name}.schema.json:\n{}\ndocument:\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(document).unwrap()
    );
}

/// Why `document` does not match `schemas/NAME.schema.json`: empty when it does.
pub fn schema_errors(name: &str, document: &serde_json::Value) -> Vec<String> {
    let validator = validators()
        .get(name)
        .unwrap_or_else(|| panic!("no schema named {name} in schemas/"));
    validator
        .iter_errors(document)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect()
}

/// Parses `--json` output and validates it against `schemas/NAME.schema.json`.
pub fn json_document(name: &str, stdout: &[u8]) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(stdout)
        )
    });
    assert_matches_schema(name, &value);
    value
}

impl Report {
    /// Findings between exactly these two substance ids, in either order.
    pub fn between(&self, a: &str, b: &str) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| {
                f.substances.len() == 2
                    && f.substances.contains(&a.to_string())
                    && f.substances.contains(&b.to_string())
            })
            .collect()
    }

    /// The most severe tier of the findings between these two substance ids ("none" if none).
    pub fn worst_between(&self, a: &str, b: &str) -> &'static str {
        self.between(a, b)
            .iter()
            .map(|f| rank(&f.tier))
            .max()
            .map_or("none", |r| TIERS[r])
    }

    /// Asserts that the pair has a `rule` finding at `tier`, that nothing else on the pair
    /// says more, and that the finding cites its source or is graded as an extrapolation.
    pub fn assert_call(&self, what: &str, [a, b]: [&str; 2], rule: &str, tier: &str) {
        let found = self.between(a, b);
        let finding = found
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{what}: no {rule} finding: {found:?}"));
        assert_eq!(finding.tier, tier, "{what}");
        assert_eq!(self.worst_between(a, b), tier, "{what}");
        if finding.evidence.basis == "extrapolated" {
            assert_eq!(finding.evidence.grade, "E", "{what}");
        } else {
            assert!(!finding.references.is_empty(), "{what}");
        }
    }

    pub fn has_mechanism(&self, mechanism: &str) -> bool {
        self.findings
            .iter()
            .any(|f| f.mechanisms.iter().any(|m| m == mechanism))
    }
}

/// A fresh directory for one test's files, unique to this test process.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kratom-check-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// Asserts the exit status, showing stderr when it is not the one expected.
pub fn assert_status(output: &std::process::Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
