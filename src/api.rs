//! The command line's JSON answers for a program that links the library (the Python package in
//! `python/`): the same arguments give the same bytes as `kratom-check --json ARGS` and the
//! same records as `kratom-check batch ARGS`, from the same code.

use std::io::{BufRead, Write};

use clap::Parser;

use crate::app::{self, Error, ExitStatus};
use crate::batch;
use crate::cli::{Cli, Command};
use crate::resolve::Resolver;

/// What `kratom-check ARGS` prints on standard output, and its exit status; `args` are what
/// follows the program's name. A usage error is [`Error::Usage`] with clap's message.
pub fn run(args: &[String]) -> Result<(Vec<u8>, ExitStatus), Error> {
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
) -> Result<batch::Summary, Error> {
    let cli = parse(&["batch"], args)?;
    let Some(Command::Batch {
        file: None,
        full,
        tab_ids,
        ..
    }) = &cli.command
    else {
        return Err(Error::Usage(
            "batch reads the regimens given to it, not a file".to_string(),
        ));
    };
    let kb = app::load_kb(&cli)?;
    let names = Resolver::new(&kb, app::corrections(&cli));
    let summary = batch::run(
        &kb,
        &names,
        &cli.usage.context(),
        batch::Options::new(*full, *tab_ids),
        input,
        &mut batch::Output::stream(out),
        &batch::Written::default(),
    )?;
    Ok(summary)
}

fn parse(command: &[&str], args: &[String]) -> Result<Cli, Error> {
    let argv = std::iter::once("kratom-check")
        .chain(command.iter().copied())
        .chain(args.iter().map(String::as_str));
    Cli::try_parse_from(argv).map_err(|e| Error::Usage(e.render().to_string()))
}
