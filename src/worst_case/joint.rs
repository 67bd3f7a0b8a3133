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

use rustc_hash::{FxHashMap, FxHashSet};

use super::stacks::StackGroupKey;
use super::stacks::Stacks;
use super::{Budget, TooLarge};
use crate::engine::{Parts, SameProduct};
use crate::kb::{KnowledgeBase, SubstanceIdx, Tier};

/// Steps (a candidate tried against the names before it, or a combination's stacks) the search
/// for the least severe combination may take; past them the least is given as a lower bound,
/// so the range shown is wider than it may be, never narrower.
const MAX_LEAST_STEPS: u64 = 1_000_000;

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
/// with them, the pairs among the other substances, each distinct candidate with those, the
/// pairs of distinct candidates of different names, and the final evaluation's. A pair looked
/// up again (a name typed twice) counts as an eighth of one judged.
pub(super) fn pair_work(fixed: usize, slots: &[Vec<SubstanceIdx>]) -> u64 {
    let fixed = fixed as u64;
    let all = fixed + slots.len() as u64;
    let everything = all.saturating_mul(all) / 2;
    if slots.is_empty() {
        return everything;
    }
    let mut members = 0u64;
    let mut cells = 0u64;
    for candidates in slots {
        cells = cells.saturating_add(members.saturating_mul(candidates.len() as u64));
        members = members.saturating_add(candidates.len() as u64);
    }
    let distinct = slots.iter().flatten().collect::<FxHashSet<_>>().len() as u64;
    let across = cells.min(distinct.saturating_mul(distinct) / 2);
    (fixed.saturating_mul(fixed) / 2)
        .saturating_add(distinct.saturating_mul(fixed))
        .saturating_add(members)
        .saturating_add(across)
        .saturating_add(cells / 8)
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
        // A candidate is typed apart from every product, so all its pairs are judged. A name
        // typed twice, or two classes that share members, ask for the same pairs again: each
        // is judged once.
        let mut with_fixed: FxHashMap<SubstanceIdx, Tier> = FxHashMap::default();
        let unary = slots
            .iter()
            .map(|candidates| {
                candidates
                    .iter()
                    .map(|&c| {
                        *with_fixed.entry(c).or_insert_with(|| {
                            fixed
                                .iter()
                                .map(|&f| parts.pair_tier(c, f))
                                .max()
                                .unwrap_or(Tier::None)
                        })
                    })
                    .collect()
            })
            .collect();
        let mut judged: FxHashMap<[SubstanceIdx; 2], Tier> = FxHashMap::default();
        let names = slots.len();
        let mut tables = Vec::with_capacity(names * names);
        for i in 0..names {
            for j in 0..names {
                tables.push((i < j).then(|| {
                    let mut tiers = Vec::with_capacity(slots[i].len() * slots[j].len());
                    for &a in &slots[i] {
                        for &b in &slots[j] {
                            let pair = [a.min(b), a.max(b)];
                            tiers
                                .push(*judged.entry(pair).or_insert_with(|| parts.pair_tier(a, b)));
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
        // Each candidate's worst pair with another name's candidates: a table's row and
        // column maxima, so each table is read once.
        let mut with_others: Vec<Vec<Tier>> =
            slots.iter().map(|c| vec![Tier::None; c.len()]).collect();
        // The worst of each table, to know the terms without a given name.
        let mut table_worst: Vec<(Tier, usize, usize)> = Vec::new();
        for i in 0..names {
            for j in i + 1..names {
                let Some(table) = &self.tables[i * names + j] else {
                    continue;
                };
                let mut worst = Tier::None;
                for (cell, &tier) in table.tiers.iter().enumerate() {
                    let (a, b) = (cell / table.columns, cell % table.columns);
                    with_others[i][a] = with_others[i][a].max(tier);
                    with_others[j][b] = with_others[j][b].max(tier);
                    worst = worst.max(tier);
                }
                table_worst.push((worst, i, j));
            }
        }
        table_worst.sort_by_key(|&(tier, _, _)| std::cmp::Reverse(tier));
        let mut unary_worst: Vec<(Tier, usize)> = self
            .unary
            .iter()
            .enumerate()
            .map(|(i, unary)| (max(unary), i))
            .collect();
        unary_worst.sort_by_key(|&(tier, _)| std::cmp::Reverse(tier));
        (0..names)
            .map(|i| {
                // The terms that do not involve name i hold whatever it means: the first of
                // each list, most severe first, that is not about name i.
                let unary = unary_worst.iter().find(|&&(_, j)| j != i);
                let table = table_worst.iter().find(|&&(_, j, l)| j != i && l != i);
                let without = self
                    .fixed
                    .max(unary.map_or(Tier::None, |t| t.0))
                    .max(table.map_or(Tier::None, |t| t.0));
                (0..slots[i].len())
                    .map(|a| without.max(self.unary[i][a]).max(with_others[i][a]))
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
    let pairs_worst = pair_given
        .iter()
        .map(|t| max(t))
        .max()
        .unwrap_or(pairs.fixed);
    let (stack_worst, stack_witness) = stacks.worst(parts, slots, None, pairs_worst, budget)?;
    let worst = pairs_worst.max(stack_worst);

    // Each candidate's worst: its pair terms, and the stacks where they could pass them.
    // Candidates of a name in the same stack group give the same stacks: searched once.
    let mut tiers = pair_given.clone();
    // By name and stack group: the floor searched above, and what the stacks gave.
    let mut known: HashMap<(usize, &StackGroupKey), (Tier, Tier)> = HashMap::new();
    for (slot, candidates) in slots.iter().enumerate() {
        for index in 0..candidates.len() {
            let floor = pair_given[slot][index];
            if floor >= stacks.ceiling() {
                continue;
            }
            let key = (slot, &stacks.keys[slot][index]);
            let stack = match known.get(&key) {
                Some(&(searched_above, tier)) if floor >= searched_above => tier,
                _ => {
                    let forced = Some((slot, index));
                    let (tier, _) = stacks.worst(parts, slots, forced, floor, budget)?;
                    known.insert(key, (floor, tier));
                    tier
                }
            };
            tiers[slot][index] = floor.max(stack);
        }
    }

    let chosen = witness(
        kb,
        &pairs,
        &tiers,
        slots,
        worst,
        stack_worst > pairs_worst,
        stack_witness,
    );
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
        steps: 0,
        cap: MAX_LEAST_STEPS.min(budget.left()),
    };
    let finished = search.descend(&mut Vec::with_capacity(slots.len()), pairs.fixed);
    let (best, steps) = (search.best, search.steps);
    budget.spend(steps)?;
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
    steps: u64,
    cap: u64,
}

impl Least<'_, '_, '_, '_, '_> {
    /// Whether the search finished within its cap.
    fn descend(&mut self, chosen: &mut Vec<usize>, so_far: Tier) -> bool {
        let slot = chosen.len();
        if slot == self.slots.len() {
            let members = self.stacks.members(self.slots, chosen);
            self.steps += members.len() as u64 + 1;
            if self.steps > self.cap {
                return false;
            }
            let tier = so_far.max(self.parts.stack_tier(&members));
            self.best = self.best.min(tier);
            return true;
        }
        for position in 0..self.order[slot].len() {
            self.steps += slot as u64 + 1;
            if self.steps > self.cap {
                return false;
            }
            let index = self.order[slot][position];
            if self.pairs.unary[slot][index] >= self.best {
                // The rest are no milder beside the fixed substances.
                break;
            }
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
