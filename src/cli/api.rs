//! The command line's JSON answers for a program that links the library (the Python package in
//! `python/`): the same arguments give the same bytes as `kratom-check --json ARGS` and the
//! same records as `kratom-check batch ARGS`, from the same code. An error reads as the
//! program's would once formatted with `{:#}` (what was being done, then each cause).

use std::io::{BufRead, Write};

use clap::Parser;

use super::app;
use super::{Cli, Command, Error, ExitStatus};
use crate::batch;
use crate::resolve::Resolver;

/// What `kratom-check ARGS` prints on standard output, and its exit status; `args` are what
/// follows the program's name. A usage error is [`Error::BadArguments`] with clap's message.
pub fn run(args: &[String]) -> anyhow::Result<(Vec<u8>, ExitStatus)> {
    let cli = parse(&[], args)?;
    let mut out = Vec::new();
    let status = app::run(&cli, &mut out)?;
    Ok((out, status))
}

/// `kratom-check batch ARGS` over `input`, its records written to `out` (one per line that is
/// not blank, each ending in a newline); `args` are the batch options after `batch` (a file
/// argument is refused: the input is `input`).
pub fn batch(
    args: &[String],
    input: Box<dyn BufRead + Send>,
    out: impl Write,
) -> anyhow::Result<batch::Summary> {
    let cli = parse(&["batch"], args)?;
    let Some(Command::Batch {
        file: None,
        full,
        tab_ids,
        ..
    }) = &cli.command
    else {
        return Err(Error::BadArguments(
            "batch reads the regimens given to it, not a file".to_string(),
        )
        .into());
    };
    let kb = app::load_kb(&cli)?;
    let resolver = Resolver::new(&kb, app::corrections(&cli));
    let summary = batch::run(
        &kb,
        &resolver,
        &cli.kratom_use.context(),
        batch::Options::new(*full, *tab_ids),
        input,
        &mut batch::Output::stream(out),
        &batch::RecordsWritten::default(),
    )?;
    Ok(summary)
}

fn parse(command: &[&str], args: &[String]) -> Result<Cli, Error> {
    let argv = std::iter::once("kratom-check")
        .chain(command.iter().copied())
        .chain(args.iter().map(String::as_str));
    Cli::try_parse_from(argv).map_err(|e| Error::BadArguments(e.render().to_string()))
}
