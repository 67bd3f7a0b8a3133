//! `kratom-check batch`: one check per input line, NDJSON out, in input order.
//!
//! Lines are read in chunks; each chunk is split across the available cores and the results
//! are written in order before the next chunk is read, so memory stays flat however long the
//! input is. A line that cannot be read or resolved yields an error record; nothing is dropped.

use std::io::{self, BufRead, IsTerminal, Write};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::context::{Context, Dose, Form};
use crate::kb::{Frequency, KnowledgeBase, Tier};
use crate::report::{BriefReport, EscapedProse, FindingCache, KeptFindingsReport, Report};
use crate::resolve::{NameIndex, Resolution};
use crate::worst_case;

mod input;

use input::{CHUNK_LINES, InputLine, read_chunk};
pub use input::{MAX_LINE_BYTES, MAX_LINE_SUBSTANCES};

/// Lines a worker takes at a time from its chunk, at most.
const PIECE_LINES: usize = 32;

/// One NDJSON input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonLine {
    /// Kept as written, so an id beyond a 64-bit number is echoed exactly, not rounded.
    id: Option<Id>,
    substances: Vec<String>,
    dose: Option<DoseValue>,
    form: Option<String>,
    frequency: Option<String>,
}

/// A dose as JSON writes it: grams as a number, or text (`"4g"`, `"low"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DoseValue {
    Grams(f64),
    Text(String),
}

/// One output line: the input's line number and id, and the report or what went wrong.
#[derive(Debug, Serialize)]
struct Record<'kb> {
    line: u64,
    id: Option<Id>,
    /// Null when the check ran and every name resolved.
    error: Option<String>,
    /// The same object as `--json` prints (or its brief form); absent only when the line
    /// could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<LineReport<'kb>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum LineReport<'kb> {
    Full(Box<KeptFindingsReport<'kb>>),
    Brief(BriefReport<'kb>),
}

impl LineReport<'_> {
    fn tier(&self) -> Tier {
        match self {
            LineReport::Full(full) => full.report.tier,
            LineReport::Brief(report) => report.tier,
        }
    }
}

/// How much of each report a record carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Brief,
}

/// What a batch run saw, for the summary on stderr and the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    pub lines: u64,
    pub errors: u64,
    /// Count per tier, lowest first.
    pub tiers: [u64; 5],
}

impl Summary {
    pub fn worst_tier(&self) -> Tier {
        Tier::ALL
            .iter()
            .rev()
            .zip(self.tiers.iter().rev())
            .find(|(_, count)| **count > 0)
            .map_or(Tier::None, |(tier, _)| *tier)
    }

    fn add(&mut self, other: &Summary) {
        self.lines += other.lines;
        self.errors += other.errors;
        for (total, count) in self.tiers.iter_mut().zip(other.tiers) {
            *total += count;
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "batch: {} lines, {} errors; tiers:",
            self.lines, self.errors
        )?;
        for (tier, count) in Tier::ALL.iter().zip(self.tiers).rev() {
            write!(f, " {tier} {count}")?;
        }
        Ok(())
    }
}

/// How many records a run has written whole. The run holds the lock while it writes a chunk,
/// so whoever takes it (the binary's signal handler, before it exits) sees a record boundary:
/// no record is ever half-written, and the count is exact.
#[derive(Debug, Default)]
pub struct Written(Mutex<u64>);

