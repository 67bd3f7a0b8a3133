//! The rule-candidate index: for each substance, the pair rules it may take part in and on
//! which side, so the engine tries a handful of rules per pair instead of every rule. Built
//! here when the base compiles, stored in the blob, and queried here; its layout is nobody
//! else's business.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::compiled::{
    ClassIdx, Condition, KnowledgeBase, Rule, RuleIdx, Shape, Substance, SubstanceIdx,
};
use crate::vocabulary::{Enzyme, Property};
use crate::yaml::EnzymeChoice;

/// A rule's side `a`, as a bit of [`RuleCandidates`]' side set.
const SIDE_A: u8 = 1;
/// A rule's side `b`.
const SIDE_B: u8 = 2;

/// One substance's candidate pair rules, sorted by rule index, each with the set of sides
/// (`SIDE_A`, `SIDE_B`) the substance may match.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RuleCandidates(Vec<(u32, u8)>);

impl RuleCandidates {
    /// The rules, by index in declaration order.
    pub fn rules(&self) -> impl Iterator<Item = RuleIdx> + '_ {
        self.0.iter().map(|&(rule, _)| RuleIdx(rule as usize))
    }
}

impl KnowledgeBase {
    /// The pair rules, in declaration order, that one substance may meet on one side and the
    /// other on the other: a merge of the two substances' sorted candidate lists.
    pub fn pair_rule_candidates(
        &self,
        first: SubstanceIdx,
        second: SubstanceIdx,
    ) -> impl Iterator<Item = RuleIdx> + '_ {
        let (xs, ys) = (
            &self.rule_candidates[first].0,
            &self.rule_candidates[second].0,
        );
        let (mut i, mut j) = (0, 0);
        std::iter::from_fn(move || {
            while i < xs.len() && j < ys.len() {
                let ((x_rule, x_sides), (y_rule, y_sides)) = (xs[i], ys[j]);
                match x_rule.cmp(&y_rule) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        i += 1;
                        j += 1;
                        let fits = (x_sides & SIDE_A != 0 && y_sides & SIDE_B != 0)
                            || (x_sides & SIDE_B != 0 && y_sides & SIDE_A != 0);
                        if fits {
                            return Some(RuleIdx(x_rule as usize));
                        }
                    }
                }
            }
            None
        })
    }
}

/// The most selective thing a rule side or a substance can be indexed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Anchor {
    Substance(SubstanceIdx),
    Class(ClassIdx),
    Property(Property),
    Inhibits(Option<Enzyme>),
    Induces(Option<Enzyme>),
    SubstrateOf(Option<Enzyme>),
}

/// The side's anchor: a substance that matches the side has it among its own anchors.
fn side_anchor(condition: &Condition) -> Option<Anchor> {
    let enzyme = |choice: EnzymeChoice| match choice {
        EnzymeChoice::Any => None,
        EnzymeChoice::Is(enzyme) => Some(enzyme),
    };
    condition
        .substance
        .map(Anchor::Substance)
        .or(condition.class.map(Anchor::Class))
        .or(condition.property.map(Anchor::Property))
        .or(condition.inhibits.map(|c| Anchor::Inhibits(enzyme(c))))
        .or(condition.induces.map(|c| Anchor::Induces(enzyme(c))))
        .or(condition
            .substrate_of
            .map(|c| Anchor::SubstrateOf(enzyme(c))))
}

fn substance_anchors(index: SubstanceIdx, substance: &Substance) -> Vec<Anchor> {
    let mut anchors = vec![Anchor::Substance(index)];
    anchors.extend(substance.ancestry.iter().map(|&c| Anchor::Class(c)));
    anchors.extend(substance.properties.keys().map(|&p| Anchor::Property(p)));
    for (enzymes, anchor) in [
        (
            &substance.inhibits,
            Anchor::Inhibits as fn(Option<Enzyme>) -> Anchor,
        ),
        (&substance.induces, Anchor::Induces),
    ] {
        if !enzymes.is_empty() {
            anchors.push(anchor(None));
        }
        anchors.extend(enzymes.keys().map(|&e| anchor(Some(e))));
    }
    if !substance.substrate_of.is_empty() {
        anchors.push(Anchor::SubstrateOf(None));
    }
    anchors.extend(
        substance
            .substrate_of
            .keys()
            .map(|&e| Anchor::SubstrateOf(Some(e))),
    );
    anchors
}

/// For each substance, the pair rules it may take part in, and on which side.
pub(crate) fn build(rules: &[Rule], substances: &[Substance]) -> Vec<RuleCandidates> {
    let mut by_anchor: HashMap<Anchor, Vec<(u32, u8)>> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        if let Shape::Pair(a, b) = &rule.shape {
            let rule_index = u32::try_from(i).expect("fewer than 2^32 rules");
            for (side, bit) in [(a, SIDE_A), (b, SIDE_B)] {
                if let Some(anchor) = side_anchor(side) {
                    by_anchor.entry(anchor).or_default().push((rule_index, bit));
                }
            }
        }
    }
    substances
        .iter()
        .enumerate()
        .map(|(i, substance)| {
            let mut sides: BTreeMap<u32, u8> = BTreeMap::new();
            for anchor in substance_anchors(SubstanceIdx(i), substance) {
                for &(rule, bit) in by_anchor.get(&anchor).into_iter().flatten() {
                    *sides.entry(rule).or_default() |= bit;
                }
            }
            RuleCandidates(sides.into_iter().collect())
        })
        .collect()
}
