//! The closed vocabularies: every word the knowledge base or a person may use for a property,
//! enzyme, strength, grade, tier, mechanism, dose band, frequency or kratom form, defined once.
//!
//! YAML spells a word exactly (a typo there is an error with a location); what a person types
//! (`--form Extract`, a batch line's `"frequency": "DAILY"`) is read by one parser, `FromStr`,
//! which ignores surrounding space and ASCII case. With the `clap` feature the words a person
//! types are also clap value types, listing the same words.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A word that is not in a vocabulary, and the words that are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotInVocabulary {
    pub word: String,
    pub vocabulary: &'static str,
    pub words: Vec<&'static str>,
}

impl fmt::Display for NotInVocabulary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Two words read as a choice ("occasional or daily"); a longer list as a list.
        let words = match self.words.as_slice() {
            [first, second] => format!("{first} or {second}"),
            words => words.join(", "),
        };
        write!(f, "`{}` is not a {}: {words}", self.word, self.vocabulary)
    }
}

impl std::error::Error for NotInVocabulary {}

/// Defines a vocabulary: its YAML and JSON spelling (`=>`), and other spellings a person may
/// type for a word (`|`), read by `FromStr` only.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident ($what:literal) {
            $($(#[$variant_meta:meta])* $variant:ident => $text:literal $(| $alias:literal)*),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        pub enum $name { $($(#[$variant_meta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in YAML and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Other spellings a person may type.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),*]),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = NotInVocabulary;

            fn from_str(typed: &str) -> Result<Self, Self::Err> {
                let word = typed.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|w| {
                        std::iter::once(w.as_str())
                            .chain(w.aliases().iter().copied())
                            .any(|spelling| spelling.eq_ignore_ascii_case(word))
                    })
                    .ok_or_else(|| NotInVocabulary {
                        word: typed.to_string(),
                        vocabulary: $what,
                        words: $name::ALL.iter().map(|w| w.as_str()).collect(),
                    })
            }
        }
    };
}

vocabulary!(
    /// Pharmacological properties a substance or class can have.
    Property ("property") {
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
    Enzyme ("enzyme") {
        Cyp1a2 => "cyp1a2",
        Cyp2b6 => "cyp2b6",
        Cyp2c8 => "cyp2c8",
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
    Strength ("strength") {
        Weak => "weak",
        Moderate => "moderate",
        Strong => "strong",
    }
);

vocabulary!(
    /// What kind of substrate of an enzyme a substance is.
    Sensitivity ("substrate kind") {
        Minor => "minor",
        Major => "major",
        Sensitive => "sensitive",
        Prodrug => "prodrug",
    }
);

vocabulary!(
    /// Evidence grades, strongest first, as defined in the evidence file.
    Grade ("grade") {
        A => "A",
        B => "B",
        C => "C",
        D => "D",
        E => "E",
    }
);

vocabulary!(
    /// Risk tiers, lowest first so that `Ord` ranks severity.
    Tier ("tier") {
        None => "none",
        Minor => "minor",
        Moderate => "moderate",
        Major => "major",
        Avoid => "avoid",
    }
);

vocabulary!(
    /// Mechanism tags on findings. Extend only together with the list in docs/JSON.md.
    Mechanism ("mechanism") {
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
        Cyp2c8Inhibition => "cyp2c8_inhibition",
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
        PsychoticReaction => "psychotic_reaction",
        SeriousInfection => "serious_infection",
        Ototoxicity => "ototoxicity",
        IntracranialHypertension => "intracranial_hypertension",
        LacticAcidosis => "lactic_acidosis",
        Hypercalcaemia => "hypercalcaemia",
    }
);

vocabulary!(
    /// Kratom dose bands, in grams of leaf (or leaf equivalent) per dose: low (about 1-5 g)
    /// acts like a stimulant, moderate (5-15 g) like an opioid, high (over 15 g) sedates.
    DoseBand ("dose band") {
        Low => "low",
        Moderate => "moderate",
        High => "high",
    }
);

vocabulary!(
    /// How often kratom is used: daily use brings dependence and tolerance.
    Frequency ("frequency") {
        Occasional => "occasional",
        Daily => "daily",
    }
);

vocabulary!(
    /// The kind of kratom product, as `--form` and a kratom product's `kratom_form` name it.
    Form ("form") {
        Leaf => "leaf",
        Powder => "powder",
        Capsule => "capsule",
        Tea => "tea",
        Extract => "extract",
        SevenOh => "7-oh" | "7oh",
        Pseudoindoxyl => "pseudoindoxyl",
    }
);

impl Form {
    /// What the form covers and how it is rated, where the name alone does not say.
    pub fn description(self) -> Option<&'static str> {
        match self {
            Form::Leaf => Some("Dried leaf or leaf powder, including capsules and tea"),
            Form::Extract => {
                Some("Concentrated extract or resin: rated as a high dose unless a dose is given")
            }
            Form::SevenOh => Some(
                "Concentrated or semi-synthetic 7-hydroxymitragynine: rated as a potent opioid",
            ),
            Form::Pseudoindoxyl => {
                Some("Mitragynine pseudoindoxyl products: rated as a potent opioid")
            }
            Form::Powder | Form::Capsule | Form::Tea => None,
        }
    }

    /// The knowledge-base substance a potent-opioid product is judged as, besides leaf.
    pub fn opioid_product_id(self) -> Option<&'static str> {
        match self {
            Form::SevenOh => Some("seven_hydroxymitragynine"),
            Form::Pseudoindoxyl => Some("mitragynine_pseudoindoxyl"),
            _ => None,
        }
    }

    /// Whether a product of this form is judged as a high dose when no dose is given.
    pub fn is_concentrated(self) -> bool {
        matches!(self, Form::Extract | Form::SevenOh | Form::Pseudoindoxyl)
    }
}

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
            Enzyme::Cyp2c8 => Mechanism::Cyp2c8Inhibition,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Enzyme::Cyp1a2 => "CYP1A2",
            Enzyme::Cyp2b6 => "CYP2B6",
            Enzyme::Cyp2c8 => "CYP2C8",
            Enzyme::Cyp2c9 => "CYP2C9",
            Enzyme::Cyp2c19 => "CYP2C19",
            Enzyme::Cyp2d6 => "CYP2D6",
            Enzyme::Cyp3a4 => "CYP3A4",
            Enzyme::Pgp => "P-glycoprotein",
            Enzyme::Ugt2b7 => "UGT2B7",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_are_read_ignoring_space_and_case() {
        assert_eq!(Form::from_str(" Extract "), Ok(Form::Extract));
        assert_eq!(Form::from_str("7OH"), Ok(Form::SevenOh));
        assert_eq!(Frequency::from_str("DAILY"), Ok(Frequency::Daily));
        assert_eq!(Tier::from_str("Major"), Ok(Tier::Major));
        assert_eq!(DoseBand::from_str("high"), Ok(DoseBand::High));
    }

    #[test]
    fn an_unknown_word_is_refused_with_the_words_there_are() {
        assert_eq!(
            Form::from_str("gum").unwrap_err().to_string(),
            "`gum` is not a form: leaf, powder, capsule, tea, extract, 7-oh, pseudoindoxyl"
        );
        assert_eq!(
            Frequency::from_str("weekly").unwrap_err().to_string(),
            "`weekly` is not a frequency: occasional or daily"
        );
    }
}
