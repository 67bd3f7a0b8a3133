//! The compact report (`batch`'s default record): the full report's answer without the
//! knowledge base's prose, which `kb export` gives once, keyed by rule and reference id.

use serde::Serialize;

use super::{
    BasisEntry, ContextEntry, SubstanceEntry, UnresolvedEntry, substance_entries,
    unresolved_entries,
};
use crate::context::Context;
use crate::engine::Assessment;
use crate::kb::{Grade, KnowledgeBase, Mechanism, Tier};
use crate::resolve::{MatchKind, Resolution};

/// Every key means what it means in the full report; findings keep their title and the ids
/// of their rule and references, and drop the prose.
#[derive(Debug, Serialize)]
pub struct CompactReport<'a> {
    pub tier: Tier,
    complete: bool,
    context: ContextEntry,
    substances: Vec<CompactSubstance<'a>>,
    unresolved: Vec<UnresolvedEntry<'a>>,
    findings: Vec<CompactFinding<'a>>,
}

/// A substance entry of the full report, cut to what says which substance it is and how the
/// input named it.
#[derive(Debug, Serialize)]
struct CompactSubstance<'a> {
    input: Option<&'a str>,
    id: &'a str,
    name: &'a str,
    matched: MatchKind,
}

impl<'a> From<SubstanceEntry<'a>> for CompactSubstance<'a> {
    fn from(entry: SubstanceEntry<'a>) -> Self {
        CompactSubstance {
            input: entry.input,
            id: entry.id,
            name: entry.name,
            matched: entry.matched,
        }
    }
}

#[derive(Debug, Serialize)]
struct CompactFinding<'a> {
    rule: &'a str,
    tier: Tier,
    substances: Vec<&'a str>,
    mechanisms: &'a [Mechanism],
    grade: Grade,
    basis: BasisEntry,
    title: &'a str,
    references: &'a [&'a str],
}

impl<'a> CompactReport<'a> {
    pub fn new(
        kb: &'a KnowledgeBase,
        resolution: &'a Resolution,
        assessment: &'a Assessment<'a>,
        context: &Context,
    ) -> Self {
        let id = |s: usize| kb.substances[s].id.as_str();
        CompactReport {
            tier: assessment.tier,
            complete: resolution.is_complete(),
            context: ContextEntry::new(context),
            substances: substance_entries(kb, resolution, assessment)
                .into_iter()
                .map(CompactSubstance::from)
                .collect(),
            unresolved: unresolved_entries(resolution),
            findings: assessment
                .findings
                .iter()
                .map(|f| CompactFinding {
                    rule: &f.rule.id,
                    tier: f.tier,
                    substances: f.substances.iter().map(|&s| id(s)).collect(),
                    mechanisms: &f.mechanisms,
                    grade: f.grade,
                    basis: BasisEntry::from(f.basis),
                    title: &f.rule.title,
                    references: &f.references,
                })
                .collect(),
        }
    }
}
