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
mod words;

use std::sync::OnceLock;

use serde::Serialize;

use crate::kb::{Form, IndexedName, KnowledgeBase, NameTarget, ProductIdx, SubstanceIdx, Tier};
use crate::names;
use correction::CorrectionGuard;
use label::LabelWord;
use sieve::NameSieve;

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
    /// one the check was judged at, the most severe.
    pub worst_case: Option<WorstCase>,
}

/// The substances a class or ambiguous name may stand for, with the overall tier the check
/// has when the name means each of them (filled in by [`crate::worst_case::evaluate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorstCase {
    /// The class or ambiguous name.
    pub of: NameTarget,
    /// Each candidate with the most severe overall tier of the combinations (with the check's
    /// other class and ambiguous names) in which the name means it.
    pub candidates: Vec<Candidate>,
    /// The least severe overall tier over every combination of the members of every class or
    /// ambiguous name in the check (a lower bound when the search for it was cut short).
    pub least: Tier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub substance: SubstanceIdx,
    pub tier: Tier,
}

impl WorstCase {
    /// The least and most severe overall tier the check can have, whichever candidates the
    /// check's class and ambiguous names mean.
    pub fn range(&self) -> (Tier, Tier) {
        let tiers = self.candidates.iter().map(|c| c.tier);
        (
            tiers.clone().min().unwrap_or(Tier::None).min(self.least),
            tiers.max().unwrap_or(Tier::None),
        )
    }

    /// Whether the answer is the same whichever candidates are meant, jointly with the check's
    /// other class and ambiguous names.
    pub fn is_uniform(&self) -> bool {
        let (least, most) = self.range();
        least == most
    }
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
    /// Whether the answer covers everything typed exactly: every name resolved, and the class
    /// and ambiguous names give the same answer whichever combination of members is meant.
    pub fn is_complete(&self) -> bool {
        self.unresolved.is_empty()
            && self
                .resolved
                .iter()
                .all(|r| r.worst_case.as_ref().is_none_or(WorstCase::is_uniform))
    }

    /// The substances that only ever come from one naming of a combination product, each with
    /// a number for that naming: the product is made to be taken that way, so its ingredients
    /// are not judged against each other (buprenorphine with naloxone in Suboxone). A substance
    /// also typed apart, or from another product, has no number, so all its pairs are judged.
    /// One pass over the names: "same product" is then one comparison per pair.
    pub fn same_product(&self) -> rustc_hash::FxHashMap<SubstanceIdx, usize> {
        // Most checks name no product: they allocate nothing here.
        if self.resolved.iter().all(|r| r.product.is_none()) {
            return rustc_hash::FxHashMap::default();
        }
        // Typed words are outside input: the naming numbers use the standard keyed hash.
        let mut naming_numbers: std::collections::HashMap<(ProductIdx, &str), usize> =
            std::collections::HashMap::new();
        let mut origins: rustc_hash::FxHashMap<SubstanceIdx, Option<usize>> =
            rustc_hash::FxHashMap::default();
        for r in &self.resolved {
            // A naming is the product with the words that named it: the same words typed twice
            // are one naming, another spelling of the same product another.
            let naming = r.product.map(|product| {
                let next = naming_numbers.len();
                *naming_numbers
                    .entry((product, r.input.as_deref().unwrap_or("")))
                    .or_insert(next)
            });
            origins
                .entry(r.substance)
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

    /// The substances to evaluate, each once.
    pub fn participants(&self) -> Vec<SubstanceIdx> {
        let all = self.resolved.iter().map(|r| r.substance);
        let mut participants = Vec::with_capacity(self.resolved.len());
        // A regimen's few names are compared directly; a set beside the list keeps this
        // linear for the thousands of names a hostile argument list can hold (its keys are
        // the knowledge base's indices, so a quick hash is safe).
        if self.resolved.len() <= 32 {
            for substance in all {
                if !participants.contains(&substance) {
                    participants.push(substance);
                }
            }
        } else {
            let mut seen = rustc_hash::FxHashSet::default();
            participants.extend(all.filter(|&s| seen.insert(s)));
        }
        participants
    }
}

/// Whether a misspelling may be corrected to its single close candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrections {
    Allowed,
    /// `--strict`: only exact names resolve.
    Off,
}

/// Suggestions must be at least this close: a third of the name, never fewer than two edits
/// and never more than [`MAX_SUGGESTION_EDITS`].
fn suggestion_distance(key_len: usize) -> usize {
    (key_len / 3).clamp(2, MAX_SUGGESTION_EDITS)
}

/// A name further than this from every known one has no useful suggestion, and the search's
/// cost grows with it: a long unknown name costs what a short one does.
const MAX_SUGGESTION_EDITS: usize = 4;

/// The unknown names of one check (a command line, a batch line) that get suggestions.
const MAX_NAMES_SUGGESTED_FOR: usize = 10;

const MAX_SUGGESTIONS: usize = 3;

/// The most label words typed after a name that are read with it ("succinate ER 25 mg tablets
/// twice daily"); the name itself may be as long as the base's longest.
const MAX_LABEL_WORDS: usize = 8;

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
        let mut resolution = self.start();
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

