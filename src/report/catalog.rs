//! What the discovery commands (`info`, `list`, `search`, `kb stats`) report, and their text
//! printers. Like `Report`, each is plain data that serialises as the JSON form: the body of
//! a [`super::Document`], after the envelope.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{FindingEntry, Report, SubstanceEntry};
use crate::check;
use crate::context::Context;
use crate::engine::Basis;
use crate::kb::{
    Condition, Enzyme, EnzymeChoice, Grade, KnowledgeBase, Mechanism, NameTarget, Origin, Shape,
    Substance, SubstanceIdx, Tier,
};
use crate::resolve::MatchKind;

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Substance,
    Class,
    Product,
    Ambiguous,
}

/// Everything the knowledge base says about one name.
#[derive(Debug, Serialize)]
pub struct Info<'a> {
    pub kind: NameKind,
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub classes: Vec<String>,
    pub properties: Vec<FactEntry>,
    pub substrate_of: Vec<FactEntry>,
    pub inhibits: Vec<FactEntry>,
    pub induces: Vec<FactEntry>,
    /// Ingredients of a product, or candidates of an ambiguous name (ids).
    pub stands_for: Vec<String>,
    pub note: Option<String>,
    /// The outcome of checking this name with kratom.
    pub with_kratom: Option<WithKratom<'a>>,
    /// When the name was a misspelling: how it was read, as a check's report lists it
    /// (`matched: correction`, what was typed and the name it was taken for).
    pub correction: Option<SubstanceEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct FactEntry {
    pub name: String,
    /// The name in words ("CNS depressant", "CYP3A4"), for the text.
    #[serde(skip)]
    pub words: String,
    pub level: String,
    /// The class the fact is inherited from, when it is not the substance's own.
    pub from_class: Option<String>,
    /// That class's name, for the text.
    #[serde(skip)]
    pub from_class_name: Option<String>,
    /// The ids of the references the fact cites (an enzyme role's FDA table, a label).
    pub references: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct WithKratom<'a> {
    pub tier: Tier,
    pub findings: Vec<FindingEntry<'a>>,
}

impl<'a> Info<'a> {
    pub fn new(kb: &KnowledgeBase, target: NameTarget, with_kratom: Option<Report<'a>>) -> Self {
        let mut info = Self::describe(kb, target, with_kratom.as_ref().map(|r| r.tier));
        if let Some(report) = with_kratom {
            info.correction = report
                .substances
                .into_iter()
                .find(|s| s.matched == MatchKind::Correction);
            if let Some(with_kratom) = &mut info.with_kratom {
                with_kratom.findings = report.findings;
            }
        }
        info
    }

    /// What the knowledge base says about `target`; the findings with kratom are filled in
    /// by [`Info::new`].
    fn describe(kb: &KnowledgeBase, target: NameTarget, tier: Option<Tier>) -> Self {
        let with_kratom = tier.map(|tier| WithKratom {
            tier,
            findings: Vec::new(),
        });
        let ids = |substances: &[SubstanceIdx]| -> Vec<String> {
            substances
                .iter()
                .map(|&s| kb.substances[s].id.clone())
                .collect()
        };
        match target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => {
                substance_info(kb, &kb.substances[s], NameKind::Substance, with_kratom)
            }
            NameTarget::Class(c) => {
                let mut info = substance_info(
                    kb,
                    &kb.substances[kb.class_stand_in(c)],
                    NameKind::Class,
                    with_kratom,
                );
                info.id = kb.classes[c].id.clone();
                info.aliases = kb.classes[c].aliases.clone();
                info.classes = kb.classes[c]
                    .parents
                    .iter()
                    .map(|&p| kb.classes[p].id.clone())
                    .collect();
                info
            }
            NameTarget::Product(p) => {
                let product = &kb.products[p];
                Info {
                    kind: NameKind::Product,
                    id: product.id.clone(),
                    name: product.name.clone(),
                    aliases: product.aliases.clone(),
                    stands_for: ids(&product.ingredients),
                    note: product.note.clone(),
                    with_kratom,
                    ..Info::empty()
                }
            }
            NameTarget::Ambiguous(a) => {
                let ambiguous = &kb.ambiguous_names[a];
                Info {
                    kind: NameKind::Ambiguous,
                    // An ambiguous name has no id of its own: it is its own id, as in `search`.
                    id: ambiguous.name.clone(),
                    name: ambiguous.name.clone(),
                    stands_for: ids(&ambiguous.candidates),
                    note: ambiguous.note.clone(),
                    ..Info::empty()
                }
            }
        }
    }

    fn empty() -> Self {
        Info {
            kind: NameKind::Substance,
            id: String::new(),
            name: String::new(),
            aliases: Vec::new(),
            classes: Vec::new(),
            properties: Vec::new(),
            substrate_of: Vec::new(),
            inhibits: Vec::new(),
            induces: Vec::new(),
            stands_for: Vec::new(),
            note: None,
            with_kratom: None,
            correction: None,
        }
    }
}

