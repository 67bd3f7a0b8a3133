//! Stage 2: turning what a person typed into knowledge-base substances.
//!
//! A name resolves when its normalised key is a substance's id, name or alias, a class name
//! or an ambiguous name (each stands for several substances and is judged at the most severe
//! of them, see [`crate::worst_case`]) or a combination product (every ingredient). Names as
//! labels write them ("sertraline 50 mg tablets") are read with their label words set aside
//! (`label`). A misspelling is corrected only when exactly one substance is close enough and
//! the correction cannot turn one drug into another (`correction`); it is announced. Anything
//! else is reported unresolved with suggestions, so a near miss is never silently replaced by
//! another drug.

mod correction;
pub mod label;
mod sieve;
mod suggest;
mod words;

use std::sync::OnceLock;

use serde::Serialize;

use crate::kb::{Form, IndexedName, KnowledgeBase, NameTarget, ProductIdx, SubstanceIdx};
use crate::names;
use correction::CorrectionGuard;
use label::LabelWord;
use sieve::NameSieve;
use suggest::MAX_NAMES_SUGGESTED_FOR;

/// How an input matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The substance's id or display name.
    Name,
    /// A brand name, synonym, abbreviation or street name.
    Alias,
    /// A class name: the input is judged as any member of the class.
    Class,
    /// A combination product: the input stands for each of its ingredients.
    Product,
    /// A misspelling with exactly one close candidate, announced in the report.
    Correction,
    /// Not typed: kratom is part of every check.
    Implicit,
    /// Not typed: the product named by `--form` (a 7-OH product).
    Form,
    /// A name used for several substances: judged as the most severe candidate.
    Ambiguous,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedInput {
    /// What the person typed; `None` for kratom when it was not typed.
    pub input: Option<String>,
    pub substance: SubstanceIdx,
    pub matched: MatchKind,
    /// The knowledge-base name the input matched, as written there ("Seroquel").
    pub matched_name: Option<String>,
    /// The combination product the substance came from.
    pub product: Option<ProductIdx>,
    /// Label words read and set aside ("succinate ER 25 mg"), in the order typed.
    pub set_aside: Option<String>,
    /// A word of the name that is a substance of its own, read here as the salt the medicine
    /// is sold as ("potassium" in "losartan potassium"): a supplement of it is named apart.
    pub salt: Option<String>,
    /// For a substance named by a word inside a longer name ("ODT" in "alcohol ODT",
    /// "potassium" in "spironolactone potassium"): that name. A word that names a substance
    /// is never set aside as a label word, so it is checked too.
    pub within: Option<String>,
    /// For a class or an ambiguous name: every substance it may stand for. `substance` is the
    /// one it stands for until the check judges it at its worst member (see
    /// [`crate::worst_case`]).
    pub members: Option<Members>,
}

