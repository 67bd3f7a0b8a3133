//! One `batch` output record: the envelope every JSON document starts with, then the line's
//! number, id, error and report.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::value::RawValue;

use super::cache::{EscapedFinding, RecordFinding};
use super::compact::CompactReport;
use super::parse::{Echo, Extra, Id};
use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, SubstanceIdx};
use crate::report::{Envelope, Report};
use crate::resolve::Resolution;

/// A record: the same first keys as the check report, then the line's own.
#[derive(Debug, Serialize)]
pub(super) struct Record<'a> {
    schema_version: &'a RawValue,
    tool: &'a RawValue,
    knowledge_base: Cow<'a, RawValue>,
    pub(super) line: u64,
    pub(super) id: Option<Id<'a>>,
    /// The JSON line's other fields, as written; `{}` when it has none.
    pub(super) extra: Extra<'a>,
    /// Empty when the check ran and every name resolved: a string on every record, so that a
    /// reader that types a column from its first lines types it right.
    pub(super) error: String,
    /// Absent only when the line could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) report: Option<LineReport<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum LineReport<'a> {
    /// What `--json` prints (`batch --full`).
    Full(Box<Report<'a, RecordFinding<'a, Box<EscapedFinding<'a>>>>>),
    Compact(CompactReport<'a>),
}

/// The envelope's values as JSON, written once per run and copied into every record.
#[derive(Debug)]
pub(super) struct RunEnvelope<'kb> {
    kb: &'kb KnowledgeBase,
    schema_version: Box<RawValue>,
    tool: Box<RawValue>,
    /// With no definition replaced: every record's when the base is the built-in one alone.
    knowledge_base: Box<RawValue>,
}

impl<'kb> RunEnvelope<'kb> {
    pub(super) fn new(kb: &'kb KnowledgeBase) -> Self {
        let envelope = Envelope::new(kb, &[]);
        RunEnvelope {
            kb,
            schema_version: raw(&envelope.schema_version),
            tool: raw(&envelope.tool),
            knowledge_base: raw(&envelope.knowledge_base),
        }
    }

    /// A record of the line whose check involved `participants`. Its `knowledge_base` names
    /// the definitions a layer replaced among them, as the check report's does, so a line
    /// touching one is written afresh; any other copies the run's.
    pub(super) fn record<'a>(
        &'a self,
        participants: &[SubstanceIdx],
        line: u64,
        echo: Echo<'a>,
        error: Option<String>,
        report: Option<LineReport<'a>>,
    ) -> Record<'a> {
        let line_kb = Envelope::new(self.kb, participants).knowledge_base;
        let knowledge_base = match line_kb {
            Some(info) if !info.replaced.is_empty() => Cow::Owned(raw(&info)),
            _ => Cow::Borrowed(&*self.knowledge_base),
        };
        Record {
            schema_version: &self.schema_version,
            tool: &self.tool,
            knowledge_base,
            line,
            id: echo.id,
            extra: echo.extra,
            error: error.unwrap_or_default(),
            report,
        }
    }
}

fn raw<T: Serialize>(value: &T) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).expect("the envelope serialises")
}

/// Why a line's answer does not cover exactly what was typed, if it does not.
pub(super) fn incompleteness(resolution: &Resolution, assessment: &Assessment) -> Option<String> {
    let mut reasons: Vec<String> = Vec::new();
    let unresolved: Vec<&str> = resolution
        .unresolved
        .iter()
        .map(|u| u.input.as_str())
        .collect();
    if !unresolved.is_empty() {
        reasons.push(format!(
            "not recognised, so not checked: {}",
            unresolved.join(", ")
        ));
    }
    let ranges: Vec<String> = resolution
        .resolved
        .iter()
        .enumerate()
        .filter_map(|(position, r)| {
            let worst_case = assessment
                .worst_case(position)
                .filter(|w| !w.is_uniform())?;
            let (least, most) = worst_case.range();
            Some(format!(
                "{} ({least} to {most})",
                r.input.as_deref().unwrap_or_default()
            ))
        })
        .collect();
    if !ranges.is_empty() {
        reasons.push(format!(
            "rated at the most severe of several substances: {}",
            ranges.join(", ")
        ));
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// The last line of a run given `--trailer`: what was read and written, and the exit status
/// the run ends with and why, so that a consumer can prove its part whole. A run stopped by
/// an error or a signal writes none.
#[derive(Debug, Serialize)]
pub struct Trailer {
    pub lines_read: u64,
    pub blank_lines: u64,
    pub records_written: u64,
    /// Output lines of those records: the records, or the CSV rows.
    pub rows_written: u64,
    /// Records with an error, and those of them not checked at all.
    pub errors: u64,
    pub unchecked: u64,
    /// Records per overall tier.
    pub tiers: TierCounts,
    pub exit_status: i32,
    pub reason: String,
}

/// A count per tier, most severe first.
#[derive(Debug, Serialize)]
pub struct TierCounts {
    pub avoid: u64,
    pub major: u64,
    pub moderate: u64,
    pub minor: u64,
    pub none: u64,
}

impl Trailer {
    pub fn new(summary: &super::Summary, exit_status: i32, reason: String) -> Self {
        let [none, minor, moderate, major, avoid] = summary.tiers;
        Trailer {
            lines_read: summary.lines(),
            blank_lines: summary.blank,
            records_written: summary.records,
            rows_written: summary.rows,
            errors: summary.errors,
            unchecked: summary.unchecked,
            tiers: TierCounts {
                avoid,
                major,
                moderate,
                minor,
                none,
            },
            exit_status,
            reason,
        }
    }

    /// The trailer as its format writes it: a JSON line with the envelope and `trailer`, or
    /// a CSV row of kind `trailer` with the object in `extra`.
    pub fn line(&self, kb: &KnowledgeBase, format: super::Format) -> Vec<u8> {
        #[derive(Serialize)]
        struct Body<'t> {
            trailer: &'t Trailer,
        }
        match format {
            super::Format::Ndjson => {
                let envelope = Envelope::new(kb, &[]);
                let document = crate::report::Document::new(&envelope, Body { trailer: self });
                let mut line = serde_json::to_vec(&document).expect("a trailer serialises");
                line.push(b'\n');
                line
            }
            super::Format::Csv => {
                let json = serde_json::to_string(self).expect("a trailer serialises");
                super::table::trailer(self.lines_read, &json)
            }
        }
    }
}
