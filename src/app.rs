//! Runs one invocation: load the knowledge base, resolve the names, evaluate, report. Returns
//! the exit status instead of exiting, so that tests can drive it and `main` stays a few lines.

use std::fmt;
use std::io::{self, IsTerminal, Write};

use crate::cli::{Cli, ColorChoice, Command, KbCommand};
use crate::engine;
use crate::kb::{self, KbError, KnowledgeBase};
use crate::report::{self, Report, table::TableStyle};
use crate::resolve::NameIndex;

/// The documented exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The check ran and every input resolved.
    Success = 0,
    /// `--fail-on` was given and the overall tier reached it.
    TierReached = 1,
    /// Usage error, invalid knowledge base or I/O error.
    Error = 2,
    /// The check ran but at least one input did not resolve.
    Incomplete = 3,
}

#[derive(Debug)]
pub enum Error {
    KnowledgeBase(KbError),
    Io(io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::KnowledgeBase(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<KbError> for Error {
    fn from(e: KbError) -> Self {
        Error::KnowledgeBase(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

/// Width used when stdout is not a terminal, so piped output stays readable at 80 columns.
const DEFAULT_WIDTH: u16 = 80;

pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    match &cli.command {
        Some(Command::Kb(KbCommand::Validate { paths })) => validate(paths, out),
        None => check(cli, out),
    }
}

/// `kb validate`: every problem, or a summary of what a valid base holds.
fn validate(paths: &[std::path::PathBuf], out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let kb = if paths.is_empty() {
        kb::load_embedded()?
    } else {
        let mut sources = Vec::new();
        for path in paths {
            sources.extend(kb::read_sources(path)?);
        }
        kb::compile(&sources)?
    };
    writeln!(
        out,
        "knowledge base valid: version {}, {} substances, {} classes, {} rules, {} references",
        kb.version,
        kb.substances.len(),
        kb.classes.len(),
        kb.rules.len(),
        kb.references.len()
    )?;
    Ok(ExitStatus::Success)
}

fn check(cli: &Cli, out: &mut dyn Write) -> Result<ExitStatus, Error> {
    let kb = load_kb(cli)?;
    let names = NameIndex::new(&kb);
    let resolution = names.resolve(&cli.substances);
    let assessment = engine::evaluate(&kb, &resolution.participants());
    let report = Report::new(&kb, &resolution, &assessment);
    if cli.json {
        report::json::print(&report, out)?;
    } else {
        report::table::print(&report, table_style(cli.color), out)?;
    }
    out.flush()?;
    Ok(
        if cli.fail_on.is_some_and(|t| assessment.tier >= t.tier()) {
            ExitStatus::TierReached
        } else if !resolution.is_complete() {
            ExitStatus::Incomplete
        } else {
            ExitStatus::Success
        },
    )
}

/// The built-in base (unless excluded) with each `--kb` layer on top, in the order given.
fn load_kb(cli: &Cli) -> Result<KnowledgeBase, KbError> {
    let mut sources = if cli.no_default_kb {
        Vec::new()
    } else {
        kb::embedded_sources()
    };
    for path in &cli.kb {
        sources.extend(kb::read_sources(path)?);
    }
    kb::compile(&sources)
}

fn table_style(choice: ColorChoice) -> TableStyle {
    let terminal = io::stdout().is_terminal();
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = if terminal {
        comfy_table_width().unwrap_or(DEFAULT_WIDTH)
    } else {
        DEFAULT_WIDTH
    };
    TableStyle { color, width }
}

fn comfy_table_width() -> Option<u16> {
    comfy_table::Table::new().width()
}