/// The substances a class or ambiguous name may stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members {
    /// The class or ambiguous name.
    pub of: NameTarget,
    /// In the knowledge base's order for a class, the name's own for an ambiguous name.
    pub substances: Vec<SubstanceIdx>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedInput {
    pub input: String,
    /// Names of the closest substances, closest first. Never applied automatically.
    pub suggestions: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Resolution {
    /// Kratom first, then each input that resolved, in the order typed.
    pub resolved: Vec<ResolvedInput>,
    pub unresolved: Vec<UnresolvedInput>,
    /// The form a kratom product's name sets ("MIT45": `extract`), as `--form` spells it.
    pub kratom_form: Option<Form>,
}

impl Resolution {
    /// Kratom and `substances`, as if each were typed by its id: the check of a rule's example
    /// or of one pair of the catalogue, which start from the knowledge base, not from names.
    pub fn of_substances(kb: &KnowledgeBase, substances: &[SubstanceIdx]) -> Self {
        Self::with_room(kb, substances, 0)
    }

    /// As [`Resolution::of_substances`], with room for about `names` more inputs.
    fn with_room(kb: &KnowledgeBase, substances: &[SubstanceIdx], names: usize) -> Self {
        let input = |input: Option<String>, substance, matched| ResolvedInput {
            input,
            substance,
            matched,
            matched_name: None,
            product: None,
            set_aside: None,
            salt: None,
            within: None,
            members: None,
        };
        let kratom = input(None, kb.kratom, MatchKind::Implicit);
        let named = substances
            .iter()
            .map(|&s| input(Some(kb.substances[s].id.clone()), s, MatchKind::Name));
        let mut resolved = Vec::with_capacity(1 + substances.len() + names);
        resolved.push(kratom);
        resolved.extend(named);
        Resolution {
            resolved,
            ..Resolution::default()
        }
    }

    /// The substance each resolved input stands for, in order, as resolved.
    pub fn substances(&self) -> Vec<SubstanceIdx> {
        self.resolved.iter().map(|r| r.substance).collect()
    }

    /// The substances that only ever come from one naming of a combination product, each with
    /// a number for that naming: the product is made to be taken that way, so its ingredients
    /// are not judged against each other (buprenorphine with naloxone in Suboxone). A substance
    /// also typed apart, or from another product, has no number, so all its pairs are judged.
    /// One pass over the names: "same product" is then one comparison per pair. `meant` is
    /// the substance each resolved input stands for, in order.
    pub fn same_product(
        &self,
        meant: &[SubstanceIdx],
    ) -> rustc_hash::FxHashMap<SubstanceIdx, usize> {
        // Most checks name no product: they allocate nothing here.
        if self.resolved.iter().all(|r| r.product.is_none()) {
            return rustc_hash::FxHashMap::default();
        }
        // Typed words are outside input: the naming numbers use the standard keyed hash.
        let mut naming_numbers: std::collections::HashMap<(ProductIdx, &str), usize> =
            std::collections::HashMap::new();
        let mut origins: rustc_hash::FxHashMap<SubstanceIdx, Option<usize>> =
            rustc_hash::FxHashMap::default();
        for (r, &substance) in self.resolved.iter().zip(meant) {
            // A naming is the product with the words that named it: the same words typed twice
            // are one naming, another spelling of the same product another.
            let naming = r.product.map(|product| {
                let next = naming_numbers.len();
                *naming_numbers
                    .entry((product, r.input.as_deref().unwrap_or("")))
                    .or_insert(next)
            });
            origins
                .entry(substance)
                .and_modify(|origin| {
                    if *origin != naming {
                        *origin = None;
                    }
                })
                .or_insert(naming);
        }
        origins
            .into_iter()
            .filter_map(|(substance, origin)| Some((substance, origin?)))
            .collect()
    }

    /// The substances to evaluate, each once, as resolved.
    pub fn participants(&self) -> Vec<SubstanceIdx> {
        distinct(&self.substances())
    }
}

/// `substances` each once, in order.
pub fn distinct(substances: &[SubstanceIdx]) -> Vec<SubstanceIdx> {
    let mut participants = Vec::with_capacity(substances.len());
    // A regimen's few names are compared directly; a set beside the list keeps this
    // linear for the thousands of names a hostile argument list can hold (its keys are
    // the knowledge base's indices, so a quick hash is safe).
    if substances.len() <= 32 {
        for &substance in substances {
            if !participants.contains(&substance) {
                participants.push(substance);
            }
        }
    } else {
        let mut seen = rustc_hash::FxHashSet::default();
        participants.extend(substances.iter().copied().filter(|&s| seen.insert(s)));
    }
    participants
}

/// Whether a misspelling may be corrected to its single close candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrections {
    Allowed,
    /// `--strict`: only exact names resolve.
    Off,
}

/// What a name was found as.
struct Found<'kb> {
    name: &'kb IndexedName,
    corrected: bool,
    set_aside: Option<String>,
    /// Words read as label words that name a substance of their own: checked apart.
    named_apart: Vec<String>,
    /// For a correction: other drugs the input also looks like (see `correction`).
    look_alikes: Vec<SubstanceIdx>,
}

/// Resolves names against one knowledge base.
pub struct Resolver<'kb> {
    kb: &'kb KnowledgeBase,
    corrections: Corrections,
    /// Found on first use: a check whose names are all found exactly never needs it, and
    /// finding it decodes every class.
    guard: OnceLock<CorrectionGuard>,
    /// Built when a name is first not found: a check of known names never reads every name.
    sieve: OnceLock<NameSieve>,
}

impl<'kb> Resolver<'kb> {
    pub fn new(kb: &'kb KnowledgeBase, corrections: Corrections) -> Self {
        Resolver {
            kb,
            corrections,
            guard: OnceLock::new(),
            sieve: OnceLock::new(),
        }
    }

