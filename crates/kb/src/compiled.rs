//! The compiled knowledge base: checked, indexed, and free of YAML. The build script compiles
//! the built-in base into this form (see `blob`), so a run decodes only the entries it reads.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::entries::{Entries, Entry, EntryIndex, Keyed};
pub use super::name_slots::NameSlots;

use super::examples::Example;
use super::rule_index::RuleCandidates;
use super::studied::Studied;
use super::vocabulary::{
    DoseBand, Enzyme, Form, Frequency, Grade, Mechanism, Property, Sensitivity, Strength, Tier,
};
use super::yaml::EnzymeChoice;

/// One YAML text, the path it is reported under, and the layer it belongs to. Layers stack in
/// the order they first appear: a later layer adds definitions or overrides earlier ones by id
/// (a site's local policy over the built-in base); within one layer an id is defined once.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: Cow<'static, str>,
    pub layer: String,
}

/// One layer of the knowledge base: the built-in base, or a `--kb` path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub name: String,
    /// SHA-256 of the layer's files, so a report says exactly which local data it used.
    pub sha256: String,
}

/// The name of the layer the embedded knowledge base forms.
pub const BUILT_IN_LAYER: &str = "built-in";

/// Declares the index type of one list: a position that indexes only that list.
macro_rules! entry_index {
    ($(#[$meta:meta])* $name:ident for $entry:ty) => {
        entry_index!($(#[$meta])* $name in $entry);

        impl Entry for $entry {
            type Index = $name;
        }
    };
    ($(#[$meta:meta])* $name:ident in $entry:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl EntryIndex for $name {
            fn position(self) -> usize {
                self.0
            }

            fn at(position: usize) -> Self {
                $name(position)
            }
        }

        /// The lists being compiled are indexed as the compiled ones are.
        impl std::ops::Index<$name> for [$entry] {
            type Output = $entry;

            fn index(&self, index: $name) -> &$entry {
                &self[index.0]
            }
        }

        impl std::ops::Index<$name> for Vec<$entry> {
            type Output = $entry;

            fn index(&self, index: $name) -> &$entry {
                &self[index.0]
            }
        }
    };
}

entry_index!(
    /// A substance's place in [`KnowledgeBase::substances`].
    SubstanceIdx for Substance
);
entry_index!(
    /// A class's place in [`KnowledgeBase::classes`].
    ClassIdx for Class
);
entry_index!(
    /// A product's place in [`KnowledgeBase::products`].
    ProductIdx for Product
);
entry_index!(
    /// An ambiguous name's place in [`KnowledgeBase::ambiguous_names`].
    AmbiguousNameIdx for AmbiguousName
);

entry_index!(
    /// A rule's place in [`KnowledgeBase::rules`], in declaration order.
    RuleIdx for Rule
);
entry_index!(
    /// A reference's place in [`KnowledgeBase::references`].
    ReferenceIdx for Reference
);
entry_index!(
    /// A name's place in [`KnowledgeBase::names`].
    NameIdx for IndexedName
);
entry_index!(
    /// A red flag's place in [`KnowledgeBase::red_flags`].
    RedFlagIdx for RedFlag
);
entry_index!(
    /// A layer's place in [`KnowledgeBase::layers`], lowest first.
    LayerIdx for Layer
);
entry_index!(
    /// A `studied` entry's place in its rule's [`Rule::studied`].
    StudiedIdx for Studied
);
entry_index!(
    /// A stack rule's place in [`KnowledgeBase::stack_rules`].
    StackRulePos in RuleIdx
);

/// A substance's candidate rules sit at the substance's place.
impl Entry for RuleCandidates {
    type Index = SubstanceIdx;
}

/// The checked, indexed knowledge base that name resolution and the engine read.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub version: String,
    /// SHA-256 of the sources, so a report says exactly which data it came from.
    pub sha256: String,
    pub substances: Entries<Substance>,
    pub classes: Entries<Class>,
    pub rules: Entries<Rule>,
    /// Each rule's words, in the rules' order.
    pub rule_prose: Entries<RuleProse>,
    /// Sorted by id.
    pub references: Entries<Reference>,
    /// The layers, lowest first; `Substance::layer` and `Rule::layer` index it.
    pub layers: Vec<Layer>,
    pub kratom: SubstanceIdx,
    pub products: Entries<Product>,
    pub ambiguous_names: Entries<AmbiguousName>,
    /// Every name, id and alias by its normalised key (see [`crate::names::key`]), sorted by
    /// key.
    pub names: Entries<IndexedName>,
    /// The hash index over `names`' keys that [`KnowledgeBase::name`] looks a key up in.
    pub name_slots: NameSlots,
    /// For each class, the stand-in substance a class-level input ("benzos") is judged as.
    pub class_stand_ins: Vec<SubstanceIdx>,
    pub red_flags: Entries<RedFlag>,
    /// For each substance (stand-ins included), the pair rules it may take part in (see
    /// `rule_index`): the engine tries only these, so a query's cost does not grow with the
    /// number of rules.
    pub rule_candidates: Entries<RuleCandidates>,
    /// The stack rules, in declaration order.
    pub stack_rules: Vec<RuleIdx>,
    /// The most words in one name of the base: words typed apart are read together up to it.
    pub longest_name_words: usize,
    /// The bytes in the longest name's key: words whose keys alone are longer name nothing.
    pub longest_key: usize,
    /// The classes, products, ambiguous names and red flags a later layer put in place of an
    /// earlier layer's (substances and rules carry their own mark): they reach a check through
    /// names and members, so every report lists them.
    pub replaced_definitions: Vec<ReplacedDefinition>,
}

/// A definition other than a substance or a rule that a later layer replaced.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplacedDefinition {
    pub kind: DefinitionKind,
    /// Its id (a red flag's mechanism, an ambiguous name's name).
    pub id: String,
    /// The layer whose definition is used.
    pub layer: LayerIdx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefinitionKind {
    Class,
    Product,
    AmbiguousName,
    RedFlag,
}

impl DefinitionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DefinitionKind::Class => "class",
            DefinitionKind::Product => "product",
            DefinitionKind::AmbiguousName => "ambiguous_name",
            DefinitionKind::RedFlag => "red_flag",
        }
    }
}

