//! The JSON contract (schema_version 1) as the tests read it back. Every struct denies unknown
//! fields, so a key added, renamed or removed without updating the contract fails the tests.
#![allow(dead_code)]

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
    pub disclaimer: String,
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
        .env_remove("NO_COLOR");
    cmd
}

/// Runs a check with `--json` and reads the report back, with the exit code.
pub fn check_json(args: &[&str]) -> (Report, i32) {
    let output = kratom_check()
        .arg("--json")
        .args(args)
        .output()
        .expect("binary runs");
    let report: Report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a schema-1 report ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output.status.code().expect("exited normally"))
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
