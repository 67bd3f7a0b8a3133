//! An evaluation taken apart: one pair's tier, and the tier of the stacks a set of substances
//! makes. The overall tier of a check is the most severe of its pairs' and its stacks', so the
//! worst over every combination of what several class names may mean can be found part by part
//! ([`crate::worst_case`]) instead of by evaluating every combination whole.

use super::{EvaluationMemo, Usage, evaluate_pair, evaluate_stacks, premises_for};
use crate::context::Context;
use crate::kb::{KnowledgeBase, Shape, StackRulePos, SubstanceIdx, Tier};

/// What a substance brings to the stack rules: for each stack rule whose `each` it meets (its
/// position in the knowledge base's `stack_rules`), the positions of the rule's `requires` it
/// meets too. Substances with the same signature count alike toward every stack.
pub type StackSignature = Vec<(StackRulePos, Vec<usize>)>;

/// Tiers of the parts of an evaluation in one context, kratom's pairs remembered in `memo`.
pub struct Parts<'kb, 'c, 'm> {
    usage: Usage<'kb, 'c>,
    memo: &'m mut EvaluationMemo<'kb>,
}

impl<'kb, 'c, 'm> Parts<'kb, 'c, 'm> {
    pub fn new(
        kb: &'kb KnowledgeBase,
        context: &'c Context,
        memo: &'m mut EvaluationMemo<'kb>,
    ) -> Self {
        Parts {
            usage: Usage {
                kb,
                context,
                product: context.opioid_product(kb),
            },
            memo,
        }
    }

    /// The substance the form adds to every evaluation (a 7-OH product), if any.
    pub fn product(&self) -> Option<SubstanceIdx> {
        self.usage.product
    }

    /// The most severe finding of `first` with `second`, as [`super::evaluate_apart`] judges
    /// the pair (`Tier::None` for a substance with itself, and for kratom with the product form
    /// that stands in for it).
    pub fn pair_tier(&mut self, first: SubstanceIdx, second: SubstanceIdx) -> Tier {
        let kb = self.usage.kb;
        let pair = [first, second];
        let with_product = self.usage.product.is_some_and(|p| pair.contains(&p));
        if first == second || (pair.contains(&kb.kratom) && with_product) {
            return Tier::None;
        }
        if pair.contains(&kb.kratom) || with_product {
            let findings = self.memo.pair_findings(&self.usage, first, second);
            findings.iter().map(|f| f.tier).max().unwrap_or(Tier::None)
        } else {
            let findings = evaluate_pair(&self.usage, first, second);
            findings.iter().map(|f| f.tier).max().unwrap_or(Tier::None)
        }
    }

    /// Which stack rules `substance` counts toward, and which of their requirements it meets.
    pub fn stack_signature(&mut self, substance: SubstanceIdx) -> StackSignature {
        let kb = self.usage.kb;
        let kinds = self.memo.stack_kinds(kb, &[substance]);
        kinds[0]
            .iter()
            .map(|&position| {
                let requires = match &kb.rules[kb.stack_rules[position]].shape {
                    Shape::Stack { requires, .. } => requires
                        .iter()
                        .enumerate()
                        .filter(|(_, condition)| {
                            premises_for(kb, condition, substance, None).is_some()
                        })
                        .map(|(index, _)| index)
                        .collect(),
                    Shape::Pair(..) => Vec::new(),
                };
                (position, requires)
            })
            .collect()
    }

    /// For each stack rule (by position in the knowledge base's `stack_rules`), the most
    /// severe tier it can have in any context and how many members it needs: no set of
    /// substances makes a stack worse, and fewer members never make it fire.
    pub fn stack_rules(&self) -> Vec<(Tier, usize)> {
        let kb = self.usage.kb;
        kb.stack_rules
            .iter()
            .map(|&rule| {
                let rule = &kb.rules[rule];
                let tier = rule
                    .context
                    .iter()
                    .map(|adjustment| adjustment.tier)
                    .chain([rule.tier])
                    .max()
                    .unwrap_or(rule.tier);
                let at_least = match &rule.shape {
                    Shape::Stack { at_least, .. } => *at_least,
                    Shape::Pair(..) => usize::MAX,
                };
                (tier, at_least)
            })
            .collect()
    }

    /// The most severe stack finding among `substances` (distinct, the product form included
    /// when there is one), as [`super::evaluate_apart`] finds it.
    pub fn stack_tier(&mut self, substances: &[SubstanceIdx]) -> Tier {
        let kratom = self.usage.kb.kratom;
        let product = self.usage.product;
        // As in an evaluation: the product form stands in for leaf kratom in a stack.
        let stacked: Vec<SubstanceIdx> = substances
            .iter()
            .copied()
            .filter(|&s| product.is_none() || s != kratom)
            .collect();
        evaluate_stacks(&self.usage, &stacked, self.memo)
            .iter()
            .map(|f| f.tier)
            .max()
            .unwrap_or(Tier::None)
    }
}