    /// Resolves words as a person types them apart (the command line, a text batch line).
    /// A comma ends a name. Between commas, the words are read as the names that use the most
    /// of them ("st johns wort", "magnesium hydroxide", "warfarin 5 mg"), the longer name first
    /// when two readings use as many; words after a name that describe its form ("tablets") or
    /// add an ingredient ("D", "PM") belong to that name. Generic names typed apart are never
    /// read as the combination product they make: a product needs its own name or one argument.
    pub fn resolve_words<S: AsRef<str>>(&self, words: &[S]) -> Resolution {
        let mut resolution = self.start();
        for run in words::comma_runs(words.iter().map(AsRef::as_ref), |text| {
            self.kb.name(&names::key(text)).is_some()
        }) {
            for name in words::best_reading(
                &run,
                self.kb.longest_name_words + MAX_LABEL_WORDS,
                belongs_to_previous_name,
                label::adds_an_ingredient,
                |segment| self.reading_of(segment),
            ) {
                self.resolve_one(&name, &mut resolution);
            }
        }
        resolution
    }

    /// How well `segment` (words typed apart) reads as one name, if it does.
    fn reading_of(&self, segment: &[String]) -> Option<words::Reading> {
        let found = self.find_exact(&segment.join(" "))?;
        // Generic names typed apart stay apart: "dextromethorphan bupropion" is two substances
        // judged against each other, not Auvelity, whose ingredients are not.
        let mut named = segment
            .iter()
            .filter(|word| !belongs_to_previous_name(word));
        let ingredients_typed_apart = matches!(found.name.target, NameTarget::Product(_))
            && named.clone().count() > 1
            && named.all(|word| {
                self.find_exact(word).is_some_and(|part| {
                    matches!(
                        part.name.target,
                        NameTarget::SubstanceName(_) | NameTarget::SubstanceAlias(_)
                    )
                })
            });
        // A word read apart is a word this name did not use.
        let words_set_aside = found.named_apart.len()
            + found
                .set_aside
                .as_deref()
                .map_or(0, |words| words.split_whitespace().count());
        let words = segment
            .iter()
            .map(|unit| unit.split_whitespace().count())
            .sum::<usize>();
        (!ingredients_typed_apart).then_some(words::Reading {
            words_used: words.saturating_sub(words_set_aside),
            words_set_aside,
        })
    }

    fn start(&self) -> Resolution {
        let mut resolution = Resolution::default();
        resolution.resolved.push(ResolvedInput {
            input: None,
            substance: self.kb.kratom,
            matched: MatchKind::Implicit,
            matched_name: None,
            product: None,
            set_aside: None,
            salt: None,
            within: None,
            worst_case: None,
        });
        resolution
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
        self.find_exact(input).or_else(|| {
            let corrected = |text: &str, set_aside: Option<String>| {
                self.correction(text).map(|correction| Found {
                    look_alikes: correction.look_alikes,
                    ..self.found(correction.name, true, set_aside.as_deref())
                })
            };
            corrected(input, None).or_else(|| {
                let (base, set_aside) = label::strip(input, LabelWord::Salt, self.kb)?;
                corrected(&base, Some(set_aside))
            })
        })
    }

