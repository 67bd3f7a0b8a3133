//! Parses the YAML sources, checks what no type can (ids that must exist, names that must be
//! unique, classes without cycles, citations on every rule not graded E) and builds the indexed
//! knowledge base. Every problem is collected before giving up, so a maintainer fixes them in
//! one pass.
//!
//! This file holds the order of the work; each job has its own file: `parse` (limits and the
//! parser), `layers` (layering, overrides, version, digest), `ids` (id spelling and lookups),
//! `classes` (the class graph), `definitions` (substances, products, references...),
//! `name_index` (names and their collisions) and `rules` (rule checks); the rule-candidate
//! index is `crate::rule_index`.

use std::collections::HashMap;

use serde_saphyr::Location;

use super::diagnostics::{KbError, Problem};
use super::yaml::KbFile;
use super::{
    AmbiguousName, Class, ClassIdx, DefinitionKind, KnowledgeBase, Layer, NameSlots, Origin,
    Product, ProductIdx, ReferenceIdx, Rule, RuleIdx, RuleProse, Shape, Source, Substance,
    SubstanceIdx,
};
use crate::rule_index;
use crate::vocabulary::Form;

mod classes;
mod definitions;
mod ids;
mod layers;
mod name_index;
mod parse;
mod recover;
mod rules;

use classes::stand_in;
use layers::{digest, gather};
use name_index::named_entries;
pub(crate) use parse::MAX_FILE_BYTES;

/// The substance every query includes.
pub const KRATOM_ID: &str = "kratom";

/// The classes the program itself reads: corrections never reach a recreational drug or a
/// kratom product, and a class of kratom products is not a second substance beside kratom.
pub const RECREATIONAL_CLASS: &str = "recreational_drug";
pub const KRATOM_PRODUCT_CLASS: &str = "kratom_product";

/// Definitions (substances, classes, rules, products, references, ambiguous names, red flags)
/// over every file of a stack: twice a 20,000-substance base, while the names, indexes and
/// rule candidates built from them stay within a few hundred megabytes.
const MAX_DEFINITIONS: usize = 50_000;

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
    checker.count_definitions(&files)?;
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