fn substance_info<'a>(
    kb: &KnowledgeBase,
    substance: &Substance,
    kind: NameKind,
    with_kratom: Option<WithKratom<'a>>,
) -> Info<'a> {
    fn facts<K: std::fmt::Display + super::words::InWords, L: std::fmt::Display>(
        kb: &KnowledgeBase,
        facts: &BTreeMap<K, crate::kb::Fact<L>>,
    ) -> Vec<FactEntry> {
        let class = |origin| match origin {
            Origin::Own => None,
            Origin::Class(c) => Some(&kb.classes[c]),
        };
        facts
            .iter()
            .map(|(key, fact)| FactEntry {
                name: key.to_string(),
                words: key.in_words().to_string(),
                level: fact.level.to_string(),
                from_class: class(fact.origin).map(|c| c.id.clone()),
                from_class_name: class(fact.origin).map(|c| c.name.clone()),
                references: fact.references.clone(),
            })
            .collect()
    }
    Info {
        kind,
        id: substance.id.clone(),
        name: substance.name.clone(),
        aliases: substance.aliases.clone(),
        classes: substance
            .classes
            .iter()
            .map(|&c| kb.classes[c].id.clone())
            .collect(),
        properties: facts(kb, &substance.properties),
        substrate_of: facts(kb, &substance.substrate_of),
        inhibits: facts(kb, &substance.inhibits),
        induces: facts(kb, &substance.induces),
        stands_for: Vec::new(),
        note: substance.note.clone(),
        with_kratom,
        correction: None,
    }
}

/// What `list` prints: the class asked for (its id), if any, and its entries.
#[derive(Debug, Serialize)]
pub struct List {
    pub class: Option<String>,
    pub entries: Vec<ListEntry>,
}

/// What `search` prints: the text searched for and the names that matched it.
#[derive(Debug, Serialize)]
pub struct Search<'t> {
    pub query: &'t str,
    pub matches: Vec<ListEntry>,
}

/// One line of `list` or `search`.
#[derive(Debug, Serialize)]
pub struct ListEntry {
    pub kind: NameKind,
    pub id: String,
    pub name: String,
    /// For `search`: the name that matched, as the knowledge base writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_name: Option<String>,
}

pub fn print_list(entries: &[ListEntry], out: &mut dyn Write) -> io::Result<()> {
    let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
    for entry in entries {
        let kind = match entry.kind {
            NameKind::Substance => "",
            NameKind::Class => " [class]",
            NameKind::Product => " [product]",
            NameKind::Ambiguous => " [ambiguous name]",
        };
        let matched = match &entry.matched_name {
            Some(name) if *name != entry.name => format!(" (matches \"{name}\")"),
            _ => String::new(),
        };
        writeln!(out, "{:<width$}  {}{kind}{matched}", entry.id, entry.name)?;
    }
    Ok(())
}

/// What `kb stats` counts.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// The envelope's `knowledge_base.version` says it in JSON.
    #[serde(skip)]
    pub version: String,
    pub substances: usize,
    pub aliases: usize,
    pub classes: usize,
    pub products: usize,
    pub ambiguous_names: usize,
    /// Distinct normalised names a person can type.
    pub names: usize,
    pub rules: usize,
    pub rules_by_grade: BTreeMap<Grade, usize>,
    pub references: usize,
    pub kratom_pairs: KratomPairs,
    pub enzyme_profiles: EnzymeProfiles,
    /// The mechanism families the rules cover, each with how many rules name it, so that
    /// "none" is read for what it is.
    pub mechanisms_covered: BTreeMap<Mechanism, usize>,
    /// What the base does not judge at all.
    pub not_covered: &'static [&'static str],
}

/// Kinds of harm no rule judges: a check that finds nothing has not looked at these.
pub const NOT_COVERED: &[&str] = &[
    "drug-disease interactions (kidney or liver disease, heart failure, pregnancy, age)",
    "doses and dose limits (a finding applies at any dose of the medicine)",
    "pregnancy and breastfeeding",
    "allergies and intolerances",
    "food interactions other than tyramine with MAO inhibitors",
    "duplicate therapy (two medicines of the same kind) unless a rule names the harm",
];

/// How many substances have enzyme or transporter roles, and how many cite a source for every
/// role (an FDA table, a label or a study), so that an unsourced profile stands out.
#[derive(Debug, Default, Serialize)]
pub struct EnzymeProfiles {
    pub with_roles: usize,
    pub every_role_sourced: usize,
}

