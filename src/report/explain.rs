//! The `--explain` printer: the full detail of every finding (the facts it rests on, the
//! reasoning, advice, evidence and context), with each fact, red flag and reference stated
//! once however many findings share it.

use std::io::{self, Write};

use comfy_table::Cell;

use super::finding::capitalised;
use super::style::{TextStyle, tier_cell};
use super::text::{NOTHING_KNOWN, context_line, opening, red_flag_line, rule_and_place};
use super::{RedFlagEntry, Report};

pub fn print(report: &Report, style: TextStyle, out: &mut dyn Write) -> io::Result<()> {
    for line in opening(report, style) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", style.wrap(&context_line(report)))?;

    let mut cited: Vec<&str> = Vec::new();
    if report.findings.is_empty() {
        writeln!(out, "\n{}", style.wrap(NOTHING_KNOWN))?;
    } else {
        writeln!(out, "\n{}", findings_table(report, style, &mut cited))?;
    }

    // The whole list's burdens, in full: information beside the findings.
    if !report.burden.is_empty() {
        writeln!(out)?;
    }
    let indented = |text: &str| super::style::wrap(text, usize::from(style.width), "  ");
    for burden in &report.burden {
        writeln!(out, "{}", indented(&burden.text))?;
        for reference in &burden.references {
            let doi = reference.doi.map(|doi| format!(" doi: {doi}"));
            let source = format!(
                "  Source: {}{}",
                reference.citation,
                doi.unwrap_or_default()
            );
            writeln!(out, "{}", indented(&source))?;
        }
    }

    let flags = red_flags(report);
    if !flags.is_empty() {
        writeln!(out, "\nRed flags (for the AVOID and MAJOR findings):")?;
        for flag in flags {
            writeln!(out, "{}", style.wrap(&red_flag_line(flag, true)))?;
        }
    }

    if !cited.is_empty() {
        writeln!(out, "\nReferences:")?;
        for (n, id) in cited.iter().enumerate() {
            let reference = report
                .findings
                .iter()
                .flat_map(|f| &f.references)
                .find(|r| r.id == *id)
                .expect("every cited id comes from a finding's references");
            let mut line = format!("[{}] {}", n + 1, reference.citation);
            for (label, value) in [
                ("doi", &reference.doi),
                ("PMID", &reference.pmid),
                ("url", &reference.url),
            ] {
                if let Some(value) = value {
                    line.push_str(&format!(" {label}: {value}"));
                }
            }
            writeln!(out, "{}", style.wrap(&line))?;
        }
    }
    writeln!(out, "\n{}", style.wrap(report.disclaimer))
}

/// The red flags of the report's findings, each once, in the order the findings raise them.
pub(super) fn red_flags<'r>(report: &'r Report) -> Vec<&'r RedFlagEntry<'r>> {
    let mut flags: Vec<&RedFlagEntry> = Vec::new();
    for flag in report.findings.iter().flat_map(|f| &f.red_flags) {
        if !flags.iter().any(|seen| seen.mechanism == flag.mechanism) {
            flags.push(flag);
        }
    }
    flags
}

/// A fact already stated in an earlier row: its claim without the qualifiers, the bracket at its
/// end ("alcohol (ethanol) is a CNS depressant (strong)": "alcohol (ethanol) is a CNS
/// depressant").
fn restated(fact: &str) -> String {
    let mut depth = 0usize;
    let mut claim = fact;
    if fact.ends_with(')') {
        for (i, c) in fact.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                claim = fact[..i].trim_end();
                break;
            }
        }
    }
    format!("{claim} (see above)")
}

fn findings_table<'r>(
    report: &'r Report,
    style: TextStyle,
    cited: &mut Vec<&'r str>,
) -> comfy_table::Table {
    let mut table = style.table();
    table.set_header(vec!["Tier", "Substances", "Finding"]);
    let mut stated: Vec<&str> = Vec::new();
    for finding in &report.findings {
        let mut numbers = Vec::new();
        for reference in &finding.references {
            let n = match cited.iter().position(|id| *id == reference.id) {
                Some(i) => i + 1,
                None => {
                    cited.push(reference.id);
                    cited.len()
                }
            };
            numbers.push(format!("[{n}]"));
        }
        let mut derivation: Vec<String> = Vec::new();
        for fact in &finding.explanation.facts {
            if stated.contains(&fact.as_str()) {
                derivation.push(restated(fact));
            } else {
                derivation.push(fact.clone());
                stated.push(fact);
            }
        }
        let mut text = finding.title.to_string();
        text.push('\n');
        if !derivation.is_empty() {
            text.push_str(&capitalised(&derivation.join("; ")));
            text.push_str(". ");
        }
        text.push_str(finding.explanation.reasoning.trim_start());
        for advice in finding.advice.iter() {
            text.push_str(&format!("\n- {advice}"));
        }
        text.push_str(&format!(
            "\nEvidence {}: {}",
            finding.evidence.grade_with_basis(),
            finding.evidence.summary
        ));
        if !numbers.is_empty() {
            text.push_str(&format!(" {}", numbers.join("")));
        }
        if finding.layer != crate::kb::BUILT_IN_LAYER {
            text.push_str(&format!("\nFrom knowledge-base layer: {}", finding.layer));
        }
        for note in &finding.context_notes {
            if note.applied {
                text.push_str(&format!("\nIn this context: {}", note.note));
            } else {
                text.push_str(&format!(
                    "\nContext: {} (then {}).",
                    note.note.trim_end_matches('.'),
                    note.tier
                ));
            }
        }
        if !finding.red_flags.is_empty() {
            let titles: Vec<&str> = finding.red_flags.iter().map(|f| f.title).collect();
            text.push_str(&format!("\nRed flags (below): {}", titles.join(", ")));
        }
        let mechanisms: Vec<&str> = finding.mechanisms.iter().map(|m| m.as_str()).collect();
        text.push_str(&format!("\nMechanisms: {}", mechanisms.join(", ")));
        text.push_str(&format!("\nRule: {}", rule_and_place(finding)));

        let tier = tier_cell(&finding.tier.as_str().to_uppercase(), finding.tier, style);
        let substances = report.names(&finding.substances);
        table.add_row(vec![
            tier,
            Cell::new(substances.join("\n+ ")),
            Cell::new(text),
        ]);
    }
    table
}
