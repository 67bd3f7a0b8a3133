//! How a finding's facts read: "sertraline is serotonergic (strong; as an SSRI)". The engine
//! returns premises as data; the sentences are the report's.

use std::fmt;

use crate::engine::{Premise, PremiseFact};
use crate::kb::{KnowledgeBase, Origin, Sensitivity};

/// A premise with the knowledge base that names its substance, class and enzyme.
pub(super) struct PremiseText<'a> {
    pub kb: &'a KnowledgeBase,
    pub premise: &'a Premise<'a>,
}

/// The premise as a sentence: "sertraline is serotonergic (strong; as an SSRI)".
impl fmt::Display for PremiseText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kb, premise) = (self.kb, self.premise);
        f.write_str(&kb.substances[premise.substance].name.to_lowercase())?;
        let mut qualifiers = Qualifiers { f, started: false };
        match &premise.fact {
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
        let (grade, _, note, origin) = premise.parts();
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
