//! The facts a finding rests on, as data: the report words them.

use crate::kb::{Enzyme, Fact, Grade, Origin, Property, Sensitivity, Strength, SubstanceIdx};

/// One fact of one substance that a rule relied on.
#[derive(Debug)]
pub struct Premise<'kb> {
    pub substance: SubstanceIdx,
    pub fact: PremiseFact<'kb>,
}

#[derive(Debug)]
pub enum PremiseFact<'kb> {
    InClass(usize),
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
