use std::io::{self, BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory;
use kratom_check::cli::{Cli, ExitStatus, app, messages};
use kratom_check::safe_text;

// glibc's allocator serves a check without a start-up cost and `batch` about as fast as
// mimalloc (docs/PERFORMANCE.md); musl's, in the static build, serialises `batch`'s workers,
// so that build pays mimalloc's start-up for its throughput.
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match kratom_check::cli::parse() {
        Ok(cli) => cli,
        Err(e) => return usage_message(&e),
    };
    if stdout_is_closed() {
        messages::note("standard output is closed, so the answer could not be seen");
        return ExitCode::from(ExitStatus::Error as u8);
    }

    // Standard output is line-buffered; a report of hundreds of lines is written in a few
    // system calls instead.
    let mut out = BufWriter::new(io::stdout().lock());
    let result = app::run(&cli, &mut out).and_then(|status| {
        out.flush().context("writing to standard output")?;
        Ok(status)
    });
    let status = match result {
        Ok(status) => status,
        // The reader stopped reading (`| head`): what it wanted, it got.
        Err(e) if is_broken_pipe(&e) => ExitStatus::Success,
        Err(e) => {
            // Every error that ends a run is printed here, once.
            messages::error(&e);
            ExitStatus::Error
        }
    };
    ExitCode::from(status as u8)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == ErrorKind::BrokenPipe)
}

/// Prints clap's message (help, version, or a usage error) with the typed values in it made
/// safe, and returns its status; help that cannot be written is an error, not a success.
fn usage_message(e: &clap::Error) -> ExitCode {
    if let Some(variable) = empty_variable(e) {
        messages::note(format_args!(
            "the environment variable {variable} is set but empty; give it a knowledge-base \
             layer (a YAML file or directory) or unset it"
        ));
        return ExitCode::from(ExitStatus::Error as u8);
    }
    let text = safe_text::visible(&e.render().ansi().to_string()).into_owned();
    if e.use_stderr() {
        messages::text(&text);
        return ExitCode::from(ExitStatus::Error as u8);
    }
    let mut out = io::stdout().lock();
    match write!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            messages::error(&anyhow::Error::new(e).context("writing the help to standard output"));
            ExitCode::from(ExitStatus::Error as u8)
        }
    }
}

/// The environment variable that gave an option its empty value, when that is clap's error:
/// clap says only that the option (`--kb`) needs a value, which was never typed.
fn empty_variable(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let (
        ErrorKind::InvalidValue,
        Some(ContextValue::String(value)),
        Some(ContextValue::String(option)),
    ) = (
        e.kind(),
        e.get(ContextKind::InvalidValue),
        e.get(ContextKind::InvalidArg),
    )
    else {
        return None;
    };
    // `option` is written as usage writes it: `--kb <PATH>`.
    let long = option.split(' ').next()?;
    let typed = std::env::args_os().skip(1).any(|word| {
        word.to_str()
            .is_some_and(|word| word == long || word.starts_with(&format!("{long}=")))
    });
    let command = Cli::command();
    let variable = command
        .get_arguments()
        .find(|arg| {
            arg.get_long()
                .is_some_and(|name| long == format!("--{name}"))
        })?
        .get_env()?;
    let empty = std::env::var_os(variable).is_some_and(|value| value.is_empty());
    (value.is_empty() && empty && !typed).then(|| variable.to_string_lossy().into_owned())
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
