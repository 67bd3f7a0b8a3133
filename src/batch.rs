//! `kratom-check batch`: one check per input line, NDJSON or CSV out, in input order.
//!
//! Lines are read as they come, on a thread of their own, and checked in chunks: a chunk is
//! the lines that have come (up to a limit), split into pieces across the available cores, and
//! each piece's records are written, in order, while the workers check the pieces after it.
//! A chunk is written whole before the next is taken, so memory stays flat however long the
//! input is, and a producer that waits for its records gets them at once. A blank line is
//! skipped; any other line that cannot be read or resolved yields an error record, so nothing
//! is dropped. Such a record is data, not a failure of the run: the summary counts the lines
//! read and the records written, so a pipeline can prove its part whole.

use std::io::{self, BufRead, IsTerminal};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use crate::check::{Check, check_remembering};
use crate::context::Context;
use crate::engine::EvaluationMemo;
use crate::kb::{KnowledgeBase, Tier};
use crate::report::{Report, finding_entry};
use crate::resolve::Resolver;

mod cache;
mod compact;
mod input;
mod output;
mod parse;
mod record;
mod table;

use cache::{EscapedFinding, EscapedProse, FindingCache};
use compact::{CompactFinding, CompactReport, ContextJson};
use input::{CHUNK_LINES, InputLine, LineReader};
pub use input::{MAX_LINE_BYTES, MAX_LINE_SUBSTANCES, is_blank};
pub use output::{Output, Progress, RecordsWritten};
use parse::{Parsed, parse_line, salvage_echo};
pub use record::Trailer;
use record::{LineReport, RunEnvelope, incompleteness};
pub use table::{COLUMNS, ROW_KINDS};

/// Lines a worker takes at a time from its chunk, at most.
const PIECE_LINES: usize = 32;

/// How a run reads its lines and writes its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub detail: Detail,
    /// A text line starts with its id and a tab (`ID<TAB>names`).
    pub tab_ids: bool,
    pub format: Format,
}

/// What a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON record per line.
    Ndjson,
    /// A table with a header row: one row per finding, one per line without findings.
    Csv,
}

impl Format {
    /// What the output counts: a CSV line's findings are rows of their own.
    pub fn unit(self) -> &'static str {
        match self {
            Format::Ndjson => "records",
            Format::Csv => "rows",
        }
    }

    /// What the output starts with.
    pub fn header(self) -> Vec<u8> {
        match self {
            Format::Ndjson => Vec::new(),
            Format::Csv => table::header(),
        }
    }
}

impl Options {
    /// The options `batch --full` and `--tab-ids` set.
    pub fn new(full: bool, tab_ids: bool) -> Self {
        Options {
            detail: if full { Detail::Full } else { Detail::Compact },
            tab_ids,
            format: Format::Ndjson,
        }
    }
}

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
    /// Records written, one for each line read that is not blank.
    pub records: u64,
    /// Output lines written for them: the records, or the CSV rows (a line's findings each
    /// have one); the header and trailer not counted.
    pub rows: u64,
    /// Blank lines, skipped without a record.
    pub blank: u64,
    /// Records with an error: the line was not checked, or its answer is incomplete.
    pub errors: u64,
    /// Records of lines that could not be checked at all (no report).
    pub unchecked: u64,
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

    /// Lines read, blank ones included.
    pub fn lines(&self) -> u64 {
        self.records + self.blank
    }

    fn add(&mut self, other: &Summary) {
        self.records += other.records;
        self.rows += other.rows;
        self.blank += other.blank;
        self.errors += other.errors;
        self.unchecked += other.unchecked;
        for (total, count) in self.tiers.iter_mut().zip(other.tiers) {
            *total += count;
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counted = |count: u64, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        write!(
            f,
            "batch: {} read, {} written, {} skipped; {} with an error ({} not checked); tiers:",
            counted(self.lines(), "line", "lines"),
            counted(self.records, "record", "records"),
            counted(self.blank, "blank line", "blank lines"),
            counted(self.errors, "record", "records"),
            self.unchecked
        )?;
        for (tier, count) in Tier::ALL.iter().zip(self.tiers).rev() {
            write!(f, " {tier} {count}")?;
        }
        if self.rows != self.records {
            write!(f, "; {} CSV rows", self.rows)?;
        }
        Ok(())
    }
}

