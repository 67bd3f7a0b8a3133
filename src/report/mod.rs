//! Stage 4: the report. `Report` is the one description of a check's outcome; each output
//! format has its own printer over it: `summary` (the default, the answer at a glance),
//! `explain` (every finding in full) and `json`.

pub mod burden;
pub mod catalog;
pub mod envelope;
pub mod explain;
pub mod export;
mod finding;
pub mod info;
pub mod json;
mod knowledge_base;

pub mod matrix;
mod style;
pub mod summary;
pub mod text;
pub mod validation;
mod words;

pub use envelope::{Document, Envelope, ToolInfo};
pub use export::KbExport;
pub use finding::{
    BasisEntry, ContextNoteEntry, EvidenceEntry, Explanation, FindingEntry, RedFlagEntry,
    ReferenceEntry, finding_entry,
};
pub(crate) use finding::{red_flag_entry, reference_entry};
pub use knowledge_base::{KbInfo, ReplacedEntry};

use serde::Serialize;

use crate::check::Check;
use crate::context::Context;
use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, NameTarget, Substance, Tier};
use crate::resolve::{MatchKind, Resolution};
use crate::worst_case::{Candidate, WorstCase};

/// Version of the JSON contract; it changes only when a key is removed or changes meaning.
/// 2: every document carries the envelope, lists are objects, `matrix`'s `unresolved` holds
/// the report's objects; 3: compact `batch` records name findings, substances and assumptions
/// by id and key only; 4: a `batch` record has every key on every line with one type
/// (docs/JSON.md).
pub const SCHEMA_VERSION: u32 = 4;

pub const DISCLAIMER: &str = "kratom-check gives information, not medical advice: talk to a \
pharmacist or doctor before you combine or change what you take.";

/// Borrows its text from the knowledge base and the resolution (`'a`), so a batch of full
/// reports copies no prose before it is written. Its JSON is written by `json.rs`; the findings
/// are entries, or whatever a caller writes them as (`batch` keeps kratom's as JSON).
#[derive(Debug)]
pub struct Report<'a, F = FindingEntry<'a>> {
    /// `schema_version`, `tool` and `knowledge_base`, as every JSON document starts.
    pub envelope: Envelope<'a>,
    pub tier: Tier,
    /// False when any input did not resolve: the tier then covers only what did.
    pub complete: bool,
    pub context: ContextEntry,
    pub substances: Vec<SubstanceEntry<'a>>,
    pub unresolved: Vec<UnresolvedEntry<'a>>,
    pub findings: Vec<F>,
    /// The whole list's burdens ([`burden`]): information, never the tier.
    pub burden: Vec<burden::BurdenEntry<'a>>,
    pub disclaimer: &'static str,
}

/// How kratom was taken to be used, and what was assumed, in words, for what was not given
/// (a compact `batch` record names those by key).
#[derive(Debug, Serialize)]
pub struct ContextEntry {
    /// The dose, form and frequency as given (JSON: `dose`, `form`, `frequency`).
    #[serde(flatten)]
    pub given: Context,
    pub assumed: Vec<String>,
}

