//! The JSON Schemas (draft 2020-12) of the `--json` documents, embedded from `schemas/` so that
//! `kratom-check schema NAME` prints the one the installed program writes to.

/// Each schema's name, what it describes, and its text.
pub const SCHEMAS: &[(&str, &str, &str)] = &[
    (
        "report",
        "a check's report (kratom-check --json NAMES)",
        include_str!("../../schemas/report.schema.json"),
    ),
    (
        "matrix",
        "matrix --json",
        include_str!("../../schemas/matrix.schema.json"),
    ),
    (
        "info",
        "info NAME --json",
        include_str!("../../schemas/info.schema.json"),
    ),
    (
        "list",
        "list [--class CLASS] --json",
        include_str!("../../schemas/list.schema.json"),
    ),
    (
        "search",
        "search TEXT --json",
        include_str!("../../schemas/search.schema.json"),
    ),
    (
        "kb-stats",
        "kb stats --json",
        include_str!("../../schemas/kb-stats.schema.json"),
    ),
    (
        "kb-validate",
        "kb validate --json",
        include_str!("../../schemas/kb-validate.schema.json"),
    ),
    (
        "batch-record",
        "one line of batch's output (compact, or --full)",
        include_str!("../../schemas/batch-record.schema.json"),
    ),
    (
        "batch-trailer",
        "batch --trailer's last line",
        include_str!("../../schemas/batch-trailer.schema.json"),
    ),
    (
        "kb-export",
        "kb export",
        include_str!("../../schemas/kb-export.schema.json"),
    ),
    (
        "schema-list",
        "schema --json (this list)",
        include_str!("../../schemas/schema-list.schema.json"),
    ),
    (
        "common",
        "the definitions the others share by $ref (envelope, tiers, findings...)",
        include_str!("../../schemas/common.schema.json"),
    ),
];

/// The schemas' names, for the command line.
pub fn names() -> impl Iterator<Item = &'static str> {
    SCHEMAS.iter().map(|(name, _, _)| *name)
}

/// The text of the schema called `name`.
pub fn text(name: &str) -> Option<&'static str> {
    SCHEMAS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, text)| *text)
}

/// One schema in `schema --json`'s list.
#[derive(Debug, serde::Serialize)]
pub struct Listed {
    pub name: &'static str,
    pub describes: &'static str,
    /// Its file in `schemas/`, which the others' `$ref`s name.
    pub file: String,
}

/// What `schema --json` prints after the envelope: every schema.
#[derive(Debug, serde::Serialize)]
pub struct List {
    pub schemas: Vec<Listed>,
}

impl List {
    pub fn all() -> Self {
        List {
            schemas: SCHEMAS
                .iter()
                .map(|&(name, describes, _)| Listed {
                    name,
                    describes,
                    file: format!("{name}.schema.json"),
                })
                .collect(),
        }
    }
}
