//! Parses the YAML sources, checks what no type can (ids that must exist, names that must be
//! unique, classes without cycles, citations on every rule not graded E) and builds the indexed
//! knowledge base. Every problem is collected before giving up, so a maintainer fixes them in
//! one pass.

use std::collections::{BTreeMap, HashMap};

use serde_saphyr::{Location, Spanned};
use sha2::{Digest, Sha256};

use super::diagnostics::{KbError, Problem};
use super::vocabulary::Form;
use super::yaml::{self, KbFile};
use super::{
    AmbiguousName, Class, Fact, IndexedName, KnowledgeBase, Layer, NameSlots, NameTarget, Origin,
    Product, RedFlag, Reference, Rule, Shape, Source, Substance,
};
use crate::{names, rule_index, safe_text};

mod classes;
mod rules;

use classes::{MAX_ANCESTORS, ancestry_of, stand_in};

/// The substance every query includes.
pub const KRATOM_ID: &str = "kratom";

/// Files larger than this are refused before parsing: no knowledge-base file comes near it,
/// and it bounds the memory a hostile file can claim.
pub(super) const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Problems described in full; the rest are counted. A hundred is more than anyone fixes in
/// one pass, and describing each one costs a search of its file.
const MAX_PROBLEMS: usize = 100;

pub fn compile(sources: &[Source]) -> Result<KnowledgeBase, KbError> {
    let mut layers: Vec<String> = Vec::new();
    for source in sources {
        if !layers.contains(&source.layer) {
            layers.push(source.layer.clone());
        }
    }
    let mut checker = Checker {
        sources,
        layers,
        problems: Vec::new(),
        unshown: 0,
    };
    let files: Vec<(usize, KbFile)> = sources
        .iter()
        .enumerate()
        .filter_map(|(i, source)| checker.parse(i, source).map(|file| (i, file)))
        .collect();
    let kb = checker.build(&files);
    if checker.problems.is_empty() {
        Ok(kb)
    } else {
        Err(KbError {
            problems: checker.problems,
            unshown: checker.unshown,
        })
    }
}

struct Checker<'s> {
    sources: &'s [Source],
    layers: Vec<String>,
    problems: Vec<Problem>,
    /// Problems found after [`MAX_PROBLEMS`]: counted, not described.
    unshown: usize,
}

/// A definition's id with the file it came from, for locating later problems.
struct Located<'f, T> {
    file: usize,
    def: &'f T,
    /// Whether this definition replaced one of the same id from an earlier layer.
    replaces: bool,
}

impl<'s> Checker<'s> {
    fn layer_of(&self, file: usize) -> usize {
        let name = &self.sources[file].layer;
        self.layers
            .iter()
            .position(|layer| layer == name)
            .expect("every source's layer is listed")
    }

    /// Keeps one definition per id: a later layer's replaces an earlier layer's in place (so an
    /// overriding rule keeps its rank in its group), and a second one in the same layer is an
    /// error.
    fn overridden<'f, T>(
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

    fn parse(&mut self, index: usize, source: &Source) -> Option<KbFile> {
        if source.text.len() > MAX_FILE_BYTES {
            self.add(|_| {
                Problem::whole_file(
                    source.path.clone(),
                    format!(
                        "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                        source.text.len()
                    ),
                )
            });
            return None;
        }
        if let Some((offset, what)) = safe_text::first_unsafe_in_yaml(&source.text) {
            self.add(|_| {
                Problem::at_offset(
                    &source.path,
                    &source.text,
                    offset,
                    format!("{what}: a terminal would act on it instead of showing it"),
                )
            });
            return None;
        }
        match serde_saphyr::from_str_with_options::<Option<KbFile>>(&source.text, parse_options()) {
            Ok(file) => Some(file.unwrap_or_default()),
            Err(err) => {
                let message = err.without_snippet().to_string();
                self.add(|checker| {
                    Problem::at(
                        &checker.sources[index].path,
                        &source.text,
                        err.location(),
                        first_line(&message),
                    )
                });
                None
            }
        }
    }