impl Written {
    /// Waits until no chunk is being written, then holds off the next one.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        // A poisoned lock only means a writer panicked; the count it guards is still right.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Checks every line of `input`, writing one NDJSON record per line to `out`; `written`
/// counts the records out, chunk by chunk.
pub fn run(
    kb: &KnowledgeBase,
    names: &NameIndex,
    defaults: &Context,
    detail: Detail,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    written: &Written,
) -> io::Result<Summary> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let progress = io::stderr().is_terminal();
    let mut summary = Summary::default();
    // Line buffers, output buffers and workers (with their caches) are kept from chunk to
    // chunk, so a long run allocates them once.
    let mut lines: Vec<InputLine> = (0..CHUNK_LINES).map(|_| InputLine::default()).collect();
    let mut outputs: Vec<Mutex<Vec<u8>>> = Vec::new();
    let prose = EscapedProse::new(kb);
    let mut workers: Vec<Worker> = (0..threads)
        .map(|_| Worker {
            kb,
            prose: &prose,
            names,
            defaults,
            detail,
            findings: FindingCache::default(),
        })
        .collect();
    let mut line_number: u64 = 0;
    loop {
        let filled = read_chunk(input, &mut lines)?;
        if filled == 0 {
            break;
        }
        let first = line_number + 1;
        line_number += filled as u64;
        // Workers take the chunk's pieces in turn, so a worker that drew costly lines does
        // not leave the others idle; each piece's records go to that piece's buffer. A chunk
        // of a few heavy lines is cut finer, so that every worker gets some.
        let piece_lines = (filled / (threads * 4)).clamp(1, PIECE_LINES);
        let pieces: Vec<&[InputLine]> = lines[..filled].chunks(piece_lines).collect();
        if outputs.len() < pieces.len() {
            outputs.resize_with(pieces.len(), Mutex::default);
        }
        let next_piece = AtomicUsize::new(0);
        let parts: Vec<Summary> = std::thread::scope(|scope| {
            let running: Vec<_> = workers
                .iter_mut()
                .map(|worker| {
                    let (pieces, outputs, next_piece) = (&pieces, &outputs, &next_piece);
                    scope.spawn(move || {
                        let mut summary = Summary::default();
                        loop {
                            let i = next_piece.fetch_add(1, Ordering::Relaxed);
                            let Some(piece) = pieces.get(i) else {
                                return summary;
                            };
                            let mut output = outputs[i].lock().expect("no worker panics");
                            output.clear();
                            let start = first + (i * piece_lines) as u64;
                            worker.check_lines(piece, start, &mut output, &mut summary);
                        }
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|worker| worker.join().expect("a batch worker does not panic"))
                .collect()
        });
        // Each chunk is flushed whole, so when writing fails (a full disk) the records of the
        // chunks before it are known to be out, and the message says how many.
        let stopped = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("batch stopped after {} complete records: {e}", first - 1),
            )
        };
        // Whoever holds `written` knows no record is half-written (a signal stops the run
        // only between chunks, see `Written`).
        let mut records = written.lock();
        for output in &mut outputs[..pieces.len()] {
            out.write_all(output.get_mut().expect("no worker panics"))
                .map_err(stopped)?;
        }
        out.flush().map_err(stopped)?;
        *records = line_number;
        drop(records);
        for part in &parts {
            summary.add(part);
        }
        if progress {
            eprint!("\rbatch: {line_number} lines");
        }
    }
    if progress {
        eprintln!();
    }
    out.flush()?;
    Ok(summary)
}

/// One thread's share of the work.
struct Worker<'kb> {
    kb: &'kb KnowledgeBase,
    prose: &'kb EscapedProse<'kb>,
    names: &'kb NameIndex<'kb>,
    defaults: &'kb Context,
    detail: Detail,
    findings: FindingCache<'kb>,
}

