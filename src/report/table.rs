//! The table printer, for a person at a terminal: the overall tier and what it asks, one row
//! per finding, numbered references, what was not recognised, and the disclaimer.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table};

use super::{Report, UnresolvedEntry, WorstCaseEntry};
use crate::kb::Tier;
use crate::resolve::MatchKind;
use crate::safe_text::typed as clean;

/// How the table is drawn: decided by the caller from `--color`, `NO_COLOR` and the terminal.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    pub color: bool,
    pub width: u16,
}

pub fn print(report: &Report, style: TableStyle, out: &mut dyn Write) -> io::Result<()> {
    let width = usize::from(style.width);
    writeln!(
        out,
        "{}",
        wrap(&format!("Checked: {}", checked_line(report)), width)
    )?;
    let headline = format!(
        "Overall: {} - {}",
        report.tier.as_str().to_uppercase(),
        report.tier.action()
    );
    let headline = wrap(&headline, width);
    if style.color {
        writeln!(out, "{}", paint(&headline, report.tier))?;
    } else {
        writeln!(out, "{headline}")?;
    }
    writeln!(out, "{}", wrap(&context_line(report), width))?;
    if let Some(layers) = report.knowledge_base.layers_line() {
        writeln!(out, "{}", wrap(&layers, width))?;
    }
    for note in resolution_notes(report) {
        writeln!(out, "{}", wrap(&note, width))?;
    }
    if !report.unresolved.is_empty() {
        let note = "Incomplete: some inputs were not recognised and were not checked (see below).";
        writeln!(out, "{}", wrap(note, width))?;
    }

    let mut cited: Vec<&str> = Vec::new();
    if report.findings.is_empty() {
        let message = "No interaction is known in the knowledge base for what was checked. \
                       This is not proof that the combination is safe.";
        writeln!(out, "\n{}", wrap(message, width))?;
    } else {
        writeln!(out)?;
        writeln!(out, "{}", findings_table(report, style, &mut cited))?;
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
            writeln!(out, "{}", wrap(&line, width))?;
        }
    }

    for unresolved in &report.unresolved {
        writeln!(out, "\n{}", wrap(&unresolved_line(unresolved), width))?;
    }
    writeln!(out, "\n{}", wrap(report.disclaimer, width))
}

/// Breaks prose at spaces so no line is wider than `width`; a word longer than the width
/// (a URL) stands on a line of its own.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

