//! kratom-check: what happens when kratom is combined with other substances.
//!
//! The data flows one way, one module per stage: [`kb`] loads and checks the knowledge base,
//! [`resolve`] turns typed names into substances, [`engine`] evaluates the rules ([`check`] runs
//! resolve's output through it), and [`report`] prints the outcome; [`batch`] checks many
//! combinations, and [`rule_examples`] runs the examples each rule carries. [`cli`] is the
//! program's edge: its arguments, running one invocation, its errors and messages.

pub mod batch;
pub mod check;
pub mod cli;
pub mod context;
pub mod engine;
pub mod kb;
pub mod report;
pub mod resolve;
pub mod rule_examples;
pub mod worst_case;

/// Shared with the knowledge-base crate, which normalises names and refuses unsafe text too.
pub use kratom_kb::{names, safe_text};
