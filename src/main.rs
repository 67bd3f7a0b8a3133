use std::io::{self, BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use kratom_check::app::{self, Error, ExitStatus};
use kratom_check::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Standard output is line-buffered; a report of hundreds of lines is written in a few
    // system calls instead.
    let mut out = BufWriter::new(io::stdout().lock());
    let result = app::run(&cli, &mut out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    let status = match result {
        Ok(status) => status,
        Err(Error::Io(e)) if e.kind() == ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            // A closed stderr must not turn an error into a panic.
            let _ = writeln!(io::stderr(), "kratom-check: {:#}", anyhow::Error::from(e));
            ExitStatus::Error
        }
    };
    ExitCode::from(status as u8)
}
