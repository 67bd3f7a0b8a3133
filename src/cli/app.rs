//! Runs one invocation: load the knowledge base, resolve the names, evaluate, report. Returns
//! the exit status instead of exiting, so that tests can drive it and `main` stays a few lines;
//! an error says what was being read or written, and `main` prints it.

use std::io::{self, Write};

use anyhow::Context as _;
use clap::CommandFactory;

use super::error::{Error, ExitStatus};
use super::terminal::text_style;
use super::{BatchFormat, Cli, Command, KbCommand, MatrixFormat, completions, manual, messages};
use crate::batch;
use crate::check::check;
use crate::kb::{self, KnowledgeBase};
use crate::report::catalog::{self, Stats};
use crate::report::matrix::Matrix;
use crate::report::validation::{Counts, Validation};
use crate::report::{self, Document, Envelope};
use crate::resolve::{Corrections, Resolver};
use crate::safe_text::typed;

mod lookup;
mod run_batch;

pub fn run(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match &cli.command {
        Some(Command::Kb(KbCommand::Validate { paths })) => validate(cli, paths, out),
        Some(Command::Kb(KbCommand::Stats)) => {
            let kb = load_kb(cli)?;
            let envelope = Envelope::whole(&kb);
            let stats = Stats::new(&kb);
            emit(
                cli,
                "the knowledge base's statistics",
                &envelope,
                &stats,
                catalog::print_stats,
                out,
            )
        }
        Some(Command::Kb(KbCommand::Export)) => {
            // JSON is its only form: the prose by id, for scripts that read batch records.
            let kb = load_kb(cli)?;
            report::json::print_document(&report::KbExport::new(&kb), out)
                .and_then(|()| out.flush())
                .with_context(|| writing("the knowledge-base export"))?;
            Ok(ExitStatus::Success)
        }
        Some(Command::Info { name }) => lookup::info(cli, name, out),
        Some(Command::Matrix { substances, format }) => matrix(cli, substances, *format, out),
        Some(Command::Batch {
            file,
            full,
            fail_on_incomplete,
            tab_ids,
            format,
            trailer,
            ..
        }) => {
            let format = match format {
                BatchFormat::Ndjson => batch::Format::Ndjson,
                BatchFormat::Csv => batch::Format::Csv,
            };
            let options = batch::Options {
                format,
                ..batch::Options::new(*full, *tab_ids)
            };
            let strict = run_batch::Strictness {
                fail_on: cli.fail_on,
                fail_on_incomplete: *fail_on_incomplete,
            };
            run_batch::batch(cli, file.as_deref(), options, strict, *trailer, out)
        }
        Some(Command::List { class, classes }) => {
            lookup::list(cli, class.as_deref(), *classes, out)
        }
        Some(Command::Search { text }) => lookup::search(cli, text, out),
        Some(Command::Completions { shell }) => {
            let kb = load_kb(cli)?;
            completions::write(*shell, &kb, out)
                .and_then(|()| out.flush())
                .with_context(|| writing("the completion script"))?;
            Ok(ExitStatus::Success)
        }
        Some(Command::Schema { name: Some(name) }) => {
            // A schema is JSON already, with or without --json.
            let schema = super::schemas::text(name).unwrap_or_default();
            out.write_all(schema.as_bytes())
                .and_then(|()| out.flush())
                .with_context(|| writing("the schema"))?;
            Ok(ExitStatus::Success)
        }
        Some(Command::Schema { name: None }) => {
            let kb = load_kb(cli)?;
            let envelope = Envelope::new(&kb, &[]);
            emit(
                cli,
                "the list of schemas",
                &envelope,
                &super::schemas::List::all(),
                print_schema_list,
                out,
            )
        }
        Some(Command::Man) => {
            manual::write(out)
                .and_then(|()| out.flush())
                .with_context(|| writing("the manual page"))?;
            Ok(ExitStatus::Success)
        }
        None => check_substances(cli, out),
    }
}

/// Prints `value` as JSON with `--json` (a document: the envelope, then its keys), otherwise
/// with its text printer; `what` names it if it cannot be written.
fn emit<T: serde::Serialize>(
    cli: &Cli,
    what: &str,
    envelope: &Envelope,
    value: &T,
    print_text: impl Fn(&T, &mut dyn Write) -> io::Result<()>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let printed = if cli.json {
        print_json(envelope, value, out)
    } else {
        print_text(value, out)
    };
    printed
        .and_then(|()| out.flush())
        .with_context(|| writing(what))?;
    Ok(ExitStatus::Success)
}

