use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use kratom_check::app::{self, Error, ExitStatus};
use kratom_check::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match app::run(&cli, &mut io::stdout().lock()) {
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