    /// The name `input` is without any correction: as typed, or with its label words set
    /// aside, keeping as many of its own words as still make a name.
    fn find_exact(&self, input: &str) -> Option<Found<'kb>> {
        if let Some(name) = self.kb.name(&names::key(input)) {
            return Some(self.found(name, false, None));
        }
        [
            LabelWord::StrengthOrForm,
            LabelWord::Release,
            LabelWord::Salt,
        ]
        .into_iter()
        .find_map(|kind| {
            let (base, set_aside) = label::strip(input, kind, self.kb)?;
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

    /// Names containing `text`, shortest first, then names within suggestion distance; one
    /// name per thing.
    pub fn search(&self, text: &str) -> Vec<&'kb IndexedName> {
        let key = names::key(text);
        if key.is_empty() {
            return Vec::new();
        }
        let mut containing: Vec<&IndexedName> = self
            .kb
            .names
            .iter()
            .filter(|name| name.key.contains(&key))
            .collect();
        containing.sort_by_key(|name| (name.key.len(), name.key.as_str()));
        let mut close: Vec<(usize, &IndexedName)> = self
            .close_names(&key, suggestion_distance(key.chars().count()))
            .collect();
        close.sort_by_key(|(distance, name)| (*distance, name.key.as_str()));
        let mut hits: Vec<&IndexedName> = Vec::new();
        for name in containing
            .into_iter()
            .chain(close.into_iter().map(|(_, n)| n))
        {
            if !hits.iter().any(|hit| hit.target.same_thing(name.target)) {
                hits.push(name);
            }
        }
        hits
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
            worst_case: None,
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
            input.worst_case = worst_case(target, candidates);
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
                input.worst_case = worst_case(target, members);
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
                input.worst_case = worst_case(target, candidates);
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

    /// Names whose key is within `limit` edits of `key`, with their distance, in the base's
    /// order.
    fn close_names(
        &self,
        key: &str,
        limit: usize,
    ) -> impl Iterator<Item = (usize, &'kb IndexedName)> + use<'kb> {
        let kb = self.kb;
        self.sieve
            .get_or_init(|| NameSieve::new(kb))
            .within(key, limit)
            .into_iter()
            .map(move |(name, distance)| (distance, &kb.names[name]))
    }

    pub(crate) fn suggest(&self, key: &str) -> Vec<String> {
        if key.is_empty() {
            return Vec::new();
        }
        let limit = suggestion_distance(key.chars().count());
        let mut scored: Vec<(usize, String)> = self
            .close_names(key, limit)
            .map(|(distance, name)| (distance, self.kb.target_label(name.target).1.to_string()))
            .collect();
        scored.sort();
        let street_names = self.street_name_suggestions(key).into_iter();
        let mut suggestions: Vec<String> = Vec::new();
        for name in street_names
            .map(|name| self.kb.target_label(name.target).1.to_string())
            .chain(scored.into_iter().map(|(_, name)| name))
        {
            if !suggestions.contains(&name) {
                suggestions.push(name);
            }
            if suggestions.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        suggestions
    }
}

/// Whether `word` describes the name typed before it rather than naming a
/// substance: a number or a strength, a dose form or release ("ODT" after a drug is the
/// orally disintegrating tablet, not O-desmethyltramadol), or a word that adds an ingredient.
fn belongs_to_previous_name(word: &str) -> bool {
    // A number is never a substance: "delta 9" is one name, known or not.
    let number = word.chars().all(|c| c.is_ascii_digit() || c == '.');
    number
        || label::adds_an_ingredient(word)
        || label::classify(word).is_some_and(|kind| kind != LabelWord::Salt)
}

fn worst_case(of: NameTarget, substances: Vec<SubstanceIdx>) -> Option<WorstCase> {
    (!substances.is_empty()).then(|| WorstCase {
        of,
        least: Tier::None,
        candidates: substances
            .into_iter()
            .map(|substance| Candidate {
                substance,
                tier: Tier::None,
            })
            .collect(),
    })
}