/// What an error writing the answer says was being done: the answer goes to standard output
/// (or, through the library, to the caller's buffer).
fn writing(what: &str) -> String {
    format!("writing {what} to standard output")
}

/// One JSON document on `out`: the envelope's keys, then `value`'s.
fn print_json<T: serde::Serialize>(
    envelope: &Envelope,
    value: &T,
    out: &mut dyn Write,
) -> io::Result<()> {
    report::json::print_document(&Document::new(envelope, value), out)
}

pub(crate) fn corrections(cli: &Cli) -> Corrections {
    if cli.strict {
        Corrections::Off
    } else {
        Corrections::Allowed
    }
}

/// `schema`'s text: each schema's name and what it describes.
fn print_schema_list(list: &super::schemas::List, out: &mut dyn Write) -> io::Result<()> {
    for schema in &list.schemas {
        writeln!(out, "{:<12} {}", schema.name, schema.describes)?;
    }
    Ok(())
}

/// Whether a word typed among substances is one of the program's commands.
fn is_command(word: &str) -> bool {
    // Asked of the derived type, so no command is built for each word typed.
    <Command as clap::Subcommand>::has_subcommand(word)
}

/// The command a first word that names nothing was probably meant to be: a command's name
/// mistyped (`serch`), or `version` for the option. A word of one or two letters is too short
/// to tell (`K` is a street name, one letter from `kb`).
fn command_meant(word: &str) -> Option<String> {
    let word = word.to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    if word == "version" {
        return Some("--version".to_string());
    }
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name())
        .map(|name| (crate::names::edit_distance(&word, name), name))
        .filter(|&(distance, name)| distance <= (name.len() / 3).max(1))
        .min()
        .map(|(_, name)| name.to_string())
}

/// `kb validate`: every problem, or a summary of what a valid base holds.
fn validate(
    cli: &Cli,
    paths: &[std::path::PathBuf],
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    // What `--kb` would load: the built-in base (unless excluded), the `--kb` layers, then the
    // paths to check, each a layer of its own, so a layer that uses built-in ids validates.
    let mut layers: Vec<std::path::PathBuf> = cli.kb.clone();
    layers.extend(paths.iter().cloned());
    let loaded = if layers.is_empty() && !cli.no_default_kb {
        kb::compile_embedded()
    } else {
        stacked_sources(cli.no_default_kb, &layers).and_then(|sources| kb::compile(&sources))
    };
    // A layer can break a rule's examples, its own or the base's: every rule's must hold.
    let loaded = loaded.and_then(crate::rule_examples::validated);
    if cli.json {
        // Valid or not, one document on stdout; the problems are in it, not on stderr.
        let (envelope, validation) = match &loaded {
            Ok(kb) => (Envelope::whole(kb), Validation::valid(kb)),
            Err(e) => (Envelope::with(None), Validation::invalid(e)),
        };
        print_json(&envelope, &validation, out)
            .and_then(|()| out.flush())
            .with_context(|| writing("the validation result"))?;
        if let Err(e) = &loaded {
            let count = e.problems.len() + e.unshown;
            let plural = if count == 1 { "" } else { "s" };
            messages::note(format_args!(
                "knowledge base invalid: {count} problem{plural}"
            ));
        }
        return Ok(match loaded {
            Ok(_) => ExitStatus::Success,
            Err(_) => ExitStatus::Error,
        });
    }
    let kb = loaded.map_err(Error::from)?;
    let counts = Counts::of(&kb);
    writeln!(
        out,
        "knowledge base valid: version {}, {} substances, {} classes, {} rules, {} references",
        kb.version, counts.substances, counts.classes, counts.rules, counts.references
    )
    .and_then(|()| out.flush())
    .with_context(|| writing("the validation result"))?;
    Ok(ExitStatus::Success)
}