/// One name as written in the knowledge base, with its comparison key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexedName {
    /// First, where [`Keyed`] reads it without decoding the rest.
    pub key: String,
    /// `names::character_set` of the key, to skip far names before computing a distance.
    pub characters: u64,
    pub spelling: String,
    pub target: NameTarget,
}

impl Keyed for IndexedName {
    fn key(&self) -> &str {
        &self.key
    }
}

/// What a name leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameTarget {
    /// A substance's id or display name.
    SubstanceName(SubstanceIdx),
    /// A brand name, synonym, abbreviation or street name.
    SubstanceAlias(SubstanceIdx),
    Class(ClassIdx),
    Product(ProductIdx),
    Ambiguous(AmbiguousNameIdx),
}

impl NameTarget {
    /// Whether two names lead to the same thing (a substance's name and its alias do).
    pub fn same_thing(self, other: NameTarget) -> bool {
        use NameTarget::{SubstanceAlias, SubstanceName};
        match (self, other) {
            (SubstanceName(x) | SubstanceAlias(x), SubstanceName(y) | SubstanceAlias(y)) => x == y,
            _ => self == other,
        }
    }
}

/// A combination product: one name, several substances.
#[derive(Debug, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub ingredients: Vec<SubstanceIdx>,
    /// Set for a kratom product name: the form kratom is judged in (`--form`'s spelling).
    pub kratom_form: Option<Form>,
    pub note: Option<String>,
}

