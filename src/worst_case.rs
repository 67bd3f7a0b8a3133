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
use crate::kb::{KnowledgeBase, NameTarget, SubstanceIdx, Tier};
use crate::resolve::{self, Members, Resolution, ResolvedInput};

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

/// What the joint worst gives one class or ambiguous name of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorstCase {
    /// The name's position among the resolution's resolved inputs.
    pub position: usize,
    /// The class or ambiguous name.
    pub of: NameTarget,
    /// The member the check was judged at: one that reaches the worst.
    pub judged_as: SubstanceIdx,
    /// Each candidate with the most severe overall tier of the combinations (with the check's
    /// other class and ambiguous names) in which the name means it.
    pub candidates: Vec<Candidate>,
    /// The least severe overall tier over every combination of the members of every class or
    /// ambiguous name in the check (a lower bound when the search for it was cut short).
    pub least: Tier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub substance: SubstanceIdx,
    pub tier: Tier,
}

impl WorstCase {
    /// The least and most severe overall tier the check can have, whichever candidates the
    /// check's class and ambiguous names mean.
    pub fn range(&self) -> (Tier, Tier) {
        let tiers = self.candidates.iter().map(|c| c.tier);
        (
            tiers.clone().min().unwrap_or(Tier::None).min(self.least),
            tiers.max().unwrap_or(Tier::None),
        )
    }

    /// Whether the answer is the same whichever candidates are meant, jointly with the check's
    /// other class and ambiguous names.
    pub fn is_uniform(&self) -> bool {
        let (least, most) = self.range();
        least == most
    }
}

/// How an assessment reads its resolution: what the worst case made of each name.
impl Assessment<'_> {
    /// What the resolved input at `position` was judged at, if it is a class or ambiguous name.
    pub fn worst_case(&self, position: usize) -> Option<&WorstCase> {
        self.worst_cases.iter().find(|w| w.position == position)
    }

    /// The substance the resolved input at `position` stands for in this assessment.
    pub fn judged_as(&self, position: usize, resolved: &ResolvedInput) -> SubstanceIdx {
        self.worst_case(position)
            .map_or(resolved.substance, |w| w.judged_as)
    }

    /// Whether the answer covers everything typed exactly: every name resolved, and the class
    /// and ambiguous names give the same answer whichever combination of members is meant.
    pub fn is_complete(&self, resolution: &Resolution) -> bool {
        resolution.unresolved.is_empty() && self.worst_cases.iter().all(WorstCase::is_uniform)
    }
}

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
/// worst; the assessment carries what each candidate and each name gives. The pairs the
/// search judges are counted against [`MAX_WORK`] before any is judged, the stack search as it
/// goes; either refuses the check whole.
pub fn evaluate<'kb>(
    kb: &'kb KnowledgeBase,
    resolution: &Resolution,
    context: &Context,
    memo: &mut EvaluationMemo<'kb>,
) -> Result<Assessment<'kb>, TooLarge> {
    let slots: Vec<(usize, &Members)> = (resolution.resolved.iter().enumerate())
        .filter_map(|(position, r)| Some((position, r.members.as_ref()?)))
        .collect();
    // The substances every combination has: the names that stand for one substance, each
    // once (a name typed 4,000 times is one substance), and the product form's.
    let most = resolution.resolved.len() + 1;
    let mut seen = FxHashSet::with_capacity_and_hasher(most, Default::default());
    let mut fixed: Vec<SubstanceIdx> = Vec::with_capacity(most);
    fixed.extend(
        resolution
            .resolved
            .iter()
            .filter(|r| r.members.is_none())
            .map(|r| r.substance)
            .chain(context.opioid_product(kb))
            .filter(|&s| seen.insert(s)),
    );
    let substances = fixed.len() + slots.len();
    if substances > MAX_SUBSTANCES {
        return Err(TooLarge::Substances { given: substances });
    }
    if slots.len() > MAX_NAMES_WITH_MEMBERS {
        return Err(TooLarge::NamesWithMembers { given: slots.len() });
    }
    let candidates: Vec<Vec<SubstanceIdx>> =
        slots.iter().map(|(_, m)| m.substances.clone()).collect();
    let mut budget = Budget {
        spent: 0,
        substances,
        names: slots.len(),
    };
    budget.spend(joint::pair_work(fixed.len(), &candidates))?;
    let mut meant = resolution.substances();
    if slots.is_empty() {
        return Ok(engine::evaluate_apart(
            kb,
            &resolve::distinct(&meant),
            &resolution.same_product(&meant),
            context,
            memo,
        ));
    }
    let outcome = joint::search(
        kb,
        &mut Parts::new(kb, context, memo),
        &fixed,
        &resolution.same_product(&meant),
        &candidates,
        &mut budget,
    )?;
    let mut worst_cases = Vec::with_capacity(slots.len());
    for (slot, &(position, members)) in slots.iter().enumerate() {
        let judged_as = outcome.chosen[slot];
        meant[position] = judged_as;
        worst_cases.push(WorstCase {
            position,
            of: members.of,
            judged_as,
            candidates: candidates[slot]
                .iter()
                .zip(&outcome.tiers[slot])
                .map(|(&substance, &tier)| Candidate { substance, tier })
                .collect(),
            least: outcome.least,
        });
    }
    let mut assessment = engine::evaluate_apart(
        kb,
        &resolve::distinct(&meant),
        &resolution.same_product(&meant),
        context,
        memo,
    );
    debug_assert_eq!(assessment.tier, outcome.worst, "the joint worst is reached");
    assessment.worst_cases = worst_cases;
    Ok(assessment)
}
