//! Stage 4: the report. `Report` is the one description of a check's outcome; each output
//! format has its own printer over it: `summary` (the default, the answer at a glance),
//! `explain` (every finding in full) and `json`.

pub mod burden;
pub mod catalog;
pub mod compact;
pub mod envelope;
pub mod explain;
pub mod export;
pub mod info;
pub mod json;
mod knowledge_base;

pub mod matrix;
pub mod summary;
pub mod text;
pub mod validation;
mod words;

pub use compact::{CompactFinding, CompactReport, ContextJson};
pub use envelope::{Document, Envelope, ToolInfo};
pub use export::KbExport;
pub use json::{Escaped, EscapedProse, FindingCache, KeptFindingsReport};
pub use knowledge_base::{KbInfo, ReplacedEntry};

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use crate::check::Check;
use crate::context::{Context, Dose, Form};
use crate::engine::{Assessment, Basis, Finding};
use crate::kb::{
    Frequency, Grade, KnowledgeBase, LayerIdx, Mechanism, NameTarget, RedFlag, Reference,
    Substance, Tier,
};
use crate::resolve::{MatchKind, Resolution};
use crate::worst_case::{Candidate, WorstCase};

/// Version of the JSON contract; it changes only when a key is removed or changes meaning.
/// 2: every document carries the envelope, lists are objects, `matrix`'s `unresolved` holds
/// the report's objects; 3: compact `batch` records name findings, substances and assumptions
/// by id and key only; 4: a `batch` record has every key on every line with one type (README,
/// "JSON contract").
pub const SCHEMA_VERSION: u32 = 4;

pub const DISCLAIMER: &str = "kratom-check gives information, not medical advice: talk to a \
pharmacist or doctor before you combine or change what you take.";

/// Borrows its text from the knowledge base and the resolution (`'a`), so a batch of full
/// reports copies no prose before it is written. Its JSON is written by `json.rs`.
#[derive(Debug)]
pub struct Report<'a> {
    /// `schema_version`, `tool` and `knowledge_base`, as every JSON document starts.
    pub envelope: Envelope<'a>,
    pub tier: Tier,
    /// False when any input did not resolve: the tier then covers only what did.
    pub complete: bool,
    pub context: ContextEntry,
    pub substances: Vec<SubstanceEntry<'a>>,
    pub unresolved: Vec<UnresolvedEntry<'a>>,
    pub findings: Vec<FindingEntry<'a>>,
    /// The whole list's burdens ([`burden`]): information, never the tier.
    pub burden: Vec<burden::BurdenEntry<'a>>,
    pub disclaimer: &'static str,
}

/// How kratom was taken to be used, and what was assumed for what was not given: in words in
/// the report, by key in a compact `batch` record.
#[derive(Debug, Serialize)]
pub struct ContextEntry<Assumed = Vec<String>> {
    pub dose: Option<Dose>,
    pub form: Option<Form>,
    pub frequency: Option<Frequency>,
    pub assumed: Assumed,
}

impl ContextEntry {
    pub fn new(context: &Context) -> Self {
        ContextEntry::with_assumed(context, context.assumptions())
    }
}

