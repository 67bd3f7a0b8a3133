//! Stage 3: evaluating the rules over every pair of the substances in a check.
//!
//! The engine works on knowledge-base indices and returns findings and their premises as data;
//! it knows nothing of terminals, JSON or how a finding is worded (that is the report's).

pub mod burden;
mod memo;
mod parts;
mod premise;

pub use memo::EvaluationMemo;
pub use parts::{Parts, StackSignature};
pub use premise::{Premise, PremiseFact};
use premise::{Premises, premises_for};

use std::sync::Arc;

use rustc_hash::FxHashMap;
use smallvec::{SmallVec, smallvec};

use crate::context::{CONCENTRATED_DOSE_BANDS, Context};
use crate::kb::{
    Condition, Enzyme, EnzymeChoice, Grade, KnowledgeBase, Mechanism, Rule, Shape, StackRulePos,
    StudiedIdx, SubstanceIdx, Tier,
};
use crate::worst_case::WorstCase;

/// The outcome of evaluating a set of substances.
#[derive(Debug)]
pub struct Assessment<'kb> {
    /// The most severe finding's tier, or `Tier::None` when nothing fired.
    pub tier: Tier,
    /// Most severe first. Shared, so that a finding an [`EvaluationMemo`] remembers is not
    /// copied into every check that has it.
    pub findings: Vec<Arc<Finding<'kb>>>,
    /// Everything judged, kratom first: the inputs plus, for a potent-opioid product form,
    /// the product itself.
    pub participants: Vec<SubstanceIdx>,
    /// What each class or ambiguous name was judged at, in the order typed (see
    /// [`crate::worst_case`]); empty when the check names none.
    pub worst_cases: Vec<WorstCase>,
}

/// A finding's substances: two for a pair rule, which stay inline; the members of a stack.
pub type FindingSubstances = SmallVec<[SubstanceIdx; 2]>;

#[derive(Debug)]
pub struct Finding<'kb> {
    pub rule: &'kb Rule,
    /// The rule's tier in this context: the most severe across the ways of use that were not
    /// ruled out.
    pub tier: Tier,
    /// Two substances for a pair rule, all members for a stack; kratom (or the product form
    /// standing in for it) first when it is one of them, otherwise in query order.
    pub substances: FindingSubstances,
    /// The facts that made the rule fire, one per condition that needed one.
    pub premises: Vec<Premise<'kb>>,
    /// The grade of the evidence that studied these substances, or E when none did.
    pub grade: Grade,
    pub basis: Basis,
    /// The rule's references, then those of its premises, each once.
    pub references: Vec<&'kb str>,
    /// The rule's mechanism tags, plus the inhibition tag of each enzyme a premise inhibits.
    /// Most rules name one or two, kept inline.
    pub mechanisms: SmallVec<[Mechanism; 3]>,
    /// How the way kratom is used changes (or changed) the tier.
    pub context_notes: Vec<ContextNote<'kb>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContextNote<'kb> {
    pub tier: Tier,
    pub note: &'kb str,
    /// True when the given context set the finding's tier; false when it describes a way of
    /// use that would rate it differently.
    pub applied: bool,
}

/// Whether a finding rests on evidence about its own substances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The rule's `studied` entry at this place covers the substances.
    Studied(StudiedIdx),
    /// Nothing the rule's evidence studied covers them: the rule is applied beyond it.
    Extrapolated,
}

impl Finding<'_> {
    pub fn is_pair(&self) -> bool {
        matches!(self.rule.shape, Shape::Pair(..))
    }
}

/// Evaluates every pair among `participants` (kratom included by the caller) and every stack
/// rule against them, in the given context. Duplicates in `participants` are ignored.
pub fn evaluate<'kb>(
    kb: &'kb KnowledgeBase,
    participants: &[SubstanceIdx],
    context: &Context,
) -> Assessment<'kb> {
    evaluate_apart(
        kb,
        participants,
        &SameProduct::default(),
        context,
        &mut EvaluationMemo::default(),
    )
}

/// For each substance that comes only from one naming of a combination product, a number for
/// that naming (the same for every ingredient it gave). Two substances with the same number are
/// one product's ingredients, made to be taken together; a substance also named apart has none.
/// Keys are the knowledge base's indices, not outside input, so a quick hash is safe here.
pub type SameProduct = FxHashMap<SubstanceIdx, usize>;

