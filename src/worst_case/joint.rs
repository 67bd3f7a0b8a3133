//! The joint worst case of several class or ambiguous names, found part by part.
//!
//! A check's overall tier is its most severe finding, a pair's or a stack's, so the worst over
//! every combination of the names' members is the most severe of: the pairs among the
//! substances every combination has; each candidate's pairs with those; each two names'
//! candidates paired; and the stacks. Each pair term depends on one or two names only, so its
//! worst is found over their candidates, never over the product of all names. Only the stacks
//! need a search: members that count toward the same stack rules (and meet the same
//! requirements) are interchangeable there, so each name offers a few kinds of member, and the
//! search stops wherever no branch can make a stack worse than what is already known.

use std::collections::HashMap;

use rustc_hash::FxHashSet;

use super::{Budget, TooLarge};
use crate::engine::{Parts, SameProduct, StackSignature};
use crate::kb::{KnowledgeBase, SubstanceIdx, Tier};

/// Nodes the search for the least severe combination may visit; past them the least is given
/// as a lower bound, so the range shown is wider than it may be, never narrower.
const MAX_LEAST_NODES: u64 = 100_000;

/// What the search found.
pub(super) struct Outcome {
    /// The most severe overall tier over every combination.
    pub worst: Tier,
    /// The least severe overall tier over every combination (or a lower bound of it).
    pub least: Tier,
    /// For each name, the candidate of a combination that reaches `worst`.
    pub chosen: Vec<SubstanceIdx>,
    /// For each name and each of its candidates, the worst when the name means that candidate.
    pub tiers: Vec<Vec<Tier>>,
}

/// The pairs a check judges, known before any is: without class names, every pair once;
/// with them, the pairs among the other substances, each candidate with those, the candidates
/// of each two names, and the final evaluation's.
pub(super) fn pair_work(fixed: usize, slots: &[Vec<SubstanceIdx>]) -> u64 {
    let fixed = fixed as u64;
    let all = fixed + slots.len() as u64;
    let everything = all.saturating_mul(all) / 2;
    if slots.is_empty() {
        return everything;
    }
    let mut members = 0u64;
    let mut across = 0u64;
    for candidates in slots {
        across = across.saturating_add(members.saturating_mul(candidates.len() as u64));
        members = members.saturating_add(candidates.len() as u64);
    }
    (fixed.saturating_mul(fixed) / 2)
        .saturating_add(members.saturating_mul(fixed))
        .saturating_add(across)
        .saturating_add(everything)
}

/// The tiers of every pair of two names' candidates, row by row.
struct Table {
    columns: usize,
    tiers: Vec<Tier>,
}

impl Table {
    fn get(&self, row: usize, column: usize) -> Tier {
        self.tiers[row * self.columns + column]
    }
}

/// The pair terms: everything the search needs to know about pairs.
struct Pairs {
    /// The most severe pair among the substances every combination has.
    fixed: Tier,
    /// For each name and candidate, its most severe pair with those substances.
    unary: Vec<Vec<Tier>>,
    /// For names `i < j`, at `i * names + j`.
    tables: Vec<Option<Table>>,
    names: usize,
}

impl Pairs {
    fn judge(
        parts: &mut Parts,
        fixed: &[SubstanceIdx],
        same_product: &SameProduct,
        slots: &[Vec<SubstanceIdx>],
    ) -> Pairs {
        let together = |a: &SubstanceIdx, b: &SubstanceIdx| {
            same_product
                .get(a)
                .is_some_and(|naming| same_product.get(b) == Some(naming))
        };
        let mut fixed_tier = Tier::None;
        for (i, a) in fixed.iter().enumerate() {
            for b in &fixed[i + 1..] {
                if !together(a, b) {
                    fixed_tier = fixed_tier.max(parts.pair_tier(*a, *b));
                }
            }
        }
        // A candidate is typed apart from every product, so all its pairs are judged.
        let unary = slots
            .iter()
            .map(|candidates| {
                candidates
                    .iter()
                    .map(|&c| {
                        fixed
                            .iter()
                            .map(|&f| parts.pair_tier(c, f))
                            .max()
                            .unwrap_or(Tier::None)
                    })
                    .collect()
            })
            .collect();
        let names = slots.len();
        let mut tables = Vec::with_capacity(names * names);
        for i in 0..names {
            for j in 0..names {
                tables.push((i < j).then(|| {
                    let mut tiers = Vec::with_capacity(slots[i].len() * slots[j].len());
                    for &a in &slots[i] {
                        for &b in &slots[j] {
                            tiers.push(parts.pair_tier(a, b));
                        }
                    }
                    Table {
                        columns: slots[j].len(),
                        tiers,
                    }
                }));
            }
        }
        Pairs {
            fixed: fixed_tier,
            unary,
            tables,
            names,
        }
    }