impl<Assumed> ContextEntry<Assumed> {
    pub(super) fn with_assumed(context: &Context, assumed: Assumed) -> Self {
        ContextEntry {
            dose: context.dose,
            form: context.form,
            frequency: context.frequency,
            assumed,
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

#[derive(Debug, Serialize)]
pub struct FindingEntry<'a> {
    pub rule: &'a str,
    /// The file and line the rule is written at, for the text printers (JSON names the rule by
    /// id only).
    #[serde(skip)]
    pub defined_at: &'a crate::kb::DefinedAt,
    pub tier: Tier,
    pub substances: Vec<&'a str>,
    pub mechanisms: Vec<Mechanism>,
    pub title: Escaped<'a, &'a str>,
    /// The facts the finding rests on, then the rule's reasoning.
    pub explanation: String,
    /// Where the facts end in `explanation`, for a printer that states each fact once.
    #[serde(skip)]
    pub derivation_len: usize,
    /// The rule's advice, or for people using without a prescriber its harm-reduction form.
    pub advice: Escaped<'a, Cow<'a, [String]>>,
    pub evidence: EvidenceEntry<'a>,
    pub references: Vec<Escaped<'a, ReferenceEntry<'a>>>,
    /// The newest knowledge-base layer that the rule or either substance came from.
    pub layer: &'a str,
    /// How the way kratom is used changes the tier (`applied` when the given context set it).
    pub context_notes: Vec<ContextNoteEntry<'a>>,
    /// For `avoid` and `major` findings: what to watch for and what to do.
    pub red_flags: Vec<Escaped<'a, RedFlagEntry<'a>>>,
}

#[derive(Debug, Serialize)]
pub struct ContextNoteEntry<'a> {
    pub tier: Tier,
    pub note: &'a str,
    pub applied: bool,
}

#[derive(Debug, Serialize)]
pub struct RedFlagEntry<'a> {
    pub mechanism: Mechanism,
    pub title: &'a str,
    pub watch_for: &'a [String],
    pub what_to_do: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct EvidenceEntry<'a> {
    pub grade: Grade,
    pub summary: Escaped<'a, &'a str>,
    /// Whether the rule's evidence studied these substances or the rule is applied beyond it.
    pub basis: BasisEntry,
    /// For a studied finding, what covers it; for an extrapolation, everything the rule's
    /// evidence studied (empty when it studied no combination).
    pub studied: Vec<&'a str>,
}

impl From<Basis> for BasisEntry {
    fn from(basis: Basis) -> Self {
        match basis {
            Basis::Studied(_) => BasisEntry::Studied,
            Basis::Extrapolated => BasisEntry::Extrapolated,
        }
    }
}

