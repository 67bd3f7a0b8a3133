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
    /// kratom is judged in (one of [`KRATOM_FORMS`]); its one ingredient is kratom.
    pub kratom_form: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// The forms a kratom product name may set, as `--form` spells them.
pub const KRATOM_FORMS: &[&str] = &[
    "leaf",
    "powder",
    "capsule",
    "tea",
    "extract",
    "7-oh",
    "pseudoindoxyl",
];

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub title: String,
    pub tier: Tier,
    /// Within one pair, only the most severe finding of a group is reported, so a rule that
    /// escalates another (strong inhibitor with a sensitive substrate) replaces it.
    pub group: Option<String>,
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
    "any", "cyp1a2", "cyp2b6", "cyp2c9", "cyp2c19", "cyp2d6", "cyp3a4", "pgp", "ugt2b7",
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

/// Closed vocabularies. Their YAML spelling is the snake_case of the variant.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in YAML and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// Pharmacological properties a substance or class can have.
    Property {
        OpioidAgonist => "opioid_agonist",
        OpioidPartialAgonist => "opioid_partial_agonist",
        OpioidAntagonist => "opioid_antagonist",
        CnsDepressant => "cns_depressant",
        Serotonergic => "serotonergic",
        MaoInhibitor => "mao_inhibitor",
        Stimulant => "stimulant",
        QtProlonging => "qt_prolonging",
        SeizureThresholdLowering => "seizure_threshold_lowering",
        Hepatotoxic => "hepatotoxic",
        Anticholinergic => "anticholinergic",
        Alpha2Agonist => "alpha2_agonist",
        NarrowTherapeuticIndex => "narrow_therapeutic_index",
        BleedingRisk => "bleeding_risk",
        PotassiumRaising => "potassium_raising",
    }
);

vocabulary!(
    /// Enzymes and transporters whose substrates, inhibitors and inducers the base records.
    Enzyme {
        Cyp1a2 => "cyp1a2",
        Cyp2b6 => "cyp2b6",
        Cyp2c9 => "cyp2c9",
        Cyp2c19 => "cyp2c19",
        Cyp2d6 => "cyp2d6",
        Cyp3a4 => "cyp3a4",
        Pgp => "pgp",
        Ugt2b7 => "ugt2b7",
    }
);

vocabulary!(
    /// How strong an inhibition, induction or property is (FDA's strong/moderate/weak for
    /// inhibitors: AUC ratio of a sensitive substrate at least 5, 2 to 5, 1.25 to 2).
    Strength {
        Weak => "weak",
        Moderate => "moderate",
        Strong => "strong",
    }
);

vocabulary!(
    /// What kind of substrate of an enzyme a substance is.
    Sensitivity {
        Minor => "minor",
        Major => "major",
        Sensitive => "sensitive",
        Prodrug => "prodrug",
    }
);

vocabulary!(
    /// Evidence grades, strongest first, as defined in the evidence file.
    Grade {
        A => "A",
        B => "B",
        C => "C",
        D => "D",
        E => "E",
    }
);

vocabulary!(
    /// Risk tiers, lowest first so that `Ord` ranks severity.
    Tier {
        None => "none",
        Minor => "minor",
        Moderate => "moderate",
        Major => "major",
        Avoid => "avoid",
    }
);

vocabulary!(
    /// Mechanism tags on findings. Extend only together with the README's list.
    Mechanism {
        CnsDepression => "cns_depression",
        RespiratoryDepression => "respiratory_depression",
        AdditiveOpioid => "additive_opioid",
        SerotoninSyndrome => "serotonin_syndrome",
        Cyp2d6Inhibition => "cyp2d6_inhibition",
        Cyp3a4Inhibition => "cyp3a4_inhibition",
        Cyp1a2Inhibition => "cyp1a2_inhibition",
        Cyp2c19Inhibition => "cyp2c19_inhibition",
        Cyp2c9Inhibition => "cyp2c9_inhibition",
        Cyp2b6Inhibition => "cyp2b6_inhibition",
        IncreasedKratomExposure => "increased_kratom_exposure",
        CypInduction => "cyp_induction",
        PgpInhibition => "pgp_inhibition",
        UgtInhibition => "ugt_inhibition",
        PrecipitatedWithdrawal => "precipitated_withdrawal",
        OpioidAntagonism => "opioid_antagonism",
        QtProlongation => "qt_prolongation",
        SeizureThreshold => "seizure_threshold",
        Hepatotoxicity => "hepatotoxicity",
        ReducedProdrugActivation => "reduced_prodrug_activation",
        CardiovascularStimulation => "cardiovascular_stimulation",
        Anticholinergic => "anticholinergic",
        Alpha2Additive => "alpha2_additive",
        NarrowTherapeuticIndex => "narrow_therapeutic_index",
        ProductAdulteration => "product_adulteration",
        Hypotension => "hypotension",
        BoneMarrowSuppression => "bone_marrow_suppression",
        Bleeding => "bleeding",
        Hyperkalaemia => "hyperkalaemia",
        KidneyInjury => "kidney_injury",
        DisulfiramReaction => "disulfiram_reaction",
        Hypoglycaemia => "hypoglycaemia",
        TendonRupture => "tendon_rupture",
        Bradycardia => "bradycardia",
        Myopathy => "myopathy",
        ReducedAbsorption => "reduced_absorption",
    }
);