/// Checks every line of `input`, writing one NDJSON record per line that is not blank to
/// `out`; `written` counts the records out.
pub fn run(
    kb: &KnowledgeBase,
    names: &Resolver,
    defaults: &Context,
    options: Options,
    input: Box<dyn BufRead + Send>,
    out: &mut Output,
    written: &RecordsWritten,
) -> io::Result<Summary> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let progress = io::stderr().is_terminal();
    let mut summary = Summary::default();
    // Only full records write the prose.
    let prose = (options.detail == Detail::Full).then(|| EscapedProse::new(kb));
    let envelope = RunEnvelope::new(kb);
    // Workers (with their caches) and the line buffers are kept from chunk to chunk, so a long
    // run allocates them once.
    let mut workers: Vec<Worker> = (0..threads)
        .map(|_| Worker {
            kb,
            prose: prose.as_ref(),
            envelope: &envelope,
            names,
            defaults,
            options,
            findings: FindingCache::default(),
            contexts: ContextJson::default(),
            memo: EvaluationMemo::default(),
        })
        .collect();
    let reader = LineReader::spawn(input);
    let mut lines: Vec<InputLine> = Vec::with_capacity(CHUNK_LINES);
    // Record buffers go back here once written, so pieces do not grow new ones record by record.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::default();
    let mut line_number: u64 = 0;
    loop {
        reader.next_chunk(&mut lines)?;
        let filled = lines.len();
        if filled == 0 {
            break;
        }
        let first = line_number + 1;
        line_number += filled as u64;
        // Workers take the chunk's pieces in turn, so a worker that drew costly lines does
        // not leave the others idle. A chunk of a few heavy lines is cut finer, so that every
        // worker gets some.
        let piece_lines = (filled / (threads * 4)).clamp(1, PIECE_LINES);
        let pieces: Vec<&[InputLine]> = lines.chunks(piece_lines).collect();
        let next_piece = AtomicUsize::new(0);
        let (checked, done) = mpsc::channel::<CheckedPiece>();
        // This thread writes each piece as soon as the pieces before it are out, while the
        // workers check the rest: writing costs no checking time, and a chunk is answered
        // whole before more input is awaited (a producer may wait for answers before it
        // sends more).
        std::thread::scope(|scope| {
            for worker in &mut workers {
                let (pieces, next_piece, spare) = (&pieces, &next_piece, &spare);
                let checked = checked.clone();
                scope.spawn(move || {
                    loop {
                        let index = next_piece.fetch_add(1, Ordering::Relaxed);
                        let Some(piece) = pieces.get(index) else {
                            return;
                        };
                        let start = first + (index * piece_lines) as u64;
                        let mut result = CheckedPiece {
                            index,
                            records: spare
                                .lock()
                                .expect("no thread panics")
                                .pop()
                                .unwrap_or_default(),
                            summary: Summary::default(),
                        };
                        worker.check_lines(piece, start, &mut result.records, &mut result.summary);
                        // The writer has stopped (writing failed): the run is over.
                        if checked.send(result).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(checked);
            write_in_order(done, pieces.len(), out, written, &mut summary, &spare)
        })?;
        if progress {
            eprint!("\rbatch: {line_number} lines");
        }
    }
    if progress {
        eprintln!();
    }
    Ok(summary)
}

/// One piece of a chunk, checked: its records, and what its lines came to.
struct CheckedPiece {
    index: usize,
    records: Vec<u8>,
    summary: Summary,
}

/// Writes the `pieces` pieces of a chunk in order as they arrive, adding each to `summary`
/// once it is out, and putting its buffer in `spare`. When writing fails (a full disk) the
/// message says how many records are out whole (see [`Output`]).
fn write_in_order(
    done: mpsc::Receiver<CheckedPiece>,
    pieces: usize,
    out: &mut Output,
    written: &RecordsWritten,
    summary: &mut Summary,
    spare: &Mutex<Vec<Vec<u8>>>,
) -> io::Result<()> {
    let mut waiting: Vec<Option<CheckedPiece>> = (0..pieces).map(|_| None).collect();
    let mut next = 0;
    while next < pieces {
        let piece = done.recv().expect("every piece is checked");
        let index = piece.index;
        waiting[index] = Some(piece);
        while let Some(piece) = waiting.get_mut(next).and_then(Option::take) {
            out.write_piece(&piece.records, piece.summary.rows, summary.rows, written)?;
            summary.add(&piece.summary);
            next += 1;
            let mut buffer = piece.records;
            buffer.clear();
            spare.lock().expect("no thread panics").push(buffer);
        }
    }
    Ok(())
}

/// One thread's share of the work.
struct Worker<'kb> {
    kb: &'kb KnowledgeBase,
    prose: Option<&'kb EscapedProse<'kb>>,
    envelope: &'kb RunEnvelope<'kb>,
    names: &'kb Resolver<'kb>,
    defaults: &'kb Context,
    options: Options,
    findings: FindingCache<'kb>,
    contexts: ContextJson,
    memo: EvaluationMemo<'kb>,
}

impl<'kb> Worker<'kb> {
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
            summary.records += 1;
            summary.rows += outcome.rows;
            if let Some(tier) = outcome.tier {
                summary.tiers[tier as usize] += 1;
            }
            if outcome.failed {
                summary.errors += 1;
            }
            if outcome.tier.is_none() {
                summary.unchecked += 1;
            }
        }
    }

    /// Checks one line and writes its record (or rows) to the output; the record borrows
    /// from the line's resolution, so it is written here rather than returned.
    fn check_line(&mut self, input: &InputLine, line: u64, output: &mut Vec<u8>) -> LineOutcome {
        let kb = self.kb;
        if input.is_over_long() {
            let error = format!(
                "the line is {} bytes, over the limit of {MAX_LINE_BYTES}; split it",
                input.length
            );
            let echo = salvage_echo(&input.text, self.options.tab_ids);
            return self.answer(line, echo, Some(error), None, output);
        }
        // A line that is not UTF-8 is still a line: it becomes an error record.
        let Ok(text) = std::str::from_utf8(&input.text) else {
            let echo = salvage_echo(&input.text, self.options.tab_ids);
            let error = "the line is not valid UTF-8 text".to_string();
            return self.answer(line, echo, Some(error), None, output);
        };
        let Parsed {
            echo,
            names: substances,
            context,
            typed_apart,
        } = match parse_line(text, self.defaults, self.options.tab_ids) {
            Ok(parsed) => parsed,
            Err((echo, error)) => return self.answer(line, echo, Some(error), None, output),
        };
        if substances.is_empty() {
            let error = "no substances on this line".to_string();
            return self.answer(line, echo, Some(error), None, output);
        }
        if substances.len() > MAX_LINE_SUBSTANCES {
            let error = format!(
                "{} names on one line, over the limit of {MAX_LINE_SUBSTANCES}; a line is one regimen",
                substances.len()
            );
            return self.answer(line, echo, Some(error), None, output);
        }
        let resolution = if typed_apart {
            self.names.resolve_words(&substances)
        } else {
            self.names.resolve(&substances)
        };
        match check_remembering(kb, resolution, context, &mut self.memo) {
            Ok(checked) => {
                let error = incompleteness(&checked.resolution, &checked.assessment);
                self.answer(line, echo, error, Some(&checked), output)
            }
            Err(too_large) => self.answer(line, echo, Some(too_large.to_string()), None, output),
        }
    }

    /// Writes line `line`'s record (or its rows): `checked` is its check, absent when the
    /// line could not be checked; `error` why it was not, or why its answer is incomplete.
    fn answer(
        &mut self,
        line: u64,
        echo: parse::Echo<'_>,
        error: Option<String>,
        checked: Option<&Check<'kb>>,
        output: &mut Vec<u8>,
    ) -> LineOutcome {
        let kb = self.kb;
        let tier = checked.map(|c| c.assessment.tier);
        let failed = error.is_some();
        if self.options.format == Format::Csv {
            let error = error.as_deref().unwrap_or_default();
            let rows = table::write_line(kb, line, &echo, error, checked, output);
            return LineOutcome { tier, failed, rows };
        }
        let generation = self.memo.generation();
        let report = checked.map(|checked| {
            let Check {
                resolution,
                context,
                assessment,
            } = checked;
            match self.options.detail {
                Detail::Full => {
                    let prose = self.prose.expect("a full run escapes the prose");
                    let findings = self
                        .findings
                        .findings(kb, assessment, generation, |finding| {
                            Box::new(EscapedFinding {
                                entry: finding_entry(kb, finding),
                                prose,
                            })
                        });
                    LineReport::Full(Box::new(Report::with_findings(
                        kb, resolution, assessment, context, findings,
                    )))
                }
                Detail::Compact => LineReport::Compact(CompactReport::new(
                    kb,
                    resolution,
                    assessment,
                    context,
                    self.contexts.get(context),
                    self.findings
                        .findings(kb, assessment, generation, |finding| {
                            CompactFinding::new(kb, finding)
                        }),
                )),
            }
        });
        let participants = checked.map_or(&[][..], |c| &c.assessment.participants[..]);
        let record = self
            .envelope
            .record(participants, line, echo, error, report);
        serde_json::to_writer(&mut *output, &record).expect("a record serialises");
        output.push(b'\n');
        LineOutcome {
            tier,
            failed,
            rows: 1,
        }
    }
}

/// What one line contributes to the summary.
struct LineOutcome {
    /// The overall tier, when the check ran.
    tier: Option<Tier>,
    failed: bool,
    /// Output lines written.
    rows: u64,
}