impl EnzymeProfiles {
    fn new(kb: &KnowledgeBase) -> Self {
        let mut profiles = EnzymeProfiles::default();
        for (_, substance) in kb.named_substances() {
            let mut sourced = substance
                .substrate_of
                .values()
                .map(|f| !f.references.is_empty())
                .chain(
                    substance
                        .inhibits
                        .values()
                        .chain(substance.induces.values())
                        .map(|f| !f.references.is_empty()),
                )
                .peekable();
            if sourced.peek().is_none() {
                continue;
            }
            profiles.with_roles += 1;
            if sourced.all(|cited| cited) {
                profiles.every_role_sourced += 1;
            }
        }
        profiles
    }
}

/// The findings of kratom with each substance of the base, in the default context: how many
/// rest on evidence that studied the pair, and how many extrapolate a rule beyond it.
#[derive(Debug, Default, Serialize)]
pub struct KratomPairs {
    pub substances: usize,
    pub findings: usize,
    pub studied: usize,
    pub extrapolated: usize,
}

impl KratomPairs {
    fn new(kb: &KnowledgeBase) -> Self {
        let context = Context::default();
        let mut pairs = KratomPairs::default();
        for (substance, _) in kb.named_substances().filter(|&(s, _)| s != kb.kratom) {
            pairs.substances += 1;
            // One substance beside kratom is never too large to check.
            let Ok(checked) = check::check_substances(kb, &[substance], context) else {
                continue;
            };
            for finding in checked.assessment.findings {
                pairs.findings += 1;
                match finding.basis {
                    Basis::Studied(_) => pairs.studied += 1,
                    Basis::Extrapolated => pairs.extrapolated += 1,
                }
            }
        }
        pairs
    }
}

impl Stats {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut rules_by_grade: BTreeMap<Grade, usize> =
            Grade::ALL.iter().map(|&g| (g, 0)).collect();
        let mut mechanisms_covered: BTreeMap<Mechanism, usize> = BTreeMap::new();
        for rule in &kb.rules {
            *rules_by_grade.entry(rule.grade).or_default() += 1;
            let mut mechanisms = rule.mechanisms.clone();
            // A side that names an inhibited enzyme adds that enzyme's tag per finding.
            let sides: Vec<&Condition> = match &rule.shape {
                Shape::Pair(a, b) => vec![a, b],
                Shape::Stack { each, .. } => vec![each],
            };
            for inhibits in sides.iter().filter_map(|c| c.inhibits) {
                match inhibits {
                    EnzymeChoice::Is(enzyme) => mechanisms.push(enzyme.inhibition_mechanism()),
                    EnzymeChoice::Any => {
                        mechanisms.extend(Enzyme::ALL.iter().map(|e| e.inhibition_mechanism()))
                    }
                }
            }
            mechanisms.sort();
            mechanisms.dedup();
            for mechanism in mechanisms {
                *mechanisms_covered.entry(mechanism).or_default() += 1;
            }
        }
        Stats {
            version: kb.version.clone(),
            substances: kb.named_substances().count(),
            aliases: kb.named_substances().map(|(_, s)| s.aliases.len()).sum(),
            classes: kb.classes.len(),
            products: kb.products.len(),
            ambiguous_names: kb.ambiguous_names.len(),
            names: kb.names.len(),
            rules: kb.rules.len(),
            rules_by_grade,
            references: kb.references.len(),
            kratom_pairs: KratomPairs::new(kb),
            enzyme_profiles: EnzymeProfiles::new(kb),
            mechanisms_covered,
            not_covered: NOT_COVERED,
        }
    }
}

pub fn print_stats(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "knowledge base {}", stats.version)?;
    for (label, count) in [
        ("substances", stats.substances),
        ("aliases", stats.aliases),
        ("classes", stats.classes),
        ("products", stats.products),
        ("ambiguous names", stats.ambiguous_names),
        ("names in all", stats.names),
        ("rules", stats.rules),
        ("references", stats.references),
    ] {
        writeln!(out, "  {label:<16}{count:>6}")?;
    }
    writeln!(out, "  rules by evidence grade:")?;
    for (grade, count) in &stats.rules_by_grade {
        writeln!(out, "    {grade}  {count:>4}  {}", grade.meaning())?;
    }
    let pairs = &stats.kratom_pairs;
    writeln!(
        out,
        "  findings of kratom with each of the {} substances: {}",
        pairs.substances, pairs.findings
    )?;
    writeln!(out, "    {:>6}  graded on studied pairs", pairs.studied)?;
    writeln!(out, "    {:>6}  extrapolated (grade E)", pairs.extrapolated)?;
    let profiles = &stats.enzyme_profiles;
    writeln!(
        out,
        "  substances with enzyme or transporter roles: {}, every role sourced: {}",
        profiles.with_roles, profiles.every_role_sourced
    )?;
    writeln!(out, "  mechanisms the rules cover (rules naming each):")?;
    for (mechanism, count) in &stats.mechanisms_covered {
        writeln!(out, "    {count:>4}  {mechanism}")?;
    }
    writeln!(out, "  not covered (\"none\" says nothing about these):")?;
    for item in stats.not_covered {
        writeln!(out, "    - {item}")?;
    }
    Ok(())
}
