//! What one evaluation remembers for the next: kratom's pair findings (while the context is
//! the same), and which stack rules each substance counts toward.
//!
//! Every check judges kratom against each of its substances, and kratom meets more rules than
//! any other substance, so its pairs are the costliest to evaluate; they are also the ones
//! that recur: a batch of a few hundred thousand regimens has only as many kratom pairs as the
//! knowledge base has substances, and a class name evaluates the same kratom pairs once per
//! member. Pairs of two other substances seldom recur between regimens, so they are not kept.
//!
//! A stack rule fires for few checks, yet every substance of every check is asked whether it
//! counts toward each stack rule; the answer depends on the substance alone, so it is kept too.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::premise::premises_for;
use super::{Finding, Usage, evaluate_pair};
use crate::context::Context;
use crate::kb::{KnowledgeBase, Shape, SubstanceIdx};

/// Enough for every kratom pair of the built-in base in a few contexts; a layer with many more
/// substances starts over when it is full rather than growing without bound.
const MAX_PAIRS: usize = 4_096;

/// The findings of kratom's pairs (or the product form's that stands in for kratom), by pair,
/// for one context; and the stack rules each substance counts toward.
#[derive(Debug, Default)]
pub struct EvaluationMemo<'kb> {
    context: Option<Context>,
    /// Positions in the knowledge base's `stack_rules` whose `each` the substance meets.
    stack_kinds: FxHashMap<SubstanceIdx, Vec<usize>>,
    /// Keys are the knowledge base's indices, not outside input, so a quick hash is safe here.
    pairs: FxHashMap<[SubstanceIdx; 2], Vec<Arc<Finding<'kb>>>>,
}

impl<'kb> EvaluationMemo<'kb> {
    /// The findings of `first` with `second`, as [`evaluate_pair`] makes them, from memory
    /// when this pair was evaluated before in the same context.
    pub(super) fn pair_findings(
        &mut self,
        usage: &Usage<'kb, '_>,
        first: SubstanceIdx,
        second: SubstanceIdx,
    ) -> &[Arc<Finding<'kb>>] {
        if self.context.as_ref() != Some(usage.context) || self.pairs.len() >= MAX_PAIRS {
            self.pairs.clear();
            self.context = Some(*usage.context);
        }
        self.pairs.entry([first, second]).or_insert_with(|| {
            evaluate_pair(usage, first, second)
                .into_iter()
                .map(Arc::new)
                .collect()
        })
    }

    /// For each of `substances`, the positions in `kb.stack_rules` of the stack rules whose
    /// `each` it meets.
    pub(super) fn stack_kinds(
        &mut self,
        kb: &KnowledgeBase,
        substances: &[SubstanceIdx],
    ) -> Vec<&[usize]> {
        if self.stack_kinds.len() >= MAX_PAIRS {
            self.stack_kinds.clear();
        }
        for &substance in substances {
            self.stack_kinds.entry(substance).or_insert_with(|| {
                kb.stack_rules
                    .iter()
                    .enumerate()
                    .filter(|&(_, &rule)| match &kb.rules[rule].shape {
                        Shape::Stack { each, .. } => {
                            premises_for(kb, each, substance, None).is_some()
                        }
                        Shape::Pair(..) => false,
                    })
                    .map(|(position, _)| position)
                    .collect()
            });
        }
        substances
            .iter()
            .map(|substance| self.stack_kinds[substance].as_slice())
            .collect()
    }
}