    /// The tier of name `i`'s candidate `a` with name `j`'s candidate `b`.
    fn between(&self, (i, a): (usize, usize), (j, b): (usize, usize)) -> Tier {
        match &self.tables[i.min(j) * self.names + i.max(j)] {
            Some(table) if i < j => table.get(a, b),
            Some(table) => table.get(b, a),
            None => Tier::None,
        }
    }

    /// For each name and candidate, the worst pair term of any combination where the name
    /// means that candidate.
    fn given(&self, slots: &[Vec<SubstanceIdx>]) -> Vec<Vec<Tier>> {
        let names = self.names;
        let worst_unary: Vec<Tier> = self.unary.iter().map(|u| max(u)).collect();
        let worst_table = |i: usize, j: usize| {
            self.tables[i * names + j]
                .as_ref()
                .map_or(Tier::None, |t| max(&t.tiers))
        };
        (0..names)
            .map(|i| {
                // The terms that do not involve name i hold whatever it means.
                let mut without = self.fixed;
                for j in (0..names).filter(|&j| j != i) {
                    without = without.max(worst_unary[j]);
                    for l in (j + 1..names).filter(|&l| l != i) {
                        without = without.max(worst_table(j, l));
                    }
                }
                (0..slots[i].len())
                    .map(|a| {
                        let mut tier = without.max(self.unary[i][a]);
                        for j in (0..names).filter(|&j| j != i) {
                            for b in 0..slots[j].len() {
                                tier = tier.max(self.between((i, a), (j, b)));
                            }
                        }
                        tier
                    })
                    .collect()
            })
            .collect()
    }
}

fn max(tiers: &[Tier]) -> Tier {
    tiers.iter().copied().max().unwrap_or(Tier::None)
}

fn min(tiers: &[Tier]) -> Tier {
    tiers.iter().copied().min().unwrap_or(Tier::None)
}

/// The stack terms, searched over the kinds of member each name offers.
struct Stacks {
    /// The substances every combination has that count toward a stack.
    fixed: Vec<SubstanceIdx>,
    fixed_counts: Vec<usize>,
    /// Each stack rule's most severe tier and how many members it needs.
    rules: Vec<(Tier, usize)>,
    /// For each name and candidate, the stack rules it adds a member to (none when it is one
    /// of the fixed substances already).
    adds: Vec<Vec<Vec<usize>>>,
    /// For each name and candidate, what it adds to the stacks (empty when it adds nothing).
    signatures: Vec<Vec<StackSignature>>,
    /// For each name, the candidates worth trying: up to one per name of each kind of member
    /// (so that names can pick different ones), and one that adds nothing, if any does.
    options: Vec<Vec<usize>>,
    /// For each name, the stack rules some candidate adds a member to.
    reaches: Vec<FxHashSet<usize>>,
}

