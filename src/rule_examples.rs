//! Runs every rule's examples through the check pipeline. A rule carries a few inputs and the
//! tier each must give (`examples` in its YAML), so what a rule is for sits next to its
//! conditions, and a change to the rule, its group or the substances it reaches is checked
//! against it.

use std::fmt;

use crate::check;
use crate::context::{Context, Dose};
use crate::engine::{Assessment, Finding};
use crate::kb::{DefinedAt, Example, KbError, KnowledgeBase, Problem, Rule, SubstanceIdx, Tier};
use crate::worst_case::TooLarge;

/// An example that did not give its tier.
#[derive(Debug)]
pub struct Failure {
    pub rule: String,
    /// Where the rule is written.
    pub defined_at: DefinedAt,
    /// The example's position in the rule's list, from 1.
    pub example: usize,
    pub substances: Vec<String>,
    pub problem: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rule `{}`, example {} ({}): {}",
            self.rule,
            self.example,
            self.substances.join(" + "),
            self.problem
        )
    }
}

/// Every example of every rule that does not give its tier.
pub fn failing_examples(kb: &KnowledgeBase) -> Vec<Failure> {
    let mut failures = Vec::new();
    for rule in kb.rules.iter() {
        for (i, example) in rule.examples.iter().enumerate() {
            if let Some(problem) = run(kb, rule, example) {
                failures.push(Failure {
                    rule: rule.id.clone(),
                    defined_at: rule.defined_at.clone(),
                    example: i + 1,
                    substances: ids(kb, &example.substances),
                    problem,
                });
            }
        }
    }
    failures
}

/// A base whose rules' examples all hold; otherwise each failure as a problem at its rule's
/// line, as `kb validate` reports a layer's problems.
pub fn validated(kb: KnowledgeBase) -> Result<KnowledgeBase, KbError> {
    let failures = failing_examples(&kb);
    if failures.is_empty() {
        return Ok(kb);
    }
    Err(KbError {
        problems: failures
            .iter()
            .map(|failure| Problem {
                file: failure.defined_at.path.clone(),
                line: Some(failure.defined_at.line),
                column: None,
                message: format!("an example does not hold: {failure}"),
                snippet: None,
            })
            .collect(),
        unshown: 0,
    })
}

/// The check an example stands for: its substances (kratom is always checked) in its context,
/// through the pipeline every command runs.
pub fn evaluate<'kb>(
    kb: &'kb KnowledgeBase,
    example: &Example,
) -> Result<Assessment<'kb>, TooLarge> {
    let context = Context {
        dose: example.dose.map(|band| Dose { grams: None, band }),
        form: None,
        frequency: example.frequency,
    };
    Ok(check::check_substances(kb, &example.substances, context)?.assessment)
}

/// Checks the example's substances (kratom is always checked) in its context; what went wrong,
/// if anything.
fn run(kb: &KnowledgeBase, rule: &Rule, example: &Example) -> Option<String> {
    let assessment = match evaluate(kb, example) {
        Ok(assessment) => assessment,
        Err(too_large) => return Some(too_large.to_string()),
    };
    let mut fired = assessment
        .findings
        .iter()
        .map(|f| &**f)
        .filter(|f| f.rule.id == rule.id);
    if example.tier == Tier::None {
        let among_these =
            |f: &&Finding| f.substances.iter().all(|s| example.substances.contains(s));
        return fired.find(among_these).map(|f| {
            format!(
                "must not fire, but gives {} on {}",
                f.tier,
                ids(kb, &f.substances).join(" + ")
            )
        });
    }
    let on_these = |f: &&Finding| {
        f.substances.len() == example.substances.len()
            && example.substances.iter().all(|s| f.substances.contains(s))
    };
    match fired.find(on_these) {
        Some(f) if f.tier == example.tier => None,
        Some(f) => Some(format!("gives {} instead of {}", f.tier, example.tier)),
        None => {
            let taken_by = assessment
                .findings
                .iter()
                .map(|f| &**f)
                .find(|f| on_these(f) && f.rule.group.is_some() && f.rule.group == rule.group);
            Some(match taken_by {
                Some(other) => format!(
                    "does not fire: rule `{}` of the same group takes them first",
                    other.rule.id
                ),
                None => format!("does not fire (expected {})", example.tier),
            })
        }
    }
}

fn ids(kb: &KnowledgeBase, substances: &[SubstanceIdx]) -> Vec<String> {
    substances
        .iter()
        .map(|&s| kb.substances[s].id.clone())
        .collect()
}
