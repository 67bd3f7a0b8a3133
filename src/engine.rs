//! Stage 3: evaluating the rules over every pair of the substances in a check.
//!
//! The engine works on knowledge-base indices and returns findings as data; it knows nothing
//! of terminals or JSON.

use std::fmt;

use crate::kb::{
    Condition, Enzyme, Fact, Grade, KnowledgeBase, Origin, Property, Rule, Sensitivity, Strength,
    Substance, SubstanceIdx, Tier,
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
    findings.sort_by(|a, b| b.rule.tier.cmp(&a.rule.tier));
    let tier = findings
        .first()
        .map_or(Tier::None, |finding| finding.rule.tier);
    Assessment { tier, findings }
}

fn evaluate_pair(kb: &KnowledgeBase, first: SubstanceIdx, second: SubstanceIdx) -> Vec<Finding<'_>> {
    let mut findings: Vec<Finding> = Vec::new();
    for rule in &kb.rules {
        let Some(finding) = match_rule(kb, rule, first, second) else {
            continue;
        };
        let rival = rule.group.as_ref().and_then(|group| {
            findings
                .iter()
                .position(|f| f.rule.group.as_ref() == Some(group))
        });
        match rival {
            Some(i) if outranks(&finding, &findings[i]) => findings[i] = finding,
            Some(_) => {}
            None => findings.push(finding),
        }
    }
    findings
}

/// Within a group, the more severe finding wins; at equal severity, the better evidence.
fn outranks(candidate: &Finding, incumbent: &Finding) -> bool {
    (candidate.rule.tier, std::cmp::Reverse(candidate.grade))
        > (incumbent.rule.tier, std::cmp::Reverse(incumbent.grade))
}

fn match_rule<'kb>(
    kb: &'kb KnowledgeBase,
    rule: &'kb Rule,
    first: SubstanceIdx,
    second: SubstanceIdx,
) -> Option<Finding<'kb>> {
    let oriented = [(first, second), (second, first)];
    let (a, b, mut premises) = oriented.into_iter().find_map(|(a, b)| {
        let mut premises = premises_for(kb, &rule.a, a)?;
        premises.extend(premises_for(kb, &rule.b, b)?);
        Some((a, b, premises))
    })?;
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
    Some(Finding {
        rule,
        substances,
        premises,
        grade,
        references,
    })
}

/// The facts by which `substance` meets `condition`, or `None` when it does not.
fn premises_for<'kb>(
    kb: &'kb KnowledgeBase,
    condition: &Condition,
    substance: SubstanceIdx,
) -> Option<Vec<Premise<'kb>>> {
    let s: &Substance = &kb.substances[substance];
    let premise = |fact| Premise {
        kb,
        substance,
        fact,
    };
    let mut premises = Vec::new();
    if condition.substance.is_some_and(|wanted| wanted != substance) {
        return None;
    }
    if let Some(class) = condition.class {
        if !s.ancestry.contains(&class) {
            return None;
        }
        premises.push(premise(PremiseFact::InClass(class)));
    }
    if let Some(property) = condition.property {
        let fact = s
            .properties
            .get(&property)
            .filter(|f| f.level >= condition.min_strength)?;
        premises.push(premise(PremiseFact::Has(property, fact)));
    }
    if let Some(enzyme) = condition.inhibits {
        let fact = s
            .inhibits
            .get(&enzyme)
            .filter(|f| f.level >= condition.min_strength)?;
        premises.push(premise(PremiseFact::Inhibits(enzyme, fact)));
    }
    if let Some(enzyme) = condition.induces {
        let fact = s
            .induces
            .get(&enzyme)
            .filter(|f| f.level >= condition.min_strength)?;
        premises.push(premise(PremiseFact::Induces(enzyme, fact)));
    }
    if let Some(enzyme) = condition.substrate_of {
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
                return write!(f, "{name} is a {}", kb.classes[*class].name);
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
            qualifiers.push(format!("as a {}", kb.classes[class].name));
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
