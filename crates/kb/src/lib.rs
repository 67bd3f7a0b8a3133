//! Stage 1 of kratom-check: the knowledge base. The YAML schema (`yaml`), the closed
//! vocabularies with their one parser (`vocabulary`), checking and compiling the YAML
//! (`compile`) into the indexed model the later stages read (`compiled`, with the rule-candidate
//! index in `rule_index`), and the blob the build writes and a run reads in place (`blob`). Its
//! own crate so that the tool's build script compiles the base with exactly the loader the tool
//! runs, from one source.

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

pub use compile::{KRATOM_PRODUCT_CLASS, RECREATIONAL_CLASS, compile};
pub use compiled::*;
pub use diagnostics::{KbError, Problem};
pub use examples::Example;
pub use layer_files::{STACK_BYTES, read_stack};
pub use rule_index::RuleCandidates;
pub use studied::{Member, Route, Studied};
pub use vocabulary::{
    DoseBand, Enzyme, Form, Frequency, Grade, Mechanism, NotInVocabulary, Property, Sensitivity,
    Strength, Tier,
};
pub use yaml::EnzymeChoice;
