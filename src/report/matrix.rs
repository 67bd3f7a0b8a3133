//! The pair matrix: every pair's worst tier, kratom included, as data and as a grid.

use std::collections::HashMap;
use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ContentArrangement};
use serde::Serialize;

use super::style::{TextStyle, paint, tier_cell, tier_line};
use super::text::incomplete_warning;
use super::{
    DISCLAIMER, SubstanceEntry, SubstanceRef, UnresolvedEntry, substance_entries,
    unresolved_entries,
};
use crate::engine::Assessment;
use crate::kb::{KnowledgeBase, SubstanceIdx, Tier};
use crate::resolve::{MatchKind, Resolution};

/// Its JSON is the body of a document (see [`super::Document`]).
#[derive(Debug, Serialize)]
pub struct Matrix<'kb> {
    /// Every substance judged, kratom first.
    pub substances: Vec<SubstanceRef<'kb>>,
    /// Every pair `(i, j)` with `i < j`, row by row: see [`Matrix::pair_position`].
    pub pairs: Vec<Pair<'kb>>,
    /// The overall tier, stacks of three or more included.
    pub tier: Tier,
    /// As in a check's report: false when a name was not recognised, or a class or ambiguous
    /// name answers differently depending on which substance is meant.
    pub complete: bool,
    /// The names that were not recognised and are not in the matrix, as a check reports them.
    pub unresolved: Vec<UnresolvedEntry<'kb>>,
    /// Every name read as a misspelling, as a check's report lists it (`matched: correction`,
    /// what was typed and the name it was taken for).
    pub corrections: Vec<SubstanceEntry<'kb>>,
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
    pub fn new(
        kb: &'kb KnowledgeBase,
        resolution: &'kb Resolution,
        assessment: &Assessment<'kb>,
    ) -> Self {
        let participants = &assessment.participants;
        let substances: Vec<SubstanceRef> = participants
            .iter()
            .map(|&s| SubstanceRef::from(&kb.substances[s]))
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
        let position: HashMap<SubstanceIdx, usize> = participants
            .iter()
            .enumerate()
            .map(|(position, &substance)| (substance, position))
            .collect();
        let mut matrix = Matrix {
            substances,
            pairs,
            tier: assessment.tier,
            complete: assessment.is_complete(resolution),
            unresolved: unresolved_entries(resolution),
            corrections: substance_entries(kb, resolution, assessment)
                .filter(|s| s.matched == MatchKind::Correction)
                .collect(),
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

/// The columns of `matrix --format csv`: one row per pair, in `pairs`' order.
pub const CSV_COLUMNS: [&str; 6] = ["a", "a_name", "b", "b_name", "tier", "rules"];

/// Every pair as a CSV row under a header row; a pair's rules are joined by `;` (no rule id
/// holds one). Names come from the knowledge base, so no cell holds a control character.
pub fn print_csv(matrix: &Matrix, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    let name: HashMap<&str, &str> = matrix.substances.iter().map(|s| (s.id, s.name)).collect();
    for pair in &matrix.pairs {
        let rules = pair.rules.join(";");
        writer.write_record([
            pair.a,
            name[pair.a],
            pair.b,
            name[pair.b],
            pair.tier.as_str(),
            &rules,
        ])?;
    }
    writer.flush()
}

/// Beyond this many substances a grid no longer fits a terminal (each column needs a tier's
/// width) and costs a cell per pair held at once, so the pairs are listed instead.
pub const MAX_GRID_SUBSTANCES: usize = 24;

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
                .map(|u| format!("\"{}\"", crate::safe_text::typed(u.input)))
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
    for correction in &matrix.corrections {
        let note = super::text::correction_note(correction.input.unwrap_or_default(), correction);
        writeln!(out, "{}", style.wrap(&note))?;
    }
    // Beyond a few dozen substances a grid cannot fit and would hold a cell per pair.
    let grid = (matrix.substances.len() <= MAX_GRID_SUBSTANCES).then(|| grid(matrix, style));
    let fits = grid.as_ref().is_some_and(|grid| {
        grid.lines()
            .all(|line| line.chars().count() <= usize::from(style.width))
    });
    if let (true, Some(grid)) = (fits, &grid) {
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
        for column in 0..matrix.substances.len() {
            let cell = match matrix.tier_of(row, column) {
                None => Cell::new("-"),
                Some(tier) => tier_cell(tier.as_str(), tier, style),
            };
            cells.push(cell.set_alignment(CellAlignment::Center));
        }
        table.add_row(cells);
    }
    table.to_string()
}

/// Every pair with a known interaction, most severe first, then how many have none; written
/// as found, so memory does not grow with the output.
fn write_pair_list(matrix: &Matrix, style: TextStyle, out: &mut dyn Write) -> io::Result<()> {
    let n = matrix.substances.len();
    let mut known = 0;
    for &tier in Tier::ALL.iter().rev().filter(|&&t| t != Tier::None) {
        for i in 0..n {
            for j in i + 1..n {
                if matrix.tier_of(i, j) != Some(tier) {
                    continue;
                }
                known += 1;
                let pair = format!(
                    "{} + {}",
                    matrix.substances[i].name, matrix.substances[j].name
                );
                writeln!(out, "{}", tier_line(tier, &pair, style))?;
            }
        }
    }
    let unknown = matrix.pairs.len() - known;
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
