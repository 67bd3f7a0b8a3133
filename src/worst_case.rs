//! Stage 3 for names that stand for several substances: a class ("opioids") or an ambiguous
//! name ("percs": oxycodone or a counterfeit fentanyl pill). The check is never safer than what
//! is known, so such a name is judged at its most severe candidate: the check is evaluated with
//! each candidate in its place, the overall tier of each is kept (the report shows the range),
//! and the candidate that gives the most severe answer stands in the final evaluation.

use crate::context::Context;
use crate::engine::{self, Assessment};
use crate::kb::{KnowledgeBase, Tier};
use crate::resolve::Resolution;

/// How severe the check is with one candidate: overall tier, the findings' tiers (most severe
/// first), and how many names the candidate has.
type Rank = (Tier, Vec<Tier>, usize);

/// Evaluates the check the resolution describes, each class or ambiguous name at its most
/// severe candidate, and records every candidate's tier in the resolution. Names are settled
/// in the order typed, each with the ones before it already at their worst, so the cost is the
/// sum of the candidates, not their product.
pub fn evaluate<'kb>(
    kb: &'kb KnowledgeBase,
    resolution: &mut Resolution,
    context: &Context,
) -> Assessment<'kb> {
    let same_product = resolution.same_product_pairs();
    for position in 0..resolution.resolved.len() {
        let Some(mut worst_case) = resolution.resolved[position].worst_case.take() else {
            continue;
        };
        // The candidate with the most severe overall tier, then the most severe findings (their
        // tiers compared in order), then the best known (the most names): the one a person
        // most likely means among the most dangerous.
        let mut chosen: Option<(Rank, usize)> = None;
        for candidate in &mut worst_case.candidates {
            resolution.resolved[position].substance = candidate.substance;
            let assessment =
                engine::evaluate_apart(kb, &resolution.participants(), &same_product, context);
            candidate.tier = assessment.tier;
            let rank = (
                assessment.tier,
                assessment.findings.iter().map(|f| f.tier).collect(),
                kb.substances[candidate.substance].aliases.len(),
            );
            if chosen.as_ref().is_none_or(|(worst, _)| rank > *worst) {
                chosen = Some((rank, candidate.substance));
            }
        }
        if let Some((_, substance)) = chosen {
            resolution.resolved[position].substance = substance;
        }
        resolution.resolved[position].worst_case = Some(worst_case);
    }
    engine::evaluate_apart(kb, &resolution.participants(), &same_product, context)
}