impl ContextEntry {
    pub fn new(context: &Context) -> Self {
        ContextEntry {
            given: *context,
            assumed: context.assumptions(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SubstanceEntry<'a> {
    pub input: Option<&'a str>,
    pub id: &'a str,
    pub name: &'a str,
    pub matched: MatchKind,
    /// The knowledge-base name the input matched, as written there (for a correction, what
    /// the input was taken to mean).
    pub matched_name: Option<&'a str>,
    /// The combination product this substance is an ingredient of, when the input named one.
    pub product: Option<&'a str>,
    /// Label words read and set aside ("succinate ER 25 mg"), in the order typed.
    pub set_aside: Option<&'a str>,
    /// The word of the name that is a substance of its own, read as the salt the medicine is
    /// sold as ("potassium" in "losartan potassium").
    pub salt: Option<&'a str>,
    /// The longer name this substance was typed within ("alcohol ODT"): a word that names a
    /// substance is never set aside as a label word.
    pub within: Option<&'a str>,
    /// For a class or an ambiguous name: the substances it may stand for, each with the most
    /// severe overall tier the check has when it is meant (jointly with the check's other such
    /// names). `id` is the member of a combination that reaches the worst, and the findings
    /// are judged at it.
    pub worst_case: Option<WorstCaseEntry<'a>>,
}

/// A substance by id and name, where a document lists substances (`matrix`, `kb export`).
#[derive(Debug, Serialize)]
pub struct SubstanceRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

impl<'a> From<&'a Substance> for SubstanceRef<'a> {
    fn from(substance: &'a Substance) -> Self {
        SubstanceRef {
            id: &substance.id,
            name: &substance.name,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct WorstCaseEntry<'a> {
    /// `class`, `ambiguous`, or `correction` (a misspelling that looks like several drugs'
    /// names, "methadate": Metadate or methadone).
    pub of: MatchKind,
    /// The class's or ambiguous name's own name ("opioid"); for a correction, what was typed.
    pub name: &'a str,
    /// The least and the most severe overall tier over every combination of the members of the
    /// check's class and ambiguous names; when they differ the report is incomplete.
    pub least: Tier,
    pub most: Tier,
    /// At most [`MAX_CANDIDATES_LISTED`]: those that reach `most` first, then the others, each
    /// group in the base's order.
    pub candidates: Vec<CandidateEntry<'a>>,
    /// Candidates not listed (a class of thousands of members).
    pub unlisted: usize,
    /// Of those, how many reach `most`, for the text printers' count of examples.
    #[serde(skip)]
    pub unlisted_at_worst: usize,
}

/// The candidates a worst case lists: enough to name the worst and show the range, while a
/// class of twenty thousand members costs a record a few kilobytes, not megabytes.
pub const MAX_CANDIDATES_LISTED: usize = 50;

#[derive(Debug, Serialize)]
pub struct CandidateEntry<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub tier: Tier,
}

#[derive(Debug, Serialize)]
pub struct UnresolvedEntry<'a> {
    pub input: &'a str,
    /// Always `unknown`: a name used for several substances is judged at the most severe of
    /// them instead (see `worst_case` on the substance).
    pub reason: UnresolvedReason,
    pub suggestions: &'a [String],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnresolvedReason {
    Unknown,
}

impl<'a> Report<'a> {
    pub fn new(
        kb: &'a KnowledgeBase,
        resolution: &'a Resolution,
        assessment: &Assessment<'a>,
        context: &Context,
    ) -> Self {
        let findings = assessment
            .findings
            .iter()
            .map(|f| finding_entry(kb, f))
            .collect();
        Report::with_findings(kb, resolution, assessment, context, findings)
    }

    /// The report of a check, borrowing its text from the knowledge base and the check.
    pub fn of(kb: &'a KnowledgeBase, checked: &'a Check<'a>) -> Self {
        Report::new(
            kb,
            &checked.resolution,
            &checked.assessment,
            &checked.context,
        )
    }
}

impl<'a, F> Report<'a, F> {
    /// The report of a check with its findings as the caller made them, in the assessment's
    /// order.
    pub fn with_findings(
        kb: &'a KnowledgeBase,
        resolution: &'a Resolution,
        assessment: &Assessment<'a>,
        context: &Context,
        findings: Vec<F>,
    ) -> Self {
        Report {
            envelope: Envelope::new(kb, &assessment.participants),
            tier: assessment.tier,
            complete: assessment.is_complete(resolution),
            context: ContextEntry::new(context),
            substances: substance_entries(kb, resolution, assessment).collect(),
            unresolved: unresolved_entries(resolution),
            findings,
            burden: burden::burden_entries(kb, &assessment.participants, context),
            disclaimer: DISCLAIMER,
        }
    }
}

/// Each resolved input, kratom first, then any substance the check added (a form's).
pub(crate) fn substance_entries<'r, 'a: 'r>(
    kb: &'a KnowledgeBase,
    resolution: &'a Resolution,
    assessment: &'r Assessment<'a>,
) -> impl Iterator<Item = SubstanceEntry<'a>> + 'r {
    let typed = resolution
        .resolved
        .iter()
        .enumerate()
        .map(move |(position, r)| {
            let s = &kb.substances[assessment.judged_as(position, r)];
            SubstanceEntry {
                input: r.input.as_deref(),
                id: &s.id,
                name: &s.name,
                matched: r.matched,
                matched_name: r.matched_name.as_deref(),
                product: r.product.map(|p| kb.products[p].name.as_str()),
                set_aside: r.set_aside.as_deref(),
                salt: r.salt.as_deref(),
                within: r.within.as_deref(),
                worst_case: assessment
                    .worst_case(position)
                    .map(|w| worst_case_entry(kb, w, r.input.as_deref())),
            }
        });
    let added = assessment
        .participants
        .iter()
        .filter_map(move |&participant| {
            let judged = |(position, r)| assessment.judged_as(position, r) == participant;
            if resolution.resolved.iter().enumerate().any(judged) {
                return None;
            }
            let s = &kb.substances[participant];
            Some(SubstanceEntry {
                input: None,
                id: &s.id,
                name: &s.name,
                matched: MatchKind::Form,
                matched_name: None,
                product: None,
                set_aside: None,
                salt: None,
                within: None,
                worst_case: None,
            })
        });
    typed.chain(added)
}

/// The inputs that did not resolve, as every document shows them.
pub fn unresolved_entries(resolution: &Resolution) -> Vec<UnresolvedEntry<'_>> {
    resolution
        .unresolved
        .iter()
        .map(|u| UnresolvedEntry {
            input: &u.input,
            reason: UnresolvedReason::Unknown,
            suggestions: &u.suggestions,
        })
        .collect()
}