impl Stacks {
    fn new(parts: &mut Parts, fixed: &[SubstanceIdx], slots: &[Vec<SubstanceIdx>]) -> Stacks {
        let rules = parts.stack_rules();
        let mut fixed_counts = vec![0; rules.len()];
        let mut fixed_stack = Vec::new();
        for &substance in fixed {
            let signature = parts.stack_signature(substance);
            if !signature.is_empty() {
                fixed_stack.push(substance);
            }
            for (position, _) in signature {
                fixed_counts[position] += 1;
            }
        }
        let fixed_set: FxHashSet<SubstanceIdx> = fixed.iter().copied().collect();
        let mut adds = Vec::with_capacity(slots.len());
        let mut signatures = Vec::with_capacity(slots.len());
        let mut options = Vec::with_capacity(slots.len());
        let mut reaches = Vec::with_capacity(slots.len());
        for candidates in slots {
            let mut kinds: HashMap<StackSignature, Vec<usize>> = HashMap::new();
            let mut nothing = None;
            let mut slot_adds: Vec<Vec<usize>> = Vec::with_capacity(candidates.len());
            let mut slot_signatures = Vec::with_capacity(candidates.len());
            for (index, &candidate) in candidates.iter().enumerate() {
                let signature = if fixed_set.contains(&candidate) {
                    Vec::new()
                } else {
                    parts.stack_signature(candidate)
                };
                slot_adds.push(signature.iter().map(|(position, _)| *position).collect());
                slot_signatures.push(signature.clone());
                if signature.is_empty() {
                    nothing.get_or_insert(index);
                    continue;
                }
                let alike = kinds.entry(signature).or_default();
                if alike.len() < slots.len() {
                    alike.push(index);
                }
            }
            // The kinds that add to the most stacks first: the worst is found soonest.
            let mut kinds: Vec<(StackSignature, Vec<usize>)> = kinds.into_iter().collect();
            kinds.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.1.cmp(&b.1)));
            let slot_options: Vec<usize> = kinds
                .into_iter()
                .flat_map(|(_, indices)| indices)
                .chain(nothing)
                .collect();
            reaches.push(
                slot_options
                    .iter()
                    .flat_map(|&index| slot_adds[index].iter().copied())
                    .collect::<Vec<usize>>()
                    .into_iter()
                    .collect(),
            );
            options.push(slot_options);
            adds.push(slot_adds);
            signatures.push(slot_signatures);
        }
        Stacks {
            fixed: fixed_stack,
            fixed_counts,
            rules,
            adds,
            signatures,
            options,
            reaches,
        }
    }

    /// The most severe tier a stack rule may have.
    fn ceiling(&self) -> Tier {
        self.rules
            .iter()
            .map(|(tier, _)| *tier)
            .max()
            .unwrap_or(Tier::None)
    }

    /// The substances a combination puts in the stacks, each once.
    fn members(&self, slots: &[Vec<SubstanceIdx>], chosen: &[usize]) -> Vec<SubstanceIdx> {
        let mut members = self.fixed.clone();
        for (slot, &index) in chosen.iter().enumerate() {
            let substance = slots[slot][index];
            if !self.adds[slot][index].is_empty() && !members.contains(&substance) {
                members.push(substance);
            }
        }
        members
    }

    /// Whether the names from `from` on can still make some stack rule more severe than
    /// `floor` fire, given what `chosen` already adds.
    fn can_pass(
        &self,
        slots: &[Vec<SubstanceIdx>],
        chosen: &[usize],
        from: usize,
        floor: Tier,
    ) -> bool {
        let mut counts = self.fixed_counts.clone();
        let mut added: Vec<SubstanceIdx> = Vec::new();
        for (slot, &index) in chosen.iter().enumerate() {
            let substance = slots[slot][index];
            if added.contains(&substance) {
                continue;
            }
            added.push(substance);
            for &position in &self.adds[slot][index] {
                counts[position] += 1;
            }
        }
        self.rules
            .iter()
            .enumerate()
            .any(|(position, &(tier, at_least))| {
                let later = self.reaches[from..]
                    .iter()
                    .filter(|r| r.contains(&position))
                    .count();
                tier > floor && counts[position] + later >= at_least
            })
    }

    /// The most severe stack tier over the combinations (name `forced.0` meaning its candidate
    /// `forced.1`, when given), and a combination that has it; tiers at or below `floor` are
    /// not searched for, so a result at or below it only says the stacks do not pass it.
    fn worst(
        &self,
        parts: &mut Parts,
        slots: &[Vec<SubstanceIdx>],
        forced: Option<(usize, usize)>,
        floor: Tier,
        budget: &mut Budget,
    ) -> Result<(Tier, Vec<usize>), TooLarge> {
        let mut best = (Tier::None, Vec::new());
        let mut chosen = Vec::with_capacity(slots.len());
        self.descend(
            parts,
            slots,
            forced,
            floor,
            budget,
            &mut chosen,
            &mut best,
        )?;
        Ok(best)
    }

    #[allow(clippy::too_many_arguments)]
    fn descend(
        &self,
        parts: &mut Parts,
        slots: &[Vec<SubstanceIdx>],
        forced: Option<(usize, usize)>,
        floor: Tier,
        budget: &mut Budget,
        chosen: &mut Vec<usize>,
        best: &mut (Tier, Vec<usize>),
    ) -> Result<(), TooLarge> {
        let slot = chosen.len();
        let bar = floor.max(best.0);
        if bar >= self.ceiling() || !self.can_pass(slots, chosen, slot, bar) {
            return Ok(());
        }
        if slot == slots.len() {
            let members = self.members(slots, chosen);
            budget.spend(members.len() as u64)?;
            let tier = parts.stack_tier(&members);
            if tier > best.0 || best.1.is_empty() {
                *best = (tier, chosen.clone());
            }
            return Ok(());
        }
        let options = match &forced {
            Some((name, index)) if *name == slot => std::slice::from_ref(index),
            _ => self.options[slot].as_slice(),
        };
        for &index in options {
            chosen.push(index);
            self.descend(parts, slots, forced, floor, budget, chosen, best)?;
            chosen.pop();
        }
        Ok(())
    }
}

