//! Stage 3 for names that stand for several substances: a class ("opioids") or an ambiguous
//! name ("percs": oxycodone or a counterfeit fentanyl pill). The check is never safer than what
//! is known, so such a name is judged at its most severe candidate: the check is evaluated with
//! each candidate in its place, the overall tier of each is kept (the report shows the range),
//! and the candidate that gives the most severe answer stands in the final evaluation.

use std::fmt;

use crate::context::Context;
use crate::engine::{self, Assessment, EvaluationMemo};
use crate::kb::{KnowledgeBase, SubstanceIdx, Tier};
use crate::resolve::Resolution;

/// The most substances one check judges. Every substance of the built-in base fits (about 750);
/// a check's findings can grow with the square of its substances, so a layer's thousands could
/// take gigabytes.
pub const MAX_SUBSTANCES: usize = 1_000;

/// The most work one check may take, counted as substances squared per evaluation (an
/// evaluation compares every pair): every substance of the built-in base once is about 560,000;
/// this allows about a second and a half on the build machine.
pub const MAX_WORK: u64 = 16_000_000;

/// A check too large to run: it is refused whole rather than answered in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    Substances { given: usize },
    Work { names: usize, evaluations: u64 },
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLarge::Substances { given } => write!(
                f,
                "{given} substances in one check, over the limit of {MAX_SUBSTANCES}; check fewer at a time"
            ),
            TooLarge::Work { names, evaluations } => write!(
                f,
                "{names} names whose class or ambiguous names need {evaluations} evaluations \
                 (one per member) are over the limit of one check; name fewer classes or fewer substances"
            ),
        }
    }
}

impl std::error::Error for TooLarge {}

/// Refuses a check over [`MAX_SUBSTANCES`] or [`MAX_WORK`] before any of it runs.
fn admit(resolution: &Resolution) -> Result<(), TooLarge> {
    let substances = resolution.participants().len();
    if substances > MAX_SUBSTANCES {
        return Err(TooLarge::Substances { given: substances });
    }
    let evaluations = 1 + resolution
        .resolved
        .iter()
        .filter_map(|r| r.worst_case.as_ref())
        .map(|w| w.candidates.len() as u64)
        .sum::<u64>();
    // Each class or ambiguous name may settle on a different member, so an evaluation can
    // judge as many substances as names were resolved, whatever they are at the start.
    let names = resolution.resolved.len().max(substances);
    if evaluations.saturating_mul((names as u64 + 1).pow(2)) > MAX_WORK {
        return Err(TooLarge::Work { names, evaluations });
    }
    Ok(())
}

/// How severe the check is with one candidate: overall tier, the findings' tiers (most severe
/// first), and how many names the candidate has.
type Rank = (Tier, Vec<Tier>, usize);

/// Evaluates the check the resolution describes, each class or ambiguous name at its most
/// severe candidate, and records every candidate's tier in the resolution. Names are settled
/// in the order typed, each with the ones before it already at their worst, so the cost is the
/// sum of the candidates, not their product; [`admit`] bounds that sum before it is spent.
pub fn evaluate<'kb>(
    kb: &'kb KnowledgeBase,
    resolution: &mut Resolution,
    context: &Context,
    memo: &mut EvaluationMemo<'kb>,
) -> Result<Assessment<'kb>, TooLarge> {
    admit(resolution)?;
    let same_product = resolution.same_product_pairs();
    for position in 0..resolution.resolved.len() {
        let Some(mut worst_case) = resolution.resolved[position].worst_case.take() else {
            continue;
        };
        // The candidate with the most severe overall tier, then the most severe findings (their
        // tiers compared in order), then the best known (the most names): the one a person
        // most likely means among the most dangerous.
        let mut chosen: Option<(Rank, SubstanceIdx)> = None;
        for candidate in &mut worst_case.candidates {
            resolution.resolved[position].substance = candidate.substance;
            let assessment = engine::evaluate_apart(
                kb,
                &resolution.participants(),
                &same_product,
                context,
                memo,
            );
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
    Ok(engine::evaluate_apart(
        kb,
        &resolution.participants(),
        &same_product,
        context,
        memo,
    ))
}
