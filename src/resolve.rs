//! Stage 2: turning what a person typed into knowledge-base substances.
//!
//! A name resolves when its normalised key is a substance's id, name or alias, a class name
//! ("benzos": judged as what every benzodiazepine shares) or a combination product (every
//! ingredient). A misspelling is corrected only when exactly one substance is close enough,
//! and the correction is announced; anything else is reported unresolved with suggestions, so
//! a near miss is never silently replaced by another drug.

use serde::Serialize;

use crate::kb::{IndexedName, KnowledgeBase, NameTarget, SubstanceIdx};
use crate::names;

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
    pub product: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedInput {
    pub input: String,
    /// Names of the closest substances, closest first. Never applied automatically.
    pub suggestions: Vec<String>,
    /// Set when the input is a name used for several substances.
    pub ambiguous: Option<usize>,
}

#[derive(Debug, Default)]
pub struct Resolution {
    /// Kratom first, then each input that resolved, in the order typed.
    pub resolved: Vec<ResolvedInput>,
    pub unresolved: Vec<UnresolvedInput>,
}

impl Resolution {
    pub fn is_complete(&self) -> bool {
        self.unresolved.is_empty()
    }

    /// The substances to evaluate, each once.
    pub fn participants(&self) -> Vec<SubstanceIdx> {
        let mut participants: Vec<SubstanceIdx> = Vec::new();
        for r in &self.resolved {
            if !participants.contains(&r.substance) {
                participants.push(r.substance);
            }
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

/// Suggestions must be at least this close: a third of the name, and never fewer than two edits.
fn suggestion_distance(key_len: usize) -> usize {
    (key_len / 3).max(2)
}

/// How far a misspelling may be from the name it is corrected to: one slip, and only in a
/// name of five letters or more ("Paxil" and "Taxol" are one letter apart). Two slips would
/// turn real drugs into others: nimodipine into nifedipine, cycloserine into cyclosporine,
/// valganciclovir into valacyclovir (ISMP's confused-names list).
fn correction_distance(key_len: usize) -> usize {
    usize::from(key_len >= 5)
}

const MAX_SUGGESTIONS: usize = 3;

/// Resolves names against one knowledge base.
pub struct NameIndex<'kb> {
    kb: &'kb KnowledgeBase,
    corrections: Corrections,
}

impl<'kb> NameIndex<'kb> {
    pub fn new(kb: &'kb KnowledgeBase, corrections: Corrections) -> Self {
        NameIndex { kb, corrections }
    }

    pub fn resolve<S: AsRef<str>>(&self, inputs: &[S]) -> Resolution {
        let mut resolution = Resolution::default();
        resolution.resolved.push(ResolvedInput {
            input: None,
            substance: self.kb.kratom,
            matched: MatchKind::Implicit,
            matched_name: None,
            product: None,
        });
        for input in inputs {
            self.resolve_one(input.as_ref(), &mut resolution);
        }
        resolution
    }

    /// What one name leads to, exactly or by correction.
    pub fn target(&self, input: &str) -> Option<NameTarget> {
        let key = names::key(input);
        self.kb
            .name(&key)
            .or_else(|| self.correction(&key))
            .map(|name| name.target)
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
        let key = names::key(input);
        let (target, spelling, corrected) = match self.kb.name(&key) {
            Some(name) => (name.target, &name.spelling, false),
            None => match self.correction(&key) {
                Some(name) => (name.target, &name.spelling, true),
                None => {
                    resolution.unresolved.push(UnresolvedInput {
                        input: input.to_string(),
                        suggestions: self.suggest(&key),
                        ambiguous: None,
                    });
                    return;
                }
            },
        };
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
        };
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
            NameTarget::Class(c) => resolution.resolved.push(resolved(
                self.kb.class_stand_ins[c],
                MatchKind::Class,
                None,
            )),
            NameTarget::Product(p) => {
                for &ingredient in &self.kb.products[p].ingredients {
                    resolution
                        .resolved
                        .push(resolved(ingredient, MatchKind::Product, Some(p)));
                }
            }
            NameTarget::Ambiguous(a) => resolution.unresolved.push(UnresolvedInput {
                input: input.to_string(),
                suggestions: self.kb.ambiguous_names[a]
                    .candidates
                    .iter()
                    .map(|&s| self.kb.substances[s].name.clone())
                    .collect(),
                ambiguous: Some(a),
            }),
        }
    }

    /// The one name a misspelling is close enough to, if there is exactly one thing it could
    /// be. A typo rarely changes the first letter, so candidates must keep it.
    fn correction(&self, key: &str) -> Option<&'kb IndexedName> {
        if self.corrections == Corrections::Off {
            return None;
        }
        let limit = correction_distance(key.chars().count());
        let first = key.chars().next()?;
        if limit == 0 {
            return None;
        }
        let mut best: Option<(usize, &IndexedName)> = None;
        for (distance, name) in self.close_names(key, limit) {
            if !name.key.starts_with(first) {
                continue;
            }
            match best {
                Some((_, chosen)) if !chosen.target.same_thing(name.target) => return None,
                Some((d, _)) if d <= distance => {}
                _ => best = Some((distance, name)),
            }
        }
        best.map(|(_, name)| name)
    }

    /// Names whose key is within `limit` edits of `key`, with their distance.
    fn close_names<'a>(
        &'a self,
        key: &'a str,
        limit: usize,
    ) -> impl Iterator<Item = (usize, &'kb IndexedName)> + 'a {
        let length = key.chars().count();
        let characters = names::character_set(key);
        self.kb
            .names
            .iter()
            .filter(move |name| names::distance_lower_bound(characters, name.characters) <= limit)
            .filter(move |name| name.key.chars().count().abs_diff(length) <= limit)
            .map(move |name| (names::edit_distance(key, &name.key), name))
            .filter(move |(distance, _)| *distance <= limit)
    }

    fn suggest(&self, key: &str) -> Vec<String> {
        if key.is_empty() {
            return Vec::new();
        }
        let limit = suggestion_distance(key.chars().count());
        let mut scored: Vec<(usize, String)> = self
            .close_names(key, limit)
            .map(|(distance, name)| (distance, self.kb.target_label(name.target).1.to_string()))
            .collect();
        scored.sort();
        let mut suggestions: Vec<String> = Vec::new();
        for (_, name) in scored {
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
