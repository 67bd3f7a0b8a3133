//! `kratom-check batch`: one check per input line, NDJSON out, in input order.
//!
//! Lines are read in chunks; each chunk is split across the available cores and the results
//! are written in order before the next chunk is read, so memory stays flat however long the
//! input is. A blank line is skipped; any other line that cannot be read or resolved yields an
//! error record, so nothing is dropped.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::check::{Check, check_remembering};
use crate::context::Context;
use crate::engine::PairMemo;
use crate::kb::{KnowledgeBase, Tier};
use crate::report::{
    CompactFinding, CompactReport, ContextJson, EscapedProse, FindingCache, KeptFindingsReport,
    Report, finding_entry,
};
use crate::resolve::Resolver;

mod input;
mod parse;
mod record;

use input::{CHUNK_LINES, InputLine, read_chunk};
pub use input::{MAX_LINE_BYTES, MAX_LINE_SUBSTANCES};
use parse::parse_line;
use record::{LineReport, Record, RunEnvelope, incompleteness};

/// Lines a worker takes at a time from its chunk, at most.
const PIECE_LINES: usize = 32;

/// How much of each report a record carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The report without the knowledge base's prose (the default).
    Compact,
    /// The report exactly as `--json` prints it.
    Full,
}

/// What a batch run saw, for the summary on stderr and the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    pub records: u64,
    /// Blank lines, skipped without a record.
    pub blank: u64,
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
        self.records += other.records;
        self.blank += other.blank;
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
            "batch: {} records, {} errors, {} blank lines skipped; tiers:",
            self.records, self.errors, self.blank
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

/// Checks every line of `input`, writing one NDJSON record per line that is not blank to
/// `out`; `written` counts the records out, chunk by chunk.
pub fn run(
    kb: &KnowledgeBase,
    names: &Resolver,
    defaults: &Context,
    detail: Detail,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    written: &Written,
) -> io::Result<Summary> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let progress = io::stderr().is_terminal();
    let mut summary = Summary::default();
    // Only full records write the prose.
    let prose = (detail == Detail::Full).then(|| EscapedProse::new(kb));
    let envelope = RunEnvelope::new(kb);
    // Workers (with their caches) and two chunks' buffers are kept from chunk to chunk, so a
    // long run allocates them once: while the workers check one chunk, this thread writes the
    // records of the one before, so writing costs no checking time.
    let mut workers: Vec<Worker> = (0..threads)
        .map(|_| Worker {
            kb,
            prose: prose.as_ref(),
            envelope: &envelope,
            names,
            defaults,
            detail,
            findings: FindingCache::default(),
            contexts: ContextJson::default(),
            pairs: PairMemo::default(),
        })
        .collect();
    let mut checking = Chunk::new();
    let mut checked = Chunk::new();
    let mut lines_read: u64 = 0;
    loop {
        let filled = read_chunk(input, &mut checking.lines)?;
        checking.prepare(filled, lines_read + 1, workers.len());
        lines_read += filled as u64;
        let (wrote, parts) = std::thread::scope(|scope| {
            let running = checking.check(scope, &mut workers);
            let wrote = checked.write(out, written, &mut summary);
            let parts: Vec<Summary> = running
                .into_iter()
                .map(|worker| worker.join().expect("a batch worker does not panic"))
                .collect();
            (wrote, parts)
        });
        if wrote? && progress {
            eprint!("\rbatch: {} lines", checked.last_line);
        }
        for part in &parts {
            checking.summary.add(part);
        }
        if filled == 0 {
            break;
        }
        std::mem::swap(&mut checking, &mut checked);
    }
    if progress {
        eprintln!();
    }
    out.flush()?;
    Ok(summary)
}

/// One chunk of input lines and the records of its pieces, each piece's in its own buffer.
struct Chunk {
    lines: Vec<InputLine>,
    /// Lines read into `lines` this time; the rest are left from a longer chunk before.
    filled: usize,
    /// The number of the chunk's first line, and of its last (for the progress line).
    first_line: u64,
    last_line: u64,
    piece_lines: usize,
    /// How many of `outputs` hold this chunk's records: one per piece.
    pieces: usize,
    outputs: Vec<Mutex<Vec<u8>>>,
    next_piece: AtomicUsize,
    /// What the chunk's lines came to, once checked.
    summary: Summary,
}

impl Chunk {
    fn new() -> Self {
        Chunk {
            lines: (0..CHUNK_LINES).map(|_| InputLine::default()).collect(),
            filled: 0,
            first_line: 0,
            last_line: 0,
            piece_lines: 1,
            pieces: 0,
            outputs: Vec::new(),
            next_piece: AtomicUsize::new(0),
            summary: Summary::default(),
        }
    }

    /// Cuts the chunk's first `filled` lines, numbered from `first_line`, into pieces.
    fn prepare(&mut self, filled: usize, first_line: u64, workers: usize) {
        self.filled = filled;
        self.first_line = first_line;
        self.last_line = first_line + filled as u64 - 1;
        // Workers take the chunk's pieces in turn, so a worker that drew costly lines does
        // not leave the others idle; each piece's records go to that piece's buffer. A chunk
        // of a few heavy lines is cut finer, so that every worker gets some.
        self.piece_lines = (filled / (workers * 4)).clamp(1, PIECE_LINES);
        self.pieces = filled.div_ceil(self.piece_lines);
        if self.outputs.len() < self.pieces {
            self.outputs.resize_with(self.pieces, Mutex::default);
        }
        *self.next_piece.get_mut() = 0;
        self.summary = Summary::default();
    }

