//! The one error type of a run, and the documented exit statuses it maps to; `main` prints
//! every error in one place.

use std::fmt;
use std::io;

use crate::kb::KbError;
use crate::worst_case;

/// The documented exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The check ran and every input resolved.
    Success = 0,
    /// `--fail-on` was given and the overall tier reached it.
    TierReached = 1,
    /// Usage error, invalid knowledge base, input over a limit, or I/O error.
    Error = 2,
    /// The check ran but at least one input did not resolve.
    Incomplete = 3,
}

#[derive(Debug)]
pub enum Error {
    KnowledgeBase(KbError),
    Io(io::Error),
    /// A check over the size one run may take: exit status 2, like other bad input.
    TooLarge(worst_case::TooLarge),
    /// Arguments clap accepts but that cannot mean what was typed; the text says what to type.
    Usage(String),
}

impl Error {
    /// Every error ends the run with status 2 (see the README's exit-status contract).
    pub fn exit_status(&self) -> ExitStatus {
        ExitStatus::Error
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::KnowledgeBase(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "{e}"),
            Error::TooLarge(e) => write!(f, "{e}"),
            Error::Usage(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<KbError> for Error {
    fn from(e: KbError) -> Self {
        Error::KnowledgeBase(e)
    }
}

impl From<worst_case::TooLarge> for Error {
    fn from(e: worst_case::TooLarge) -> Self {
        Error::TooLarge(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}