impl Worker<'_> {
    /// Checks `lines`, numbered from `first`, appending their records to `output`.
    fn check_lines(
        &mut self,
        lines: &[InputLine],
        first: u64,
        output: &mut Vec<u8>,
        summary: &mut Summary,
    ) {
        for (offset, text) in lines.iter().enumerate() {
            let outcome = self.check_line(text, first + offset as u64, output);
            output.push(b'\n');
            summary.lines += 1;
            if let Some(tier) = outcome.tier {
                summary.tiers[tier as usize] += 1;
            }
            if outcome.failed {
                summary.errors += 1;
            }
        }
    }

    /// Checks one line and writes its record to the output; the record borrows from the
    /// line's resolution, so it is written here rather than returned.
    fn check_line(&mut self, input: &InputLine, line: u64, output: &mut Vec<u8>) -> LineOutcome {
        let kb = self.kb;
        let mut write = |record: &Record| {
            serde_json::to_writer(&mut *output, record).expect("a record serialises");
            LineOutcome {
                tier: record.report.as_ref().map(LineReport::tier),
                failed: record.error.is_some(),
            }
        };
        let failed = |id, error: String| Record {
            line,
            id,
            error: Some(error),
            report: None,
        };
        if input.is_over_long() {
            return write(&failed(
                None,
                format!(
                    "the line is {} bytes, over the limit of {MAX_LINE_BYTES}; split it",
                    input.length
                ),
            ));
        }
        // A line that is not UTF-8 is still a line: it becomes an error record.
        let Ok(text) = std::str::from_utf8(&input.text) else {
            return write(&failed(
                None,
                "the line is not valid UTF-8 text".to_string(),
            ));
        };
        let (id, substances, context, typed_apart) = match parse_line(text, self.defaults) {
            Ok(parsed) => parsed,
            Err((id, error)) => return write(&failed(id, error)),
        };
        if substances.is_empty() {
            return write(&failed(id, "no substances on this line".to_string()));
        }
        if substances.len() > MAX_LINE_SUBSTANCES {
            return write(&failed(
                id,
                format!(
                    "{} names on one line, over the limit of {MAX_LINE_SUBSTANCES}; a line is one regimen",
                    substances.len()
                ),
            ));
        }
        let mut resolution = if typed_apart {
            self.names.resolve_words(&substances)
        } else {
            self.names.resolve(&substances)
        };
        let context = context.with_named_form(&resolution);
        let assessment = match worst_case::evaluate(kb, &mut resolution, &context) {
            Ok(assessment) => assessment,
            Err(too_large) => return write(&failed(id, too_large.to_string())),
        };
        let report = match self.detail {
            Detail::Full => LineReport::Full(Box::new(KeptFindingsReport {
                report: Report::without_findings(kb, &resolution, &assessment, &context),
                findings: self.findings.findings(kb, self.prose, &assessment),
            })),
            Detail::Brief => LineReport::Brief(BriefReport::new(kb, &resolution, &assessment)),
        };
        let error = incompleteness(&resolution);
        write(&Record {
            line,
            id,
            error,
            report: Some(report),
        })
    }
}

/// Why a line's answer does not cover exactly what was typed, if it does not.
fn incompleteness(resolution: &Resolution) -> Option<String> {
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
        .filter_map(|r| {
            let worst_case = r.worst_case.as_ref().filter(|w| !w.is_uniform())?;
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

/// What one line contributes to the summary.
struct LineOutcome {
    /// The overall tier, when the check ran.
    tier: Option<Tier>,
    failed: bool,
}

/// The line's id, its names, its context, and whether the names are words typed apart (a
/// text line) rather than a JSON list of names.
type Parsed = (Option<Id>, Vec<String>, Context, bool);

/// A line's id as its JSON text.
type Id = Box<RawValue>;

/// A line is a JSON object, or names separated by commas (or, without commas, whitespace).
fn parse_line(text: &str, defaults: &Context) -> Result<Parsed, (Option<Id>, String)> {
    // A byte-order mark (an editor's, at the start of the file) is not part of the line.
    let text = text
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['\n', '\r']);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err((None, "empty line".to_string()));
    }
    if !trimmed.starts_with('{') {
        let typed_apart = !trimmed.contains(',');
        let names: Vec<String> = if typed_apart {
            trimmed.split_whitespace().map(String::from).collect()
        } else {
            trimmed
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect()
        };
        return Ok((None, names, *defaults, typed_apart));
    }
    let parsed: JsonLine =
        serde_json::from_str(trimmed).map_err(|e| (None, format!("malformed JSON: {e}")))?;
    let id = parsed.id.clone();
    let context = line_context(&parsed, defaults).map_err(|e| (id.clone(), e))?;
    Ok((id, parsed.substances, context, false))
}

fn line_context(line: &JsonLine, defaults: &Context) -> Result<Context, String> {
    let dose = match &line.dose {
        None => defaults.dose,
        Some(DoseValue::Grams(grams)) => Some(Dose::from_str(&grams.to_string())?),
        Some(DoseValue::Text(text)) => Some(Dose::from_str(text)?),
    };
    let form = match &line.form {
        None => defaults.form,
        Some(text) => Some(Form::from_str(text).map_err(|e| e.to_string())?),
    };
    let frequency = match &line.frequency {
        None => defaults.frequency,
        Some(text) => Some(Frequency::from_str(text).map_err(|e| e.to_string())?),
    };
    Ok(Context {
        dose,
        form,
        frequency,
    })
}