fn checked_line(report: &Report) -> String {
    report
        .substances
        .iter()
        .map(|s| match (&s.input, s.matched) {
            (Some(input), MatchKind::Alias) => format!("{} (from \"{}\")", s.name, clean(input)),
            (Some(_), MatchKind::Class | MatchKind::Ambiguous) => match &s.worst_case {
                Some(worst_case) => format!("{} (at worst {})", worst_case.name, s.name),
                None => format!("any {}", s.name),
            },
            _ => s.name.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The context the check was rated in.
fn context_line(report: &Report) -> String {
    let context = &report.context;
    let mut given: Vec<String> = Vec::new();
    if let Some(dose) = &context.dose {
        given.push(dose.to_string());
    }
    if let Some(form) = context.form {
        given.push(format!("{} form", form.as_str()));
    }
    if let Some(frequency) = context.frequency {
        given.push(format!("{frequency} use"));
    }
    let mut line = format!(
        "Context: {}",
        if given.is_empty() {
            "none given".to_string()
        } else {
            given.join(", ")
        }
    );
    if !context.assumed.is_empty() {
        line.push_str(&format!(" ({})", context.assumed.join("; ")));
    }
    line
}

/// How inputs were understood when that was not a plain name: corrections, products and
/// classes are said out loud.
fn resolution_notes(report: &Report) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for s in &report.substances {
        let Some(input) = &s.input else { continue };
        let note = match s.matched {
            MatchKind::Correction => {
                let matched = s.matched_name.unwrap_or(s.name);
                let also = if crate::names::key(matched) == crate::names::key(s.name) {
                    String::new()
                } else {
                    format!(" ({matched})")
                };
                format!(
                    "Note: interpreting \"{}\" as {}{also}. If you meant something else, check the spelling (--strict turns corrections off).",
                    clean(input),
                    s.name
                )
            }
            MatchKind::Product
                if s.input.is_some() && report.context.form.is_some() && s.id == "kratom" =>
            {
                format!(
                    "Note: \"{}\" is {}; kratom is judged in that form (as with --form {}).",
                    clean(input),
                    s.product.unwrap_or(s.name),
                    report.context.form.map_or("", |f| f.as_str())
                )
            }
            MatchKind::Product => {
                let product = s.product.unwrap_or(s.name);
                let ingredients: Vec<&str> = report
                    .substances
                    .iter()
                    .filter(|other| other.input == s.input && other.product == s.product)
                    .map(|other| other.name)
                    .collect();
                format!(
                    "Note: \"{}\" is a combination product, {product}; each ingredient is checked: {}.",
                    clean(input),
                    ingredients.join(", ")
                )
            }
            MatchKind::Class | MatchKind::Ambiguous => match &s.worst_case {
                Some(worst_case) => worst_case_note(input, s.name, worst_case),
                None => format!(
                    "Note: \"{}\" is a class; it is checked as any {}, by what every member shares. Name the specific medicine for enzyme interactions.",
                    clean(input),
                    s.name
                ),
            },
            _ if s.set_aside.is_some() => String::new(),
            _ => continue,
        };
        let note = match s.set_aside {
            Some(set_aside) if note.is_empty() => format!(
                "Note: read \"{}\" as {} (set aside: {}).",
                clean(input),
                s.name,
                clean(set_aside)
            ),
            Some(set_aside) => format!("{note} Set aside: {}.", clean(set_aside)),
            None => note,
        };
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    notes
}

/// How a class or ambiguous name was judged: at its most severe candidate, with the range.
fn worst_case_note(input: &str, judged_as: &str, worst_case: &WorstCaseEntry) -> String {
    const NAMED: usize = 4;
    let what = if worst_case.of == MatchKind::Class {
        format!("is a class ({})", worst_case.name)
    } else {
        let candidates: Vec<&str> = worst_case.candidates.iter().map(|c| c.name).collect();
        format!("may mean {}", candidates.join(" or "))
    };
    let mut note = format!(
        "Note: \"{}\" {what}. Rated as the most dangerous {}, {judged_as} ({})",
        clean(input),
        if worst_case.of == MatchKind::Class {
            "member"
        } else {
            "candidate"
        },
        worst_case.most
    );
    if worst_case.least == worst_case.most {
        note.push_str(&format!(
            "; every {} gives the same answer.",
            if worst_case.of == MatchKind::Class {
                "member"
            } else {
                "candidate"
            }
        ));
        return note;
    }
    let also: Vec<&str> = worst_case
        .candidates
        .iter()
        .filter(|c| c.tier == worst_case.most && c.name != judged_as)
        .map(|c| c.name)
        .collect();
    if !also.is_empty() {
        let more = also.len().saturating_sub(NAMED);
        note.push_str(&format!(
            "; also {}: {}",
            worst_case.most,
            also[..also.len().min(NAMED)].join(", ")
        ));
        if more > 0 {
            note.push_str(&format!(" and {more} more"));
        }
    }
    note.push_str(&format!(
        ". Answers range from {} to {}: name the one you mean for a precise answer (incomplete until then).",
        worst_case.least, worst_case.most
    ));
    note
}

fn findings_table<'r>(report: &'r Report, style: TableStyle, cited: &mut Vec<&'r str>) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec!["Tier", "Substances", "Finding"]);
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let name_of = |id: &str| {
        report
            .substances
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.to_string())
    };
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
        let mut text = format!("{}\n{}", finding.title, finding.explanation);
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
        for flag in &finding.red_flags {
            text.push_str(&format!(
                "\n! {}: watch for {}.\n! What to do: {}",
                flag.title,
                flag.watch_for.join("; "),
                flag.what_to_do.join(" ")
            ));
        }
        let mechanisms: Vec<&str> = finding.mechanisms.iter().map(|m| m.as_str()).collect();
        text.push_str(&format!("\nMechanisms: {}", mechanisms.join(", ")));

        let mut tier = Cell::new(finding.tier.as_str().to_uppercase());
        if style.color {
            tier = tier
                .fg(tier_color(finding.tier))
                .add_attribute(Attribute::Bold);
        }
        let substances: Vec<String> = finding.substances.iter().map(|id| name_of(id)).collect();
        table.add_row(vec![
            tier,
            Cell::new(substances.join("\n+ ")),
            Cell::new(text),
        ]);
    }
    table
}

fn unresolved_line(unresolved: &UnresolvedEntry) -> String {
    let mut line = format!(
        "Not recognised: \"{}\" was NOT checked. An unrecognised substance is not a safe one.",
        clean(unresolved.input)
    );
    if !unresolved.suggestions.is_empty() {
        line.push_str(&format!(
            " Did you mean: {}?",
            unresolved.suggestions.join(", ")
        ));
    }
    line
}

pub(super) fn tier_color(tier: Tier) -> Color {
    match tier {
        Tier::Avoid => Color::Magenta,
        Tier::Major => Color::Red,
        Tier::Moderate => Color::Yellow,
        Tier::Minor => Color::Cyan,
        Tier::None => Color::Green,
    }
}

fn paint(text: &str, tier: Tier) -> String {
    let code = match tier {
        Tier::Avoid => "1;35",
        Tier::Major => "1;31",
        Tier::Moderate => "1;33",
        Tier::Minor => "1;36",
        Tier::None => "1;32",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}
