//! How a finding's facts read: "sertraline is serotonergic (strong; as an SSRI)". The engine
//! returns premises as data; the sentences are the report's.

use std::fmt;

use crate::engine::{Premise, PremiseFact};
use crate::kb::{KnowledgeBase, Origin, Sensitivity, SubstanceIdx};

/// `text` written into a string with room for a sentence: `to_string` and `format!` grow a
/// string from its first pieces, and every growth is a reallocation.
pub(super) fn sentence(text: impl fmt::Display) -> String {
    use fmt::Write as _;
    let mut sentence = String::with_capacity(SENTENCE);
    write!(sentence, "{text}").expect("writing to a String cannot fail");
    sentence
}

/// Room for most of the report's sentences.
pub(super) const SENTENCE: usize = 128;

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
pub(super) fn article(noun: &str) -> &'static str {
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

/// Classes of substances taken without a prescriber: a finding among only these (and kratom)
/// gets harm-reduction advice, never a prescriber's.
const WITHOUT_PRESCRIBER: [&str; 3] = ["recreational_drug", "dissociative", "kratom_product"];

/// What to do when no prescriber is involved, added to a rule's own advice.
const HARM_REDUCTION: [&str; 3] = [
    "Start with a small amount of each and do not redose until you know how they act \
     together; space doses apart.",
    "Never use alone: tell someone what you took, and carry naloxone (it reverses opioids, \
     kratom included).",
    "Test your supply (fentanyl test strips): street drugs are often not what they are sold \
     as.",
];

/// Whether every substance of a finding is one taken without a prescriber: kratom, a kratom
/// product, a recreational drug or a dissociative.
pub(super) fn without_prescriber(kb: &KnowledgeBase, substances: &[SubstanceIdx]) -> bool {
    substances.iter().all(|&s| {
        s == kb.kratom
            || kb.substances[s]
                .ancestry
                .iter()
                .any(|&c| WITHOUT_PRESCRIBER.contains(&kb.classes[c].id.as_str()))
    })
}

/// A rule's advice for people using without a prescriber: its lines that address one are
/// left out, and harm reduction follows.
pub(super) fn harm_reduction_advice(advice: &[String]) -> Vec<String> {
    advice
        .iter()
        .filter(|line| !line.to_lowercase().contains("prescriber"))
        .cloned()
        .chain(HARM_REDUCTION.iter().map(|line| (*line).to_string()))
        .collect()
}

/// A fact's name as the text writes it: "CNS depressant", "CYP3A4".
pub trait InWords {
    fn in_words(&self) -> &'static str;
}

impl InWords for crate::kb::Property {
    fn in_words(&self) -> &'static str {
        let phrase = self.phrase();
        phrase
            .strip_prefix("a ")
            .or_else(|| phrase.strip_prefix("an "))
            .unwrap_or(phrase)
    }
}

impl InWords for crate::kb::Enzyme {
    fn in_words(&self) -> &'static str {
        self.label()
    }
}
