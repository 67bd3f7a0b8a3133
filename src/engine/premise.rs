//! The facts a finding rests on, as data (the report words them), and how a substance's facts
//! are found to meet a rule's condition.

use std::collections::BTreeMap;

use smallvec::SmallVec;

use crate::kb::{
    ClassIdx, Condition, Enzyme, EnzymeChoice, Fact, Grade, KnowledgeBase, Origin, Property,
    Sensitivity, Strength, Substance, SubstanceIdx,
};

/// One fact of one substance that a rule relied on.
#[derive(Debug)]
pub struct Premise<'kb> {
    pub substance: SubstanceIdx,
    pub fact: PremiseFact<'kb>,
}

#[derive(Debug)]
pub enum PremiseFact<'kb> {
    InClass(ClassIdx),
    Has(Property, &'kb Fact<Strength>),
    Inhibits(Enzyme, &'kb Fact<Strength>),
    Induces(Enzyme, &'kb Fact<Strength>),
    SubstrateOf(Enzyme, &'kb Fact<Sensitivity>),
}
impl<'kb> Premise<'kb> {
    /// The fact's evidence grade, references, note and where it came from (the substance's
    /// own entry or a class).
    pub fn parts(&self) -> (Option<Grade>, &'kb [String], Option<&'kb str>, Origin) {
        match &self.fact {
            PremiseFact::InClass(_) => (None, &[], None, Origin::Own),
            PremiseFact::Has(_, f) | PremiseFact::Inhibits(_, f) | PremiseFact::Induces(_, f) => {
                (f.grade, &f.references, f.note.as_deref(), f.origin)
            }
            PremiseFact::SubstrateOf(_, f) => (f.grade, &f.references, f.note.as_deref(), f.origin),
        }
    }

    /// Whether two premises state the same fact (one enzyme binding can repeat another's
    /// class or property premise).
    pub(super) fn describes_same(&self, other: &Premise) -> bool {
        match (&self.fact, &other.fact) {
            (PremiseFact::InClass(x), PremiseFact::InClass(y)) => x == y,
            (PremiseFact::Has(x, _), PremiseFact::Has(y, _)) => x == y,
            (PremiseFact::Inhibits(x, _), PremiseFact::Inhibits(y, _))
            | (PremiseFact::Induces(x, _), PremiseFact::Induces(y, _))
            | (PremiseFact::SubstrateOf(x, _), PremiseFact::SubstrateOf(y, _)) => x == y,
            _ => false,
        }
    }

    pub fn references(&self) -> &'kb [String] {
        self.parts().1
    }
}

/// The enzyme a selector names, given the enzyme bound for `any`.
fn chosen(choice: Option<EnzymeChoice>, binding: Option<Enzyme>) -> Option<Option<Enzyme>> {
    choice.map(|c| match c {
        EnzymeChoice::Is(enzyme) => Some(enzyme),
        EnzymeChoice::Any => binding,
    })
}

/// The facts by which `substance` meets `condition`, or `None` when it does not.
/// The premises found for a finding, kept inline up to one per kind of fact a condition asks
/// for (a class, a property, an inhibition, an induction, a substrate): asking whether a
/// substance meets a condition allocates nothing.
pub(super) type Premises<'kb> = SmallVec<[Premise<'kb>; 5]>;

pub(super) fn premises_for<'kb>(
    kb: &'kb KnowledgeBase,
    condition: &Condition,
    substance: SubstanceIdx,
    binding: Option<Enzyme>,
) -> Option<Premises<'kb>> {
    let s: &Substance = &kb.substances[substance];
    let premise = |fact| Premise { substance, fact };
    if condition
        .substance
        .is_some_and(|wanted| wanted != substance)
    {
        return None;
    }
    // Every fact is found before any premise is kept: most conditions fail, and fail cheaply.
    let in_class = match condition.class {
        Some(class) if !s.ancestry.contains(&class) => return None,
        class => class.map(PremiseFact::InClass),
    };
    let strong_enough = |f: &Fact<Strength>| f.level >= condition.min_strength;
    let has = match condition.property {
        None => None,
        Some(property) => Some(PremiseFact::Has(
            property,
            s.properties.get(&property).filter(|f| strong_enough(f))?,
        )),
    };
    let inhibits = enzyme_fact(condition.inhibits, binding, &s.inhibits, strong_enough)?
        .map(|(enzyme, fact)| PremiseFact::Inhibits(enzyme, fact));
    let induces = enzyme_fact(condition.induces, binding, &s.induces, strong_enough)?
        .map(|(enzyme, fact)| PremiseFact::Induces(enzyme, fact));
    let sensitive_enough = |f: &Fact<Sensitivity>| {
        condition
            .sensitivity
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&f.level))
    };
    let substrate = enzyme_fact(
        condition.substrate_of,
        binding,
        &s.substrate_of,
        sensitive_enough,
    )?
    .map(|(enzyme, fact)| PremiseFact::SubstrateOf(enzyme, fact));
    Some(
        [in_class, has, inhibits, induces, substrate]
            .into_iter()
            .flatten()
            .map(premise)
            .collect(),
    )
}

/// The fact by which a substance meets one enzyme selector of a condition: `Some(None)` when
/// the condition names no enzyme there, `None` when the substance does not meet it.
fn enzyme_fact<L>(
    choice: Option<EnzymeChoice>,
    binding: Option<Enzyme>,
    facts: &BTreeMap<Enzyme, Fact<L>>,
    fits: impl Fn(&Fact<L>) -> bool,
) -> Option<Option<(Enzyme, &Fact<L>)>> {
    let Some(enzyme) = chosen(choice, binding) else {
        return Some(None);
    };
    let enzyme = enzyme?;
    let fact = facts.get(&enzyme).filter(|f| fits(f))?;
    Some(Some((enzyme, fact)))
}