impl KbFile {
    fn definitions(&self) -> usize {
        self.references.len()
            + self.classes.len()
            + self.substances.len()
            + self.rules.len()
            + self.products.len()
            + self.ambiguous_names.len()
            + self.red_flags.len()
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
    /// Refuses a stack of more than [`MAX_DEFINITIONS`] definitions before anything is built
    /// from them, at the file that passes the limit.
    fn count_definitions(&self, files: &[(usize, KbFile)]) -> Result<(), KbError> {
        let mut total = 0;
        for (index, file) in files {
            total += file.definitions();
            if total > MAX_DEFINITIONS {
                return Err(KbError::single(Problem::whole_file(
                    self.sources[*index].path.clone(),
                    format!(
                        "with this file the knowledge base defines over {MAX_DEFINITIONS} entries (substances, classes, rules...); a layer adds a site's few"
                    ),
                )));
            }
        }
        Ok(())
    }

    /// The ids the program looks up by name must be defined, or a feature would stop working
    /// unseen (`--form 7-oh` adding the potent opioid, corrections kept off street drugs).
    fn require_program_ids(
        &mut self,
        substances: &HashMap<String, SubstanceIdx>,
        classes: &HashMap<String, ClassIdx>,
    ) {
        let substance_ids = Form::ALL.iter().filter_map(|form| form.opioid_product_id());
        let missing_substances = substance_ids
            .filter(|id| !substances.contains_key(*id))
            .map(|id| ("substance", id));
        let missing_classes = [RECREATIONAL_CLASS, KRATOM_PRODUCT_CLASS]
            .into_iter()
            .filter(|id| !classes.contains_key(*id))
            .map(|id| ("class", id));
        let missing: Vec<(&str, &str)> = missing_substances.chain(missing_classes).collect();
        for (kind, id) in missing {
            self.missing_id(format!(
                "no {kind} has the id `{id}`, which the program relies on"
            ));
        }
    }

    /// A problem with the whole base rather than a line: an id it must define is missing.
    fn missing_id(&mut self, message: String) {
        self.add(|checker| {
            Problem::whole_file(
                checker
                    .sources
                    .first()
                    .map_or_else(|| "(no files)".to_string(), |s| s.path.clone()),
                message,
            )
        });
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
        let reference_by_id: HashMap<String, ReferenceIdx> = references
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), ReferenceIdx(i)))
            .collect();

        let class_defs = self.overridden(gather(files, |f| &f.classes), |c| &c.id, "class");
        let class_by_id: HashMap<String, ClassIdx> =
            self.index_ids(&class_defs, |c| &c.id, "class");
        let substance_defs =
            self.overridden(gather(files, |f| &f.substances), |s| &s.id, "substance");
        let substance_by_id: HashMap<String, SubstanceIdx> =
            self.index_ids(&substance_defs, |s| &s.id, "substance");

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
        self.index_ids::<_, ProductIdx>(&product_defs, |p| &p.id, "product");
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

        let named = named_entries(
            &substance_defs,
            &classes,
            &class_defs,
            &product_defs,
            &ambiguous_defs,
        );
        let names = self.name_index(named);
        let class_stand_ins = (0..classes.len())
            .map(|class| {
                substances.push(stand_in(ClassIdx(class), &classes));
                SubstanceIdx(substances.len() - 1)
            })
            .collect();

        let rule_defs = self.overridden(gather(files, |f| &f.rules), |r| &r.id, "rule");
        self.index_ids::<_, usize>(&rule_defs, |r| &r.id, "rule");
        self.check_groups_in_one_file(&rule_defs);
        let known = rules::Known {
            substance_ids: &substance_by_id,
            class_ids: &class_by_id,
            reference_ids: &reference_by_id,
            substances: &substances,
            classes: &classes,
        };
        let (rules, rule_prose): (Vec<Rule>, Vec<RuleProse>) = (rule_defs.iter().enumerate())
            .map(|(i, r)| self.rule(r, &known, RuleIdx(i)))
            .unzip();

        let mut replaced_definitions = Vec::new();
        self.replaced(
            &mut replaced_definitions,
            DefinitionKind::Class,
            &class_defs,
            |c| &c.id,
        );
        self.replaced(
            &mut replaced_definitions,
            DefinitionKind::Product,
            &product_defs,
            |p| &p.id,
        );
        self.replaced(
            &mut replaced_definitions,
            DefinitionKind::AmbiguousName,
            &ambiguous_defs,
            |a| &a.name,
        );
        let red_flags = self.red_flags(files, &mut replaced_definitions);
        let rule_candidates = rule_index::build(&rules, &substances);
        let stack_rules = rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| matches!(rule.shape, Shape::Stack { .. }))
            .map(|(i, _)| RuleIdx(i))
            .collect();

        let kratom = match substance_by_id.get(KRATOM_ID) {
            Some(&i) => i,
            // A file that did not parse may hold kratom: say nothing more until it does.
            None if files.len() < self.sources.len() => SubstanceIdx(0),
            None => {
                self.missing_id(format!(
                    "no substance has the id `{KRATOM_ID}`, which every check includes"
                ));
                SubstanceIdx(0)
            }
        };

        if files.len() == self.sources.len() {
            self.require_program_ids(&substance_by_id, &class_by_id);
        }
        let name_slots = NameSlots::build(names.iter().map(|name| name.key.as_str()));
        let longest_name_words = names
            .iter()
            .map(|name| name.spelling.split_whitespace().count())
            .max()
            .unwrap_or(1);
        let longest_key = names.iter().map(|name| name.key.len()).max().unwrap_or(0);
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
            rule_prose: rule_prose.into(),
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
            longest_name_words,
            longest_key,
            replaced_definitions,
        }
    }
}