/// Finds the joint worst of the names in `slots` beside the `fixed` substances.
pub(super) fn search(
    kb: &KnowledgeBase,
    parts: &mut Parts,
    fixed: &[SubstanceIdx],
    same_product: &SameProduct,
    slots: &[Vec<SubstanceIdx>],
    budget: &mut Budget,
) -> Result<Outcome, TooLarge> {
    let pairs = Pairs::judge(parts, fixed, same_product, slots);
    let stacks = Stacks::new(parts, fixed, slots);
    let pair_given = pairs.given(slots);
    let pairs_worst = pair_given.iter().map(|t| max(t)).max().unwrap_or(pairs.fixed);
    let (stack_worst, stack_witness) = stacks.worst(parts, slots, None, pairs_worst, budget)?;
    let worst = pairs_worst.max(stack_worst);

    // Each candidate's worst: its pair terms, and the stacks where they could pass them. Two
    // candidates of a name that add alike to the stacks (or add nothing) give the same stacks,
    // unless another name could pick the same substance.
    let mut tiers = pair_given.clone();
    let mut known: HashMap<(usize, &StackSignature), (Tier, Tier)> = HashMap::new();
    for (slot, candidates) in slots.iter().enumerate() {
        for (index, candidate) in candidates.iter().enumerate() {
            let floor = pair_given[slot][index];
            if floor >= stacks.ceiling() {
                continue;
            }
            let adds = &stacks.adds[slot][index];
            let shared = !adds.is_empty()
                && slots
                    .iter()
                    .enumerate()
                    .any(|(other, c)| other != slot && c.contains(candidate));
            let key = (slot, &stacks.signatures[slot][index]);
            let stack = match known.get(&key) {
                Some(&(searched_above, tier)) if !shared && floor >= searched_above => tier,
                _ => {
                    let (tier, _) = stacks.worst(parts, slots, Some((slot, index)), floor, budget)?;
                    if !shared {
                        known.insert(key, (floor, tier));
                    }
                    tier
                }
            };
            tiers[slot][index] = floor.max(stack);
        }
    }

    let chosen = witness(kb, &pairs, &tiers, slots, worst, stack_worst > pairs_worst, stack_witness);
    let least = least(parts, &pairs, &stacks, slots, &tiers, worst, budget)?;
    Ok(Outcome {
        worst,
        least,
        chosen,
        tiers,
    })
}

/// A combination that reaches `worst`: the candidates of the term that reaches it (the best
/// known of them when several do), and for each other name its own most severe candidate.
fn witness(
    kb: &KnowledgeBase,
    pairs: &Pairs,
    tiers: &[Vec<Tier>],
    slots: &[Vec<SubstanceIdx>],
    worst: Tier,
    by_stack: bool,
    stack_witness: Vec<usize>,
) -> Vec<SubstanceIdx> {
    let known = |slot: usize, index: usize| kb.substances[slots[slot][index]].aliases.len();
    let mut chosen: Vec<Option<usize>> = vec![None; slots.len()];
    if by_stack {
        chosen = stack_witness.into_iter().map(Some).collect();
    } else if worst > pairs.fixed {
        let mut reaching: Option<(usize, Vec<(usize, usize)>)> = None;
        let mut consider = |fame: usize, picks: Vec<(usize, usize)>| {
            if reaching.as_ref().is_none_or(|(best, _)| fame > *best) {
                reaching = Some((fame, picks));
            }
        };
        for (slot, unary) in pairs.unary.iter().enumerate() {
            for (index, &tier) in unary.iter().enumerate() {
                if tier == worst {
                    consider(known(slot, index), vec![(slot, index)]);
                }
            }
        }
        for i in 0..slots.len() {
            for j in i + 1..slots.len() {
                for a in 0..slots[i].len() {
                    for b in 0..slots[j].len() {
                        if pairs.between((i, a), (j, b)) == worst {
                            consider(known(i, a) + known(j, b), vec![(i, a), (j, b)]);
                        }
                    }
                }
            }
        }
        for (slot, index) in reaching.map(|(_, picks)| picks).unwrap_or_default() {
            chosen[slot] = Some(index);
        }
    }
    chosen
        .into_iter()
        .enumerate()
        .map(|(slot, pick)| {
            let index = pick.unwrap_or_else(|| {
                // The most severe candidate, then the one with the worst pairs beside the
                // fixed substances, then the best known: the one a person most likely means.
                (0..slots[slot].len())
                    .max_by_key(|&index| {
                        (
                            tiers[slot][index],
                            pairs.unary[slot][index],
                            known(slot, index),
                            std::cmp::Reverse(index),
                        )
                    })
                    .unwrap_or(0)
            });
            slots[slot][index]
        })
        .collect()
}