    /// Starts the workers on the chunk's pieces and returns them running; each returns what
    /// its lines came to.
    fn check<'scope, 'env, 'kb: 'env>(
        &'env self,
        scope: &'scope std::thread::Scope<'scope, 'env>,
        workers: &'env mut [Worker<'kb>],
    ) -> Vec<std::thread::ScopedJoinHandle<'scope, Summary>> {
        workers
            .iter_mut()
            .map(|worker| {
                scope.spawn(move || {
                    let mut summary = Summary::default();
                    loop {
                        let i = self.next_piece.fetch_add(1, Ordering::Relaxed);
                        if i >= self.pieces {
                            return summary;
                        }
                        let mut output = self.outputs[i].lock().expect("no worker panics");
                        output.clear();
                        let lines = i * self.piece_lines..((i + 1) * self.piece_lines);
                        let piece = &self.lines[lines.start..lines.end.min(self.filled)];
                        let start = self.first_line + lines.start as u64;
                        worker.check_lines(piece, start, &mut output, &mut summary);
                    }
                })
            })
            .collect()
    }

    /// Writes the chunk's records and adds its lines to `summary`; whether there were any.
    /// Each chunk is flushed whole, so when writing fails (a full disk) the records of the
    /// chunks before it are known to be out, and the message says how many.
    fn write(
        &mut self,
        out: &mut dyn Write,
        written: &Written,
        summary: &mut Summary,
    ) -> io::Result<bool> {
        if self.pieces == 0 {
            return Ok(false);
        }
        let records_before = summary.records;
        let stopped = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("batch stopped after {records_before} complete records: {e}"),
            )
        };
        summary.add(&self.summary);
        // Whoever holds `written` knows no record is half-written (a signal stops the run
        // only between chunks, see `Written`).
        let mut records = written.lock();
        for output in &mut self.outputs[..self.pieces] {
            out.write_all(output.get_mut().expect("no worker panics"))
                .map_err(stopped)?;
        }
        out.flush().map_err(stopped)?;
        *records = summary.records;
        self.pieces = 0;
        Ok(true)
    }
}

/// One thread's share of the work.
struct Worker<'kb> {
    kb: &'kb KnowledgeBase,
    prose: Option<&'kb EscapedProse<'kb>>,
    envelope: &'kb RunEnvelope<'kb>,
    names: &'kb Resolver<'kb>,
    defaults: &'kb Context,
    detail: Detail,
    findings: FindingCache<'kb>,
    contexts: ContextJson,
    pairs: PairMemo<'kb>,
}

impl Worker<'_> {
    /// Checks `lines`, numbered from `first`, appending their records to `output`; a blank
    /// line keeps its number but gets no record.
    fn check_lines(
        &mut self,
        lines: &[InputLine],
        first: u64,
        output: &mut Vec<u8>,
        summary: &mut Summary,
    ) {
        for (offset, text) in lines.iter().enumerate() {
            if text.is_blank() {
                summary.blank += 1;
                continue;
            }
            let outcome = self.check_line(text, first + offset as u64, output);
            output.push(b'\n');
            summary.records += 1;
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
        let envelope = self.envelope;
        let mut write = |record: &Record| {
            serde_json::to_writer(&mut *output, record).expect("a record serialises");
            LineOutcome {
                tier: record.report.as_ref().map(LineReport::tier),
                failed: record.error.is_some(),
            }
        };
        let failed = |id, error: String| envelope.record(&[], line, id, Some(error), None);
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
        let resolution = if typed_apart {
            self.names.resolve_words(&substances)
        } else {
            self.names.resolve(&substances)
        };
        let Check {
            resolution,
            context,
            assessment,
        } = match check_remembering(kb, resolution, context, &mut self.pairs) {
            Ok(checked) => checked,
            Err(too_large) => return write(&failed(id, too_large.to_string())),
        };
        let report = match self.detail {
            Detail::Full => LineReport::Full(Box::new(KeptFindingsReport {
                report: Report::without_findings(kb, &resolution, &assessment, &context),
                findings: self.findings.findings(kb, &assessment, |finding| {
                    Box::new(finding_entry(kb, finding, self.prose))
                }),
            })),
            Detail::Compact => LineReport::Compact(CompactReport::new(
                kb,
                &resolution,
                &assessment,
                self.contexts.get(&context),
                self.findings
                    .findings(kb, &assessment, |finding| CompactFinding::new(kb, finding)),
            )),
        };
        let error = incompleteness(&resolution);
        write(&envelope.record(&assessment.participants, line, id, error, Some(report)))
    }
}

/// What one line contributes to the summary.
struct LineOutcome {
    /// The overall tier, when the check ran.
    tier: Option<Tier>,
    failed: bool,
}
