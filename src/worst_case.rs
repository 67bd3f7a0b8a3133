//! Stage 3 for names that stand for several substances: a class ("opioids") or an ambiguous
//! name ("percs": oxycodone or a counterfeit fentanyl pill). The check is never safer than what
//! is known, so such names are judged at their joint worst: the overall tier is the most severe
//! over every combination of the members of every such name, whatever the order typed, and the
//! combination that reaches it stands in the final evaluation. Each candidate keeps the worst
//! the check has when the name means it, and each name the least over every combination, so
//! the report can show the range.
//!
//! The combinations are not evaluated one by one ([`joint`] explains how): a check's tier is
//! its most severe pair or stack, so the worst pair is found over candidate pairs and the worst
//! stack by a bounded search over what each member adds to the stacks.

mod joint;
mod stacks;

use std::fmt;

use rustc_hash::FxHashSet;

use crate::context::Context;
use crate::engine::{self, Assessment, EvaluationMemo, Parts};
use crate::kb::{KnowledgeBase, SubstanceIdx};
use crate::resolve::Resolution;

/// The most substances one check judges. Every substance of the built-in base fits;
/// a check's findings can grow with the square of its substances, so a layer's thousands could
/// take gigabytes.
pub const MAX_SUBSTANCES: usize = 1_000;

/// The most class and ambiguous names one check judges jointly: each two of them are compared,
/// and no regimen names a hundred classes.
pub const MAX_NAMES_WITH_MEMBERS: usize = 100;

/// The most work one check may take, counted as pairs of substances judged plus substances
/// counted in a stack: every substance of the built-in base once stays well under it, and a
/// check at the bound still answers in moments.
pub const MAX_WORK: u64 = 8_000_000;

/// A check too large to run: it is refused whole rather than answered in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    Substances {
        given: usize,
    },
    NamesWithMembers {
        given: usize,
    },
    Work {
        substances: usize,
        names: usize,
        work: u64,
    },
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLarge::Substances { given } => write!(
                f,
                "{given} substances in one check, over the limit of {MAX_SUBSTANCES}; check fewer at a time"
            ),
            TooLarge::NamesWithMembers { given } => write!(
                f,
                "{given} class or ambiguous names in one check, over the limit of \
                 {MAX_NAMES_WITH_MEMBERS}; name the medicines meant, or fewer classes"
            ),
            TooLarge::Work {
                substances,
                names,
                work,
            } => write!(
                f,
                "{substances} substances with {names} class or ambiguous names need at least \
                 {work} comparisons, over the limit of one check ({MAX_WORK}); name fewer \
                 classes or fewer substances"
            ),
        }
    }
}

impl std::error::Error for TooLarge {}

/// The work a check may still spend; a check that would spend more is refused.
#[derive(Debug)]
struct Budget {
    spent: u64,
    substances: usize,
    names: usize,
}

impl Budget {
    /// Spends `work`, or refuses the check when that would go over [`MAX_WORK`].
    fn spend(&mut self, work: u64) -> Result<(), TooLarge> {
        self.spent = self.spent.saturating_add(work);
        if self.spent > MAX_WORK {
            return Err(TooLarge::Work {
                substances: self.substances,
                names: self.names,
                work: self.spent,
            });
        }
        Ok(())
    }

    fn left(&self) -> u64 {
        MAX_WORK.saturating_sub(self.spent)
    }
}

/// Evaluates the check the resolution describes, its class and ambiguous names at their joint
/// worst, and records in the resolution what each candidate and each name gives. The pairs the
/// search judges are counted against [`MAX_WORK`] before any is judged, the stack search as it
/// goes; either refuses the check whole.
pub fn evaluate<'kb>(
    kb: &'kb KnowledgeBase,
    resolution: &mut Resolution,
    context: &Context,
    memo: &mut EvaluationMemo<'kb>,
) -> Result<Assessment<'kb>, TooLarge> {
    let slots: Vec<usize> = (0..resolution.resolved.len())
        .filter(|&position| resolution.resolved[position].worst_case.is_some())
        .collect();
    // The substances every combination has: the names that stand for one substance, each
    // once (a name typed 4,000 times is one substance), and the product form's.
    let mut seen = FxHashSet::default();
    let fixed: Vec<SubstanceIdx> = resolution
        .resolved
        .iter()
        .filter(|r| r.worst_case.is_none())
        .map(|r| r.substance)
        .chain(context.opioid_product(kb))
        .filter(|&s| seen.insert(s))
        .collect();
    let substances = fixed.len() + slots.len();
    if substances > MAX_SUBSTANCES {
        return Err(TooLarge::Substances { given: substances });
    }
    if slots.len() > MAX_NAMES_WITH_MEMBERS {
        return Err(TooLarge::NamesWithMembers { given: slots.len() });
    }
    let candidates: Vec<Vec<SubstanceIdx>> = slots
        .iter()
        .map(|&position| {
            let worst_case = resolution.resolved[position].worst_case.as_ref();
            worst_case.map_or_else(Vec::new, |w| {
                w.candidates.iter().map(|c| c.substance).collect()
            })
        })
        .collect();
    let mut budget = Budget {
        spent: 0,
        substances,
        names: slots.len(),
    };
    budget.spend(joint::pair_work(fixed.len(), &candidates))?;
    if !slots.is_empty() {
        let same_product = resolution.same_product();
        let outcome = joint::search(
            kb,
            &mut Parts::new(kb, context, memo),
            &fixed,
            &same_product,
            &candidates,
            &mut budget,
        )?;
        for (slot, &position) in slots.iter().enumerate() {
            let resolved = &mut resolution.resolved[position];
            resolved.substance = outcome.chosen[slot];
            if let Some(worst_case) = &mut resolved.worst_case {
                worst_case.least = outcome.least;
                for (candidate, &tier) in worst_case.candidates.iter_mut().zip(&outcome.tiers[slot])
                {
                    candidate.tier = tier;
                }
            }
        }
        let assessment = engine::evaluate_apart(
            kb,
            &resolution.participants(),
            &resolution.same_product(),
            context,
            memo,
        );
        debug_assert_eq!(assessment.tier, outcome.worst, "the joint worst is reached");
        return Ok(assessment);
    }
    Ok(engine::evaluate_apart(
        kb,
        &resolution.participants(),
        &resolution.same_product(),
        context,
        memo,
    ))
}
