//! Compiling references, substances (with what their classes give them), products,
//! ambiguous names and red flags from their YAML definitions.

use std::collections::{BTreeMap, HashMap};

use super::classes::{MAX_ANCESTORS, ancestry_of};
use super::{Checker, Located, gather};
use crate::vocabulary::Form;
use crate::yaml::{self, KbFile};
use crate::{
    AmbiguousName, Class, ClassIdx, DefinitionKind, Fact, LayerIdx, Origin, Product, RedFlag,
    Reference, ReferenceIdx, ReplacedDefinition, Substance, SubstanceIdx,
};

impl Checker<'_> {
    /// The references, sorted by id for [`KnowledgeBase::reference`].
    pub(super) fn references(&mut self, files: &[(usize, KbFile)]) -> Vec<Reference> {
        let defs = self.overridden(gather(files, |f| &f.references), |r| &r.id, "reference");
        self.index_ids::<_, usize>(&defs, |r| &r.id, "reference");
        let mut references: Vec<Reference> = defs
            .iter()
            .map(|r| {
                if r.def.doi.is_none() && r.def.pmid.is_none() && r.def.url.is_none() {
                    self.report(
                        r.file,
                        r.def.id.referenced,
                        format!(
                            "reference `{}` has no doi, pmid or url: a reader could not find it",
                            r.def.id.value
                        ),
                    );
                }
                Reference {
                    id: r.def.id.value.clone(),
                    citation: normalised(&r.def.citation),
                    doi: r.def.doi.clone(),
                    pmid: r.def.pmid.clone(),
                    url: r.def.url.clone(),
                }
            })
            .collect();
        references.sort_by(|x, y| x.id.cmp(&y.id));
        references
    }

    pub(super) fn facts<K: Ord + Copy, L: Copy>(
        &mut self,
        file: usize,
        defs: &BTreeMap<K, yaml::Fact<L>>,
        references: &HashMap<String, ReferenceIdx>,
        origin: impl Fn(K) -> Origin,
    ) -> BTreeMap<K, Fact<L>> {
        defs.iter()
            .map(|(&key, def)| {
                self.lookup_all(file, &def.references, references, "reference");
                let fact = Fact {
                    level: def.level,
                    origin: origin(key),
                    grade: def.grade,
                    references: def.references.iter().map(|r| r.value.clone()).collect(),
                    note: def.note.clone(),
                };
                (key, fact)
            })
            .collect()
    }

    pub(super) fn substance(
        &mut self,
        located: &Located<yaml::SubstanceDef>,
        classes: &[Class],
        class_by_id: &HashMap<String, ClassIdx>,
        references: &HashMap<String, ReferenceIdx>,
    ) -> Substance {
        let def = located.def;
        let file = located.file;
        let direct = self.lookup_all(file, &def.classes, class_by_id, "class");
        let ancestry = ancestry_of(&direct, classes);
        if ancestry.len() >= MAX_ANCESTORS {
            self.report(
                file,
                def.id.referenced,
                format!(
                    "substance `{}` is in more than {MAX_ANCESTORS} classes with their ancestors",
                    def.id.value
                ),
            );
        }
        // An inherited fact is credited to the class the substance names (sertraline is
        // serotonergic "as an SSRI"), even when an ancestor of that class defines it.
        let mut properties = BTreeMap::new();
        for &named in &direct {
            for class in ancestry_of(&[named], classes) {
                for (&property, fact) in &classes[class].properties {
                    properties.entry(property).or_insert_with(|| Fact {
                        origin: Origin::Class(named),
                        ..fact.clone()
                    });
                }
            }
        }
        for excepted in &def.except_properties {
            if properties.remove(excepted).is_none() {
                self.report(
                    file,
                    def.id.referenced,
                    format!(
                        "substance `{}` lists `{excepted}` in except_properties, but none of its classes gives it",
                        def.id.value
                    ),
                );
            }
        }
        properties.extend(self.facts(file, &def.properties, references, |_| Origin::Own));
        Substance {
            id: def.id.value.clone(),
            name: def.name.clone(),
            aliases: def.aliases.iter().map(|a| a.value.clone()).collect(),
            classes: direct,
            ancestry,
            properties,
            substrate_of: self.facts(file, &def.substrate_of, references, |_| Origin::Own),
            inhibits: self.facts(file, &def.inhibits, references, |_| Origin::Own),
            induces: self.facts(file, &def.induces, references, |_| Origin::Own),
            note: def.note.clone(),
            layer: self.layer_of(file),
            replaces_earlier: located.replaces,
            stands_for: None,
        }
    }

    pub(super) fn product(
        &mut self,
        located: &Located<yaml::ProductDef>,
        substances: &HashMap<String, SubstanceIdx>,
    ) -> Product {
        let def = located.def;
        let ingredients = self.lookup_all(located.file, &def.ingredients, substances, "substance");
        // YAML spells a form exactly, as it spells every word of a vocabulary.
        let kratom_form = def.kratom_form.as_ref().and_then(|written| {
            let form = Form::ALL
                .iter()
                .copied()
                .find(|f| f.as_str() == written.value);
            if form.is_none() {
                let forms: Vec<&str> = Form::ALL.iter().map(|f| f.as_str()).collect();
                self.report(
                    located.file,
                    written.referenced,
                    format!(
                        "`{}` is not a kratom form; use one of: {}",
                        written.value,
                        forms.join(", ")
                    ),
                );
            }
            form
        });
        if def.kratom_form.is_some() {
            if ingredients.len() != 1 || substances.get("kratom") != ingredients.first() {
                self.report(
                    located.file,
                    def.id.referenced,
                    format!(
                        "product `{}` names a kratom form, so its one ingredient is `kratom`",
                        def.id.value
                    ),
                );
            }
        } else if def.ingredients.len() < 2 {
            self.report(
                located.file,
                def.id.referenced,
                format!(
                    "product `{}` needs at least two ingredients; a single-ingredient brand is an alias of that substance",
                    def.id.value
                ),
            );
        }
        Product {
            id: def.id.value.clone(),
            name: def.name.clone(),
            aliases: def.aliases.iter().map(|a| a.value.clone()).collect(),
            ingredients,
            kratom_form,
            note: def.note.clone(),
        }
    }

    pub(super) fn ambiguous_name(
        &mut self,
        located: &Located<yaml::AmbiguousNameDef>,
        substances: &HashMap<String, SubstanceIdx>,
    ) -> AmbiguousName {
        let def = located.def;
        if def.candidates.len() < 2 {
            self.report(
                located.file,
                def.name.referenced,
                format!(
                    "ambiguous name `{}` needs at least two candidates; with one it is an alias",
                    def.name.value
                ),
            );
        }
        AmbiguousName {
            name: def.name.value.clone(),
            candidates: self.lookup_all(located.file, &def.candidates, substances, "substance"),
            note: def.note.clone(),
        }
    }

    /// One red flag per mechanism; a later layer's replaces an earlier one's (and is listed in
    /// `replaced`).
    pub(super) fn red_flags(
        &mut self,
        files: &[(usize, KbFile)],
        replaced: &mut Vec<ReplacedDefinition>,
    ) -> Vec<RedFlag> {
        let mut flags: Vec<(LayerIdx, RedFlag)> = Vec::new();
        for located in gather(files, |f| &f.red_flags) {
            let def = located.def;
            let layer = self.layer_of(located.file);
            let flag = RedFlag {
                mechanism: def.mechanism.value,
                title: def.title.clone(),
                watch_for: def.watch_for.iter().map(|t| normalised(t)).collect(),
                what_to_do: def.what_to_do.iter().map(|t| normalised(t)).collect(),
            };
            match flags
                .iter()
                .position(|(_, f)| f.mechanism == flag.mechanism)
            {
                Some(i) if flags[i].0 == layer => self.report(
                    located.file,
                    def.mechanism.referenced,
                    format!("red flags for `{}` are defined twice", flag.mechanism),
                ),
                Some(i) => {
                    replaced.push(ReplacedDefinition {
                        kind: DefinitionKind::RedFlag,
                        id: flag.mechanism.to_string(),
                        layer,
                    });
                    flags[i] = (layer, flag);
                }
                None => flags.push((layer, flag)),
            }
        }
        flags.into_iter().map(|(_, flag)| flag).collect()
    }
}

/// Text with line breaks and runs of spaces folded, as YAML's folded scalars intend.
pub(super) fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
