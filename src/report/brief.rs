//! The brief report (`batch --brief`), a view of its own beside the full `Report`.

use serde::Serialize;

use super::BasisEntry;
use crate::engine::Assessment;
use crate::kb::{Grade, KnowledgeBase, Mechanism, SubstanceIdx, Tier};
use crate::resolve::Resolution;

/// `--brief`: every finding, without its prose, for screening at scale. The rule id leads to
/// the prose (`kratom-check info`, or the knowledge base).
#[derive(Debug, Serialize)]
pub struct BriefReport<'kb> {
    pub tier: Tier,
    complete: bool,
    substances: Vec<&'kb str>,
    unresolved: Vec<String>,
    findings: Vec<BriefFinding<'kb>>,
}

#[derive(Debug, Serialize)]
pub struct BriefFinding<'kb> {
    rule: &'kb str,
    tier: Tier,
    substances: Vec<&'kb str>,
    mechanisms: Vec<Mechanism>,
    grade: Grade,
    basis: BasisEntry,
    references: Vec<&'kb str>,
}

impl<'kb> BriefReport<'kb> {
    pub fn new(
        kb: &'kb KnowledgeBase,
        resolution: &Resolution,
        assessment: &Assessment<'kb>,
    ) -> Self {
        let id = |s: SubstanceIdx| kb.substances[s].id.as_str();
        BriefReport {
            tier: assessment.tier,
            complete: resolution.is_complete(),
            substances: assessment.participants.iter().map(|&s| id(s)).collect(),
            unresolved: resolution
                .unresolved
                .iter()
                .map(|u| u.input.clone())
                .collect(),
            findings: assessment
                .findings
                .iter()
                .map(|f| BriefFinding {
                    rule: &f.rule.id,
                    tier: f.tier,
                    substances: f.substances.iter().map(|&s| id(s)).collect(),
                    mechanisms: f.mechanisms.clone(),
                    grade: f.grade,
                    basis: BasisEntry::from(f.basis),
                    references: f.references.clone(),
                })
                .collect(),
        }
    }
}
