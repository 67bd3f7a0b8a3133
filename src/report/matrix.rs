//! The pair matrix: every pair's worst tier, kratom included, as data and as a grid.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ContentArrangement};
use serde::Serialize;

use super::DISCLAIMER;
use super::text::{TextStyle, incomplete_warning, paint, tier_cell, wrap};
use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, Tier};
use crate::resolve::Resolution;

#[derive(Debug, Serialize)]
pub struct Matrix {
    /// Every substance judged, kratom first.
    pub substances: Vec<MatrixSubstance>,
    pub pairs: Vec<Pair>,
    /// The overall tier, stacks of three or more included.
    pub tier: Tier,
    /// As in a check's report: false when a name was not recognised, or a class or ambiguous
    /// name answers differently depending on which substance is meant.
    pub complete: bool,
    /// The names that were not recognised and are not in the matrix.
    pub unresolved: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MatrixSubstance {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub tier: Tier,
    /// Ids of the pair rules that fired, most severe first.
    pub rules: Vec<String>,
}

impl Matrix {
    pub fn new(kb: &KnowledgeBase, resolution: &Resolution, assessment: &Assessment) -> Self {
        let participants = &assessment.participants;
        let mut pairs = Vec::new();
        for (i, &a) in participants.iter().enumerate() {
            for &b in &participants[i + 1..] {
                let findings: Vec<_> = assessment
                    .findings
                    .iter()
                    .filter(|f| {
                        f.is_pair() && f.substances.contains(&a) && f.substances.contains(&b)
                    })
                    .collect();
                pairs.push(Pair {
                    a: kb.substances[a].id.clone(),
                    b: kb.substances[b].id.clone(),
                    tier: findings.iter().map(|f| f.tier).max().unwrap_or(Tier::None),
                    rules: findings.iter().map(|f| f.rule.id.clone()).collect(),
                });
            }
        }
        Matrix {
            substances: participants
                .iter()
                .map(|&s| MatrixSubstance {
                    id: kb.substances[s].id.clone(),
                    name: kb.substances[s].name.clone(),
                })
                .collect(),
            pairs,
            tier: assessment.tier,
            complete: resolution.is_complete(),
            unresolved: resolution
                .unresolved
                .iter()
                .map(|u| u.input.clone())
                .collect(),
        }
    }

    fn tier_of(&self, a: &str, b: &str) -> Option<Tier> {
        self.pairs
            .iter()
            .find(|p| (p.a == a && p.b == b) || (p.a == b && p.b == a))
            .map(|p| p.tier)
    }
}

/// A grid with numbered rows and columns; tiers are written out, so it reads without colour.
/// A grid wider than the width would break words, so then every pair is listed instead, most
/// severe first.
pub fn print(matrix: &Matrix, style: TextStyle, out: &mut dyn Write) -> io::Result<()> {
    if !matrix.complete {
        // As in a check: an incomplete matrix says so before anything that could look safe.
        let warning = incomplete_warning(!matrix.unresolved.is_empty());
        writeln!(
            out,
            "{}",
            paint(warning, matrix.tier.max(Tier::Moderate), style)
        )?;
        if !matrix.unresolved.is_empty() {
            let names: Vec<String> = matrix
                .unresolved
                .iter()
                .map(|name| format!("\"{}\"", name.escape_default()))
                .collect();
            writeln!(
                out,
                "{}",
                style.wrap(&format!(
                    "Not recognised, NOT in the matrix: {}.",
                    names.join(", ")
                ))
            )?;
        }
    }
    let grid = grid(matrix, style);
    let fits = grid
        .lines()
        .all(|line| line.chars().count() <= usize::from(style.width));
    if fits {
        writeln!(out, "{grid}")?;
    } else {
        write_pair_list(matrix, style, out)?;
    }
    writeln!(
        out,
        "{}",
        style.wrap(&match (matrix.complete, matrix.tier) {
            (true, tier) => format!(
                "Overall (all substances together): {} - {}",
                tier.as_str().to_uppercase(),
                tier.action()
            ),
            // Never NONE on an incomplete check.
            (false, Tier::None) => format!("For what was checked: {}", Tier::None.action()),
            (false, tier) => format!(
                "For what was checked (all together): {} - {}",
                tier.as_str().to_uppercase(),
                tier.action()
            ),
        })
    )?;
    let what = if fits { "Each cell" } else { "Each line" };
    writeln!(
        out,
        "{}",
        style.wrap(&format!(
            "{what} is the worst tier of that pair alone; `kratom-check` with the same names \
             explains every finding."
        ))
    )?;
    writeln!(out, "\n{}", style.wrap(DISCLAIMER))
}

/// The grid at its natural width: no cell is wrapped.
fn grid(matrix: &Matrix, style: TextStyle) -> String {
    let mut table = style.table();
    table.set_content_arrangement(ContentArrangement::Disabled);
    let mut header = vec![Cell::new("")];
    header.extend(
        (1..=matrix.substances.len()).map(|n| Cell::new(n).set_alignment(CellAlignment::Center)),
    );
    table.set_header(header);
    for (row, a) in matrix.substances.iter().enumerate() {
        let mut cells = vec![Cell::new(format!("{} {}", row + 1, a.name))];
        for b in &matrix.substances {
            let cell = match matrix.tier_of(&a.id, &b.id) {
                None => Cell::new("-"),
                Some(tier) => tier_cell(tier.as_str(), tier, style),
            };
            cells.push(cell.set_alignment(CellAlignment::Center));
        }
        table.add_row(cells);
    }
    table.to_string()
}

/// Every pair with a known interaction, most severe first, then how many have none.
fn write_pair_list(matrix: &Matrix, style: TextStyle, out: &mut dyn Write) -> io::Result<()> {
    let name = |id: &str| {
        matrix
            .substances
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let mut pairs: Vec<&Pair> = matrix
        .pairs
        .iter()
        .filter(|p| p.tier > Tier::None)
        .collect();
    pairs.sort_by_key(|p| std::cmp::Reverse(p.tier));
    for pair in &pairs {
        let tier = pair.tier.as_str().to_uppercase();
        let line = format!("{tier:<10}{} + {}", name(&pair.a), name(&pair.b));
        let line = wrap(&line, usize::from(style.width), "          ");
        writeln!(
            out,
            "{}{}",
            paint(&tier, pair.tier, style),
            &line[tier.len()..]
        )?;
    }
    let unknown = matrix.pairs.len() - pairs.len();
    if unknown > 0 {
        writeln!(
            out,
            "{}",
            style.wrap(&format!(
                "No known interaction for the other {unknown} pairs (not proof of safety)."
            ))
        )?;
    }
    Ok(())
}
