//! The typed errors a run can end with besides I/O (which the edge reports with what was being
//! read or written), and the documented exit statuses.

use std::fmt;
use std::path::PathBuf;

use crate::kb::KbError;
use crate::safe_text::typed;
use crate::worst_case;

/// The documented exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The check ran and every input resolved.
    Success = 0,
    /// `--fail-on` was given and the overall tier reached it.
    TierReached = 1,
    /// Usage error, invalid knowledge base, input over a limit, or I/O error: every error.
    Error = 2,
    /// The check ran but at least one input did not resolve.
    Incomplete = 3,
}

#[derive(Debug)]
pub enum Error {
    KnowledgeBase(KbError),
    /// A `--kb` layer (or `KRATOM_CHECK_KB`'s) that is not there: most often a mistyped path.
    MissingLayer(PathBuf),
    /// A check over the size one run may take: exit status 2, like other bad input.
    TooLarge(worst_case::TooLarge),
    /// Arguments clap accepts but that cannot mean what was typed; the text says what to type.
    BadArguments(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::KnowledgeBase(e) => write!(f, "{e}"),
            Error::MissingLayer(path) => write!(
                f,
                "the knowledge-base layer {} given with --kb (or KRATOM_CHECK_KB) does not \
                 exist; a layer is a YAML file or a directory of them",
                typed(&path.display().to_string())
            ),
            Error::TooLarge(e) => write!(f, "{e}"),
            Error::BadArguments(message) => write!(f, "{message}"),
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
