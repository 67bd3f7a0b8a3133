//! The pair matrix: every pair's worst tier, kratom included, as data and as a grid.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};
use serde::Serialize;

use super::table::{TableStyle, tier_color};
use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, Tier};

#[derive(Debug, Serialize)]
pub struct Matrix {
    /// Every substance judged, kratom first.
    pub substances: Vec<MatrixSubstance>,
    pub pairs: Vec<Pair>,
    /// The overall tier, stacks of three or more included.
    pub tier: Tier,
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
    pub fn new(kb: &KnowledgeBase, assessment: &Assessment) -> Self {
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
pub fn print(matrix: &Matrix, style: TableStyle, out: &mut dyn Write) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
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
                Some(tier) => {
                    let mut cell = Cell::new(if tier == Tier::None {
                        "none"
                    } else {
                        tier.as_str()
                    });
                    if style.color && tier != Tier::None {
                        cell = cell.fg(tier_color(tier)).add_attribute(Attribute::Bold);
                    } else if style.color {
                        cell = cell.fg(Color::Green);
                    }
                    cell
                }
            };
            cells.push(cell.set_alignment(CellAlignment::Center));
        }
        table.add_row(cells);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "Overall (all substances together): {} - {}",
        matrix.tier.as_str().to_uppercase(),
        matrix.tier.action()
    )?;
    writeln!(
        out,
        "Each cell is the worst tier of that pair alone; `kratom-check` with the same names explains every finding."
    )
}
