//! `info NAME`'s text: what the knowledge base knows of a name, in words, wrapped to the width.

use std::io::{self, Write};

use super::catalog::{FactEntry, Info, NameKind};
use super::style::wrap;
use super::text::{correction_note, rule_and_place};
use super::words::article;

/// The labels' column: the longest label ("substrate of:") and a space.
const LABEL_WIDTH: usize = 14;

pub fn print_info(info: &Info, width: u16, out: &mut dyn Write) -> io::Result<()> {
    let width = usize::from(width);
    let kind = match info.kind {
        NameKind::Substance => "substance",
        NameKind::Class => "class",
        NameKind::Product => "combination product",
        NameKind::Ambiguous => "ambiguous name",
    };
    let id = match info.kind {
        NameKind::Ambiguous => "",
        _ => &info.id,
    };
    if let Some(correction) = &info.correction {
        let note = correction_note(correction.input.unwrap_or_default(), correction);
        writeln!(out, "{}", wrap(&note, width, ""))?;
    }
    let heading = format!("{} ({kind}{})", info.name, id_suffix(id));
    writeln!(out, "{}", wrap(&heading, width, "  "))?;
    let hanging = " ".repeat(2 + LABEL_WIDTH);
    let line = |label: &str, items: &[String]| -> Option<String> {
        (!items.is_empty()).then(|| {
            wrap(
                &format!("  {label:<LABEL_WIDTH$}{}", items.join(", ")),
                width,
                &hanging,
            )
        })
    };
    let stands_for_label = match info.kind {
        NameKind::Ambiguous => "could be:",
        _ => "contains:",
    };
    let lines = [
        line("also called:", &info.aliases),
        line("classes:", &info.classes),
        line(stands_for_label, &info.stands_for),
        line("properties:", &fact_items(&info.properties)),
        line("substrate of:", &fact_items(&info.substrate_of)),
        line("inhibits:", &fact_items(&info.inhibits)),
        line("induces:", &fact_items(&info.induces)),
        info.note
            .as_ref()
            .and_then(|note| line("note:", std::slice::from_ref(note))),
    ];
    for line in lines.into_iter().flatten() {
        writeln!(out, "{line}")?;
    }
    if let Some(with_kratom) = &info.with_kratom {
        let verdict = format!(
            "With kratom: {} - {}",
            with_kratom.tier.as_str().to_uppercase(),
            with_kratom.tier.action()
        );
        writeln!(out, "\n{}", wrap(&verdict, width, ""))?;
        let hanging = " ".repeat(11);
        for finding in &with_kratom.findings {
            let references: Vec<&str> = finding.references.iter().map(|r| r.id).collect();
            let references = if references.is_empty() {
                String::new()
            } else {
                format!(" [{}]", references.join(", "))
            };
            let title = format!(
                "  {:<9}{} (evidence {}, {}){references}",
                finding.tier.as_str(),
                finding.title,
                finding.evidence.grade,
                finding.evidence.basis.as_str(),
            );
            let rule = format!("{hanging}rule: {}", rule_and_place(finding));
            writeln!(out, "{}", wrap(&title, width, &hanging))?;
            writeln!(out, "{}", wrap(&rule, width, &hanging))?;
        }
        let more = format!(
            "  (run `kratom-check --explain {}` for the full explanation and references)",
            info.id
        );
        writeln!(out, "{}", wrap(&more, width, "   "))?;
    }
    writeln!(out, "\n{}", wrap(super::DISCLAIMER, width, ""))
}

/// A fact in words: its name, its level, and the class it comes from ("CNS depressant (weak,
/// as an SSRI)"); an enzyme role adds its sources, since its strength decides which rules fire.
fn fact_items(facts: &[FactEntry]) -> Vec<String> {
    facts
        .iter()
        .map(|fact| {
            let from = match &fact.from_class_name {
                Some(class) => {
                    // "SSRI", not "SSRI (selective serotonin reuptake inhibitor)" each time.
                    let class = class.split(" (").next().unwrap_or(class);
                    format!(", as {} {class}", article(class))
                }
                None => String::new(),
            };
            let references = match fact.references.as_slice() {
                [] => String::new(),
                references => format!(" [{}]", references.join("; ")),
            };
            format!("{} ({}{from}){references}", fact.words, fact.level)
        })
        .collect()
}

fn id_suffix(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        format!(", id `{id}`")
    }
}
