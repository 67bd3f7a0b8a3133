//! The compact report (`batch`'s default record): the full report's answer without its words.
//! Findings, substances and the context's assumptions are named by id or key; `--full` gives
//! the words on every line, and `kb export` gives each rule's title, prose and references and
//! each substance's name once, by id.

use serde::Serialize;
use serde_json::value::RawValue;

use super::cache::RecordFinding;
use crate::context::{Context, ContextKey};
use crate::engine::burden::{Burden, burdens};
use crate::engine::{Assessment, Finding};
use crate::kb::{Grade, KnowledgeBase, Mechanism, Property, Tier};
use crate::report::burden::{BurdenMeasure, measure};
use crate::report::{
    BasisEntry, SubstanceEntry, UnresolvedEntry, substance_entries, unresolved_entries,
};
use crate::resolve::{MatchKind, Resolution};

/// Every key means what it means in the full report; a finding is its rule's id and what the
/// check made of it, and `assumed` lists the context's keys that were not given, not the
/// sentences saying what was assumed for them.
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
    burden: Vec<CompactBurden<'a>>,
}

/// A substance entry of the full report, cut to which substance it is (its name is in
/// `kb export`) and how the input named it: `input` is empty for a substance not typed
/// (kratom, or a product form's), where the full report has null.
#[derive(Debug, Serialize)]
struct CompactSubstance<'a> {
    input: &'a str,
    id: &'a str,
    matched: MatchKind,
}

impl<'a> From<SubstanceEntry<'a>> for CompactSubstance<'a> {
    fn from(entry: SubstanceEntry<'a>) -> Self {
        CompactSubstance {
            input: entry.input.unwrap_or_default(),
            id: entry.id,
            matched: entry.matched,
        }
    }
}

/// The context as a compact record writes it: every key on every record with one type, a
/// value not given written as empty (`""`, and `grams` 0: a dose is at least 0.001 g), so
/// that a reader that types its columns from the first lines types them right. `assumed`
/// names the keys not given.
#[derive(Debug, Serialize)]
struct CompactContext {
    dose: CompactDose,
    form: &'static str,
    frequency: &'static str,
    assumed: Vec<ContextKey>,
}

#[derive(Debug, Serialize)]
struct CompactDose {
    grams: f64,
    band: &'static str,
}

impl CompactContext {
    fn new(context: &Context) -> Self {
        CompactContext {
            dose: CompactDose {
                grams: context.dose.and_then(|d| d.grams).unwrap_or(0.0),
                band: context.dose.map_or("", |d| d.band.as_str()),
            },
            form: context.form.map_or("", |f| f.as_str()),
            frequency: context.frequency.map_or("", |f| f.as_str()),
            assumed: context.assumed_keys().collect(),
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
}

impl<'a> CompactReport<'a> {
    /// `findings` are the assessment's, each made by [`CompactFinding::new`] (or kept JSON of
    /// one: see [`FindingCache`](super::cache::FindingCache)).
    pub fn new(
        kb: &'a KnowledgeBase,
        resolution: &'a Resolution,
        assessment: &Assessment<'a>,
        context: &Context,
        context_json: &'a RawValue,
        findings: Vec<RecordFinding<'a, CompactFinding<'a>>>,
    ) -> Self {
        CompactReport {
            tier: assessment.tier,
            complete: assessment.is_complete(resolution),
            context: context_json,
            substances: substance_entries(kb, resolution, assessment)
                .map(CompactSubstance::from)
                .collect(),
            unresolved: unresolved_entries(resolution),
            findings,
            burden: burdens(kb, &assessment.participants, context)
                .iter()
                .map(|burden| compact_burden(kb, burden))
                .collect(),
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
        }
    }
}

/// The last context's compact entry as JSON (its assumptions by key), kept while lines share
/// it.
#[derive(Debug, Default)]
pub struct ContextJson {
    kept: Option<(Context, Box<RawValue>)>,
}

impl ContextJson {
    pub fn get(&mut self, context: &Context) -> &RawValue {
        match &mut self.kept {
            Some((kept, _)) if kept == context => {}
            slot => {
                let entry = CompactContext::new(context);
                let json = serde_json::value::to_raw_value(&entry).expect("a context serialises");
                *slot = Some((*context, json));
            }
        }
        &self.kept.as_ref().expect("kept above").1
    }
}

/// A burden in a compact record: its words and names are the full report's.
#[derive(Debug, Serialize)]
struct CompactBurden<'a> {
    property: Property,
    measure: BurdenMeasure,
    total: u32,
    substances: Vec<&'a str>,
}

fn compact_burden<'a>(kb: &'a KnowledgeBase, burden: &Burden) -> CompactBurden<'a> {
    CompactBurden {
        property: burden.property,
        measure: measure(burden.property),
        total: burden.total(),
        substances: burden
            .carriers
            .iter()
            .map(|&(s, _)| kb.substances[s].id.as_str())
            .collect(),
    }
}
