//! The facts a finding rests on, and how they read in its explanation.

use std::fmt;

use crate::kb::{
    Enzyme, Fact, Grade, KnowledgeBase, Origin, Property, Sensitivity, Strength, SubstanceIdx,
};

/// One fact of one substance that a rule relied on.
#[derive(Debug)]
pub struct Premise<'kb> {
    pub kb: &'kb KnowledgeBase,
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
    fn parts(&self) -> (Option<Grade>, &'kb [String], Option<&'kb str>, Origin) {
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

/// The premise as a sentence: "sertraline is serotonergic (strong; as an SSRI)".
impl fmt::Display for Premise<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kb = self.kb;
        f.write_str(&kb.substances[self.substance].name.to_lowercase())?;
        let mut qualifiers = Qualifiers { f, started: false };
        match &self.fact {
            PremiseFact::InClass(class) => {
                let class = &kb.classes[*class].name;
                return write!(qualifiers.f, " is {} {class}", article(class));
            }
            PremiseFact::Has(property, fact) => {
                write!(qualifiers.f, " is {}", property.phrase())?;
                qualifiers.add(format_args!("{}", fact.level))?;
            }
            PremiseFact::Inhibits(enzyme, fact) => {
                write!(qualifiers.f, " inhibits {}", enzyme.label())?;
                qualifiers.add(format_args!("{}", fact.level))?;
            }
            PremiseFact::Induces(enzyme, fact) => {
                write!(qualifiers.f, " induces {}", enzyme.label())?;
                qualifiers.add(format_args!("{}", fact.level))?;
            }
            PremiseFact::SubstrateOf(enzyme, fact) => match fact.level {
                Sensitivity::Prodrug => {
                    write!(qualifiers.f, " is activated by {}", enzyme.label())?;
                }
                level => write!(
                    qualifiers.f,
                    " is a {level} substrate of {}",
                    enzyme.label()
                )?,
            },
        }
        let (grade, _, note, origin) = self.parts();
        if let Origin::Class(class) = origin {
            let class = &kb.classes[class].name;
            qualifiers.add(format_args!("as {} {class}", article(class)))?;
        }
        if let Some(grade) = grade {
            qualifiers.add(format_args!("evidence {grade}"))?;
        }
        if let Some(note) = note {
            qualifiers.add(format_args!("{}", note.trim_end_matches('.')))?;
        }
        qualifiers.finish()
    }
}

/// Writes " (first; second)" after a premise, or nothing when there are no qualifiers.
struct Qualifiers<'a, 'f> {
    f: &'a mut fmt::Formatter<'f>,
    started: bool,
}

impl Qualifiers<'_, '_> {
    fn add(&mut self, qualifier: fmt::Arguments) -> fmt::Result {
        let separator = if self.started { "; " } else { " (" };
        self.started = true;
        write!(self.f, "{separator}{qualifier}")
    }

    fn finish(self) -> fmt::Result {
        if self.started {
            self.f.write_str(")")
        } else {
            Ok(())
        }
    }
}

/// "a" or "an" before a class name, by its sound: acronyms are read letter by letter
/// ("an SSRI", "an MAOI", "a CYP inhibitor").
fn article(noun: &str) -> &'static str {
    let first_word = noun.split([' ', '-']).next().unwrap_or(noun);
    let acronym = first_word.len() > 1 && first_word.chars().all(|c| c.is_ascii_uppercase());
    let first = first_word.chars().next().unwrap_or(' ');
    let vowel_sound = if acronym {
        "AEFHILMNORSX".contains(first)
    } else {
        "aeiouAEIOU".contains(first)
    };
    if vowel_sound { "an" } else { "a" }
}
