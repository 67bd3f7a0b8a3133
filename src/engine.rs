//! Stage 3: evaluating the rules over every pair of the substances in a check.
//!
//! The engine works on knowledge-base indices and returns findings as data; it knows nothing
//! of terminals or JSON.

use std::fmt;

use crate::kb::{
    Condition, Enzyme, EnzymeChoice, Fact, Grade, KnowledgeBase, Mechanism, Origin, Property, Rule,
    Sensitivity, Strength, Substance, SubstanceIdx, Tier,
};

/// The outcome of evaluating a set of substances.
#[derive(Debug)]
pub struct Assessment<'kb> {
    /// The most severe finding's tier, or `Tier::None` when nothing fired.
    pub tier: Tier,
    /// Most severe first.
    pub findings: Vec<Finding<'kb>>,
}

#[derive(Debug)]
pub struct Finding<'kb> {
    pub rule: &'kb Rule,
    /// The two substances, kratom first when it is one of them, otherwise in query order.
    pub substances: [SubstanceIdx; 2],
    /// The facts that made the rule fire, one per condition that needed one.
    pub premises: Vec<Premise<'kb>>,
    /// The weaker of the rule's grade and the grades of its premises: a conclusion is only as
    /// good as what it stands on.
    pub grade: Grade,
    /// The rule's references, then those of its premises, each once.
    pub references: Vec<&'kb str>,
    /// The rule's mechanism tags, plus the inhibition tag of each enzyme a premise inhibits.
    pub mechanisms: Vec<Mechanism>,
}

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

/// Evaluates every pair among `participants` (kratom included by the caller) against every
/// rule. Duplicates in `participants` are ignored.
pub fn evaluate<'kb>(kb: &'kb KnowledgeBase, participants: &[SubstanceIdx]) -> Assessment<'kb> {
    let mut unique: Vec<SubstanceIdx> = Vec::with_capacity(participants.len());
    for &p in participants {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    let mut findings = Vec::new();
    for (i, &first) in unique.iter().enumerate() {
        for &second in &unique[i + 1..] {
            findings.extend(evaluate_pair(kb, first, second));
        }
    }
    // Stable: equal tiers keep pair order (kratom's pairs first) and rule order.
    findings.sort_by_key(|f| std::cmp::Reverse(f.rule.tier));
    let tier = findings
        .first()
        .map_or(Tier::None, |finding| finding.rule.tier);
    Assessment { tier, findings }
}

fn evaluate_pair(
    kb: &KnowledgeBase,
    first: SubstanceIdx,
    second: SubstanceIdx,
) -> Vec<Finding<'_>> {
    let mut findings: Vec<Finding> = Vec::new();
    for rule in &kb.rules {
        // Within a group the first declared rule that fires wins, so maintainers write the
        // specific or escalated rule before the general one.
        let taken = rule.group.as_ref().is_some_and(|group| {
            findings
                .iter()
                .any(|f| f.rule.group.as_ref() == Some(group))
        });
        if !taken {
            findings.extend(match_rule(kb, rule, first, second));
        }
    }
    findings
}

fn match_rule<'kb>(
    kb: &'kb KnowledgeBase,
    rule: &'kb Rule,
    first: SubstanceIdx,
    second: SubstanceIdx,
) -> Option<Finding<'kb>> {
    let bindings: Vec<Option<Enzyme>> = if rule.binds_enzyme() {
        Enzyme::ALL.iter().copied().map(Some).collect()
    } else {
        vec![None]
    };
    // Orientation is fixed by the first enzyme that matches; further enzymes that match the
    // same way add their premises (an inhibitor of both CYP3A4 and P-gp meets a substrate of
    // both).
    let mut matched: Option<(SubstanceIdx, SubstanceIdx, Vec<Premise>)> = None;
    for binding in bindings {
        let orientations = match &matched {
            Some((a, b, _)) => vec![(*a, *b)],
            None => vec![(first, second), (second, first)],
        };
        let found = orientations.into_iter().find_map(|(a, b)| {
            let mut premises = premises_for(kb, &rule.a, a, binding)?;
            premises.extend(premises_for(kb, &rule.b, b, binding)?);
            Some((a, b, premises))
        });
        match (&mut matched, found) {
            (Some((_, _, premises)), Some((_, _, more))) => premises.extend(more),
            (None, Some(found)) => matched = Some(found),
            (_, None) => {}
        }
    }
    let (a, b, all_premises) = matched?;
    let mut premises: Vec<Premise> = Vec::with_capacity(all_premises.len());
    for premise in all_premises {
        if !premises
            .iter()
            .any(|p| p.substance == premise.substance && p.describes_same(&premise))
        {
            premises.push(premise);
        }
    }

    // Present the premises in the same order as the finding's substances.
    let substances = if b == kb.kratom || (a != kb.kratom && b == first) {
        [b, a]
    } else {
        [a, b]
    };
    premises.sort_by_key(|p| usize::from(p.substance != substances[0]));

    let grade = premises
        .iter()
        .filter_map(|p| p.grade())
        .fold(rule.grade, Ord::max);
    let mut references: Vec<&str> = Vec::new();
    let cited = rule
        .references
        .iter()
        .chain(premises.iter().flat_map(|p| p.references()));
    for reference in cited {
        if !references.contains(&reference.as_str()) {
            references.push(reference);
        }
    }
    let mut mechanisms = rule.mechanisms.clone();
    for premise in &premises {
        if let PremiseFact::Inhibits(enzyme, _) = premise.fact {
            let tag = enzyme.inhibition_mechanism();
            if !mechanisms.contains(&tag) {
                mechanisms.push(tag);
            }
        }
    }
    Some(Finding {
        rule,
        substances,
        premises,
        grade,
        references,
        mechanisms,
    })
}

