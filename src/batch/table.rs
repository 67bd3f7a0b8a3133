//! `batch --format csv`: the records as one flat table, for tools that load tables (DuckDB,
//! Polars, a spreadsheet). One row per finding, and one for a line without findings (an
//! unread line included), each repeating its line's columns; the columns and their types are
//! fixed ([`COLUMNS`], docs/GUIDE.md's "Batch as a table"). No cell holds a raw control
//! character, so a row is one physical line.

use std::borrow::Cow;

use super::parse::Echo;
use crate::check::Check;
use crate::kb::KnowledgeBase;
use crate::report::BasisEntry;

/// The header row, in order. Lists of ids and keys are joined by `;` (no id or key holds
/// one); `unresolved` is a JSON array of the names as typed, since a name may hold anything;
/// `extra` is the JSON line's other fields as a JSON object.
pub const COLUMNS: [&str; 20] = [
    "row",
    "line",
    "id",
    "extra",
    "tier",
    "complete",
    "error",
    "dose_grams",
    "dose_band",
    "form",
    "frequency",
    "assumed",
    "substances",
    "unresolved",
    "finding_rule",
    "finding_tier",
    "finding_grade",
    "finding_basis",
    "finding_substances",
    "finding_mechanisms",
];

/// Where the finding's columns start.
const FINDING_COLUMNS: usize = 14;

/// What a row is: a `finding`, a line without findings (`regimen`), or the run's `trailer`.
pub const ROW_KINDS: [&str; 3] = ["finding", "regimen", "trailer"];

/// The header row, every name quoted: a reader that guesses the quoting from the first lines
/// (DuckDB's sniffer) then knows the quote character, though the rows under it may not need a
/// quote for many thousands of lines.
pub(super) fn header() -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS).expect("a header writes");
    writer.into_inner().expect("a buffer flushes")
}

/// The trailer row: `line` holds the lines read, `extra` the trailer object as JSON.
pub(super) fn trailer(lines: u64, trailer_json: &str) -> Vec<u8> {
    let mut row: Vec<Cow<str>> = vec![Cow::Borrowed(""); COLUMNS.len()];
    row[0] = Cow::Borrowed(ROW_KINDS[2]);
    row[1] = Cow::Owned(lines.to_string());
    row[3] = json_cell(trailer_json);
    let mut writer = writer(Vec::new());
    writer
        .write_record(row.iter().map(|c| c.as_bytes()))
        .expect("a row writes");
    writer.into_inner().expect("a buffer flushes")
}

/// Appends the rows of line `line` to `output` and says how many there are: one per
/// finding of `checked`, or one when it has none or the line was not checked.
pub(super) fn write_line(
    kb: &KnowledgeBase,
    line: u64,
    echo: &Echo,
    error: &str,
    checked: Option<&Check>,
    output: &mut Vec<u8>,
) -> u64 {
    let mut row: Vec<Cow<str>> = vec![Cow::Borrowed(""); COLUMNS.len()];
    row[0] = Cow::Borrowed(ROW_KINDS[1]);
    row[1] = Cow::Owned(line.to_string());
    row[2] = echo.id.as_deref().map_or(Cow::Borrowed(""), |id| {
        // A string id is its text; any other JSON value is its JSON text as written.
        match serde_json::from_str::<String>(id.get()) {
            Ok(text) => Cow::Owned(cell(&text).into_owned()),
            Err(_) => json_cell(id.get()),
        }
    });
    // A nested value is as written, whitespace between its tokens included.
    let extra = serde_json::to_string(&echo.extra).expect("extra serialises");
    row[3] = Cow::Owned(json_cell(&extra).into_owned());
    row[6] = cell(error);
    let Some(checked) = checked else {
        return write_rows(&row, std::iter::empty(), output);
    };
    let (resolution, context, assessment) =
        (&checked.resolution, &checked.context, &checked.assessment);
    row[4] = Cow::Borrowed(assessment.tier.as_str());
    row[5] = Cow::Borrowed(if assessment.is_complete(resolution) {
        "true"
    } else {
        "false"
    });
    if let Some(dose) = context.dose {
        row[7] = dose
            .grams
            .map_or(Cow::Borrowed(""), |g| Cow::Owned(g.to_string()));
        row[8] = Cow::Borrowed(dose.band.as_str());
    }
    row[9] = Cow::Borrowed(context.form.map_or("", |f| f.as_str()));
    row[10] = Cow::Borrowed(context.frequency.map_or("", |f| f.as_str()));
    row[11] = Cow::Owned(joined(context.assumed_keys().map(|key| key.as_str())));
    row[12] = Cow::Owned(joined(
        crate::report::substance_entries(kb, resolution, assessment).map(|s| s.id),
    ));
    let unresolved: Vec<&str> = resolution
        .unresolved
        .iter()
        .map(|u| u.input.as_str())
        .collect();
    row[13] = Cow::Owned(serde_json::to_string(&unresolved).expect("names serialise"));
    let findings = assessment.findings.iter().map(|finding| {
        [
            Cow::Borrowed(finding.rule.id.as_str()),
            Cow::Borrowed(finding.tier.as_str()),
            Cow::Borrowed(finding.grade.as_str()),
            Cow::Borrowed(BasisEntry::from(finding.basis).as_str()),
            Cow::Owned(joined(
                finding
                    .substances
                    .iter()
                    .map(|&s| kb.substances[s].id.as_str()),
            )),
            Cow::Owned(joined(finding.mechanisms.iter().map(|m| m.as_str()))),
        ]
    });
    write_rows(&row, findings, output)
}

/// Writes `line_columns` once per finding, with the finding's columns, or once alone when
/// there is no finding.
fn write_rows<'f>(
    line_columns: &[Cow<str>],
    findings: impl Iterator<Item = [Cow<'f, str>; 6]>,
    output: &mut Vec<u8>,
) -> u64 {
    let mut writer = writer(output);
    let mut rows = 0;
    let mut row: Vec<Cow<str>> = line_columns.to_vec();
    for finding in findings {
        row[0] = Cow::Borrowed(ROW_KINDS[0]);
        for (slot, value) in row[FINDING_COLUMNS..].iter_mut().zip(finding) {
            *slot = value;
        }
        writer
            .write_record(row.iter().map(|c| c.as_bytes()))
            .expect("a row writes");
        rows += 1;
    }
    if rows == 0 {
        writer
            .write_record(line_columns.iter().map(|c| c.as_bytes()))
            .expect("a row writes");
        rows = 1;
    }
    writer.flush().expect("a buffer flushes");
    rows
}

/// Rows end in a newline alone. A row is a few hundred bytes: the writer's buffer need not be
/// larger than that.
fn writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1024)
        .from_writer(out)
}

fn joined<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(";")
}

/// Text as a cell: each control character written as its escape (`\u{1b}`), so that no cell
/// can break a row or act on a terminal; the NDJSON keeps the text exact.
fn cell(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// JSON text as a cell: valid JSON holds a control character only as whitespace between its
/// tokens (a string's are escaped), so each becomes a space and the text stays the same JSON.
fn json_cell(json: &str) -> Cow<'_, str> {
    if !json.chars().any(char::is_control) {
        return Cow::Borrowed(json);
    }
    Cow::Owned(
        json.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}
