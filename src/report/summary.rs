//! The default printer: the answer at a glance. The verdict and what was checked come first,
//! then one line per finding, what to do and what to watch for, and where the detail is; a
//! person reads it in ten seconds and a terminal shows it whole.

use std::io::{self, Write};

use super::Report;
use super::burden::glance_line;
use super::explain::red_flags;
use super::style::{TextStyle, tier_line, wrap};
use super::text::{NOTHING_KNOWN, given_context, opening, red_flag_line};
use crate::context::ContextKey;
use crate::kb::Tier;

/// Minor findings shown before the rest are counted in one line.
const MINOR_SHOWN: usize = 3;
/// Pieces of advice shown; the most severe findings' come first, the rest are in `--explain`.
const ADVICE_SHOWN: usize = 6;

/// `every_minor` lists every minor finding instead of counting those beyond the first few.
pub fn print(
    report: &Report,
    style: TextStyle,
    every_minor: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let opening = opening(report, style);
    for line in &opening {
        writeln!(out, "{line}")?;
    }
    // Beyond the verdict and what was checked come notes: a blank line ends them. Without
    // notes the findings follow at once, so a short check fits a screen whole.
    if opening.len() > 2 {
        writeln!(out)?;
    }
    if report.findings.is_empty() {
        writeln!(out, "{}", style.wrap(NOTHING_KNOWN))?;
    } else {
        write_findings(report, style, every_minor, out)?;
    }
    // The whole list's burdens close the findings: information beside them, never a finding.
    if let Some(line) = glance_line(&report.burden) {
        writeln!(out, "{}", bullet(&line, style))?;
    }

    // What to do comes from the most severe findings: major and avoid ones, or the moderate
    // ones when nothing is more severe.
    let advised_from = report
        .findings
        .iter()
        .map(|f| f.tier)
        .max()
        .filter(|&tier| tier >= Tier::Moderate)
        .map(|tier| tier.min(Tier::Major));
    let serious = report
        .findings
        .iter()
        .filter(|f| advised_from.is_some_and(|from| f.tier >= from));
    let mut advice: Vec<&str> = Vec::new();
    for piece in serious.flat_map(|f| f.advice.iter()) {
        if !advice.contains(&piece.as_str()) {
            advice.push(piece);
        }
    }
    if !advice.is_empty() {
        writeln!(out, "\nWhat to do:")?;
        for piece in advice.iter().take(ADVICE_SHOWN) {
            writeln!(out, "{}", bullet(&format!("- {piece}"), style))?;
        }
        if advice.len() > ADVICE_SHOWN {
            let more = advice.len() - ADVICE_SHOWN;
            writeln!(out, "- and {more} more in --explain")?;
        }
    }
    let flags = red_flags(report);
    if !flags.is_empty() {
        // One or two lines each, the first sign to watch for; --explain gives every sign and
        // what to do.
        writeln!(out, "\nWatch for (what to do: --explain):")?;
        for flag in flags {
            writeln!(out, "{}", bullet(&red_flag_line(flag, false), style))?;
        }
    }

    writeln!(out)?;
    writeln!(out, "{}", style.wrap(&context_summary(report)))?;
    writeln!(
        out,
        "{}",
        style.wrap(
            "[A]-[E]: evidence, from a clinical study to extrapolation. --explain gives \
             each finding's reasoning, evidence and references."
        )
    )?;
    writeln!(out, "{}", style.wrap(report.disclaimer))
}

/// One line per finding, most severe first: tier, substances, title, evidence grade.
fn write_findings(
    report: &Report,
    style: TextStyle,
    every_minor: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut minor_shown = 0;
    let mut hidden = 0;
    // Beside a major or avoid finding, minor ones are counted rather than listed: the glance
    // keeps to what needs acting on.
    let minor_limit = if report.tier >= Tier::Major {
        0
    } else {
        MINOR_SHOWN
    };
    for finding in &report.findings {
        if finding.tier <= Tier::Minor && !every_minor {
            if minor_shown == minor_limit {
                hidden += 1;
                continue;
            }
            minor_shown += 1;
        }
        let line = format!(
            "{}: {} [{}]",
            report.names(&finding.substances).join(" + "),
            finding.title,
            finding.evidence.grade
        );
        writeln!(out, "{}", tier_line(finding.tier, &line, style))?;
    }
    if hidden > 0 {
        let s = if hidden == 1 { "" } else { "s" };
        writeln!(
            out,
            "{}",
            style.wrap(&format!(
                "...and {hidden} {}minor finding{s} (--all lists every one).",
                if minor_shown > 0 { "more " } else { "" }
            ))
        )?;
    }
    Ok(())
}

/// A list item wrapped under its own text.
fn bullet(text: &str, style: TextStyle) -> String {
    wrap(text, usize::from(style.width), "  ")
}

/// The context in one line: what was given, and what was assumed for the rest (the riskiest
/// dose and frequency; leaf, the usual form).
fn context_summary(report: &Report) -> String {
    let given = report.context.given;
    // Which keys were assumed is the context's to say, as it says it in the JSON.
    let assumed: Vec<(&str, &str)> = given
        .assumed_keys()
        .map(|key| match key {
            ContextKey::Dose => ("riskiest dose", "--dose"),
            ContextKey::Frequency => ("daily use", "--frequency"),
            ContextKey::Form => ("leaf", "--form"),
        })
        .collect();
    let mut parts: Vec<String> = Vec::new();
    if given.dose.is_some() || given.form.is_some() || given.frequency.is_some() {
        parts.push(format!("Context: {}", given_context(report)));
    }
    if !assumed.is_empty() {
        let (what, flags): (Vec<&str>, Vec<&str>) = assumed.into_iter().unzip();
        let label = if parts.is_empty() {
            "Assumed"
        } else {
            "assumed"
        };
        parts.push(format!(
            "{label}: {} (set {})",
            what.join(", "),
            flags.join(", ")
        ));
    }
    format!("{}.", parts.join("; "))
}
