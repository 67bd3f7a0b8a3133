//! kratom-check: what happens when kratom is combined with other substances.
//!
//! The data flows one way, one module per stage: [`kb`] loads and checks the knowledge base,
//! [`resolve`] turns typed names into substances, [`engine`] evaluates the rules ([`check`] runs resolve's output through it), and
//! [`report`] prints the outcome; [`rule_examples`] runs the examples each rule carries. [`app`] wires them for the command line defined in [`cli`].

pub mod api;
pub mod app;
pub mod batch;
pub mod check;
pub mod cli;
pub mod completions;
pub mod context;
pub mod engine;
pub mod error;
pub mod kb;
pub mod manual;
pub mod report;
pub mod resolve;
pub mod rule_examples;
pub mod schemas;
pub mod terminal;
pub mod worst_case;

/// Shared with the knowledge-base crate, which normalises names and refuses unsafe text too.
pub use kratom_kb::{names, safe_text};