impl EvidenceEntry<'_> {
    /// "A (studied: kratom with midazolam, taken by mouth)", "E (extrapolated from ...)", for
    /// the printers.
    pub fn grade_with_basis(&self) -> String {
        let studied = self.studied.join("; ");
        match (self.basis, studied.is_empty()) {
            (BasisEntry::Studied, _) => format!("{} (studied: {studied})", self.grade),
            (BasisEntry::Extrapolated, true) => format!("{} (extrapolated)", self.grade),
            (BasisEntry::Extrapolated, false) => {
                format!("{} (extrapolated from {studied})", self.grade)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisEntry {
    Studied,
    Extrapolated,
}

impl BasisEntry {
    pub fn as_str(self) -> &'static str {
        match self {
            BasisEntry::Studied => "studied",
            BasisEntry::Extrapolated => "extrapolated",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ReferenceEntry<'a> {
    pub id: &'a str,
    pub citation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pmid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
}

pub(super) fn reference_entry(r: &Reference) -> ReferenceEntry<'_> {
    ReferenceEntry {
        id: &r.id,
        citation: &r.citation,
        doi: r.doi.as_deref(),
        pmid: r.pmid.as_deref(),
        url: r.url.as_deref(),
    }
}

pub(super) fn red_flag_entry(flag: &RedFlag) -> RedFlagEntry<'_> {
    RedFlagEntry {
        mechanism: flag.mechanism,
        title: &flag.title,
        watch_for: &flag.watch_for,
        what_to_do: &flag.what_to_do,
    }
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
            .map(|f| finding_entry(kb, f, None))
            .collect();
        Report {
            findings,
            ..Report::without_findings(kb, resolution, assessment, context)
        }
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

    /// Everything but the findings, for a printer that writes them its own way (`batch`'s
    /// JSON copies kratom's from a cache).
    pub fn without_findings(
        kb: &'a KnowledgeBase,
        resolution: &'a Resolution,
        assessment: &Assessment<'a>,
        context: &Context,
    ) -> Self {
        Report {
            envelope: Envelope::new(kb, &assessment.participants),
            tier: assessment.tier,
            complete: assessment.is_complete(resolution),
            context: ContextEntry::new(context),
            substances: substance_entries(kb, resolution, assessment),
            unresolved: unresolved_entries(resolution),
            findings: Vec::new(),
            burden: burden::burden_entries(kb, &assessment.participants, context),
            disclaimer: DISCLAIMER,
        }
    }
}

/// Each resolved input, kratom first, then any substance the check added (a form's).
pub(crate) fn substance_entries<'a>(
    kb: &'a KnowledgeBase,
    resolution: &'a Resolution,
    assessment: &Assessment<'a>,
) -> Vec<SubstanceEntry<'a>> {
    let mut substances: Vec<SubstanceEntry> = resolution
        .resolved
        .iter()
        .enumerate()
        .map(|(position, r)| {
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
        })
        .collect();
    for &participant in &assessment.participants {
        if !(resolution.resolved.iter().enumerate())
            .any(|(position, r)| assessment.judged_as(position, r) == participant)
        {
            let s = &kb.substances[participant];
            substances.push(SubstanceEntry {
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
            });
        }
    }
    substances
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

impl Report<'_> {
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

/// A finding as the report shows it; `escaped`, when given, supplies the JSON of its fixed
/// prose.
pub fn finding_entry<'a>(
    kb: &'a KnowledgeBase,
    finding: &Finding<'a>,
    escaped: Option<&'a EscapedProse>,
) -> FindingEntry<'a> {
    let rule = finding.rule;
    let rule_prose = escaped.and_then(|e| e.rules.get(rule.id.as_str()));
    let mut explanation = String::with_capacity(rule.explanation.len() + 256);
    for (i, premise) in finding.premises.iter().enumerate() {
        let separator = if i == 0 { "" } else { "; " };
        let premise = words::PremiseText { kb, premise };
        write!(explanation, "{separator}{premise}").expect("writing to a String cannot fail");
    }
    if !explanation.is_empty() {
        capitalise(&mut explanation);
        explanation.push_str(". ");
    }
    let derivation_len = explanation.len();
    explanation.push_str(&rule.explanation);
    let studied = match finding.basis {
        Basis::Studied(entry) => vec![rule.studied[entry].label.as_str()],
        Basis::Extrapolated => rule.studied.iter().map(|s| s.label.as_str()).collect(),
    };
    let red_flags = if finding.tier >= Tier::Major {
        kb.red_flags
            .iter()
            .enumerate()
            .filter(|(_, flag)| finding.mechanisms.contains(&flag.mechanism))
            .map(|(i, flag)| Escaped {
                value: red_flag_entry(flag),
                json: escaped.map(|e| &*e.red_flags[i]),
            })
            .collect()
    } else {
        Vec::new()
    };
    FindingEntry {
        rule: &rule.id,
        defined_at: &rule.defined_at,
        tier: finding.tier,
        context_notes: finding
            .context_notes
            .iter()
            .map(|n| ContextNoteEntry {
                tier: n.tier,
                note: n.note,
                applied: n.applied,
            })
            .collect(),
        red_flags,
        substances: finding
            .substances
            .iter()
            .map(|&s| kb.substances[s].id.as_str())
            .collect(),
        mechanisms: finding.mechanisms.clone(),
        title: Escaped {
            value: &rule.title,
            json: rule_prose.map(|p| &*p.title),
        },
        explanation,
        derivation_len,
        advice: if words::without_prescriber(kb, &finding.substances) {
            Escaped {
                value: Cow::Owned(words::harm_reduction_advice(&rule.advice)),
                json: None,
            }
        } else {
            Escaped {
                value: Cow::Borrowed(&rule.advice[..]),
                json: rule_prose.map(|p| &*p.advice),
            }
        },
        evidence: EvidenceEntry {
            grade: finding.grade,
            summary: Escaped {
                value: &rule.summary,
                json: rule_prose.map(|p| &*p.summary),
            },
            basis: BasisEntry::from(finding.basis),
            studied,
        },
        layer: kb.layers[finding
            .substances
            .iter()
            .map(|&s| kb.substances[s].layer)
            .fold(rule.layer, LayerIdx::max)]
        .name
        .as_str(),
        references: finding
            .references
            .iter()
            .filter_map(|id| kb.reference_index(id))
            .map(|i| Escaped {
                value: reference_entry(&kb.references[i]),
                json: escaped.map(|e| &*e.references[i.0]),
            })
            .collect(),
    }
}

fn capitalise(text: &mut String) {
    if let Some(first) = text.chars().next() {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
}
