//! Stage 1: the knowledge base, compiled by the `kratom_kb` crate (re-exported here whole, so
//! the stage is `crate::kb`), and the base this binary embeds.

use std::borrow::Cow;

pub use kratom_kb::*;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));
}

/// The version of the knowledge base compiled into the binary, for `--version`.
pub const EMBEDDED_VERSION: &str = embedded::VERSION;

/// The knowledge base compiled into the binary from `data/`.
pub fn embedded_sources() -> Vec<Source> {
    embedded::FILES
        .iter()
        .map(|(path, text)| Source {
            path: format!("data/{path}"),
            text: Cow::Borrowed(text),
            layer: BUILT_IN_LAYER.to_string(),
        })
        .collect()
}

/// The knowledge base compiled at build time: read in place from the binary, not parsed.
pub fn load_embedded() -> Result<KnowledgeBase, KbError> {
    static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kb.blob"));
    blob::decode(COMPILED).map_err(|blob::Malformed(what)| {
        KbError::single(Problem::whole_file(
            "(built-in knowledge base)".to_string(),
            format!("cannot be read ({what}); rebuild kratom-check"),
        ))
    })
}

/// Compiles the built-in base from its YAML, as the build did: what `kb validate` checks.
pub fn compile_embedded() -> Result<KnowledgeBase, KbError> {
    compile(&embedded_sources())
}
