//! Stage 2: turning what a person typed into knowledge-base substances.
//!
//! A name resolves only when it is exactly a substance's id, name or alias (after
//! normalisation). Anything else is reported unresolved with suggestions: a near miss is never
//! silently replaced by another drug.

use std::collections::HashMap;

use serde::Serialize;

use crate::kb::{KnowledgeBase, SubstanceIdx};
use crate::names;

/// How an input matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The substance's id or display name.
    Name,
    /// A brand name, synonym or abbreviation.
    Alias,
    /// Not typed: kratom is part of every check.
    Implicit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedInput {
    /// What the person typed; `None` for kratom when it was not typed.
    pub input: Option<String>,
    pub substance: SubstanceIdx,
    pub matched: MatchKind,
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

/// Every name of every substance, by normalised key.
pub struct NameIndex<'kb> {
    kb: &'kb KnowledgeBase,
    by_key: HashMap<String, (SubstanceIdx, MatchKind)>,
}

/// Suggestions must be at least this close: a third of the name, and never fewer than two edits.
fn suggestion_distance(key_len: usize) -> usize {
    (key_len / 3).max(2)
}

const MAX_SUGGESTIONS: usize = 3;

impl<'kb> NameIndex<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let mut by_key = HashMap::new();
        for (i, s) in kb.substances.iter().enumerate() {
            for alias in &s.aliases {
                by_key.insert(names::key(alias), (i, MatchKind::Alias));
            }
            by_key.insert(names::key(&s.name), (i, MatchKind::Name));
            by_key.insert(names::key(&s.id), (i, MatchKind::Name));
        }
        NameIndex { kb, by_key }
    }

    pub fn resolve<S: AsRef<str>>(&self, inputs: &[S]) -> Resolution {
        let mut resolution = Resolution::default();
        resolution.resolved.push(ResolvedInput {
            input: None,
            substance: self.kb.kratom,
            matched: MatchKind::Implicit,
        });
        for input in inputs {
            let input = input.as_ref();
            match self.lookup(input) {
                Some((substance, _)) if substance == self.kb.kratom => {
                    resolution.resolved[0].input = Some(input.to_string());
                    resolution.resolved[0].matched = MatchKind::Name;
                }
                Some((substance, matched)) => resolution.resolved.push(ResolvedInput {
                    input: Some(input.to_string()),
                    substance,
                    matched,
                }),
                None => resolution.unresolved.push(UnresolvedInput {
                    input: input.to_string(),
                    suggestions: self.suggest(input),
                }),
            }
        }
        resolution
    }

    fn lookup(&self, input: &str) -> Option<(SubstanceIdx, MatchKind)> {
        self.by_key.get(&names::key(input)).copied()
    }

    fn suggest(&self, input: &str) -> Vec<String> {
        let wanted = names::key(input);
        if wanted.is_empty() {
            return Vec::new();
        }
        let limit = suggestion_distance(wanted.chars().count());
        let mut scored: Vec<(usize, SubstanceIdx)> = self
            .by_key
            .iter()
            .filter(|(key, _)| key.len().abs_diff(wanted.len()) <= limit)
            .filter_map(|(key, &(substance, _))| {
                let distance = names::edit_distance(&wanted, key);
                (distance <= limit).then_some((distance, substance))
            })
            .collect();
        scored.sort();
        let mut suggestions: Vec<String> = Vec::new();
        for (_, substance) in scored {
            let name = &self.kb.substances[substance].name;
            if !suggestions.contains(name) {
                suggestions.push(name.clone());
            }
            if suggestions.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        suggestions
    }
}
