//! The burden of the whole list as the report shows it: one line per property that several
//! checked substances carry, with its total, and the same as data in JSON. The engine counts
//! ([`crate::engine::burden`]); the words are written here.

use serde::Serialize;

use super::{ReferenceEntry, reference_entry};
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
    /// The burden in a few words, for the glance's one line over every burden.
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

/// A burden in a compact `batch` record: its words and names are the full report's.
#[derive(Debug, Serialize)]
pub struct CompactBurden<'a> {
    property: Property,
    measure: BurdenMeasure,
    total: u32,
    substances: Vec<&'a str>,
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

/// The burdens of what was judged, by id only.
pub fn compact_burdens<'a>(
    kb: &'a KnowledgeBase,
    participants: &[SubstanceIdx],
    context: &Context,
) -> Vec<CompactBurden<'a>> {
    let burdens = burdens(kb, participants, context);
    burdens.iter().map(|b| compact_burden(kb, b)).collect()
}

fn compact_burden<'a>(kb: &'a KnowledgeBase, burden: &Burden) -> CompactBurden<'a> {
    CompactBurden {
        property: burden.property,
        measure: measure(burden.property),
        total: burden.total(),
        substances: burden
            .carriers
            .iter()
            .map(|&(s, _)| kb.substances[s].id.as_str())
            .collect(),
    }
}

fn measure(property: Property) -> BurdenMeasure {
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
    let (text, short) = match burden.property {
        Property::Anticholinergic => {
            let scores: Vec<String> = burden
                .carriers
                .iter()
                .map(|&(s, strength)| format!("{} {}", name(s), acb_score(strength)))
                .collect();
            let scores = scores.join(", ");
            (
                format!(
                    "Whole list: anticholinergic burden {total} on the ACB scale{source}: {scores}."
                ),
                format!("anticholinergic burden {total} on the ACB scale{source}: {scores}"),
            )
        }
        property => {
            let with_levels: Vec<String> = burden
                .carriers
                .iter()
                .map(|&(s, strength)| format!("{} {strength}", name(s)))
                .collect();
            let names: Vec<&str> = burden.carriers.iter().map(|&(s, _)| name(s)).collect();
            (
                format!(
                    "Whole list: {total} {}: {}.",
                    counted_as(property),
                    with_levels.join(", ")
                ),
                format!("{total} {} ({})", short_name(property), names.join(", ")),
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

/// Every burden in one line, for the glance: "Whole list: 3 serotonergic (Kratom, Sertraline,
/// Tramadol); 4 sedating (...)."; none when the list carries no burden.
pub fn glance_line(burdens: &[BurdenEntry]) -> Option<String> {
    if burdens.is_empty() {
        return None;
    }
    let parts: Vec<&str> = burdens.iter().map(|b| b.short.as_str()).collect();
    Some(format!("Whole list: {}.", parts.join("; ")))
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
