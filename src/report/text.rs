//! The words the text printers share: how a check's answer opens, how inputs were understood,
//! what was not recognised; how text is drawn is in `style.rs`.

// Where the command line finds it; how text is drawn is `style.rs`'s.
pub use super::style::TextStyle;
use super::style::paint;
use super::{FindingEntry, RedFlagEntry, Report, SubstanceEntry, UnresolvedEntry, WorstCaseEntry};
use crate::kb::Tier;
use crate::resolve::MatchKind;
use crate::safe_text::typed as clean;

/// The opening lines of a check: the answer, or first of all that there is no full answer, what
/// was not recognised and how names standing for several substances were judged; then what was
/// checked and how inputs were read.
pub(super) fn opening(report: &Report, style: TextStyle) -> Vec<String> {
    let mut lines = Vec::new();
    let answer = if report.tier == Tier::None {
        report.tier.action().to_string()
    } else {
        format!(
            "{} - {}",
            report.tier.as_str().to_uppercase(),
            report.tier.action()
        )
    };
    if report.complete {
        let headline = if report.tier == Tier::None {
            format!("Overall: NONE - {answer}")
        } else {
            format!("Overall: {answer}")
        };
        lines.push(paint(&style.wrap(&headline), report.tier, style));
    } else {
        let warning = incomplete_warning(!report.unresolved.is_empty());
        let warning_tier = report.tier.max(Tier::Moderate);
        lines.push(paint(&style.wrap(warning), warning_tier, style));
        for unresolved in &report.unresolved {
            lines.push(style.wrap(&unresolved_line(unresolved)));
        }
        let headline = if report.unresolved.is_empty() {
            format!("At worst: {answer}")
        } else {
            format!("For what was checked: {answer}")
        };
        lines.push(paint(&style.wrap(&headline), report.tier, style));
    }
    lines.push(style.wrap(&format!("Checked: {}", checked_line(report))));
    if let Some(layers) = report
        .envelope
        .knowledge_base
        .as_ref()
        .and_then(|kb| kb.layers_line())
    {
        lines.push(style.wrap(&layers));
    }
    lines.extend(resolution_notes(report).iter().map(|n| style.wrap(n)));
    lines
}

/// The first line of an incomplete check: names that were not recognised may hide a worse
/// answer; a class or ambiguous name was already rated at its worst, but the
/// answer may differ for the one meant.
pub(super) fn incomplete_warning(unrecognised: bool) -> &'static str {
    if unrecognised {
        "INCOMPLETE CHECK: the answer may be worse than shown."
    } else {
        "INCOMPLETE CHECK: a name stands for several substances; rated at the worst."
    }
}