/// The enzyme a selector names, given the enzyme bound for `any`.
fn chosen(choice: Option<EnzymeChoice>, binding: Option<Enzyme>) -> Option<Option<Enzyme>> {
    choice.map(|c| match c {
        EnzymeChoice::Is(enzyme) => Some(enzyme),
        EnzymeChoice::Any => binding,
    })
}

/// The facts by which `substance` meets `condition`, or `None` when it does not.
fn premises_for<'kb>(
    kb: &'kb KnowledgeBase,
    condition: &Condition,
    substance: SubstanceIdx,
    binding: Option<Enzyme>,
) -> Option<Vec<Premise<'kb>>> {
    let s: &Substance = &kb.substances[substance];
    let premise = |fact| Premise {
        kb,
        substance,
        fact,
    };
    let mut premises = Vec::new();
    if condition
        .substance
        .is_some_and(|wanted| wanted != substance)
    {
        return None;
    }
    if let Some(class) = condition.class {
        if !s.ancestry.contains(&class) {
            return None;
        }
        premises.push(premise(PremiseFact::InClass(class)));
    }
    let strong_enough = |f: &&Fact<Strength>| f.level >= condition.min_strength;
    if let Some(property) = condition.property {
        let fact = s.properties.get(&property).filter(strong_enough)?;
        premises.push(premise(PremiseFact::Has(property, fact)));
    }
    if let Some(enzyme) = chosen(condition.inhibits, binding) {
        let enzyme = enzyme?;
        let fact = s.inhibits.get(&enzyme).filter(strong_enough)?;
        premises.push(premise(PremiseFact::Inhibits(enzyme, fact)));
    }
    if let Some(enzyme) = chosen(condition.induces, binding) {
        let enzyme = enzyme?;
        let fact = s.induces.get(&enzyme).filter(strong_enough)?;
        premises.push(premise(PremiseFact::Induces(enzyme, fact)));
    }
    if let Some(enzyme) = chosen(condition.substrate_of, binding) {
        let enzyme = enzyme?;
        let fact = s.substrate_of.get(&enzyme).filter(|f| {
            condition
                .sensitivity
                .as_ref()
                .is_none_or(|kinds| kinds.contains(&f.level))
        })?;
        premises.push(premise(PremiseFact::SubstrateOf(enzyme, fact)));
    }
    Some(premises)
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
    fn describes_same(&self, other: &Premise) -> bool {
        match (&self.fact, &other.fact) {
            (PremiseFact::InClass(x), PremiseFact::InClass(y)) => x == y,
            (PremiseFact::Has(x, _), PremiseFact::Has(y, _)) => x == y,
            (PremiseFact::Inhibits(x, _), PremiseFact::Inhibits(y, _))
            | (PremiseFact::Induces(x, _), PremiseFact::Induces(y, _))
            | (PremiseFact::SubstrateOf(x, _), PremiseFact::SubstrateOf(y, _)) => x == y,
            _ => false,
        }
    }

    pub fn grade(&self) -> Option<Grade> {
        self.parts().0
    }

    pub fn references(&self) -> &'kb [String] {
        self.parts().1
    }
}

/// The premise as a sentence: "sertraline is serotonergic (strong; as an SSRI)".
impl fmt::Display for Premise<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kb = self.kb;
        let name = kb.substances[self.substance].name.to_lowercase();
        let mut qualifiers: Vec<String> = Vec::new();
        match &self.fact {
            PremiseFact::InClass(class) => {
                let class = &kb.classes[*class].name;
                return write!(f, "{name} is {} {class}", article(class));
            }
            PremiseFact::Has(property, fact) => {
                write!(f, "{name} is {}", property.phrase())?;
                qualifiers.push(fact.level.to_string());
            }
            PremiseFact::Inhibits(enzyme, fact) => {
                write!(f, "{name} inhibits {}", enzyme.label())?;
                qualifiers.push(fact.level.to_string());
            }
            PremiseFact::Induces(enzyme, fact) => {
                write!(f, "{name} induces {}", enzyme.label())?;
                qualifiers.push(fact.level.to_string());
            }
            PremiseFact::SubstrateOf(enzyme, fact) => match fact.level {
                Sensitivity::Prodrug => write!(f, "{name} is activated by {}", enzyme.label())?,
                level => write!(f, "{name} is a {level} substrate of {}", enzyme.label())?,
            },
        }
        let (grade, _, note, origin) = self.parts();
        if let Origin::Class(class) = origin {
            let class = &kb.classes[class].name;
            qualifiers.push(format!("as {} {class}", article(class)));
        }
        if let Some(grade) = grade {
            qualifiers.push(format!("evidence {grade}"));
        }
        if let Some(note) = note {
            qualifiers.push(note.trim_end_matches('.').to_string());
        }
        if qualifiers.is_empty() {
            Ok(())
        } else {
            write!(f, " ({})", qualifiers.join("; "))
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