/// A name used for more than one substance; resolving it asks which is meant.
#[derive(Debug, Serialize, Deserialize)]
pub struct AmbiguousName {
    pub name: String,
    pub candidates: Vec<SubstanceIdx>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Class {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub parents: Vec<ClassIdx>,
    pub properties: BTreeMap<Property, Fact<Strength>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Substance {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Classes named in the substance's entry.
    pub classes: Vec<ClassIdx>,
    /// Those classes and all their ancestors, nearest first.
    pub ancestry: Vec<ClassIdx>,
    /// Own properties and inherited ones, minus declared exceptions.
    pub properties: BTreeMap<Property, Fact<Strength>>,
    pub substrate_of: BTreeMap<Enzyme, Fact<Sensitivity>>,
    pub inhibits: BTreeMap<Enzyme, Fact<Strength>>,
    pub induces: BTreeMap<Enzyme, Fact<Strength>>,
    pub note: Option<String>,
    pub layer: LayerIdx,
    /// Whether a layer replaced an earlier layer's definition of this id.
    pub replaces_earlier: bool,
    /// Set on the stand-in for a class-level input: a substance with exactly what every member
    /// of the class shares, and no enzyme roles.
    pub stands_for: Option<ClassIdx>,
}

/// Where a substance's fact came from: its own entry or a class it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    Own,
    Class(ClassIdx),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact<L> {
    pub level: L,
    pub origin: Origin,
    pub grade: Option<Grade>,
    pub references: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    /// Its place in [`KnowledgeBase::rules`], and its prose's in [`KnowledgeBase::rule_prose`].
    pub index: RuleIdx,
    pub tier: Tier,
    pub group: Option<String>,
    pub mechanisms: Vec<Mechanism>,
    pub shape: Shape,
    /// Tiers for particular ways of using kratom, first match wins; `tier` otherwise.
    pub context: Vec<ContextAdjustment>,
    pub grade: Grade,
    pub references: Vec<String>,
    /// What the evidence studied: the findings it covers carry its grade, the rest are
    /// extrapolations graded E.
    pub studied: Vec<Studied>,
    /// Inputs and the tier each must give.
    pub examples: Vec<Example>,
    pub layer: LayerIdx,
    /// Whether a layer replaced an earlier layer's definition of this id.
    pub replaces_earlier: bool,
    /// Where the rule is written, for a reader who wants to see or change it.
    pub defined_at: DefinedAt,
}

/// What a rule says, kept apart from the rule: a check tries dozens of rules, and only the
/// report of one that fires reads its words.
#[derive(Debug, Serialize, Deserialize)]
pub struct RuleProse {
    pub title: String,
    pub explanation: String,
    pub advice: Vec<String>,
    /// The evidence's summary.
    pub summary: String,
}

impl Entry for RuleProse {
    type Index = RuleIdx;
}

/// A file and the line in it where a definition starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinedAt {
    /// The file as problems name it (`data/rules/serotonergic.yaml`, or a layer's path).
    pub path: String,
    /// 1-based.
    pub line: u64,
}

/// What a rule is about.
#[derive(Debug, Serialize, Deserialize)]
pub enum Shape {
    /// Two substances, one matching each side.
    Pair(Condition, Condition),
    /// At least `at_least` substances that each match `each`, judged together; every
    /// condition of `requires` must be met by a different one of them.
    Stack {
        each: Condition,
        at_least: usize,
        requires: Vec<Condition>,
    },
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ContextAdjustment {
    /// Dose bands this applies to; any when `None`.
    pub dose: Option<Vec<DoseBand>>,
    pub frequency: Option<Vec<Frequency>>,
    pub tier: Tier,
    pub note: String,
}

impl ContextAdjustment {
    pub fn applies(&self, dose: DoseBand, frequency: Frequency) -> bool {
        self.dose.as_ref().is_none_or(|d| d.contains(&dose))
            && self
                .frequency
                .as_ref()
                .is_none_or(|f| f.contains(&frequency))
    }
}

/// What to watch for and do when a serious finding has a mechanism.
#[derive(Debug, Serialize, Deserialize)]
pub struct RedFlag {
    pub mechanism: Mechanism,
    pub title: String,
    pub watch_for: Vec<String>,
    pub what_to_do: Vec<String>,
}

/// One side of a rule, with ids resolved to indices.
#[derive(Debug, Serialize, Deserialize)]
pub struct Condition {
    pub substance: Option<SubstanceIdx>,
    pub class: Option<ClassIdx>,
    pub property: Option<Property>,
    pub inhibits: Option<EnzymeChoice>,
    pub induces: Option<EnzymeChoice>,
    pub substrate_of: Option<EnzymeChoice>,
    pub min_strength: Strength,
    pub sensitivity: Option<Vec<Sensitivity>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Reference {
    /// First, where [`Keyed`] reads it without decoding the rest.
    pub id: String,
    pub citation: String,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
}

impl Keyed for Reference {
    fn key(&self) -> &str {
        &self.id
    }
}

impl KnowledgeBase {
    pub fn reference(&self, id: &str) -> Option<&Reference> {
        self.reference_index(id).map(|i| &self.references[i])
    }

    /// What `rule` says.
    pub fn prose(&self, rule: &Rule) -> &RuleProse {
        &self.rule_prose[rule.index]
    }

    /// Where the reference with this id sits in `references`.
    pub fn reference_index(&self, id: &str) -> Option<ReferenceIdx> {
        self.references.find_sorted(id)
    }

    /// What a normalised name leads to, if anything.
    pub fn name(&self, key: &str) -> Option<&IndexedName> {
        self.name_slots
            .find(key, self.names.len(), |name| self.names.key_at(name.0))
            .map(|name| &self.names[name])
    }

    /// The id and display name of what a name leads to (an ambiguous name is its own id).
    pub fn target_label(&self, target: NameTarget) -> (&str, &str) {
        match target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => {
                (&self.substances[s].id, &self.substances[s].name)
            }
            NameTarget::Class(c) => (&self.classes[c].id, &self.classes[c].name),
            NameTarget::Product(p) => (&self.products[p].id, &self.products[p].name),
            NameTarget::Ambiguous(a) => {
                let name = &self.ambiguous_names[a].name;
                (name, name)
            }
        }
    }

    /// The substances a name stands for: one substance, a product's ingredients, an ambiguous
    /// name's candidates, or a class's stand-in.
    pub fn ingredients(&self, target: NameTarget) -> Vec<SubstanceIdx> {
        match target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => vec![s],
            NameTarget::Product(p) => self.products[p].ingredients.clone(),
            NameTarget::Class(c) => vec![self.class_stand_in(c)],
            NameTarget::Ambiguous(a) => self.ambiguous_names[a].candidates.clone(),
        }
    }

    /// The substance a class-level input ("benzos") is judged as.
    pub fn class_stand_in(&self, class: ClassIdx) -> SubstanceIdx {
        self.class_stand_ins[class.0]
    }

    /// The substances a person can name, without the stand-ins for classes.
    pub fn named_substances(&self) -> impl Iterator<Item = (SubstanceIdx, &Substance)> {
        self.substances
            .indexed()
            .filter(|(_, s)| s.stands_for.is_none())
    }
}