fn checked_line(report: &Report) -> String {
    let mut seen = std::collections::HashSet::new();
    report
        .substances
        .iter()
        .map(|s| match (&s.input, s.matched) {
            (Some(input), MatchKind::Alias) => format!("{} (from \"{}\")", s.name, clean(input)),
            (Some(_), MatchKind::Class | MatchKind::Ambiguous | MatchKind::Correction) => {
                match &s.worst_case {
                    Some(worst_case) if worst_reaching(s.name, worst_case).len() == 1 => {
                        format!("{} (at worst {})", clean(worst_case.name), s.name)
                    }
                    Some(worst_case) => format!(
                        "{} (at worst: {})",
                        clean(worst_case.name),
                        worst_case.most.as_str().to_uppercase()
                    ),
                    None if s.matched == MatchKind::Correction => s.name.to_string(),
                    None => format!("any {}", s.name),
                }
            }
            _ => s.name.to_string(),
        })
        // A name typed many times is checked once, and listed once.
        .filter(|entry| seen.insert(entry.clone()))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The context the check was rated in, with what was assumed for what was not given.
pub(super) fn context_line(report: &Report) -> String {
    let mut line = format!("Context: {}", given_context(report));
    if !report.context.assumed.is_empty() {
        line.push_str(&format!(" ({})", report.context.assumed.join("; ")));
    }
    line
}

/// The dose, form and frequency given ("4 g, extract form"), or "none given".
pub(super) fn given_context(report: &Report) -> String {
    let context = &report.context.given;
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
    if given.is_empty() {
        "none given".to_string()
    } else {
        given.join(", ")
    }
}

/// How inputs were understood when that was not a plain name: corrections, products and
/// classes are said out loud.
fn resolution_notes(report: &Report) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    // A name typed many times gets its note once, and costs one note's work.
    let mut read = std::collections::HashSet::new();
    let mut written = std::collections::HashSet::new();
    for (position, s) in report.substances.iter().enumerate() {
        let Some(input) = &s.input else { continue };
        if !read.insert((*input, s.id, position == 0)) {
            continue;
        }
        // Kratom is always first; a product name there is a kratom product that set the form.
        let is_kratom = position == 0;
        let note = match s.matched {
            MatchKind::Correction => correction_note(input, s),
            MatchKind::Product if is_kratom && report.context.given.form.is_some() => {
                format!(
                    "Note: \"{}\" is {}; kratom is judged in that form (as with --form {}).",
                    clean(input),
                    s.product.unwrap_or(s.name),
                    report.context.given.form.map_or("", |f| f.as_str())
                )
            }
            MatchKind::Product => {
                let product = s.product.unwrap_or(s.name);
                let mut ingredients: Vec<&str> = Vec::new();
                for other in &report.substances {
                    let named = other.input == s.input && other.product == s.product;
                    // The same product typed twice names its ingredients once.
                    if named && !ingredients.contains(&other.name) {
                        ingredients.push(other.name);
                    }
                }
                format!(
                    "Note: \"{}\" is a combination product, {product}; each ingredient ({}) is checked against kratom and anything else named, not against the product's other ingredients.",
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
            _ => match s.within {
                Some(within) => format!(
                    "Note: \"{}\" in \"{}\" names {} too, so it is checked as well; if it was only a label word, leave it out.",
                    clean(input),
                    clean(within),
                    s.name
                ),
                None if s.set_aside.is_some() || s.salt.is_some() => String::new(),
                None => continue,
            },
        };
        let mut note = match s.set_aside {
            Some(set_aside) if note.is_empty() => format!(
                "Note: read \"{}\" as {} (set aside: {}).",
                clean(input),
                s.name,
                clean(set_aside)
            ),
            Some(set_aside) => format!("{note} Set aside: {}.", clean(set_aside)),
            None => note,
        };
        if let Some(salt) = s.salt {
            let salt = clean(salt);
            let sentence = format!(
                "{} is sold as its {salt} salt; a {salt} supplement taken too is named apart, after a comma.",
                s.name
            );
            note = if note.is_empty() {
                format!("Note: {sentence}")
            } else {
                format!("{note} {sentence}")
            };
        }
        if written.insert(note.clone()) {
            notes.push(note);
        }
    }
    notes
}

/// How a misspelling was read, said wherever a name is corrected (a check, `info`, `matrix`):
/// the name it was taken for or, when it looks like several drugs' names, each of them and
/// the worst.
pub(super) fn correction_note(input: &str, s: &SubstanceEntry) -> String {
    let matched = s.matched_name.unwrap_or(s.name);
    match &s.worst_case {
        Some(worst_case) if worst_case.of == MatchKind::Correction => {
            worst_case_note(input, s.name, worst_case)
        }
        // A class or ambiguous name reached by a correction: the name, then its worst case.
        Some(worst_case) => format!(
            "Note: interpreting \"{}\" as {matched}. {}",
            clean(input),
            worst_case_note(input, s.name, worst_case).trim_start_matches("Note: ")
        ),
        None => {
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
    }
}

/// How a class, an ambiguous name or a misspelling that looks like several drugs was judged:
/// at its worst, with the candidates that reach it (examples when several tie, so no one of
/// them is singled out) and the range.
fn worst_case_note(input: &str, judged_as: &str, worst_case: &WorstCaseEntry) -> String {
    const NAMED: usize = 4;
    let candidates = || {
        let mut listed = worst_case
            .candidates
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(" or ");
        if worst_case.unlisted > 0 {
            listed.push_str(&format!(" or {} more", worst_case.unlisted));
        }
        listed
    };
    let (what, each) = match worst_case.of {
        MatchKind::Class => (format!("is a class ({})", worst_case.name), "member"),
        MatchKind::Correction => (
            format!(
                "is not a known name and looks like more than one: it may mean {} (check the spelling; look-alike names are never corrected to one of them)",
                candidates()
            ),
            "candidate",
        ),
        _ => (format!("may mean {}", candidates()), "candidate"),
    };
    let reaching = worst_reaching(judged_as, worst_case);
    let examples = match reaching.as_slice() {
        [] | [_] => judged_as.to_string(),
        several if several.len() <= NAMED => several.join(", "),
        several => format!(
            "for example {}, and {} more",
            several[..NAMED].join(", "),
            several.len() - NAMED + worst_case.unlisted_at_worst
        ),
    };
    let mut note = format!(
        "Note: \"{}\" {what}, rated at worst: {} ({examples})",
        clean(input),
        worst_case.most.as_str().to_uppercase()
    );
    if worst_case.least == worst_case.most {
        note.push_str(&format!("; every {each} gives the same answer."));
    } else {
        note.push_str(&format!(
            ". Answers range from {} to {}: name the one you mean for a precise answer (incomplete until then).",
            worst_case.least, worst_case.most
        ));
    }
    note
}

/// The candidates that reach the worst, the one the check was judged at first.
fn worst_reaching<'a>(judged_as: &'a str, worst_case: &WorstCaseEntry<'a>) -> Vec<&'a str> {
    std::iter::once(judged_as)
        .chain(
            worst_case
                .candidates
                .iter()
                .filter(|c| c.tier == worst_case.most && c.name != judged_as)
                .map(|c| c.name),
        )
        .collect()
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

/// What a check or a list says when no finding was made.
pub(super) const NOTHING_KNOWN: &str = "No interaction is known in the knowledge base for what \
                                         was checked. This is not proof that the combination \
                                         is safe.";

/// A red flag in a line: "! Opioid overdose: " then in full every sign and what to do, or at a
/// glance the first sign.
pub(super) fn red_flag_line(flag: &RedFlagEntry, in_full: bool) -> String {
    if in_full {
        format!(
            "! {}: watch for {}. What to do: {}",
            flag.title,
            flag.watch_for.join("; "),
            flag.what_to_do.join(" ")
        )
    } else {
        let first_sign = flag.watch_for.first().map_or("", String::as_str);
        format!("! {}: {first_sign}.", flag.title)
    }
}

/// A finding's rule and where it is written, so a reader can open it in one step:
/// "kratom-strong-depressant (data/rules/depressants.yaml:12)". Built-in files are named
/// `data/...`, a `--kb` layer's by the layer path.
pub(super) fn rule_and_place(finding: &FindingEntry) -> String {
    let at = finding.defined_at;
    format!(
        // No brackets around the place: at 80 columns the longest built-in place (43
        // characters) then wraps whole onto its own line, still one word to copy.
        "{} at {}:{}",
        finding.rule,
        crate::safe_text::visible(&at.path).replace('\n', "\\n"),
        at.line
    )
}