/// As [`evaluate`], except that substances of the same product naming in `same_product` are not
/// judged against each other. Each is still judged against everything else, stacks included.
/// Kratom's pairs come from `memo` when it has them, and go into it when it has not.
pub fn evaluate_apart<'kb>(
    kb: &'kb KnowledgeBase,
    participants: &[SubstanceIdx],
    same_product: &SameProduct,
    context: &Context,
    memo: &mut EvaluationMemo<'kb>,
) -> Assessment<'kb> {
    let mut unique: Vec<SubstanceIdx> = Vec::with_capacity(participants.len() + 1);
    let product = context.opioid_product(kb);
    for &p in participants.iter().chain(&product) {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    let usage = Usage {
        kb,
        context,
        product,
    };
    // Room for a few findings per substance, which most checks stay within.
    let mut findings = Vec::with_capacity(2 * unique.len());
    for (i, &first) in unique.iter().enumerate() {
        for &second in &unique[i + 1..] {
            // The product form is how kratom is taken, not a second substance beside it.
            let pair = [first, second];
            if pair.contains(&kb.kratom) && product.is_some_and(|p| pair.contains(&p)) {
                continue;
            }
            if same_product
                .get(&first)
                .is_some_and(|naming| same_product.get(&second) == Some(naming))
            {
                continue;
            }
            if pair.contains(&kb.kratom) || product.is_some_and(|p| pair.contains(&p)) {
                findings.extend_from_slice(memo.pair_findings(&usage, first, second));
            } else {
                findings.extend(
                    evaluate_pair(&usage, first, second)
                        .into_iter()
                        .map(Arc::new),
                );
            }
        }
    }
    // A product chosen by the form is how kratom is taken: in a stack it stands in for leaf
    // kratom instead of counting as a second sedative or opioid beside it.
    let stacked: Vec<SubstanceIdx> = unique
        .iter()
        .copied()
        .filter(|&s| product.is_none() || s != kb.kratom)
        .collect();
    findings.extend(
        evaluate_stacks(&usage, &stacked, memo)
            .into_iter()
            .map(Arc::new),
    );
    // Stable: equal tiers keep pair order (kratom's pairs first) and rule order.
    findings.sort_by_key(|f| std::cmp::Reverse(f.tier));
    let tier = findings.first().map_or(Tier::None, |finding| finding.tier);
    Assessment {
        tier,
        findings,
        participants: unique,
        worst_cases: Vec::new(),
    }
}

/// What a finding's tier depends on besides the rule: the way kratom is used.
struct Usage<'kb, 'c> {
    kb: &'kb KnowledgeBase,
    context: &'c Context,
    /// The potent-opioid product the form names; its dose is kratom's.
    product: Option<SubstanceIdx>,
}

impl<'kb> Usage<'kb, '_> {
    /// The rule's tier for these substances in this context, and the notes that explain it;
    /// `None` when the rule does not apply to this way of use. Context is about kratom, so it
    /// counts only when kratom (or its product form) is involved.
    fn tier(
        &self,
        rule: &'kb Rule,
        substances: &[SubstanceIdx],
    ) -> Option<(Tier, Vec<ContextNote<'kb>>)> {
        let involves_product = self.product.is_some_and(|p| substances.contains(&p));
        if rule.context.is_empty() || !(involves_product || substances.contains(&self.kb.kratom)) {
            return Some((rule.tier, Vec::new()));
        }
        // A dose of leaf says nothing of a concentrated opioid product, so it can never rate
        // one lower: the product is judged as concentrated whatever dose was given.
        let dose_bands = if involves_product {
            CONCENTRATED_DOSE_BANDS
        } else {
            self.context.dose_bands()
        };
        let mut tiers: Vec<(Tier, Option<&'kb str>)> = Vec::new();
        for &dose in dose_bands {
            for &frequency in self.context.frequencies() {
                let adjustment = rule.context.iter().find(|a| a.applies(dose, frequency));
                let outcome =
                    adjustment.map_or((rule.tier, None), |a| (a.tier, Some(a.note.as_str())));
                if !tiers.contains(&outcome) {
                    tiers.push(outcome);
                }
            }
        }
        let tier = tiers.iter().map(|(tier, _)| *tier).max()?;
        if tier == Tier::None {
            return None;
        }
        let single = tiers.len() == 1;
        let notes = tiers
            .iter()
            .filter_map(|&(t, note)| {
                Some(ContextNote {
                    tier: t,
                    note: note?,
                    applied: single,
                })
            })
            .collect();
        Some((tier, notes))
    }
}