/// `matrix`: every pair's worst tier, as a grid, JSON or CSV.
fn matrix(
    cli: &Cli,
    substances: &[String],
    format: Option<MatrixFormat>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let format = match (format, cli.json) {
        (None, false) => MatrixFormat::Text,
        (None, true) | (Some(MatrixFormat::Json), _) => MatrixFormat::Json,
        (Some(_), true) => {
            return Err(Error::BadArguments(
                "--json and --format ask for different outputs: give one".to_string(),
            )
            .into());
        }
        (Some(format), false) => format,
    };
    let kb = load_kb(cli)?;
    let resolution = Resolver::new(&kb, corrections(cli)).resolve_words(substances);
    let checked = check(&kb, resolution, cli.kratom_use.context()).map_err(Error::from)?;
    let matrix = Matrix::new(&kb, &checked.resolution, &checked.assessment);
    let envelope = Envelope::new(&kb, &checked.assessment.participants);
    let printed = match format {
        MatrixFormat::Text => report::matrix::print(&matrix, text_style(cli.color), out),
        MatrixFormat::Json => print_json(&envelope, &matrix, out),
        MatrixFormat::Csv => report::matrix::print_csv(&matrix, out),
    };
    printed
        .and_then(|()| out.flush())
        .with_context(|| writing("the matrix"))?;
    for unresolved in &checked.resolution.unresolved {
        messages::note(format_args!(
            "\"{}\" was not recognised and is not in the matrix",
            typed(&unresolved.input)
        ));
    }
    Ok(outcome(cli, checked.assessment.tier, checked.is_complete()))
}

/// The exit status of a check: `--fail-on` first, then completeness.
fn outcome(cli: &Cli, tier: kb::Tier, complete: bool) -> ExitStatus {
    if cli.fail_on.is_some_and(|t| tier >= t) {
        ExitStatus::TierReached
    } else if !complete {
        ExitStatus::Incomplete
    } else {
        ExitStatus::Success
    }
}

fn check_substances(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    // `kratom-check xanax search oxy` would otherwise check "search" and "oxy" as substances.
    if let Some(command) = cli.substances.iter().find(|word| is_command(word)) {
        let command = typed(command);
        return Err(Error::BadArguments(format!(
            "`{command}` is a command, so it goes first: `kratom-check {command} ...`; \
             the words before it were not checked"
        ))
        .into());
    }
    // The process ends once the answer is written: freeing the base entry by entry first
    // would be work for nothing.
    let kb = std::mem::ManuallyDrop::new(load_kb(cli)?);
    let resolver = Resolver::new(&kb, corrections(cli));
    if let Some(first) = cli.substances.first()
        && resolver.target(first).is_none()
        && let Some(meant) = command_meant(first)
    {
        // Nothing is checked: the line was most likely meant as a command.
        let mut message = format!(
            "\"{}\" is not a substance the knowledge base knows, nor a command; did you mean \
             `kratom-check {meant}`?",
            typed(first)
        );
        let substances = resolver.suggest(&crate::names::key(first));
        if !substances.is_empty() {
            message.push_str(&format!(
                " If a substance was meant: {}?",
                substances.join(", ")
            ));
        }
        return Err(Error::BadArguments(message).into());
    }
    let checked = check(
        &kb,
        resolver.resolve_words(&cli.substances),
        cli.kratom_use.context(),
    )
    .map_err(Error::from)?;
    let report = report::Report::of(&kb, &checked);
    let style = text_style(cli.color);
    let printed = if cli.json {
        report::json::print(&report, out)
    } else if cli.explain {
        report::explain::print(&report, style, out)
    } else {
        report::summary::print(&report, style, cli.all, out)
    };
    printed
        .and_then(|()| out.flush())
        .with_context(|| writing("the report"))?;
    Ok(outcome(cli, checked.assessment.tier, checked.is_complete()))
}

/// The built-in base (unless excluded) with each `--kb` layer on top, in the order given. A
/// layer that does not exist is said so plainly: it is most often a mistyped path.
pub(crate) fn load_kb(cli: &Cli) -> Result<KnowledgeBase, Error> {
    if cli.kb.is_empty() {
        return Ok(kb::load_embedded()?);
    }
    if let Some(missing) = cli
        .kb
        .iter()
        .find(|layer| std::fs::metadata(layer).is_err_and(|e| e.kind() == io::ErrorKind::NotFound))
    {
        return Err(Error::MissingLayer(missing.clone()));
    }
    Ok(kb::compile(&stacked_sources(cli.no_default_kb, &cli.kb)?)?)
}

/// The built-in base's files (unless excluded), then each layer's, in the order given.
fn stacked_sources(
    no_default_kb: bool,
    layers: &[std::path::PathBuf],
) -> Result<Vec<kb::Source>, kb::KbError> {
    let mut sources = if no_default_kb {
        Vec::new()
    } else {
        kb::embedded_sources()
    };
    sources.extend(kb::read_stack(layers)?);
    Ok(sources)
}
