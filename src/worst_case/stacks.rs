//! The stack terms of the joint worst case, searched over the kinds of member each name offers.
//!
//! A stack rule counts the distinct substances that meet its `each`, so a member matters to the
//! stacks only by what it adds (which rules it counts toward and which requirements it meets)
//! and by whether another name could pick the same substance. Members alike in both are
//! interchangeable, so the search branches once per such group, not once per member, and it
//! stops wherever no branch can make a stack pass what is already known.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Budget, TooLarge};
use crate::engine::{Parts, StackSignature};
use crate::kb::{StackRulePos, SubstanceIdx, Tier};

/// What makes members of one name interchangeable in the stacks: what they add, and which
/// other names could pick them too.
pub(super) type StackGroupKey = (StackSignature, Vec<usize>);

/// Members of one name that are interchangeable in the stacks: the same signature, and the same
/// other names that could pick them.
struct Group {
    adds: Vec<StackRulePos>,
    members: Vec<usize>,
}

pub(super) struct Stacks {
    /// The substances every combination has that count toward a stack.
    pub fixed: Vec<SubstanceIdx>,
    fixed_counts: Vec<usize>,
    /// Each stack rule's most severe tier and how many members it needs.
    rules: Vec<(Tier, usize)>,
    /// For each name and candidate, the stack rules it adds a member to (none when it is one
    /// of the fixed substances already).
    pub adds: Vec<Vec<Vec<StackRulePos>>>,
    /// For each name and candidate, the key of its group: alike candidates share it.
    pub keys: Vec<Vec<StackGroupKey>>,
    groups: Vec<Vec<Group>>,
    /// For each name, a candidate that adds nothing to the stacks, if it has one.
    nothing: Vec<Option<usize>>,
}

/// What one search looks for: the worst over the names' combinations (with one name held to
/// one candidate when `forced`), above `floor`.
struct Query<'a> {
    slots: &'a [Vec<SubstanceIdx>],
    forced: Option<(usize, usize)>,
    floor: Tier,
}

/// The state of one search: what the names chosen so far add.
struct Path {
    chosen: Vec<usize>,
    added: FxHashSet<SubstanceIdx>,
    members: Vec<SubstanceIdx>,
    counts: Vec<usize>,
    /// For each name from here on, how many of them (at most) can add to each rule.
    reach: Vec<Vec<usize>>,
}

impl Stacks {
    pub fn new(parts: &mut Parts, fixed: &[SubstanceIdx], slots: &[Vec<SubstanceIdx>]) -> Stacks {
        let rules = parts.stack_rules();
        let mut fixed_counts = vec![0; rules.len()];
        let mut fixed_stack = Vec::new();
        for &substance in fixed {
            let signature = parts.stack_signature(substance);
            if !signature.is_empty() {
                fixed_stack.push(substance);
            }
            for (position, _) in signature {
                fixed_counts[position.0] += 1;
            }
        }
        let fixed_set: FxHashSet<SubstanceIdx> = fixed.iter().copied().collect();
        let mut holders: FxHashMap<SubstanceIdx, Vec<usize>> = FxHashMap::default();
        for (slot, candidates) in slots.iter().enumerate() {
            for &candidate in candidates {
                holders.entry(candidate).or_default().push(slot);
            }
        }
        let mut stacks = Stacks {
            fixed: fixed_stack,
            fixed_counts,
            rules,
            adds: Vec::with_capacity(slots.len()),
            keys: Vec::with_capacity(slots.len()),
            groups: Vec::with_capacity(slots.len()),
            nothing: Vec::with_capacity(slots.len()),
        };
        for (slot, candidates) in slots.iter().enumerate() {
            let mut groups: HashMap<StackGroupKey, Vec<usize>> = HashMap::new();
            let mut nothing = None;
            let mut adds: Vec<Vec<StackRulePos>> = Vec::with_capacity(candidates.len());
            let mut keys = Vec::with_capacity(candidates.len());
            for (index, &candidate) in candidates.iter().enumerate() {
                let signature = if fixed_set.contains(&candidate) {
                    Vec::new()
                } else {
                    parts.stack_signature(candidate)
                };
                adds.push(signature.iter().map(|(position, _)| *position).collect());
                let others: Vec<usize> = holders[&candidate]
                    .iter()
                    .copied()
                    .filter(|&other| other != slot)
                    .collect();
                let key = (signature, others);
                keys.push(key.clone());
                if key.0.is_empty() {
                    nothing.get_or_insert(index);
                } else {
                    groups.entry(key).or_default().push(index);
                }
            }
            // The groups that add to the most stacks first: the worst is found soonest.
            let mut groups: Vec<Group> = groups
                .into_values()
                .map(|members| Group {
                    adds: adds[members[0]].clone(),
                    members,
                })
                .collect();
            groups.sort_by(|a, b| {
                b.adds
                    .len()
                    .cmp(&a.adds.len())
                    .then_with(|| a.members.cmp(&b.members))
            });
            stacks.adds.push(adds);
            stacks.keys.push(keys);
            stacks.groups.push(groups);
            stacks.nothing.push(nothing);
        }
        stacks
    }

