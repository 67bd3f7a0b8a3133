//! The vocabularies a person types on the command line as clap value types (the `clap`
//! feature): the same words and aliases `FromStr` reads, matched with the same case rule.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::vocabulary::{Form, Frequency, Tier};

/// A possible value with every spelling `FromStr` accepts.
fn possible_value(name: &'static str, aliases: &'static [&'static str]) -> PossibleValue {
    PossibleValue::new(name).aliases(aliases.iter().copied())
}

impl ValueEnum for Form {
    fn value_variants<'a>() -> &'a [Self] {
        Form::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = possible_value(self.as_str(), self.aliases());
        Some(match self.description() {
            Some(description) => value.help(description),
            None => value,
        })
    }
}

impl ValueEnum for Frequency {
    fn value_variants<'a>() -> &'a [Self] {
        Frequency::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(possible_value(self.as_str(), self.aliases()))
    }
}

/// The tiers a check can be told to fail at (`--fail-on`): most severe first, and not `none`,
/// which every check reaches.
const FAILING_TIERS: &[Tier] = &[Tier::Avoid, Tier::Major, Tier::Moderate, Tier::Minor];

impl ValueEnum for Tier {
    fn value_variants<'a>() -> &'a [Self] {
        FAILING_TIERS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(possible_value(self.as_str(), self.aliases()))
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// Whatever clap accepts (ignoring case, as the tool asks it to), `FromStr` reads the same.
    fn same_as_from_str<T: ValueEnum + FromStr + PartialEq + std::fmt::Debug>() {
        for value in T::value_variants() {
            let possible = value.to_possible_value().expect("every value is listed");
            for spelling in possible.get_name_and_aliases() {
                for typed in [spelling.to_string(), spelling.to_uppercase()] {
                    assert_eq!(
                        <T as ValueEnum>::from_str(&typed, true).ok().as_ref(),
                        Some(value)
                    );
                    assert_eq!(<T as FromStr>::from_str(&typed).ok().as_ref(), Some(value));
                }
            }
        }
    }

    #[test]
    fn clap_and_from_str_read_the_same_words() {
        same_as_from_str::<Form>();
        same_as_from_str::<Frequency>();
        same_as_from_str::<Tier>();
        assert_eq!(<Form as FromStr>::from_str("7OH"), Ok(Form::SevenOh));
    }
}
