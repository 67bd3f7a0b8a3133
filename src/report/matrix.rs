//! The pair matrix: every pair's worst tier, kratom included, as data and as a grid.

use std::collections::HashMap;
use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};
use serde::Serialize;

use super::table::{TableStyle, tier_color};
use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, Tier};

#[derive(Debug, Serialize)]
pub struct Matrix<'kb> {
    /// Every substance judged, kratom first.
    pub substances: Vec<MatrixSubstance<'kb>>,
    /// Every pair `(i, j)` with `i < j`, row by row: see [`Matrix::pair_position`].
    pub pairs: Vec<Pair<'kb>>,
    /// The overall tier, stacks of three or more included.
    pub tier: Tier,
}

#[derive(Debug, Serialize)]
pub struct MatrixSubstance<'kb> {
    pub id: &'kb str,
    pub name: &'kb str,
}

#[derive(Debug, Serialize)]
pub struct Pair<'kb> {
    pub a: &'kb str,
    pub b: &'kb str,
    pub tier: Tier,
    /// Ids of the pair rules that fired, most severe first.
    pub rules: Vec<&'kb str>,
}

impl<'kb> Matrix<'kb> {
    /// Lays out every pair once, then files each pair finding under its pair: the cost is the
    /// output's size plus the findings', never pairs times findings.
    pub fn new(kb: &'kb KnowledgeBase, assessment: &Assessment<'kb>) -> Self {
        let participants = &assessment.participants;
        let substances: Vec<MatrixSubstance> = participants
            .iter()
            .map(|&s| MatrixSubstance {
                id: &kb.substances[s].id,
                name: &kb.substances[s].name,
            })
            .collect();
        let mut pairs = Vec::with_capacity(participants.len() * participants.len() / 2);
        for (i, a) in substances.iter().enumerate() {
            for b in &substances[i + 1..] {
                pairs.push(Pair {
                    a: a.id,
                    b: b.id,
                    tier: Tier::None,
                    rules: Vec::new(),
                });
            }
        }
        let position: HashMap<usize, usize> = participants
            .iter()
            .enumerate()
            .map(|(position, &substance)| (substance, position))
            .collect();
        let mut matrix = Matrix {
            substances,
            pairs,
            tier: assessment.tier,
        };
        for finding in assessment.findings.iter().filter(|f| f.is_pair()) {
            let [a, b] = finding.substances[..] else {
                continue;
            };
            let (Some(&a), Some(&b)) = (position.get(&a), position.get(&b)) else {
                continue;
            };
            let Some(slot) = matrix.pair_position(a, b) else {
                continue;
            };
            let pair = &mut matrix.pairs[slot];
            pair.tier = pair.tier.max(finding.tier);
            pair.rules.push(&finding.rule.id);
        }
        matrix
    }

    /// Where the pair of the substances at positions `a` and `b` lies in `pairs`: row `i`
    /// holds the pairs `(i, j)` for every `j > i`. None for a substance with itself.
    fn pair_position(&self, a: usize, b: usize) -> Option<usize> {
        let (i, j) = (a.min(b), a.max(b));
        let n = self.substances.len();
        (i != j).then(|| i * n - i * (i + 1) / 2 + (j - i - 1))
    }

    fn tier_of(&self, a: usize, b: usize) -> Option<Tier> {
        self.pair_position(a, b).map(|slot| self.pairs[slot].tier)
    }
}

/// Beyond this many substances a grid no longer fits a terminal (each column needs a tier's
/// width) and costs a cell per pair held at once, so the pairs are listed instead.
pub const MAX_GRID_SUBSTANCES: usize = 24;

/// A grid for a few substances, a list of the pairs with a risk for more; either way the
/// overall tier follows.
pub fn print(matrix: &Matrix, style: TableStyle, out: &mut dyn Write) -> io::Result<()> {
    if matrix.substances.len() <= MAX_GRID_SUBSTANCES {
        print_grid(matrix, style, out)?;
    } else {
        print_pair_list(matrix, out)?;
    }
    writeln!(
        out,
        "Overall (all substances together): {} - {}",
        matrix.tier.as_str().to_uppercase(),
        matrix.tier.action()
    )?;
    writeln!(
        out,
        "Each pair's tier is for that pair alone; `kratom-check` with the same names explains every finding."
    )
}

/// Every pair with a tier above none, most severe first, written as it is found so memory does
/// not grow with the output.
fn print_pair_list(matrix: &Matrix, out: &mut dyn Write) -> io::Result<()> {
    let n = matrix.substances.len();
    writeln!(
        out,
        "{n} substances: too many for a grid, so the pairs with a risk are listed; every other pair is none."
    )?;
    for &tier in Tier::ALL.iter().rev().filter(|&&t| t != Tier::None) {
        for (i, a) in matrix.substances.iter().enumerate() {
            for (j, b) in matrix.substances.iter().enumerate().skip(i + 1) {
                if matrix.tier_of(i, j) == Some(tier) {
                    writeln!(
                        out,
                        "{}: {} + {}",
                        tier.as_str().to_uppercase(),
                        a.name,
                        b.name
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// A grid with numbered rows and columns; tiers are written out, so it reads without colour.
fn print_grid(matrix: &Matrix, style: TableStyle, out: &mut dyn Write) -> io::Result<()> {
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
        for column in 0..matrix.substances.len() {
            let cell = match matrix.tier_of(row, column) {
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
    writeln!(out, "{table}")
}
