//! Kratom's pair findings, remembered between evaluations that share a context.
//!
//! Every check judges kratom against each of its substances, and kratom meets more rules than
//! any other substance, so its pairs are the costliest to evaluate; they are also the ones
//! that recur: a batch of a few hundred thousand regimens has only as many kratom pairs as the
//! knowledge base has substances, and a class name evaluates the same kratom pairs once per
//! member. Pairs of two other substances seldom recur between regimens, so they are not kept.

use std::collections::HashMap;

use super::{Finding, Usage, evaluate_pair};
use crate::context::Context;
use crate::kb::SubstanceIdx;

/// Enough for every kratom pair of the built-in base in a few contexts; a layer with many more
/// substances starts over when it is full rather than growing without bound.
const MAX_PAIRS: usize = 4_096;

/// The findings of kratom's pairs (or the product form's that stands in for kratom), by pair,
/// for one context.
#[derive(Debug, Default)]
pub struct PairMemo<'kb> {
    context: Option<Context>,
    pairs: HashMap<[SubstanceIdx; 2], Vec<Finding<'kb>>>,
}

impl<'kb> PairMemo<'kb> {
    /// The findings of `first` with `second`, as [`evaluate_pair`] makes them, from memory
    /// when this pair was evaluated before in the same context.
    pub(super) fn pair_findings(
        &mut self,
        usage: &Usage<'kb, '_>,
        first: SubstanceIdx,
        second: SubstanceIdx,
    ) -> &[Finding<'kb>] {
        if self.context.as_ref() != Some(usage.context) || self.pairs.len() >= MAX_PAIRS {
            self.pairs.clear();
            self.context = Some(*usage.context);
        }
        self.pairs
            .entry([first, second])
            .or_insert_with(|| evaluate_pair(usage, first, second))
    }
}
