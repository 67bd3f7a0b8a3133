//! Stage 1: the knowledge base. Parsing YAML (`model`), checking and compiling it into the
//! indexed form the later stages read (`compile`), and the base embedded in the binary.

mod compile;
mod diagnostics;
pub mod model;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use compile::compile;
pub use diagnostics::{KbError, Problem};
pub use model::{Enzyme, EnzymeChoice, Grade, Mechanism, Property, Sensitivity, Strength, Tier};

/// One YAML text, the path it is reported under, and the layer it belongs to. Layers stack in
/// the order they first appear: a later layer adds definitions or overrides earlier ones by id
/// (a site's local policy over the built-in base); within one layer an id is defined once.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: Cow<'static, str>,
    pub layer: String,
}

/// The name of the layer the embedded knowledge base forms.
pub const BUILT_IN_LAYER: &str = "built-in";

pub type SubstanceIdx = usize;
pub type ClassIdx = usize;

/// The checked, indexed knowledge base that name resolution and the engine read.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub version: String,
    /// SHA-256 of the sources, so a report says exactly which data it came from.
    pub sha256: String,
    pub substances: Vec<Substance>,
    pub classes: Vec<Class>,
    pub rules: Vec<Rule>,
    pub references: Vec<Reference>,
    /// Layer names, lowest first; `Substance::layer` and `Rule::layer` index it.
    pub layers: Vec<String>,
    pub kratom: SubstanceIdx,
    reference_by_id: HashMap<String, usize>,
}

#[derive(Debug)]
pub struct Class {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub parents: Vec<ClassIdx>,
    pub properties: BTreeMap<Property, Fact<Strength>>,
}

#[derive(Debug)]
pub struct Substance {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Classes named in the substance's entry.
    pub classes: Vec<ClassIdx>,
    /// Those classes and all their ancestors, nearest first.
    pub ancestry: Vec<ClassIdx>,
    /// Own properties and inherited ones, minus declared exceptions.
    pub properties: BTreeMap<Property, Fact<Strength>>,
    pub substrate_of: BTreeMap<Enzyme, Fact<Sensitivity>>,
    pub inhibits: BTreeMap<Enzyme, Fact<Strength>>,
    pub induces: BTreeMap<Enzyme, Fact<Strength>>,
    pub note: Option<String>,
    pub layer: usize,
}

/// Where a substance's fact came from: its own entry or a class it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Own,
    Class(ClassIdx),
}

#[derive(Debug, Clone)]
pub struct Fact<L> {
    pub level: L,
    pub origin: Origin,
    pub grade: Option<Grade>,
    pub references: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub tier: Tier,
    pub group: Option<String>,
    pub mechanisms: Vec<Mechanism>,
    pub a: Condition,
    pub b: Condition,
    pub explanation: String,
    pub advice: Vec<String>,
    pub grade: Grade,
    pub summary: String,
    pub references: Vec<String>,
    pub layer: usize,
}

impl Rule {
    /// Whether a side says `any` enzyme, so both sides must meet at one enzyme.
    pub fn binds_enzyme(&self) -> bool {
        [&self.a, &self.b]
            .iter()
            .any(|c| [c.inhibits, c.induces, c.substrate_of].contains(&Some(EnzymeChoice::Any)))
    }
}

/// One side of a rule, with ids resolved to indices.
#[derive(Debug)]
pub struct Condition {
    pub substance: Option<SubstanceIdx>,
    pub class: Option<ClassIdx>,
    pub property: Option<Property>,
    pub inhibits: Option<EnzymeChoice>,
    pub induces: Option<EnzymeChoice>,
    pub substrate_of: Option<EnzymeChoice>,
    pub min_strength: Strength,
    pub sensitivity: Option<Vec<Sensitivity>>,
}

#[derive(Debug)]
pub struct Reference {
    pub id: String,
    pub citation: String,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
}

impl KnowledgeBase {
    pub fn reference(&self, id: &str) -> Option<&Reference> {
        self.reference_by_id.get(id).map(|&i| &self.references[i])
    }
}

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

pub fn load_embedded() -> Result<KnowledgeBase, KbError> {
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
