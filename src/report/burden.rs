//! The burden of the whole list as the report shows it: one line per property that several
//! checked substances carry, with its total, and the same as data in JSON. The engine counts
//! ([`crate::engine::burden`]); the words are written here.

use std::fmt::Write as _;

use serde::Serialize;

use super::{ReferenceEntry, reference_entry, words};
use crate::context::Context;
use crate::engine::burden::{Burden, acb_score, burdens};
use crate::kb::{KnowledgeBase, Property, Strength, SubstanceIdx};

/// The scale the anticholinergic total is counted on.
const ACB_REFERENCE: &str = "boustani-2008-acb";

/// What a burden's `total` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BurdenMeasure {
    /// The sum of the substances' Anticholinergic Cognitive Burden scores (1 to 3 each).
    AcbScore,
    /// How many substances carry the property.
    Count,
}

#[derive(Debug, Serialize)]
pub struct BurdenEntry<'a> {
    pub property: Property,
    pub measure: BurdenMeasure,
    pub total: u32,
    /// Every checked substance that carries the property, with its strength, in the check's
    /// order.
    pub substances: Vec<BurdenSubstance<'a>>,
    /// The burden in a sentence of its own, with each substance's strength.
    pub text: String,
    /// The burden's total in a few words, for the glance's one line over every burden (which
    /// substances carry it is in `text`, shown by --explain).
    #[serde(skip)]
    pub short: String,
    /// The source of the scale, for the anticholinergic total; empty for a count.
    pub references: Vec<ReferenceEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct BurdenSubstance<'a> {
    pub id: &'a str,
    pub level: Strength,
}

/// The burdens of what was judged, as the full report shows them.
pub fn burden_entries<'a>(
    kb: &'a KnowledgeBase,
    participants: &[SubstanceIdx],
    context: &Context,
) -> Vec<BurdenEntry<'a>> {
    let burdens = burdens(kb, participants, context);
    burdens.iter().map(|b| burden_entry(kb, b)).collect()
}

pub(crate) fn measure(property: Property) -> BurdenMeasure {
    match property {
        Property::Anticholinergic => BurdenMeasure::AcbScore,
        _ => BurdenMeasure::Count,
    }
}

fn burden_entry<'a>(kb: &'a KnowledgeBase, burden: &Burden) -> BurdenEntry<'a> {
    let total = burden.total();
    let name = |s: SubstanceIdx| kb.substances[s].name.as_str();
    let references: Vec<ReferenceEntry> = match burden.property {
        Property::Anticholinergic => kb
            .reference_index(ACB_REFERENCE)
            .map(|i| reference_entry(&kb.references[i]))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    let source = if references.is_empty() {
        ""
    } else {
        " (Boustani 2008)"
    };
    // Each carrier with its score or level ("amitriptyline 3", "alprazolam strong"), written
    // into one string rather than a string each.
    let carriers = |scored: bool| {
        let mut list = String::with_capacity(words::SENTENCE);
        for (i, &(s, strength)) in burden.carriers.iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            let written = if scored {
                write!(list, "{separator}{} {}", name(s), acb_score(strength))
            } else {
                write!(list, "{separator}{} {strength}", name(s))
            };
            written.expect("writing to a String cannot fail");
        }
        list
    };
    let (text, short) = match burden.property {
        Property::Anticholinergic => {
            let scores = carriers(true);
            (
                words::sentence(format_args!(
                    "Whole list: anticholinergic burden {total} on the ACB scale{source}: {scores}."
                )),
                format!("ACB burden {total}"),
            )
        }
        property => {
            let with_levels = carriers(false);
            (
                words::sentence(format_args!(
                    "Whole list: {total} {}: {with_levels}.",
                    counted_as(property),
                )),
                format!("{total} {}", short_name(property)),
            )
        }
    };
    BurdenEntry {
        property: burden.property,
        measure: measure(burden.property),
        total,
        substances: burden
            .carriers
            .iter()
            .map(|&(s, level)| BurdenSubstance {
                id: &kb.substances[s].id,
                level,
            })
            .collect(),
        text,
        short,
        references,
    }
}

/// How many substances must carry a counted property for the glance to state its burden:
/// two are a pair, which the findings already show; from three on, the whole list says more.
const GLANCE_MIN_CARRIERS: usize = 3;

/// The ACB total from which the glance states it: more than one possible anticholinergic
/// scores alone (two weak ones are a pair the findings show).
const GLANCE_MIN_ACB: u32 = 3;

/// Every burden's total in one line that fits a screen's width, for the glance: "Whole list:
/// ACB burden 6, 3 serotonergic, 4 sedating."; none when no burden reaches what the findings
/// do not already say. `--explain` and JSON give every burden, with the substances of each and
/// the ACB scale's source.
pub fn glance_line(burdens: &[BurdenEntry]) -> Option<String> {
    let says_more = |b: &&BurdenEntry| match b.measure {
        BurdenMeasure::AcbScore => b.total >= GLANCE_MIN_ACB,
        BurdenMeasure::Count => b.substances.len() >= GLANCE_MIN_CARRIERS,
    };
    let parts: Vec<&str> = burdens
        .iter()
        .filter(says_more)
        .map(|b| b.short.as_str())
        .collect();
    (!parts.is_empty()).then(|| format!("Whole list: {}.", parts.join(", ")))
}

/// A count's property in a word or two: "3 sedating".
fn short_name(property: Property) -> &'static str {
    match property {
        Property::CnsDepressant => "sedating",
        Property::Serotonergic => "serotonergic",
        Property::QtProlonging => "QT-prolonging",
        other => other.as_str(),
    }
}

/// How a count of substances with the property reads: "3 sedating substances (CNS depressants)".
fn counted_as(property: Property) -> String {
    match property {
        Property::CnsDepressant => "sedating substances (CNS depressants)".to_string(),
        Property::Serotonergic => "serotonergic substances".to_string(),
        Property::QtProlonging => "QT-prolonging substances".to_string(),
        other => format!("substances with the property {other}"),
    }
}
