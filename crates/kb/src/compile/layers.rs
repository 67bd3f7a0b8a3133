//! Layers: which layer a file belongs to, a later layer's definition replacing an earlier
//! one's by id, the version, and each layer's digest.

use std::collections::HashMap;

use serde_saphyr::Spanned;
use sha2::{Digest, Sha256};

use super::{Checker, Located};
use crate::diagnostics::Problem;
use crate::yaml::KbFile;
use crate::{DefinitionKind, LayerIdx, ReplacedDefinition, Source};

impl Checker<'_> {
    pub(super) fn layer_of(&self, file: usize) -> LayerIdx {
        let name = &self.sources[file].layer;
        LayerIdx(
            self.layers
                .iter()
                .position(|layer| layer == name)
                .expect("every source's layer is listed"),
        )
    }

    /// Keeps one definition per id: a later layer's replaces an earlier layer's in place (so an
    /// overriding rule keeps its rank in its group), and a second one in the same layer is an
    /// error.
    pub(super) fn overridden<'f, T>(
        &mut self,
        defs: Vec<Located<'f, T>>,
        id_of: impl Fn(&T) -> &Spanned<String>,
        kind: &str,
    ) -> Vec<Located<'f, T>> {
        let mut kept: Vec<Located<'f, T>> = Vec::with_capacity(defs.len());
        let mut position: HashMap<&'f str, usize> = HashMap::new();
        for located in defs {
            let id: &'f Spanned<String> = id_of(located.def);
            match position.get(id.value.as_str()) {
                Some(&i) if self.layer_of(kept[i].file) == self.layer_of(located.file) => {
                    self.report(
                        located.file,
                        id.referenced,
                        format!("{kind} `{}` is defined twice", id.value),
                    );
                }
                Some(&i) => {
                    kept[i] = Located {
                        replaces: true,
                        ..located
                    }
                }
                None => {
                    position.insert(id.value.as_str(), kept.len());
                    kept.push(located);
                }
            }
        }
        kept
    }

    /// Lists the definitions among `defs` that replaced an earlier layer's.
    pub(super) fn replaced<T>(
        &self,
        replaced: &mut Vec<ReplacedDefinition>,
        kind: DefinitionKind,
        defs: &[Located<'_, T>],
        id_of: impl Fn(&T) -> &Spanned<String>,
    ) {
        replaced.extend(
            defs.iter()
                .filter(|d| d.replaces)
                .map(|d| ReplacedDefinition {
                    kind,
                    id: id_of(d.def).value.clone(),
                    layer: self.layer_of(d.file),
                }),
        );
    }

    pub(super) fn version(&mut self, files: &[(usize, KbFile)]) -> String {
        let mut version: Option<(LayerIdx, String)> = None;
        for (file, kb_file) in files {
            if let Some(meta) = &kb_file.meta {
                let layer = self.layer_of(*file);
                if version.as_ref().is_some_and(|(seen, _)| *seen == layer) {
                    self.add(|_| {
                        Problem::whole_file(
                            self.sources[*file].path.clone(),
                            "a second `meta` section: one file per layer gives the version"
                                .to_string(),
                        )
                    });
                }
                version = Some((layer, meta.version.clone()));
            }
        }
        version.map_or_else(|| "unversioned".to_string(), |(_, v)| v)
    }
}

pub(super) fn gather<'f, T>(
    files: &'f [(usize, KbFile)],
    section: impl Fn(&'f KbFile) -> &'f Vec<T>,
) -> Vec<Located<'f, T>> {
    files
        .iter()
        .flat_map(|(file, kb_file)| {
            section(kb_file).iter().map(move |def| Located {
                file: *file,
                def,
                replaces: false,
            })
        })
        .collect()
}

pub(super) fn digest<'a>(sources: impl IntoIterator<Item = &'a Source>) -> String {
    let mut hasher = Sha256::new();
    for source in sources {
        hasher.update(source.path.as_bytes());
        hasher.update([0]);
        hasher.update(source.text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