fn evaluate_pair<'kb>(
    usage: &Usage<'kb, '_>,
    first: SubstanceIdx,
    second: SubstanceIdx,
) -> Vec<Finding<'kb>> {
    let kb = usage.kb;
    let mut findings: Vec<Finding> = Vec::new();
    for rule_index in kb.pair_rule_candidates(first, second) {
        let rule = &kb.rules[rule_index];
        let Shape::Pair(a, b) = &rule.shape else {
            continue;
        };
        if !group_taken(&findings, rule) {
            findings.extend(match_pair(usage, rule, (a, b), first, second));
        }
    }
    findings
}

/// Within a group the first declared rule that fires wins, so maintainers write the specific
/// or escalated rule before the general one.
fn group_taken(findings: &[Finding], rule: &Rule) -> bool {
    rule.group.as_ref().is_some_and(|group| {
        findings
            .iter()
            .any(|f| f.rule.group.as_ref() == Some(group))
    })
}

/// Stack rules: all participants that match `each`, when there are enough of them.
fn evaluate_stacks<'kb>(
    usage: &Usage<'kb, '_>,
    participants: &[SubstanceIdx],
    memo: &mut EvaluationMemo<'kb>,
) -> Vec<Finding<'kb>> {
    let kb = usage.kb;
    let kinds = memo.stack_kinds(kb, participants);
    let mut findings: Vec<Finding> = Vec::new();
    for (position, &rule_index) in kb.stack_rules.iter().enumerate() {
        let position = StackRulePos(position);
        let counted = kinds.iter().filter(|k| k.contains(&position)).count();
        let rule = &kb.rules[rule_index];
        let Shape::Stack {
            each,
            at_least,
            requires,
        } = &rule.shape
        else {
            continue;
        };
        if counted < *at_least || group_taken(&findings, rule) {
            continue;
        }
        let mut members = FindingSubstances::new();
        let mut premises = Premises::new();
        for &substance in participants {
            if let Some(found) = premises_for(kb, each, substance, None) {
                members.push(substance);
                premises.extend(found);
            }
        }
        if members.len() >= *at_least && meets_requirements(kb, requires, &members) {
            findings.extend(finding(usage, rule, members, premises));
        }
    }
    findings
}

/// Whether every required condition is met by a different member: a small matching, tried
/// by backtracking (a rule requires a few kinds, a check has a few dozen substances).
fn meets_requirements(
    kb: &KnowledgeBase,
    requires: &[Condition],
    members: &[SubstanceIdx],
) -> bool {
    fn assign(
        kb: &KnowledgeBase,
        requires: &[Condition],
        members: &[SubstanceIdx],
        used: &mut Vec<SubstanceIdx>,
    ) -> bool {
        let Some((first, rest)) = requires.split_first() else {
            return true;
        };
        for &member in members {
            if used.contains(&member) || premises_for(kb, first, member, None).is_none() {
                continue;
            }
            used.push(member);
            if assign(kb, rest, members, used) {
                return true;
            }
            used.pop();
        }
        false
    }
    assign(kb, requires, members, &mut Vec::new())
}

