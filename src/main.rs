use std::io::{self, BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use clap::builder::Styles;
use clap::{CommandFactory, FromArgMatches};
use kratom_check::app::{self, Error, ExitStatus};
use kratom_check::cli::Cli;
use kratom_check::safe_text;

// batch's workers allocate small vectors for every finding; glibc's allocator serialises them on
// its arenas and spent about a fifth of a run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match parse_arguments() {
        Ok(cli) => cli,
        Err(e) => return usage_message(&e),
    };
    if stdout_is_closed() {
        let _ = writeln!(
            io::stderr(),
            "kratom-check: standard output is closed, so the answer could not be seen"
        );
        return ExitCode::from(ExitStatus::Error as u8);
    }

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
            // Every error is printed here, once. A closed stderr must not turn it into a panic.
            let status = e.exit_status();
            let _ = writeln!(io::stderr(), "kratom-check: {e}");
            status
        }
    };
    ExitCode::from(status as u8)
}

/// The command line, parsed without clap's styles: its messages are then the plain text with
/// the typed values as typed, so [`safe_text::visible`] can show an escape sequence a person
/// typed instead of clap's styling deleting it along with its own.
fn parse_arguments() -> Result<Cli, clap::Error> {
    let matches = Cli::command().styles(Styles::plain()).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// Prints clap's message (help, version, or a usage error) with the typed values in it made
/// safe, and returns its status; help that cannot be written is an error, not a success.
fn usage_message(e: &clap::Error) -> ExitCode {
    let text = safe_text::visible(&e.render().ansi().to_string()).into_owned();
    if e.use_stderr() {
        let _ = write!(io::stderr(), "{text}");
        return ExitCode::from(ExitStatus::Error as u8);
    }
    let mut out = io::stdout().lock();
    match write!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "kratom-check: cannot write the help: {e}");
            ExitCode::from(ExitStatus::Error as u8)
        }
    }
}

/// Whether standard output was closed when the program started (`>&-`). Rust's runtime gives a
/// closed descriptor a `/dev/null` opened for reading and writing before `main` runs, so writes
/// succeed and vanish; a shell's `>/dev/null` opens it write-only, which Linux's fdinfo shows.
/// Elsewhere a closed standard output goes unnoticed.
#[cfg(target_os = "linux")]
fn stdout_is_closed() -> bool {
    use std::os::unix::fs::MetadataExt;
    const ACCESS_MODE: u32 = 0o3;
    const READ_WRITE: u32 = 0o2;
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1")
        .ok()
        .and_then(|info| {
            let flags = info.lines().find_map(|l| l.strip_prefix("flags:"))?;
            u32::from_str_radix(flags.trim(), 8).ok()
        })
        .is_some_and(|flags| flags & ACCESS_MODE == READ_WRITE);
    let on_dev_null = match (
        std::fs::metadata("/proc/self/fd/1"),
        std::fs::metadata("/dev/null"),
    ) {
        (Ok(out), Ok(null)) => out.rdev() == null.rdev() && out.ino() == null.ino(),
        _ => false,
    };
    read_write && on_dev_null
}

#[cfg(not(target_os = "linux"))]
fn stdout_is_closed() -> bool {
    false
}
