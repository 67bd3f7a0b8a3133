//! `batch`: the run's input and output, its exit status, and stopping it on a signal.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::Context as _;

use super::{Error, ExitStatus, corrections, load_kb};
use crate::batch;
use crate::cli::{Cli, messages};
use crate::kb::Tier;
use crate::resolve::Resolver;
use crate::safe_text::typed;

/// What makes a batch run fail although every line got its record.
#[derive(Debug, Clone, Copy)]
pub(super) struct Strictness {
    pub(super) fail_on: Option<Tier>,
    pub(super) fail_on_incomplete: bool,
}

impl Strictness {
    /// The run's exit status, and why, in words for the trailer.
    fn outcome(self, summary: &batch::Summary) -> (ExitStatus, String) {
        let worst = summary.worst_tier();
        if let Some(tier) = self.fail_on.filter(|&tier| worst >= tier) {
            let reached = Tier::ALL
                .iter()
                .zip(summary.tiers)
                .filter(|(t, _)| **t >= tier)
                .map(|(_, count)| count)
                .sum::<u64>();
            return (
                ExitStatus::TierReached,
                format!("{reached} records at {tier} or above (--fail-on {tier})"),
            );
        }
        if self.fail_on_incomplete && summary.errors > 0 {
            return (
                ExitStatus::Incomplete,
                format!(
                    "{} records with an error (--fail-on-incomplete)",
                    summary.errors
                ),
            );
        }
        (
            ExitStatus::Success,
            "every line that is not blank got its record".to_string(),
        )
    }
}

/// `batch`: a record (or CSV rows) for every input line, a summary on stderr, and with
/// `trailer` a last line saying what was read and written. The records go straight to
/// standard output's descriptor rather than through `out`'s buffer, so that a record counts
/// as written only once the system has taken it whole (see [`batch::Output`]).
pub(super) fn batch(
    cli: &Cli,
    file: Option<&std::path::Path>,
    options: batch::Options,
    strict: Strictness,
    trailer: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    use std::os::fd::AsFd;
    if options.format == batch::Format::Csv {
        if options.detail == batch::Detail::Full {
            return Err(Error::BadArguments(
                "--full puts the whole --json report in each record; a CSV row has fixed \
                 columns: drop --full, or drop --format csv"
                    .to_string(),
            )
            .into());
        }
        if cli.json {
            return Err(Error::BadArguments(
                "--json and --format csv ask for different outputs: give one".to_string(),
            )
            .into());
        }
    }
    let kb = load_kb(cli)?;
    let resolver = Resolver::new(&kb, corrections(cli));
    let input: Box<dyn io::BufRead + Send> = match file {
        Some(path) if path.as_os_str() != "-" => {
            let name = typed(&path.display().to_string());
            Box::new(NamedInput::new(io::BufReader::new(open_input(path)?), name))
        }
        _ => Box::new(NamedInput::new(
            io::BufReader::new(io::stdin()),
            "standard input".to_string(),
        )),
    };
    out.flush().context("writing to standard output")?;
    let stdout = io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .context("taking standard output for batch's records")?;
    let written = Arc::new(batch::RecordsWritten::default());
    let unit = options.format.unit();
    stop_between_records_on_signal(Arc::clone(&written), unit)
        .context("setting up batch's stop on a signal")?;
    let mut output = batch::Output::file(&stdout)
        .context("taking standard output for batch's records")?
        .counting(unit);
    // Batch's own errors say what they were writing, how many records were out, and (the
    // input named by `NamedInput`) what they were reading.
    output.write_uncounted(&options.format.header(), "header", 0)?;
    let summary = batch::run(
        &kb,
        &resolver,
        &cli.kratom_use.context(),
        options,
        input,
        &mut output,
        &written,
    )?;
    // A record with an error is data: every line got its record, so the run succeeded unless
    // the caller asked for a tier or an incomplete answer to fail it.
    let (status, reason) = strict.outcome(&summary);
    if trailer {
        let line = batch::Trailer::new(&summary, status as i32, reason).line(&kb, options.format);
        output.write_uncounted(&line, "trailer", summary.rows)?;
    }
    messages::line(&summary);
    Ok(status)
}

/// SIGINT and SIGTERM stop a batch between records, not in the middle of one: a thread waits
/// for the signal, stops the writing once the piece of records in hand is out, says how many
/// records are out, and exits with status 2. A write still blocked a moment later (nobody
/// reads the output) is not waited for, and the message says that what it put out may end
/// in a broken record. Blocked on input or checking, the batch stops at once.
///
/// A file-size limit (`ulimit -f`) sends SIGXFSZ, which would end the process in the middle
/// of a record; caught, it makes the write fail instead, and the run cuts the file back to its
/// last whole record.
fn stop_between_records_on_signal(
    written: Arc<batch::RecordsWritten>,
    unit: &'static str,
) -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM, SIGXFSZ};
    signal_hook::flag::register(SIGXFSZ, Arc::default())?;
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let progress = written.stop(std::time::Duration::from_millis(300));
            let name = if signal == SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            };
            let blocked = if progress.blocked {
                "; a write of what follows them was blocked (the output was not being \
                 read) and may have put out part of them"
            } else {
                ""
            };
            messages::note(format_args!(
                "batch stopped by {name} after {} complete {unit}{blocked}",
                progress.records
            ));
            std::process::exit(ExitStatus::Error as i32);
        }
    });
    Ok(())
}

/// Opens a batch input file; a directory opens on Unix but fails at the first read, so it is
/// refused here.
fn open_input(path: &std::path::Path) -> anyhow::Result<std::fs::File> {
    let reading = || reading_input(&typed(&path.display().to_string()));
    let file = std::fs::File::open(path).with_context(reading)?;
    if file.metadata().with_context(reading)?.is_dir() {
        return Err(anyhow::anyhow!("it is a directory").context(reading()));
    }
    Ok(file)
}

fn reading_input(name: &str) -> String {
    format!("reading batch input from {name}")
}

/// Batch's input, named in its read errors: the lines are read on a thread of their own, and
/// the error comes back through the run, far from where the input was opened.
struct NamedInput<R> {
    input: R,
    name: String,
}

impl<R> NamedInput<R> {
    fn new(input: R, name: String) -> Self {
        NamedInput { input, name }
    }
}

/// What failed reading, with the failure as its cause (an `io::Error` shows this text and
/// gives the cause as its source, so the chain printed reads "reading ...: cause").
#[derive(Debug)]
struct ReadFailed {
    reading: String,
    cause: io::Error,
}

impl std::fmt::Display for ReadFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reading)
    }
}

impl std::error::Error for ReadFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

fn read_failed(name: &str, cause: io::Error) -> io::Error {
    let kind = cause.kind();
    let reading = reading_input(name);
    io::Error::new(kind, ReadFailed { reading, cause })
}

impl<R: io::Read> io::Read for NamedInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.input.read(buf).map_err(|e| read_failed(&self.name, e))
    }
}

impl<R: io::BufRead> io::BufRead for NamedInput<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.input
            .fill_buf()
            .map_err(|e| read_failed(&self.name, e))
    }

    fn consume(&mut self, amount: usize) {
        self.input.consume(amount);
    }
}
