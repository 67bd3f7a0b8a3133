//! Stage 1 of kratom-check: the knowledge base. Parsing YAML (`model`), checking and compiling
//! it into the indexed form the later stages read (`compile`), and the blob the build writes
//! and a run reads in place (`blob`). Its own crate so that the tool's build script compiles
//! the base with exactly this code, built once.

pub mod blob;
#[cfg(feature = "clap")]
mod command_line_values;
mod compile;
mod diagnostics;
mod examples;
mod layer_files;
pub mod model;
mod name_slots;
pub mod names;
pub mod safe_text;
mod studied;
mod table;
mod types;
pub mod vocabulary;

pub use compile::compile;
pub use diagnostics::{KbError, Problem};
pub use examples::Example;
pub use layer_files::read_sources;
pub use model::EnzymeChoice;
pub use studied::{Member, Route, Studied};
pub use types::*;
pub use vocabulary::{
    DoseBand, Enzyme, Form, Frequency, Grade, Mechanism, NotInVocabulary, Property, Sensitivity,
    Strength, Tier,
};
