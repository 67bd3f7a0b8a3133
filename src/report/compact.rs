//! The compact report (`batch`'s default record): the full report's answer without the
//! knowledge base's prose, which `kb export` gives once, keyed by rule and reference id.

use serde::Serialize;
use serde_json::value::RawValue;

use super::json::RecordFinding;
use super::{
    BasisEntry, ContextEntry, SubstanceEntry, UnresolvedEntry, substance_entries,
    unresolved_entries,
};
use crate::context::Context;
use crate::engine::{Assessment, Finding};
use crate::kb::{Grade, KnowledgeBase, Mechanism, Tier};
use crate::resolve::{MatchKind, Resolution};

/// Every key means what it means in the full report; findings keep their title and the ids
/// of their rule and references, and drop the prose.
#[derive(Debug, Serialize)]
pub struct CompactReport<'a> {
    pub tier: Tier,
    complete: bool,
    /// The context's entry as JSON: a run's lines mostly share one, so it is written once
    /// ([`ContextJson`]).
    context: &'a RawValue,
    substances: Vec<CompactSubstance<'a>>,
    unresolved: Vec<UnresolvedEntry<'a>>,
    findings: Vec<RecordFinding<'a, CompactFinding<'a>>>,
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
pub struct CompactFinding<'a> {
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
    /// `findings` are the assessment's, each made by [`CompactFinding::new`] (or kept JSON of
    /// one: see [`FindingCache`](super::FindingCache)).
    pub fn new(
        kb: &'a KnowledgeBase,
        resolution: &'a Resolution,
        assessment: &Assessment<'a>,
        context: &'a RawValue,
        findings: Vec<RecordFinding<'a, CompactFinding<'a>>>,
    ) -> Self {
        CompactReport {
            tier: assessment.tier,
            complete: resolution.is_complete(),
            context,
            substances: substance_entries(kb, resolution, assessment)
                .into_iter()
                .map(CompactSubstance::from)
                .collect(),
            unresolved: unresolved_entries(resolution),
            findings,
        }
    }
}

impl<'a> CompactFinding<'a> {
    pub fn new(kb: &'a KnowledgeBase, finding: &'a Finding<'a>) -> Self {
        CompactFinding {
            rule: &finding.rule.id,
            tier: finding.tier,
            substances: finding
                .substances
                .iter()
                .map(|&s| kb.substances[s].id.as_str())
                .collect(),
            mechanisms: &finding.mechanisms,
            grade: finding.grade,
            basis: BasisEntry::from(finding.basis),
            title: &finding.rule.title,
            references: &finding.references,
        }
    }
}

/// The last context's entry as JSON, kept while lines share it.
#[derive(Debug, Default)]
pub struct ContextJson {
    kept: Option<(Context, Box<RawValue>)>,
}

impl ContextJson {
    pub fn get(&mut self, context: &Context) -> &RawValue {
        match &mut self.kept {
            Some((kept, _)) if kept == context => {}
            slot => {
                let json = serde_json::value::to_raw_value(&ContextEntry::new(context))
                    .expect("a context serialises");
                *slot = Some((*context, json));
            }
        }
        &self.kept.as_ref().expect("kept above").1
    }
}
