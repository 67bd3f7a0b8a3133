//! The program's edge: the command line's arguments, running one invocation, what it prints on
//! stderr besides the answer, the errors and exit statuses, and the generated help (completions,
//! manual page, JSON schemas). The stages it wires (kb, resolve, check, report, batch) know
//! nothing of it.

pub mod api;
pub mod app;
mod args;
pub mod completions;
pub mod error;
pub mod manual;
pub mod messages;
pub mod schemas;
pub mod terminal;

pub use args::{
    BatchFormat, Cli, ColorChoice, Command, ENVIRONMENT, EXAMPLES, EXIT_STATUS_ORDER,
    EXIT_STATUSES, KbCommand, KratomUse, MatrixFormat, Shell, parse, showing_options_read,
};
pub use error::{Error, ExitStatus};
