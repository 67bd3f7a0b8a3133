//! A finding as the report shows it: the rule's words, the facts the finding rests on as
//! data, its evidence, references and red flags.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::Serialize;

use super::words;
use crate::engine::{Basis, Finding};
use crate::kb::{Grade, KnowledgeBase, LayerIdx, Mechanism, RedFlag, Reference, Tier};

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
    pub title: &'a str,
    /// The facts the finding rests on, then the rule's reasoning.
    pub explanation: Explanation<'a>,
    /// The rule's advice, or for people using without a prescriber its harm-reduction form.
    pub advice: Cow<'a, [String]>,
    pub evidence: EvidenceEntry<'a>,
    pub references: Vec<ReferenceEntry<'a>>,
    /// The newest knowledge-base layer that the rule or either substance came from.
    pub layer: &'a str,
    /// How the way kratom is used changes the tier (`applied` when the given context set it).
    pub context_notes: Vec<ContextNoteEntry<'a>>,
    /// For `avoid` and `major` findings: what to watch for and what to do.
    pub red_flags: Vec<RedFlagEntry<'a>>,
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
    pub summary: &'a str,
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

pub(crate) fn reference_entry(r: &Reference) -> ReferenceEntry<'_> {
    ReferenceEntry {
        id: &r.id,
        citation: &r.citation,
        doi: r.doi.as_deref(),
        pmid: r.pmid.as_deref(),
        url: r.url.as_deref(),
    }
}

pub(crate) fn red_flag_entry(flag: &RedFlag) -> RedFlagEntry<'_> {
    RedFlagEntry {
        mechanism: flag.mechanism,
        title: &flag.title,
        watch_for: &flag.watch_for,
        what_to_do: &flag.what_to_do,
    }
}

/// A finding as the report shows it.
pub fn finding_entry<'a>(kb: &'a KnowledgeBase, finding: &Finding<'a>) -> FindingEntry<'a> {
    let rule = finding.rule;
    let prose = kb.prose(rule);
    let explanation = Explanation {
        facts: finding
            .premises
            .iter()
            .map(|premise| words::sentence(words::PremiseText { kb, premise }))
            .collect(),
        reasoning: &prose.explanation,
    };
    let studied = match finding.basis {
        Basis::Studied(entry) => vec![rule.studied[entry].label.as_str()],
        Basis::Extrapolated => rule.studied.iter().map(|s| s.label.as_str()).collect(),
    };
    let red_flags = if finding.tier >= Tier::Major {
        kb.red_flags
            .iter()
            .filter(|flag| finding.mechanisms.contains(&flag.mechanism))
            .map(red_flag_entry)
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
        mechanisms: finding.mechanisms.to_vec(),
        title: &prose.title,
        explanation,
        advice: if words::without_prescriber(kb, &finding.substances) {
            Cow::Owned(words::harm_reduction_advice(&prose.advice))
        } else {
            Cow::Borrowed(&prose.advice[..])
        },
        evidence: EvidenceEntry {
            grade: finding.grade,
            summary: &prose.summary,
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
            .map(|i| reference_entry(&kb.references[i]))
            .collect(),
    }
}

/// Why a finding holds: the facts it rests on ("kratom is a CNS depressant (moderate; ...)"),
/// each as data for a printer that states each fact once, and the rule's reasoning. JSON writes
/// it as one text: the facts joined, the first capitalised, then the reasoning.
#[derive(Debug)]
pub struct Explanation<'a> {
    pub facts: Vec<String>,
    pub reasoning: &'a str,
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, fact) in self.facts.iter().enumerate() {
            if i == 0 {
                let mut chars = fact.chars();
                for upper in chars.next().into_iter().flat_map(char::to_uppercase) {
                    f.write_char(upper)?;
                }
                f.write_str(chars.as_str())?;
            } else {
                write!(f, "; {fact}")?;
            }
        }
        // The facts end in a full stop wherever they wrote anything.
        let wrote = match &self.facts[..] {
            [] => false,
            [only] => !only.is_empty(),
            _ => true,
        };
        if wrote {
            f.write_str(". ")?;
        }
        f.write_str(self.reasoning)
    }
}

impl Serialize for Explanation<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The text with its first letter a capital, as a sentence starts.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::Explanation;

    #[test]
    fn the_explanation_is_the_facts_joined_then_the_reasoning() {
        let explanation = |facts: &[&str]| Explanation {
            facts: facts.iter().map(|f| f.to_string()).collect(),
            reasoning: "Both slow breathing.",
        };
        // A fact's unbalanced bracket stays inside that fact: nothing is split again.
        let two = explanation(&["kratom is a CNS depressant (moderate", "alcohol is one)"]);
        assert_eq!(two.facts.len(), 2);
        assert_eq!(
            two.to_string(),
            "Kratom is a CNS depressant (moderate; alcohol is one). Both slow breathing."
        );
        assert_eq!(
            serde_json::to_string(&two).unwrap(),
            "\"Kratom is a CNS depressant (moderate; alcohol is one). Both slow breathing.\""
        );
        assert_eq!(explanation(&[]).to_string(), "Both slow breathing.");
        assert_eq!(explanation(&[""]).to_string(), "Both slow breathing.");
        assert_eq!(
            explanation(&["ß x"]).to_string(),
            "SS x. Both slow breathing."
        );
    }
}
