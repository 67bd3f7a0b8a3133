//! Stage 4: the report. `Report` is the one description of a check's outcome; each output
//! format has its own printer over it (`json`, `table`).

pub mod catalog;
pub mod json;
pub mod matrix;
pub mod table;

use serde::Serialize;

use crate::context::{Context, Dose, Form};
use crate::engine::{Assessment, Finding};
use crate::kb::{Frequency, Grade, KnowledgeBase, Mechanism, Tier};
use crate::resolve::{MatchKind, Resolution};

/// Version of the JSON contract; it changes only when a key is removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

pub const DISCLAIMER: &str = "kratom-check gives information, not medical advice: talk to a \
pharmacist or doctor before you combine or change what you take.";

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub knowledge_base: KbInfo,
    pub tier: Tier,
    /// False when any input did not resolve: the tier then covers only what did.
    pub complete: bool,
    pub context: ContextEntry,
    pub substances: Vec<SubstanceEntry>,
    pub unresolved: Vec<UnresolvedEntry>,
    pub findings: Vec<FindingEntry>,
    pub disclaimer: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct KbInfo {
    pub version: String,
    pub sha256: String,
}

/// How kratom was taken to be used, and what was assumed for what was not given.
#[derive(Debug, Serialize)]
pub struct ContextEntry {
    pub dose: Option<Dose>,
    pub form: Option<Form>,
    pub frequency: Option<Frequency>,
    pub assumed: Vec<String>,
}

impl ContextEntry {
    pub fn new(context: &Context) -> Self {
        ContextEntry {
            dose: context.dose,
            form: context.form,
            frequency: context.frequency,
            assumed: context.assumptions(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SubstanceEntry {
    pub input: Option<String>,
    pub id: String,
    pub name: String,
    pub matched: MatchKind,
    /// The knowledge-base name the input matched, as written there (for a correction, what
    /// the input was taken to mean).
    pub matched_name: Option<String>,
    /// The combination product this substance is an ingredient of, when the input named one.
    pub product: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UnresolvedEntry {
    pub input: String,
    /// `unknown`, or `ambiguous` when the name is used for several substances (listed in
    /// `suggestions`).
    pub reason: UnresolvedReason,
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnresolvedReason {
    Unknown,
    Ambiguous,
}

#[derive(Debug, Serialize)]
pub struct FindingEntry {
    pub rule: String,
    pub tier: Tier,
    pub substances: Vec<String>,
    pub mechanisms: Vec<Mechanism>,
    pub title: String,
    pub explanation: String,
    pub advice: Vec<String>,
    pub evidence: EvidenceEntry,
    pub references: Vec<ReferenceEntry>,
    /// The newest knowledge-base layer that the rule or either substance came from.
    pub layer: String,
    /// How the way kratom is used changes the tier (`applied` when the given context set it).
    pub context_notes: Vec<ContextNoteEntry>,
    /// For `avoid` and `major` findings: what to watch for and what to do.
    pub red_flags: Vec<RedFlagEntry>,
}

#[derive(Debug, Serialize)]
pub struct ContextNoteEntry {
    pub tier: Tier,
    pub note: String,
    pub applied: bool,
}

#[derive(Debug, Serialize)]
pub struct RedFlagEntry {
    pub mechanism: Mechanism,
    pub title: String,
    pub watch_for: Vec<String>,
    pub what_to_do: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EvidenceEntry {
    pub grade: Grade,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct ReferenceEntry {
    pub id: String,
    pub citation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Report {
    pub fn new(
        kb: &KnowledgeBase,
        resolution: &Resolution,
        assessment: &Assessment,
        context: &Context,
    ) -> Self {
        let mut substances: Vec<SubstanceEntry> = resolution
            .resolved
            .iter()
            .map(|r| {
                let s = &kb.substances[r.substance];
                SubstanceEntry {
                    input: r.input.clone(),
                    id: s.id.clone(),
                    name: s.name.clone(),
                    matched: r.matched,
                    matched_name: r.matched_name.clone(),
                    product: r.product.map(|p| kb.products[p].name.clone()),
                }
            })
            .collect();
        for &participant in &assessment.participants {
            if !resolution
                .resolved
                .iter()
                .any(|r| r.substance == participant)
            {
                let s = &kb.substances[participant];
                substances.push(SubstanceEntry {
                    input: None,
                    id: s.id.clone(),
                    name: s.name.clone(),
                    matched: MatchKind::Form,
                    matched_name: None,
                    product: None,
                });
            }
        }
        Report {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            knowledge_base: KbInfo {
                version: kb.version.clone(),
                sha256: kb.sha256.clone(),
            },
            tier: assessment.tier,
            complete: resolution.is_complete(),
            context: ContextEntry::new(context),
            substances,
            unresolved: resolution
                .unresolved
                .iter()
                .map(|u| UnresolvedEntry {
                    input: u.input.clone(),
                    reason: if u.ambiguous.is_some() {
                        UnresolvedReason::Ambiguous
                    } else {
                        UnresolvedReason::Unknown
                    },
                    suggestions: u.suggestions.clone(),
                })
                .collect(),
            findings: assessment
                .findings
                .iter()
                .map(|f| finding_entry(kb, f))
                .collect(),
            disclaimer: DISCLAIMER,
        }
    }
}

fn finding_entry(kb: &KnowledgeBase, finding: &Finding) -> FindingEntry {
    let rule = finding.rule;
    let derivation: Vec<String> = finding.premises.iter().map(ToString::to_string).collect();
    let explanation = if derivation.is_empty() {
        rule.explanation.clone()
    } else {
        format!(
            "{}. {}",
            capitalise(&derivation.join("; ")),
            rule.explanation
        )
    };
    let mut summary = rule.summary.clone();
    if finding.grade > rule.grade {
        summary.push_str(&format!(
            " Graded {} rather than {} because a fact it relies on rests on {}.",
            finding.grade,
            rule.grade,
            finding.grade.meaning()
        ));
    }
    let red_flags = if finding.tier >= Tier::Major {
        kb.red_flags
            .iter()
            .filter(|flag| finding.mechanisms.contains(&flag.mechanism))
            .map(|flag| RedFlagEntry {
                mechanism: flag.mechanism,
                title: flag.title.clone(),
                watch_for: flag.watch_for.clone(),
                what_to_do: flag.what_to_do.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    FindingEntry {
        rule: rule.id.clone(),
        tier: finding.tier,
        context_notes: finding
            .context_notes
            .iter()
            .map(|n| ContextNoteEntry {
                tier: n.tier,
                note: n.note.to_string(),
                applied: n.applied,
            })
            .collect(),
        red_flags,
        substances: finding
            .substances
            .iter()
            .map(|&s| kb.substances[s].id.clone())
            .collect(),
        mechanisms: finding.mechanisms.clone(),
        title: rule.title.clone(),
        explanation,
        advice: rule.advice.clone(),
        evidence: EvidenceEntry {
            grade: finding.grade,
            summary,
        },
        layer: kb.layers[finding
            .substances
            .iter()
            .map(|&s| kb.substances[s].layer)
            .fold(rule.layer, usize::max)]
        .clone(),
        references: finding
            .references
            .iter()
            .filter_map(|id| kb.reference(id))
            .map(|r| ReferenceEntry {
                id: r.id.clone(),
                citation: r.citation.clone(),
                doi: r.doi.clone(),
                pmid: r.pmid.clone(),
                url: r.url.clone(),
            })
            .collect(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