    fn guard(&self) -> &CorrectionGuard {
        self.guard.get_or_init(|| CorrectionGuard::new(self.kb))
    }

    /// Resolves each input as one name (a JSON batch line's list); a comma ends a name here too.
    pub fn resolve<S: AsRef<str>>(&self, inputs: &[S]) -> Resolution {
        let mut resolution = self.start(inputs.len());
        for input in inputs {
            let input = input.as_ref();
            if input.contains(',') {
                let runs =
                    words::comma_runs([input], |text| self.kb.name(&names::key(text)).is_some());
                for name in runs.into_iter().flatten() {
                    self.resolve_one(&name, &mut resolution);
                }
            } else {
                self.resolve_one(input, &mut resolution);
            }
        }
        resolution
    }

    /// A resolution of kratom alone, with room for about `names` more.
    fn start(&self, names: usize) -> Resolution {
        Resolution::with_room(self.kb, &[], names)
    }

    /// What one name leads to, exactly or by correction; `None` for a misspelling that looks
    /// like several drugs.
    pub fn target(&self, input: &str) -> Option<NameTarget> {
        self.find(input)
            .filter(|found| found.look_alikes.is_empty())
            .map(|found| found.name.target)
    }

    /// The name `input` is, exactly or with its label words set aside, then by correction.
    fn find(&self, input: &str) -> Option<Found<'kb>> {
        self.find_exact(input, &label::classify).or_else(|| {
            let corrected = |text: &str, set_aside: Option<String>| {
                self.correction(text).map(|correction| Found {
                    look_alikes: correction.look_alikes,
                    ..self.found(correction.name, true, set_aside.as_deref())
                })
            };
            corrected(input, None).or_else(|| {
                let (base, set_aside) =
                    label::LabelledWords::new(input).strip(LabelWord::Salt, self.kb)?;
                corrected(&base, Some(set_aside))
            })
        })
    }

    /// The name `input` is without any correction: as typed, or with its label words set
    /// aside, keeping as many of its own words as still make a name.
    /// `kind_of` tells what kind of label word a word is ([`label::classify`], or a memory of
    /// it).
    fn find_exact(
        &self,
        input: &str,
        kind_of: &dyn Fn(&str) -> Option<LabelWord>,
    ) -> Option<Found<'kb>> {
        if let Some(name) = self.kb.name(&names::key(input)) {
            return Some(self.found(name, false, None));
        }
        let words = label::LabelledWords::with_kinds(input, kind_of);
        if !words.has_label_words() {
            return None;
        }
        [
            LabelWord::StrengthOrForm,
            LabelWord::Release,
            LabelWord::Salt,
        ]
        .into_iter()
        .find_map(|kind| {
            let (base, set_aside) = words.strip(kind, self.kb)?;
            let name = self.kb.name(&names::key(&base))?;
            Some(self.found(name, false, Some(&set_aside)))
        })
    }

    /// A name found with `set_aside` read as label words, except those that name a substance
    /// of their own ("potassium", "calcium", "ODT"): those are checked apart, so no word that
    /// names a substance is ever dropped.
    fn found(
        &self,
        name: &'kb IndexedName,
        corrected: bool,
        set_aside: Option<&str>,
    ) -> Found<'kb> {
        let (named_apart, label_words): (Vec<&str>, Vec<&str>) = set_aside
            .unwrap_or_default()
            .split_whitespace()
            .partition(|word| self.names_a_substance(word));
        Found {
            name,
            corrected,
            set_aside: (!label_words.is_empty()).then(|| label_words.join(" ")),
            named_apart: named_apart.into_iter().map(String::from).collect(),
            look_alikes: Vec::new(),
        }
    }

    /// Whether `word` alone is a known name (not a number, which only ever describes a name).
    fn names_a_substance(&self, word: &str) -> bool {
        !word.chars().all(|c| c.is_ascii_digit() || c == '.')
            && self.kb.name(&names::key(word)).is_some()
    }

    fn resolve_one(&self, input: &str, resolution: &mut Resolution) {
        let Some(found) = self.find(input) else {
            // Past a few unknown names in one check, more suggestions help no one and only
            // cost a search each.
            let suggestions = if resolution.unresolved.len() < MAX_NAMES_SUGGESTED_FOR {
                self.suggest(&names::key(input))
            } else {
                Vec::new()
            };
            resolution.unresolved.push(UnresolvedInput {
                input: input.to_string(),
                suggestions,
            });
            return;
        };
        let (target, spelling, corrected) =
            (found.name.target, &found.name.spelling, found.corrected);
        let salt = self.salt_in(target, spelling);
        let resolved = |substance, matched, product| ResolvedInput {
            input: Some(input.to_string()),
            substance,
            matched: if corrected {
                MatchKind::Correction
            } else {
                matched
            },
            matched_name: Some(spelling.clone()),
            product,
            set_aside: found.set_aside.clone(),
            salt: salt.clone(),
            within: None,
            members: None,
        };
        if !found.look_alikes.is_empty() {
            // A misspelling that looks like several drugs stands for each (`correction` gives
            // look-alikes only to a substance): judged at the worst, as an ambiguous name is.
            let candidates: Vec<SubstanceIdx> = self
                .kb
                .ingredients(target)
                .into_iter()
                .chain(found.look_alikes.iter().copied())
                .collect();
            let mut input = resolved(candidates[0], MatchKind::Correction, None);
            input.members = members_of(target, candidates);
            resolution.resolved.push(input);
            return;
        }
        match target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) if s == self.kb.kratom => {
                let matched = if matches!(target, NameTarget::SubstanceName(_)) {
                    MatchKind::Name
                } else {
                    MatchKind::Alias
                };
                resolution.resolved[0] = resolved(s, matched, None);
            }
            NameTarget::SubstanceName(s) => {
                resolution.resolved.push(resolved(s, MatchKind::Name, None));
            }
            NameTarget::SubstanceAlias(s) => {
                resolution
                    .resolved
                    .push(resolved(s, MatchKind::Alias, None));
            }
            NameTarget::Class(c) => {
                // Kratom's own products are forms of kratom, not a second substance beside it
                // (`--form`), unless the class named is theirs.
                let kratom_form = |substance: &crate::kb::Substance| {
                    self.guard()
                        .kratom_product_class
                        .is_some_and(|k| k != c && substance.ancestry.contains(&k))
                };
                let members: Vec<SubstanceIdx> = self
                    .kb
                    .named_substances()
                    .filter(|&(s, substance)| {
                        s != self.kb.kratom
                            && substance.ancestry.contains(&c)
                            && !kratom_form(substance)
                    })
                    .map(|(s, _)| s)
                    .collect();
                let mut input = resolved(self.kb.class_stand_in(c), MatchKind::Class, None);
                input.members = members_of(target, members);
                resolution.resolved.push(input);
            }
            NameTarget::Product(p) if self.kb.products[p].kratom_form.is_some() => {
                resolution.resolved[0] = resolved(self.kb.kratom, MatchKind::Product, Some(p));
                resolution.kratom_form = self.kb.products[p].kratom_form;
            }
            NameTarget::Product(p) => {
                for &ingredient in &self.kb.products[p].ingredients {
                    resolution
                        .resolved
                        .push(resolved(ingredient, MatchKind::Product, Some(p)));
                }
            }
            NameTarget::Ambiguous(a) => {
                let candidates = self.kb.ambiguous_names[a].candidates.clone();
                let mut input = resolved(candidates[0], MatchKind::Ambiguous, None);
                input.members = members_of(target, candidates);
                resolution.resolved.push(input);
            }
        }
        for word in &found.named_apart {
            let before = resolution.resolved.len();
            self.resolve_one(word, resolution);
            for named in &mut resolution.resolved[before..] {
                named.within = Some(input.to_string());
            }
        }
    }

    /// The word of a substance's name that is a substance of its own, read as its salt
    /// ("magnesium" in "esomeprazole magnesium"), so the report can say how to name both.
    fn salt_in(&self, target: NameTarget, spelling: &str) -> Option<String> {
        let (NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s)) = target else {
            return None;
        };
        spelling
            .split_whitespace()
            .skip(1)
            .find(|word| {
                label::classify(word) == Some(LabelWord::Salt)
                    && self.names_a_substance(word)
                    && self
                        .kb
                        .name(&names::key(word))
                        .is_some_and(|other| !other.target.same_thing(NameTarget::SubstanceName(s)))
            })
            .map(String::from)
    }
}

fn members_of(of: NameTarget, substances: Vec<SubstanceIdx>) -> Option<Members> {
    (!substances.is_empty()).then_some(Members { of, substances })
}