    /// Records a problem, described only while fewer than [`MAX_PROBLEMS`] are: past that it
    /// is counted, so a file of a hundred thousand errors costs no more to report than the
    /// first hundred (describing one quotes its line, which means finding it in the file).
    fn add(&mut self, describe: impl FnOnce(&Self) -> Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            let problem = describe(self);
            self.problems.push(problem);
        } else {
            self.unshown += 1;
        }
    }

    fn report(&mut self, file: usize, location: Location, message: String) {
        self.add(|checker| {
            let source = &checker.sources[file];
            Problem::at(&source.path, &source.text, Some(location), message)
        });
    }

    fn build(&mut self, files: &[(usize, KbFile)]) -> KnowledgeBase {
        let version = self.version(files);
        let references = self.references(files);
        let reference_by_id: HashMap<String, usize> = references
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();

        let class_defs = self.overridden(gather(files, |f| &f.classes), |c| &c.id, "class");
        let class_by_id = self.index_ids(&class_defs, |c| &c.id, "class");
        let substance_defs =
            self.overridden(gather(files, |f| &f.substances), |s| &s.id, "substance");
        let substance_by_id = self.index_ids(&substance_defs, |s| &s.id, "substance");

        let classes: Vec<Class> = class_defs
            .iter()
            .map(|c| Class {
                id: c.def.id.value.clone(),
                name: c.def.name.clone(),
                aliases: c.def.aliases.clone(),
                parents: self.lookup_all(c.file, &c.def.parents, &class_by_id, "class"),
                properties: self
                    .facts(c.file, &c.def.properties, &reference_by_id, |_| Origin::Own),
            })
            .collect();
        self.check_class_ancestry(&class_defs, &classes);

        let mut substances: Vec<Substance> = substance_defs
            .iter()
            .map(|s| self.substance(s, &classes, &class_by_id, &reference_by_id))
            .collect();
        let product_defs = self.overridden(gather(files, |f| &f.products), |p| &p.id, "product");
        self.index_ids(&product_defs, |p| &p.id, "product");
        let products: Vec<Product> = product_defs
            .iter()
            .map(|p| self.product(p, &substance_by_id))
            .collect();
        // A later layer may redefine an ambiguous name, as it may a substance.
        let ambiguous_defs = self.overridden(
            gather(files, |f| &f.ambiguous_names),
            |a| &a.name,
            "ambiguous name",
        );
        let ambiguous_names: Vec<AmbiguousName> = ambiguous_defs
            .iter()
            .map(|a| self.ambiguous_name(a, &substance_by_id))
            .collect();

        let mut named = Vec::new();
        for (i, located) in substance_defs.iter().enumerate() {
            let def = located.def;
            let owner = format!("substance `{}`", def.id.value);
            let entry = |name: &str, location, target| NamedEntry {
                name: name.to_string(),
                file: located.file,
                location,
                target,
                owner: owner.clone(),
            };
            named.push(entry(
                &def.id.value,
                def.id.referenced,
                NameTarget::SubstanceName(i),
            ));
            named.push(entry(
                &def.name,
                def.id.referenced,
                NameTarget::SubstanceName(i),
            ));
            for alias in &def.aliases {
                named.push(entry(
                    &alias.value,
                    alias.referenced,
                    NameTarget::SubstanceAlias(i),
                ));
            }
        }
        for (i, (class, located)) in classes.iter().zip(&class_defs).enumerate() {
            for name in [&class.id, &class.name].into_iter().chain(&class.aliases) {
                named.push(NamedEntry {
                    name: name.clone(),
                    file: located.file,
                    location: located.def.id.referenced,
                    target: NameTarget::Class(i),
                    owner: format!("class `{}`", class.id),
                });
            }
        }
        for (i, located) in product_defs.iter().enumerate() {
            let def = located.def;
            let names = [
                (&def.id.value, def.id.referenced),
                (&def.name, def.id.referenced),
            ]
            .into_iter()
            .chain(def.aliases.iter().map(|a| (&a.value, a.referenced)));
            for (name, location) in names {
                named.push(NamedEntry {
                    name: name.clone(),
                    file: located.file,
                    location,
                    target: NameTarget::Product(i),
                    owner: format!("product `{}`", def.id.value),
                });
            }
        }
        for (i, located) in ambiguous_defs.iter().enumerate() {
            named.push(NamedEntry {
                name: located.def.name.value.clone(),
                file: located.file,
                location: located.def.name.referenced,
                target: NameTarget::Ambiguous(i),
                owner: "an ambiguous name".to_string(),
            });
        }
        let names = self.name_index(named);
        let class_stand_ins = (0..classes.len())
            .map(|class| {
                substances.push(stand_in(class, &classes));
                substances.len() - 1
            })
            .collect();

        let rule_defs = self.overridden(gather(files, |f| &f.rules), |r| &r.id, "rule");
        self.index_ids(&rule_defs, |r| &r.id, "rule");
        let known = rules::Known {
            substance_ids: &substance_by_id,
            class_ids: &class_by_id,
            reference_ids: &reference_by_id,
            substances: &substances,
            classes: &classes,
        };
        let rules: Vec<Rule> = rule_defs.iter().map(|r| self.rule(r, &known)).collect();

        let red_flags = self.red_flags(files);
        let rule_candidates = rule_index::build(&rules, &substances);
        let stack_rules = rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| matches!(rule.shape, Shape::Stack { .. }))
            .map(|(i, _)| i)
            .collect();

        let kratom = match substance_by_id.get(KRATOM_ID) {
            Some(&i) => i,
            // A file that did not parse may hold kratom: say nothing more until it does.
            None if files.len() < self.sources.len() => 0,
            None => {
                self.add(|checker| {
                    Problem::whole_file(
                        checker
                            .sources
                            .first()
                            .map_or_else(|| "(no files)".to_string(), |s| s.path.clone()),
                        format!(
                            "no substance has the id `{KRATOM_ID}`, which every check includes"
                        ),
                    )
                });
                0
            }
        };

        let name_slots = NameSlots::build(names.iter().map(|name| name.key.as_str()));
        KnowledgeBase {
            version,
            sha256: digest(self.sources),
            layers: self
                .layers
                .iter()
                .map(|name| Layer {
                    name: name.clone(),
                    sha256: digest(self.sources.iter().filter(|s| s.layer == *name)),
                })
                .collect(),
            substances: substances.into(),
            classes: classes.into(),
            rules: rules.into(),
            references: references.into(),
            kratom,
            products: products.into(),
            ambiguous_names: ambiguous_names.into(),
            names: names.into(),
            name_slots,
            class_stand_ins,
            red_flags: red_flags.into(),
            rule_candidates: rule_candidates.into(),
            stack_rules,
        }
    }

    /// One red flag per mechanism; a later layer's replaces an earlier one's.
    fn red_flags(&mut self, files: &[(usize, KbFile)]) -> Vec<RedFlag> {
        let mut flags: Vec<(usize, RedFlag)> = Vec::new();
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
                Some(i) => flags[i] = (layer, flag),
                None => flags.push((layer, flag)),
            }
        }
        flags.into_iter().map(|(_, flag)| flag).collect()
    }

    fn product(
        &mut self,
        located: &Located<yaml::ProductDef>,
        substances: &HashMap<String, usize>,
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

    fn ambiguous_name(
        &mut self,
        located: &Located<yaml::AmbiguousNameDef>,
        substances: &HashMap<String, usize>,
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

    fn version(&mut self, files: &[(usize, KbFile)]) -> String {
        let mut version: Option<(usize, String)> = None;
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

    /// The references, sorted by id for [`KnowledgeBase::reference`].
    fn references(&mut self, files: &[(usize, KbFile)]) -> Vec<Reference> {
        let defs = self.overridden(gather(files, |f| &f.references), |r| &r.id, "reference");
        self.index_ids(&defs, |r| &r.id, "reference");
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

    /// Maps ids to positions, reporting ids that are not well formed.
    fn index_ids<T>(
        &mut self,
        defs: &[Located<T>],
        id_of: impl Fn(&T) -> &Spanned<String>,
        kind: &str,
    ) -> HashMap<String, usize> {
        let mut index = HashMap::new();
        for (i, located) in defs.iter().enumerate() {
            let id = id_of(located.def);
            if !is_valid_id(&id.value, kind) {
                self.report(
                    located.file,
                    id.referenced,
                    format!(
                        "{kind} id `{}` must be lower case letters, digits and {}",
                        id.value,
                        if kind == "rule" || kind == "reference" {
                            "hyphens"
                        } else {
                            "underscores, starting with a letter"
                        }
                    ),
                );
            }
            index.insert(id.value.clone(), i);
        }
        index
    }

    fn lookup(
        &mut self,
        file: usize,
        id: &Spanned<String>,
        index: &HashMap<String, usize>,
        kind: &str,
    ) -> Option<usize> {
        let found = index.get(&id.value).copied();
        if found.is_none() {
            let hint = closest(&id.value, index.keys())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            self.report(
                file,
                id.referenced,
                format!("unknown {kind} `{}`{hint}", id.value),
            );
        }
        found
    }

    fn lookup_all(
        &mut self,
        file: usize,
        ids: &[Spanned<String>],
        index: &HashMap<String, usize>,
        kind: &str,
    ) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| self.lookup(file, id, index, kind))
            .collect()
    }

    fn facts<K: Ord + Copy, L: Copy>(
        &mut self,
        file: usize,
        defs: &BTreeMap<K, yaml::Fact<L>>,
        references: &HashMap<String, usize>,
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

    fn substance(
        &mut self,
        located: &Located<yaml::SubstanceDef>,
        classes: &[Class],
        class_by_id: &HashMap<String, usize>,
        references: &HashMap<String, usize>,
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

    /// Indexes every name by its key. A name that leads to two different things would make
    /// resolution a guess, so it is an error unless declared in `ambiguous_names`.
    fn name_index(&mut self, named: Vec<NamedEntry>) -> Vec<IndexedName> {
        let mut index: HashMap<String, (IndexedName, String)> = HashMap::new();
        for entry in named {
            let key = names::key(&entry.name);
            if key.is_empty() {
                self.report(
                    entry.file,
                    entry.location,
                    format!("name `{}` has no letters or digits", entry.name),
                );
                continue;
            }
            match index.get_mut(&key) {
                Some((indexed, _)) if indexed.target.same_thing(entry.target) => {
                    // A display name outranks an alias of the same substance.
                    if matches!(entry.target, NameTarget::SubstanceName(_)) {
                        indexed.target = entry.target;
                    }
                }
                Some((_, owner)) => {
                    let message = format!(
                        "name `{}` of {} already names {owner}; if it really means both, list it under `ambiguous_names` instead",
                        entry.name, entry.owner
                    );
                    self.report(entry.file, entry.location, message);
                }
                None => {
                    let indexed = IndexedName {
                        characters: names::character_set(&key),
                        key: key.clone(),
                        spelling: entry.name,
                        target: entry.target,
                    };
                    index.insert(key, (indexed, entry.owner));
                }
            }
        }
        let mut sorted: Vec<IndexedName> = index.into_values().map(|(name, _)| name).collect();
        sorted.sort_by(|a, b| a.key.cmp(&b.key));
        sorted
    }
}

fn gather<'f, T>(
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

/// The parser's limits, scaled to the file-size cap: a large but honest base (a 20,000-substance
/// file has about a million nodes) parses, while the alias and nesting limits that stop
/// hostile files keep their defaults.
fn parse_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_FILE_BYTES / 2;
    budget.max_events = MAX_FILE_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// A name waiting to be indexed, with where it was written and what it names.
struct NamedEntry {
    name: String,
    file: usize,
    location: Location,
    target: NameTarget,
    /// How an error message refers to the owner ("substance `x`").
    owner: String,
}

fn is_valid_id(id: &str, kind: &str) -> bool {
    let separator = if kind == "rule" || kind == "reference" {
        '-'
    } else {
        '_'
    };
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == separator)
}

fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    candidates
        .map(|c| (names::edit_distance(wanted, c), c))
        .filter(|(distance, _)| *distance <= 3)
        .min()
        .map(|(_, c)| c)
}

/// Text with line breaks and runs of spaces folded, as YAML's folded scalars intend.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parser's message without its own location suffix, which the problem shows already.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = match line.rfind(" at line ") {
        Some(at) => &line[..at],
        None => line,
    };
    // The parser's advice on its own options means nothing to a maintainer.
    match line
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        Some(key) => format!("duplicate key `{key}`: it is given twice here; keep one"),
        None => line.to_string(),
    }
}

fn digest<'a>(sources: impl IntoIterator<Item = &'a Source>) -> String {
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