/// The least severe overall tier over every combination: exact for one name; for several, a
/// bounded search from a lower bound (the pair terms every combination has at least), which
/// stands when the search is cut short.
fn least(
    parts: &mut Parts,
    pairs: &Pairs,
    stacks: &Stacks,
    slots: &[Vec<SubstanceIdx>],
    tiers: &[Vec<Tier>],
    worst: Tier,
    budget: &mut Budget,
) -> Result<Tier, TooLarge> {
    if slots.len() == 1 {
        return Ok(min(&tiers[0]));
    }
    let mut floor = pairs.fixed;
    for (i, unary) in pairs.unary.iter().enumerate() {
        floor = floor.max(min(unary));
        for j in i + 1..slots.len() {
            let table = pairs.tables[i * slots.len() + j].as_ref();
            floor = floor.max(table.map_or(Tier::None, |t| min(&t.tiers)));
        }
    }
    if floor >= worst {
        return Ok(worst);
    }
    let leaf = stacks.fixed.len() as u64 + slots.len() as u64 + 1;
    let mut search = Least {
        parts,
        pairs,
        stacks,
        slots,
        order: pairs
            .unary
            .iter()
            .map(|unary| {
                let mut order: Vec<usize> = (0..unary.len()).collect();
                order.sort_by_key(|&index| unary[index]);
                order
            })
            .collect(),
        floor,
        best: worst,
        nodes: 0,
        cap: MAX_LEAST_NODES.min(budget.left() / leaf),
    };
    let finished = search.descend(&mut Vec::with_capacity(slots.len()), pairs.fixed);
    let (best, nodes) = (search.best, search.nodes);
    budget.spend(nodes * leaf)?;
    Ok(if finished { best } else { floor })
}

/// The search for the least severe combination, branch and bound over the candidates.
struct Least<'a, 'p, 'kb, 'c, 'm> {
    parts: &'a mut Parts<'kb, 'c, 'm>,
    pairs: &'p Pairs,
    stacks: &'p Stacks,
    slots: &'p [Vec<SubstanceIdx>],
    /// Each name's candidates, mildest with the fixed substances first.
    order: Vec<Vec<usize>>,
    /// No combination is milder: the search may stop there.
    floor: Tier,
    best: Tier,
    nodes: u64,
    cap: u64,
}

impl Least<'_, '_, '_, '_, '_> {
    /// Whether the search finished within its cap.
    fn descend(&mut self, chosen: &mut Vec<usize>, so_far: Tier) -> bool {
        if self.nodes >= self.cap {
            return false;
        }
        self.nodes += 1;
        let slot = chosen.len();
        if slot == self.slots.len() {
            let members = self.stacks.members(self.slots, chosen);
            let tier = so_far.max(self.parts.stack_tier(&members));
            self.best = self.best.min(tier);
            return true;
        }
        for position in 0..self.order[slot].len() {
            let index = self.order[slot][position];
            let mut tier = so_far.max(self.pairs.unary[slot][index]);
            for (earlier, &pick) in chosen.iter().enumerate() {
                tier = tier.max(self.pairs.between((earlier, pick), (slot, index)));
            }
            if tier >= self.best {
                continue;
            }
            chosen.push(index);
            let finished = self.descend(chosen, tier);
            chosen.pop();
            if !finished {
                return false;
            }
            if self.best <= self.floor {
                return true;
            }
        }
        true
    }
}
