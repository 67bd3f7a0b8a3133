//! Stage 1: the knowledge base. Parsing YAML (`model`), checking and compiling it into the
//! indexed form the later stages read (`compile`), and the base embedded in the binary.

pub mod blob;
mod compile;
mod diagnostics;
mod examples;
pub mod model;
mod name_slots;
mod studied;
mod table;
mod types;

use std::borrow::Cow;
use std::path::Path;

pub use compile::compile;
pub use diagnostics::{KbError, Problem};
pub use examples::Example;
pub use model::{
    DoseBand, Enzyme, EnzymeChoice, Frequency, Grade, Mechanism, Property, Sensitivity, Strength,
    Tier,
};
pub use studied::{Member, Route, Studied};
pub use types::*;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));
}

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

/// Reads a knowledge-base layer from a YAML file or from every `*.yaml` file below a
/// directory; the layer is named after `path`.
pub fn read_sources(path: &Path) -> Result<Vec<Source>, KbError> {
    let layer = path.display().to_string();
    let mut files = Vec::new();
    collect_yaml_files(path, &mut files)?;
    if files.is_empty() {
        return Err(KbError::single(Problem::whole_file(
            path.display().to_string(),
            "no `.yaml` or `.yml` files found here".to_string(),
        )));
    }
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                KbError::single(Problem::whole_file(
                    file.display().to_string(),
                    format!("cannot read: {e}"),
                ))
            })?;
            Ok(Source {
                path: file.display().to_string(),
                text: Cow::Owned(text),
                layer: layer.clone(),
            })
        })
        .collect()
}

fn collect_yaml_files(path: &Path, files: &mut Vec<std::path::PathBuf>) -> Result<(), KbError> {
    let unreadable = |e: std::io::Error| {
        KbError::single(Problem::whole_file(
            path.display().to_string(),
            format!("cannot read: {e}"),
        ))
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path).map_err(unreadable)? {
        let entry_path = entry.map_err(unreadable)?.path();
        if entry_path.is_dir() {
            collect_yaml_files(&entry_path, files)?;
        } else if entry_path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            files.push(entry_path);
        }
    }
    Ok(())
}
