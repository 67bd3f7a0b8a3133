//! Stage 1 of kratom-check: the knowledge base. Parsing YAML (`yaml`), checking and compiling
//! it into the indexed form the later stages read (`compile`), and the blob the build writes
//! and a run reads in place (`blob`). Its own crate so that the tool's build script compiles
//! the base with exactly this code, built once.

pub mod blob;
#[cfg(feature = "clap")]
mod command_line_values;
mod compile;
mod compiled;
mod diagnostics;
mod entries;
mod examples;
mod layer_files;
mod name_slots;
pub mod names;
mod rule_index;
pub mod safe_text;
mod studied;
pub mod vocabulary;
pub mod yaml;

pub use compile::compile;
pub use compiled::*;
pub use diagnostics::{KbError, Problem};
pub use examples::Example;
pub use layer_files::read_sources;
pub use rule_index::RuleCandidates;
pub use studied::{Member, Route, Studied};
pub use vocabulary::{
    DoseBand, Enzyme, Form, Frequency, Grade, Mechanism, NotInVocabulary, Property, Sensitivity,
    Strength, Tier,
};
pub use yaml::EnzymeChoice;
