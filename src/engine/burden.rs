//! The burden of the whole list: how many of the checked substances carry a property whose
//! effects add up over every medicine taken (anticholinergic, serotonergic, QT-prolonging,
//! sedating), which no single pair shows. It is information beside the findings: it never sets
//! the tier.

use crate::context::Context;
use crate::kb::{KnowledgeBase, Property, Strength, SubstanceIdx};

/// The properties whose burden over the whole list is counted, in the order a report lists them.
pub const BURDEN_PROPERTIES: [Property; 4] = [
    Property::Anticholinergic,
    Property::Serotonergic,
    Property::QtProlonging,
    Property::CnsDepressant,
];

/// A burden is stated only when this many checked substances carry its property: one alone is
/// that substance's own effect, not the list's.
pub const MIN_CARRIERS: usize = 2;

/// One property's burden: every checked substance that carries it, in the check's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burden {
    pub property: Property,
    pub carriers: Vec<(SubstanceIdx, Strength)>,
}

impl Burden {
    /// The list's score for this property: for anticholinergics the Anticholinergic Cognitive
    /// Burden (ACB) total, where a weak, moderate or strong anticholinergic scores 1, 2 or 3
    /// (the scale's possible, definite and strong levels); for the others, how many carry it.
    pub fn total(&self) -> u32 {
        match self.property {
            Property::Anticholinergic => self
                .carriers
                .iter()
                .map(|&(_, strength)| acb_score(strength))
                .sum(),
            _ => u32::try_from(self.carriers.len()).unwrap_or(u32::MAX),
        }
    }
}

/// A substance's score on the ACB scale, from the strength of its anticholinergic property.
pub fn acb_score(strength: Strength) -> u32 {
    match strength {
        Strength::Weak => 1,
        Strength::Moderate => 2,
        Strength::Strong => 3,
    }
}

/// The burdens of `participants` (as judged: kratom first), each property with at least
/// [`MIN_CARRIERS`] carriers. A product chosen by the form is how kratom is taken, so it stands
/// in for leaf kratom instead of counting beside it, as in a stack. Duplicates count once.
pub fn burdens(
    kb: &KnowledgeBase,
    participants: &[SubstanceIdx],
    context: &Context,
) -> Vec<Burden> {
    let product = context.opioid_product(kb);
    let mut counted: Vec<SubstanceIdx> = Vec::with_capacity(participants.len());
    for &s in participants {
        let stood_in_for = product.is_some() && s == kb.kratom;
        if !stood_in_for && !counted.contains(&s) {
            counted.push(s);
        }
    }
    BURDEN_PROPERTIES
        .iter()
        .filter_map(|&property| {
            let carriers: Vec<(SubstanceIdx, Strength)> = counted
                .iter()
                .filter_map(|&s| {
                    kb.substances[s]
                        .properties
                        .get(&property)
                        .map(|fact| (s, fact.level))
                })
                .collect();
            (carriers.len() >= MIN_CARRIERS).then_some(Burden { property, carriers })
        })
        .collect()
}