    /// The most severe tier a stack rule may have.
    pub fn ceiling(&self) -> Tier {
        self.rules
            .iter()
            .map(|(tier, _)| *tier)
            .max()
            .unwrap_or(Tier::None)
    }

    /// The substances a combination puts in the stacks, each once.
    pub fn members(&self, slots: &[Vec<SubstanceIdx>], chosen: &[usize]) -> Vec<SubstanceIdx> {
        let mut members = self.fixed.clone();
        let mut added = FxHashSet::default();
        for (slot, &index) in chosen.iter().enumerate() {
            let substance = slots[slot][index];
            if !self.adds[slot][index].is_empty() && added.insert(substance) {
                members.push(substance);
            }
        }
        members
    }

    /// The most severe stack tier over the combinations (name `forced.0` meaning its candidate
    /// `forced.1`, when given), and a combination that has it. Tiers at or below `floor` are
    /// not searched for: a result at or below it only says the stacks do not pass it.
    pub fn worst(
        &self,
        parts: &mut Parts,
        slots: &[Vec<SubstanceIdx>],
        forced: Option<(usize, usize)>,
        floor: Tier,
        budget: &mut Budget,
    ) -> Result<(Tier, Vec<usize>), TooLarge> {
        let mut best = (Tier::None, Vec::new());
        if floor >= self.ceiling() {
            return Ok(best);
        }
        let rules = self.rules.len();
        let mut reach = vec![vec![0; rules]; slots.len() + 1];
        for slot in (0..slots.len()).rev() {
            let mut here = reach[slot + 1].clone();
            let mut adds: Vec<StackRulePos> = match forced {
                Some((name, index)) if name == slot => self.adds[slot][index].clone(),
                _ => self.groups[slot]
                    .iter()
                    .flat_map(|g| g.adds.iter().copied())
                    .collect(),
            };
            adds.sort_unstable();
            adds.dedup();
            for position in adds {
                here[position.0] += 1;
            }
            reach[slot] = here;
        }
        budget.spend((slots.len() * rules) as u64)?;
        let mut path = Path {
            chosen: Vec::with_capacity(slots.len()),
            added: FxHashSet::default(),
            members: self.fixed.clone(),
            counts: self.fixed_counts.clone(),
            reach,
        };
        let query = Query {
            slots,
            forced,
            floor,
        };
        self.descend(parts, &query, budget, &mut path, &mut best)?;
        Ok(best)
    }

    fn descend(
        &self,
        parts: &mut Parts,
        query: &Query,
        budget: &mut Budget,
        path: &mut Path,
        best: &mut (Tier, Vec<usize>),
    ) -> Result<(), TooLarge> {
        let Query {
            slots,
            forced,
            floor,
        } = *query;
        let slot = path.chosen.len();
        let bar = floor.max(best.0);
        budget.spend(self.rules.len() as u64 + 1)?;
        let can_pass = self
            .rules
            .iter()
            .enumerate()
            .any(|(position, &(tier, at_least))| {
                tier > bar && path.counts[position] + path.reach[slot][position] >= at_least
            });
        if bar >= self.ceiling() || !can_pass {
            return Ok(());
        }
        if slot == slots.len() {
            budget.spend(path.members.len() as u64)?;
            let tier = parts.stack_tier(&path.members);
            if tier > best.0 || best.1.is_empty() {
                *best = (tier, path.chosen.clone());
            }
            return Ok(());
        }
        // Choosing the options looks at each candidate of the name at most twice.
        budget.spend(2 * slots[slot].len() as u64)?;
        let mut options: Vec<usize> = Vec::new();
        match forced {
            Some((name, index)) if name == slot => options.push(index),
            _ => {
                for group in &self.groups[slot] {
                    let substance = |&index: &usize| slots[slot][index];
                    match group
                        .members
                        .iter()
                        .find(|index| !path.added.contains(&substance(index)))
                    {
                        Some(&index) => options.push(index),
                        // Every member is chosen already: picking one adds nothing.
                        None => options.push(group.members[0]),
                    }
                }
                // Adding nothing: a member that adds nothing, or else one chosen already.
                let collision = || {
                    (0..slots[slot].len()).find(|&index| {
                        !self.adds[slot][index].is_empty()
                            && path.added.contains(&slots[slot][index])
                    })
                };
                options.extend(self.nothing[slot].or_else(collision));
            }
        }
        for index in options {
            let substance = slots[slot][index];
            let adds = !self.adds[slot][index].is_empty() && path.added.insert(substance);
            if adds {
                path.members.push(substance);
                for &position in &self.adds[slot][index] {
                    path.counts[position.0] += 1;
                }
            }
            path.chosen.push(index);
            self.descend(parts, query, budget, path, best)?;
            path.chosen.pop();
            if adds {
                path.added.remove(&substance);
                path.members.pop();
                for &position in &self.adds[slot][index] {
                    path.counts[position.0] -= 1;
                }
            }
            if best.0 >= self.ceiling() {
                break;
            }
        }
        Ok(())
    }
}
