//! The knowledge base as it is written in YAML: one `KbFile` per file.
//!
//! Every struct denies unknown fields and every closed vocabulary is an enum, so a typo in a
//! maintainer's file is an error with a location instead of a silently ignored line.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;

use crate::vocabulary::{
    DoseBand, Enzyme, Frequency, Grade, Mechanism, Property, Sensitivity, Strength, Tier,
};

/// One YAML file of the knowledge base. Any section may be absent, so maintainers split the
/// base by topic as they see fit.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbFile {
    pub meta: Option<Meta>,
    #[serde(default)]
    pub references: Vec<ReferenceDef>,
    #[serde(default)]
    pub classes: Vec<ClassDef>,
    #[serde(default)]
    pub substances: Vec<SubstanceDef>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    #[serde(default)]
    pub products: Vec<ProductDef>,
    #[serde(default)]
    pub ambiguous_names: Vec<AmbiguousNameDef>,
    #[serde(default)]
    pub red_flags: Vec<RedFlagDef>,
}

/// What to watch for and what to do when a serious finding has this mechanism.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagDef {
    pub mechanism: Spanned<Mechanism>,
    pub title: String,
    pub watch_for: Vec<String>,
    pub what_to_do: Vec<String>,
}

/// A combination product (Percocet, NyQuil): a name that stands for several substances.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub ingredients: Vec<Spanned<String>>,
    /// For a kratom product sold under its own name ("MIT45", "enhanced kratom"): the form
    /// kratom is judged in (a [`Form`], as `--form` spells it); its one ingredient is kratom.
    pub kratom_form: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// A name people use for more than one substance ("speed"): typing it asks which one is meant
/// instead of picking one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbiguousNameDef {
    pub name: Spanned<String>,
    pub candidates: Vec<Spanned<String>>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub version: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceDef {
    pub id: Spanned<String>,
    pub citation: String,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub parents: Vec<Spanned<String>>,
    #[serde(default)]
    pub properties: BTreeMap<Property, FactDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstanceDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub classes: Vec<Spanned<String>>,
    #[serde(default)]
    pub properties: BTreeMap<Property, FactDef>,
    /// Properties a class would give this substance but that it does not have.
    #[serde(default)]
    pub except_properties: Vec<Property>,
    #[serde(default)]
    pub substrate_of: BTreeMap<Enzyme, SubstrateDef>,
    #[serde(default)]
    pub inhibits: BTreeMap<Enzyme, FactDef>,
    #[serde(default)]
    pub induces: BTreeMap<Enzyme, FactDef>,
    pub note: Option<String>,
}

/// A rule's tier, as YAML spells it. A word that is no tier is told the tiers a rule may name:
/// `none` is not one (a rule that fires names a risk; `none` is refused by the rule's checks,
/// with that reason).
fn rule_tier<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tier, D::Error> {
    let word = String::deserialize(deserializer)?;
    Tier::ALL
        .iter()
        .copied()
        .find(|tier| tier.as_str() == word)
        .ok_or_else(|| {
            let tiers: Vec<&str> = Tier::ALL
                .iter()
                .filter(|&&tier| tier != Tier::None)
                .map(|tier| tier.as_str())
                .collect();
            de::Error::custom(format!(
                "unknown tier `{word}`, expected one of {}",
                tiers.join(", ")
            ))
        })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(deserialize_with = "rule_tier")]
    pub tier: Tier,
    /// Within one pair (or one query's stack), only the first declared rule of a group that
    /// fires is reported, so a rule that escalates another (strong inhibitor with a sensitive
    /// substrate) is declared before it and replaces it. A group's rules sit in one file.
    pub group: Option<Spanned<String>>,
    /// May be empty when a side names `inhibits`: the inhibited enzyme's tag is added per
    /// finding.
    #[serde(default)]
    pub mechanisms: Vec<Mechanism>,
    pub when: PairCondition,
    /// How the tier changes with the way kratom is used, first matching entry wins.
    #[serde(default)]
    pub context: Vec<ContextAdjustmentDef>,
    pub explanation: String,
    #[serde(default)]
    pub advice: Vec<String>,
    pub evidence: EvidenceDef,
    #[serde(default)]
    pub references: Vec<Spanned<String>>,
    /// What the evidence studied; a finding it does not cover is an extrapolation.
    #[serde(default)]
    pub studied: Vec<super::studied::StudiedDef>,
    /// Inputs and the tier each must give; checked by running the engine.
    #[serde(default)]
    pub examples: Vec<super::examples::ExampleDef>,
}