vocabulary!(
    /// Kratom dose bands, in grams of leaf (or leaf equivalent) per dose: low (about 1-5 g)
    /// acts like a stimulant, moderate (5-15 g) like an opioid, high (over 15 g) sedates.
    DoseBand {
        Low => "low",
        Moderate => "moderate",
        High => "high",
    }
);

vocabulary!(
    /// How often kratom is used: daily use brings dependence and tolerance.
    Frequency {
        Occasional => "occasional",
        Daily => "daily",
    }
);

impl Tier {
    /// What the tier asks the person to do.
    pub fn action(self) -> &'static str {
        match self {
            Tier::Avoid => "do not combine",
            Tier::Major => {
                "serious harm possible: avoid, or change the plan under clinical supervision"
            }
            Tier::Moderate => "combine only with precautions and monitoring",
            Tier::Minor => "small or theoretical effect: be aware",
            Tier::None => "nothing known in the knowledge base, which is not proof of safety",
        }
    }
}

impl Grade {
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::A => "controlled human clinical study",
            Grade::B => "human observational or poison-centre data",
            Grade::C => "case reports or case series",
            Grade::D => "in vitro or animal studies",
            Grade::E => "class-based extrapolation, no direct study",
        }
    }
}

impl Property {
    /// How a finding's derivation phrases "X is ...".
    pub fn phrase(self) -> &'static str {
        match self {
            Property::OpioidAgonist => "an opioid agonist",
            Property::OpioidPartialAgonist => "an opioid partial agonist",
            Property::OpioidAntagonist => "an opioid antagonist",
            Property::CnsDepressant => "a CNS depressant",
            Property::Serotonergic => "serotonergic",
            Property::MaoInhibitor => "a monoamine oxidase inhibitor",
            Property::Stimulant => "a stimulant (adrenergic)",
            Property::QtProlonging => "QT-prolonging",
            Property::SeizureThresholdLowering => "seizure-threshold lowering",
            Property::Hepatotoxic => "potentially liver-toxic",
            Property::Anticholinergic => "anticholinergic",
            Property::Alpha2Agonist => "an alpha-2 agonist",
            Property::NarrowTherapeuticIndex => "a narrow-therapeutic-index medicine",
            Property::BleedingRisk => "a medicine that adds to bleeding risk",
            Property::PotassiumRaising => "a medicine that raises blood potassium",
        }
    }
}

impl Enzyme {
    /// The mechanism tag of inhibiting this enzyme, where the vocabulary has one.
    pub fn inhibition_mechanism(self) -> Mechanism {
        match self {
            Enzyme::Cyp1a2 => Mechanism::Cyp1a2Inhibition,
            Enzyme::Cyp2c9 => Mechanism::Cyp2c9Inhibition,
            Enzyme::Cyp2c19 => Mechanism::Cyp2c19Inhibition,
            Enzyme::Cyp2d6 => Mechanism::Cyp2d6Inhibition,
            Enzyme::Cyp3a4 => Mechanism::Cyp3a4Inhibition,
            Enzyme::Pgp => Mechanism::PgpInhibition,
            Enzyme::Ugt2b7 => Mechanism::UgtInhibition,
            Enzyme::Cyp2b6 => Mechanism::Cyp2b6Inhibition,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Enzyme::Cyp1a2 => "CYP1A2",
            Enzyme::Cyp2b6 => "CYP2B6",
            Enzyme::Cyp2c9 => "CYP2C9",
            Enzyme::Cyp2c19 => "CYP2C19",
            Enzyme::Cyp2d6 => "CYP2D6",
            Enzyme::Cyp3a4 => "CYP3A4",
            Enzyme::Pgp => "P-glycoprotein",
            Enzyme::Ugt2b7 => "UGT2B7",
        }
    }
}