fn match_pair<'kb>(
    usage: &Usage<'kb, '_>,
    rule: &'kb Rule,
    (side_a, side_b): (&Condition, &Condition),
    first: SubstanceIdx,
    second: SubstanceIdx,
) -> Option<Finding<'kb>> {
    let kb = usage.kb;
    let uses_any =
        |c: &Condition| [c.inhibits, c.induces, c.substrate_of].contains(&Some(EnzymeChoice::Any));
    let binds_enzyme = uses_any(side_a) || uses_any(side_b);
    let both_bind = uses_any(side_a) && uses_any(side_b);
    // The bound enzyme must be one the substances have a role with: both of them when both
    // sides bind it.
    let roles = |s: SubstanceIdx| {
        let s = &kb.substances[s];
        s.inhibits
            .keys()
            .chain(s.induces.keys())
            .chain(s.substrate_of.keys())
            .fold(0u32, |mask, &enzyme| mask | enzyme_bit(enzyme))
    };
    let (first_roles, second_roles) = if binds_enzyme {
        (roles(first), roles(second))
    } else {
        (0, 0)
    };
    let bindable = |enzyme: Enzyme| {
        let bit = enzyme_bit(enzyme);
        let (in_first, in_second) = (first_roles & bit != 0, second_roles & bit != 0);
        if both_bind {
            in_first && in_second
        } else {
            in_first || in_second
        }
    };
    let bindings = (!binds_enzyme).then_some(None).into_iter().chain(
        Enzyme::ALL
            .iter()
            .copied()
            .filter(|&enzyme| binds_enzyme && bindable(enzyme))
            .map(Some),
    );
    let premises_if = |(a, b): (SubstanceIdx, SubstanceIdx), binding| {
        let mut premises = premises_for(kb, side_a, a, binding)?;
        premises.extend(premises_for(kb, side_b, b, binding)?);
        Some((a, b, premises))
    };
    // Orientation is fixed by the first enzyme that matches; further enzymes that match the
    // same way add their premises (an inhibitor of both CYP3A4 and P-gp meets a substrate of
    // both).
    let mut matched: Option<(SubstanceIdx, SubstanceIdx, Premises)> = None;
    for binding in bindings {
        match &mut matched {
            Some((a, b, premises)) => {
                if let Some((_, _, more)) = premises_if((*a, *b), binding) {
                    premises.extend(more);
                }
            }
            None => {
                matched = premises_if((first, second), binding)
                    .or_else(|| premises_if((second, first), binding));
            }
        }
    }
    let (a, b, premises) = matched?;
    // Kratom first, otherwise query order.
    let substances = if b == kb.kratom || (a != kb.kratom && b == first) {
        smallvec![b, a]
    } else {
        smallvec![a, b]
    };
    finding(usage, rule, substances, premises)
}

/// Builds a finding from the substances and premises a rule matched, or `None` when the
/// context rules it out.
fn finding<'kb>(
    usage: &Usage<'kb, '_>,
    rule: &'kb Rule,
    mut substances: FindingSubstances,
    all_premises: Premises<'kb>,
) -> Option<Finding<'kb>> {
    let kb = usage.kb;
    let (tier, context_notes) = usage.tier(rule, &substances)?;
    if let Some(kratom) = substances
        .iter()
        .position(|&s| s == kb.kratom || Some(s) == usage.product)
    {
        substances[..=kratom].rotate_right(1);
    }
    let mut premises: Vec<Premise> = Vec::with_capacity(all_premises.len());
    for premise in all_premises {
        if !premises
            .iter()
            .any(|p| p.substance == premise.substance && p.describes_same(&premise))
        {
            premises.push(premise);
        }
    }
    // Present the premises in the same order as the finding's substances.
    premises.sort_by_key(|p| substances.iter().position(|&s| s == p.substance));

    // A premise's grade is not the finding's: kratom's CYP3A4 inhibition is measured (A), but
    // that it matters for a medicine no one studied with kratom is an extrapolation (E).
    let studied = rule
        .studied
        .iter()
        .position(|studied| studied.covers(&substances, kb))
        .map(StudiedIdx);
    let (basis, grade) = match studied {
        Some(entry) => (Basis::Studied(entry), rule.studied[entry].grade),
        None => (Basis::Extrapolated, Grade::E),
    };
    let mut references: Vec<&str> = Vec::with_capacity(rule.references.len() + premises.len());
    let cited = rule
        .references
        .iter()
        .chain(premises.iter().flat_map(|p| p.references()));
    for reference in cited {
        if !references.contains(&reference.as_str()) {
            references.push(reference);
        }
    }
    let mut mechanisms = SmallVec::from_slice(&rule.mechanisms);
    for premise in &premises {
        if let PremiseFact::Inhibits(enzyme, _) = premise.fact {
            let tag = enzyme.inhibition_mechanism();
            if !mechanisms.contains(&tag) {
                mechanisms.push(tag);
            }
        }
    }
    Some(Finding {
        rule,
        tier,
        substances,
        premises,
        grade,
        basis,
        references,
        mechanisms,
        context_notes,
    })
}

/// The enzyme's bit in a set of enzymes.
fn enzyme_bit(enzyme: Enzyme) -> u32 {
    1 << enzyme as u32
}
