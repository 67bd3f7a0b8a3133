//! `batch`: the run's input and output, its exit status, and stopping it on a signal.

use std::io::{self, Write};
use std::sync::Arc;

use super::{Error, ExitStatus, corrections, load_kb};
use crate::batch;
use crate::cli::Cli;
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
) -> Result<ExitStatus, Error> {
    use std::os::fd::AsFd;
    if options.format == batch::Format::Csv {
        if options.detail == batch::Detail::Full {
            return Err(Error::Usage(
                "--full puts the whole --json report in each record; a CSV row has fixed \
                 columns: drop --full, or drop --format csv"
                    .to_string(),
            ));
        }
        if cli.json {
            return Err(Error::Usage(
                "--json and --format csv ask for different outputs: give one".to_string(),
            ));
        }
    }
    let kb = load_kb(cli)?;
    let names = Resolver::new(&kb, corrections(cli));
    let input: Box<dyn io::BufRead + Send> = match file {
        Some(path) if path.as_os_str() != "-" => Box::new(io::BufReader::new(open_input(path)?)),
        _ => Box::new(io::BufReader::new(io::stdin())),
    };
    out.flush()?;
    let stdout = std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?);
    let written = Arc::new(batch::Written::default());
    let unit = options.format.unit();
    stop_between_records_on_signal(Arc::clone(&written), unit)?;
    let mut output = batch::Output::file(&stdout)?.counting(unit);
    output.write_uncounted(&options.format.header(), "header", 0)?;
    let summary = batch::run(
        &kb,
        &names,
        &cli.usage.context(),
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
    writeln!(io::stderr(), "{summary}").ok();
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
    written: Arc<batch::Written>,
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
            let _ = writeln!(
                io::stderr(),
                "kratom-check: batch stopped by {name} after {} complete {unit}{blocked}",
                progress.records
            );
            std::process::exit(ExitStatus::Error as i32);
        }
    });
    Ok(())
}

/// Opens a batch input file; a directory opens on Unix but fails at the first read, so it is
/// refused here, where the path can be named.
fn open_input(path: &std::path::Path) -> io::Result<std::fs::File> {
    let cannot_read = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", typed(&path.display().to_string())),
        )
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    if file.metadata().map_err(cannot_read)?.is_dir() {
        return Err(cannot_read(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a directory",
        )));
    }
    Ok(file)
}