impl<F> Report<'_, F> {
    /// The display names of substances given by id, in that order.
    pub fn names(&self, ids: &[&str]) -> Vec<String> {
        ids.iter()
            .map(|&id| {
                self.substances
                    .iter()
                    .find(|s| s.id == id)
                    .map_or_else(|| id.to_string(), |s| s.name.to_string())
            })
            .collect()
    }
}

fn worst_case_entry<'a>(
    kb: &'a KnowledgeBase,
    worst_case: &WorstCase,
    input: Option<&'a str>,
) -> WorstCaseEntry<'a> {
    let (of, name) = match worst_case.of {
        NameTarget::Class(c) => (MatchKind::Class, kb.classes[c].name.as_str()),
        // Only a misspelling that looks like several drugs stands for several from one
        // substance's name: it is named as typed.
        target @ (NameTarget::SubstanceName(_) | NameTarget::SubstanceAlias(_)) => (
            MatchKind::Correction,
            input.unwrap_or(kb.target_label(target).1),
        ),
        target => (MatchKind::Ambiguous, kb.target_label(target).1),
    };
    let (least, most) = worst_case.range();
    // Those at the worst are chosen first when not all fit, then shown in their own order.
    let mut listed: Vec<(usize, &Candidate)> = worst_case.candidates.iter().enumerate().collect();
    listed.sort_by_key(|(_, c)| c.tier != most);
    let at_worst = listed.partition_point(|(_, c)| c.tier == most);
    listed.truncate(MAX_CANDIDATES_LISTED);
    listed.sort_by_key(|&(position, _)| position);
    WorstCaseEntry {
        of,
        name,
        least,
        most,
        candidates: listed
            .iter()
            .map(|(_, c)| CandidateEntry {
                id: &kb.substances[c.substance].id,
                name: &kb.substances[c.substance].name,
                tier: c.tier,
            })
            .collect(),
        unlisted: worst_case.candidates.len() - listed.len(),
        unlisted_at_worst: at_worst.saturating_sub(MAX_CANDIDATES_LISTED),
    }
}
