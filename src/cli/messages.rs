//! What the program says on stderr besides its answer: notes during a run, and the one error
//! that ends it, each a line that starts with the program's name. A closed or full stderr is
//! not a failure of the run: what cannot be said there is dropped.

use std::fmt::Display;
use std::io::{self, Write};

/// A note beside the answer (a name not recognised, a search that found nothing).
pub fn note(text: impl Display) {
    let _ = writeln!(io::stderr(), "kratom-check: {text}");
}

/// A line of its own, without the program's name (batch's summary).
pub fn line(text: impl Display) {
    let _ = writeln!(io::stderr(), "{text}");
}

/// Text that is whole already, its line ends included (clap's usage errors).
pub fn text(text: &str) {
    let _ = write!(io::stderr(), "{text}");
}

/// The error that ends the run: what was being done, then why it failed, each cause after a
/// colon.
pub fn error(e: &anyhow::Error) {
    note(format_args!("{e:#}"));
}
