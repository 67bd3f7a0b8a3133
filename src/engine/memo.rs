//! What one evaluation remembers for the next: kratom's pair findings (by the way of use they
//! were judged in), and which stack rules each substance counts toward.
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
use crate::context::Judged;
use crate::kb::{KnowledgeBase, Shape, StackRulePos, SubstanceIdx};

/// Every kratom pair of the built-in base in two ways of use; beyond it the memo starts over
/// rather than growing without bound (a run whose lines each give their own dose, form and
/// frequency, or a layer with many more substances). Each pair holds its findings whole,
/// a few kilobytes, so this bound is most of a worker's memory in such a run.
const MAX_PAIRS: usize = 2_048;

/// The findings of kratom's pairs (or the product form's that stands in for kratom), by pair
/// and the way of use they were judged in; and the stack rules each substance counts toward.
#[derive(Debug, Default)]
pub struct EvaluationMemo<'kb> {
    /// Positions in the knowledge base's `stack_rules` whose `each` the substance meets.
    stack_kinds: FxHashMap<SubstanceIdx, Vec<StackRulePos>>,
    /// Keys are the knowledge base's indices and closed vocabularies, not outside input, so a
    /// quick hash is safe here. Keyed by what evaluation reads of the context, not the
    /// context: lines that give 4 g and 4.5 g share a band, and so their findings.
    pairs: FxHashMap<(Judged, [SubstanceIdx; 2]), Vec<Arc<Finding<'kb>>>>,
    /// How many times `pairs` started over: findings from before can no longer be handed
    /// out, so whoever keeps them by address may let them go ([`Self::generation`]).
    generation: u64,
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
        if self.pairs.len() >= MAX_PAIRS {
            self.pairs.clear();
            self.generation += 1;
        }
        let judged = usage.context.judged();
        self.pairs
            .entry((judged, [first, second]))
            .or_insert_with(|| {
                evaluate_pair(usage, first, second)
                    .into_iter()
                    .map(Arc::new)
                    .collect()
            })
    }

    /// Changes whenever the remembered findings are let go: a finding kept by its address
    /// from an earlier generation will never be handed out again.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// For each of `substances`, the positions in `kb.stack_rules` of the stack rules whose
    /// `each` it meets.
    pub(super) fn stack_kinds(
        &mut self,
        kb: &KnowledgeBase,
        substances: &[SubstanceIdx],
    ) -> Vec<&[StackRulePos]> {
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
                    .map(|(position, _)| StackRulePos(position))
                    .collect()
            });
        }
        substances
            .iter()
            .map(|substance| self.stack_kinds[substance].as_slice())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::context::{Context, Dose, Form};
    use crate::engine::{SameProduct, evaluate, evaluate_apart};
    use crate::kb::{Frequency, NameTarget};

    /// What a check found, to compare: each finding's rule, tier and context notes.
    fn found(assessment: &crate::engine::Assessment) -> Vec<(String, String, Vec<String>)> {
        assessment
            .findings
            .iter()
            .map(|f| {
                let notes = f
                    .context_notes
                    .iter()
                    .map(|n| format!("{} {} {}", n.tier, n.note, n.applied))
                    .collect();
                (f.rule.id.clone(), f.tier.to_string(), notes)
            })
            .collect()
    }

    #[test]
    fn one_memo_over_lines_of_many_contexts_finds_what_each_line_finds_alone() {
        let kb = crate::kb::load_embedded().expect("built-in base loads");
        let substance = |name: &str| match kb.name(&crate::names::key(name)).unwrap().target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => s,
            other => panic!("{name} is {other:?}"),
        };
        let participants = [kb.kratom, substance("alcohol"), substance("tramadol")];
        let dose = |text: &str| Some(Dose::from_str(text).unwrap());
        let contexts = [
            Context::default(),
            Context {
                dose: dose("4"),
                ..Context::default()
            },
            Context {
                dose: dose("4.5"),
                frequency: Some(Frequency::Daily),
                ..Context::default()
            },
            Context {
                dose: dose("20"),
                form: Some(Form::Extract),
                ..Context::default()
            },
            Context {
                dose: dose("low"),
                form: Some(Form::SevenOh),
                frequency: Some(Frequency::Occasional),
            },
            Context {
                form: Some(Form::Extract),
                ..Context::default()
            },
        ];
        let mut memo = EvaluationMemo::default();
        // Twice round, so the second round's pairs come from the memo.
        for context in contexts.iter().chain(&contexts) {
            let remembered = evaluate_apart(
                &kb,
                &participants,
                &SameProduct::default(),
                context,
                &mut memo,
            );
            let alone = evaluate(&kb, &participants, context);
            assert_eq!(found(&remembered), found(&alone), "{context:?}");
            assert_eq!(remembered.tier, alone.tier);
        }
        // 4 g and 4.5 g are one band: the second line's kratom pairs are the first's.
        let mut memo = EvaluationMemo::default();
        let four = evaluate_apart(
            &kb,
            &participants,
            &SameProduct::default(),
            &contexts[1],
            &mut memo,
        );
        let more = Context {
            dose: dose("4.5"),
            ..Context::default()
        };
        let four_and_a_half = evaluate_apart(
            &kb,
            &participants,
            &SameProduct::default(),
            &more,
            &mut memo,
        );
        let first_of_kratom =
            |a: &[Arc<Finding>]| a.iter().position(|f| f.substances[0] == kb.kratom).unwrap();
        let (i, j) = (
            first_of_kratom(&four.findings),
            first_of_kratom(&four_and_a_half.findings),
        );
        assert!(Arc::ptr_eq(&four.findings[i], &four_and_a_half.findings[j]));
        assert_eq!(memo.generation(), 0);
    }
}