/// Which substances a rule is about: a pair (`a` and `b`), or a stack of `at_least` substances
/// that each match `each` (three CNS depressants together).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairCondition {
    pub a: Option<Selector>,
    pub b: Option<Selector>,
    pub each: Option<Selector>,
    pub at_least: Option<Spanned<usize>>,
    /// For a stack: kinds of substance that must each be present, every one met by a
    /// different member (an NSAID, an ACE inhibitor or ARB, and a diuretic).
    #[serde(default)]
    pub requires: Vec<Selector>,
}

/// A tier that applies when kratom is used in a given way.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextAdjustmentDef {
    pub when: ContextConditionDef,
    pub tier: Tier,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextConditionDef {
    pub dose: Option<Vec<DoseBand>>,
    pub frequency: Option<Vec<Frequency>>,
}

/// What one side of a pair must be. Every field that is given must hold.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selector {
    pub substance: Option<Spanned<String>>,
    pub class: Option<Spanned<String>>,
    pub property: Option<Property>,
    pub inhibits: Option<EnzymeChoice>,
    pub induces: Option<EnzymeChoice>,
    pub substrate_of: Option<EnzymeChoice>,
    /// Lowest strength of the property, inhibition or induction named above.
    pub min_strength: Option<Strength>,
    /// For `substrate_of`: which kinds of substrate count; any kind when absent.
    pub sensitivity: Option<Vec<Sensitivity>>,
}

/// A named enzyme, or `any`: when both sides of a rule say `any`, they must meet at the same
/// enzyme, so one rule covers "an inhibitor meets a substrate of the enzyme it inhibits".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnzymeChoice {
    Any,
    Is(Enzyme),
}

const ENZYME_CHOICES: &[&str] = &[
    "any", "cyp1a2", "cyp2b6", "cyp2c8", "cyp2c9", "cyp2c19", "cyp2d6", "cyp3a4", "pgp", "ugt2b7",
];

impl Serialize for EnzymeChoice {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            EnzymeChoice::Any => "any",
            EnzymeChoice::Is(enzyme) => enzyme.as_str(),
        })
    }
}

impl<'de> Deserialize<'de> for EnzymeChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == "any" {
            return Ok(EnzymeChoice::Any);
        }
        Enzyme::ALL
            .iter()
            .find(|e| e.as_str() == text)
            .map(|&e| EnzymeChoice::Is(e))
            .ok_or_else(|| de::Error::unknown_variant(&text, ENZYME_CHOICES))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDef {
    pub grade: Grade,
    pub summary: String,
}

/// A fact about a substance at some level: a bare level (`serotonergic: strong`,
/// `cyp3a4: sensitive`), or a map with the level and the evidence behind it, which kratom's
/// own profile always gives (`{level: weak, grade: D, references: [..], note: ..}`).
#[derive(Debug, Clone)]
pub struct Fact<L> {
    pub level: L,
    pub grade: Option<Grade>,
    pub references: Vec<Spanned<String>>,
    pub note: Option<String>,
}

pub type FactDef = Fact<Strength>;
pub type SubstrateDef = Fact<Sensitivity>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DetailedFact<L> {
    level: L,
    grade: Option<Grade>,
    #[serde(default)]
    references: Vec<Spanned<String>>,
    note: Option<String>,
}

impl<'de, L: Deserialize<'de>> Deserialize<'de> for Fact<L> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LevelOrMap(PhantomData))
    }
}

/// Written by hand rather than as an untagged enum so that errors keep their location and say
/// what was expected.
struct LevelOrMap<L>(PhantomData<L>);

impl<'de, L: Deserialize<'de>> Visitor<'de> for LevelOrMap<L> {
    type Value = Fact<L>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a level (such as `strong` or `sensitive`) or a map with `level` and its evidence",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Fact {
            level: L::deserialize(de::value::StrDeserializer::<E>::new(v))?,
            grade: None,
            references: Vec::new(),
            note: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let d = DetailedFact::<L>::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Fact {
            level: d.level,
            grade: d.grade,
            references: d.references,
            note: d.note,
        })
    }
}
