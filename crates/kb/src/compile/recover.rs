//! Reading a file entry by entry after it failed to read whole: a file that is YAML but has a
//! type error (a misspelt key, a tier that is no tier) stops the parser at its first problem,
//! so each entry of each section is read on its own, with the other lines blanked so that
//! every line and column stays where it is in the file. Every entry's first problem is then
//! reported in one run, and the entries that read are kept, so the checks that follow (ids,
//! rules, examples) see them too.

use serde_saphyr::Error;

use super::parse::parse_options;
use crate::yaml::KbFile;

/// Reading every entry reparses the file's length once per entry; beyond this many bytes in
/// all, only the parser's first problem is reported.
const MAX_BYTES_REREAD: usize = 256 * 1024 * 1024;

/// The entries of `text` that read, and each problem of those that did not; `None` when the
/// text is not YAML at all (its one syntax error is all there is to say) or too large to reread.
pub(super) fn read_entries(text: &str) -> Option<(KbFile, Vec<Error>)> {
    serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, parse_options()).ok()?;
    let lines: Vec<&str> = text.split('\n').collect();
    let units = entries(&lines);
    if units.len().saturating_mul(text.len()) > MAX_BYTES_REREAD {
        return None;
    }
    let mut file = KbFile::default();
    let mut problems = Vec::new();
    let mut read: Vec<&Entry> = Vec::new();
    for unit in &units {
        let only = |others: &[&Entry]| {
            let kept = |line: usize| {
                std::iter::once(unit)
                    .chain(others.iter().copied())
                    .any(|u| u.header == line || u.lines.contains(&line))
            };
            let text = keep_lines(&lines, kept);
            serde_saphyr::from_str_with_options::<Option<KbFile>>(&text, parse_options())
        };
        // An alias (`*serotonin-signs`) may name an anchor set in an earlier entry.
        let outcome = match only(&[]) {
            Err(e) if e.to_string().contains("alias") => only(&read),
            outcome => outcome,
        };
        match outcome {
            Ok(entry) => {
                merge(&mut file, entry.unwrap_or_default());
                read.push(unit);
            }
            Err(e) => problems.push(e),
        }
    }
    Some((file, problems))
}

/// One entry of a section: the section's key line, and the entry's lines.
struct Entry {
    header: usize,
    lines: std::ops::Range<usize>,
}

/// Each item of each top-level section (`rules:`, `substances:`), or the whole section when it
/// is not a list (`meta:`).
fn entries(lines: &[&str]) -> Vec<Entry> {
    let top_level = |line: &str| {
        line.chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-')
    };
    let sections: Vec<usize> = (0..lines.len()).filter(|&i| top_level(lines[i])).collect();
    let mut entries = Vec::new();
    for (n, &header) in sections.iter().enumerate() {
        let end = sections.get(n + 1).copied().unwrap_or(lines.len());
        let indent = |line: &str| line.len() - line.trim_start().len();
        let items: Vec<usize> = (header + 1..end)
            .filter(|&i| {
                let item = lines[i].trim_start();
                item == "-" || item.starts_with("- ")
            })
            .collect();
        let Some(item_indent) = items.iter().map(|&i| indent(lines[i])).min() else {
            entries.push(Entry {
                header,
                lines: header + 1..end,
            });
            continue;
        };
        let starts: Vec<usize> = items
            .into_iter()
            .filter(|&i| indent(lines[i]) == item_indent)
            .collect();
        for (k, &start) in starts.iter().enumerate() {
            let stop = starts.get(k + 1).copied().unwrap_or(end);
            entries.push(Entry {
                header,
                lines: start..stop,
            });
        }
    }
    entries
}

/// `lines` with those not `kept` left empty, so the rest keep their line numbers.
fn keep_lines(lines: &[&str], kept: impl Fn(usize) -> bool) -> String {
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        if kept(i) {
            text.push_str(line);
        }
    }
    text
}

fn merge(file: &mut KbFile, entry: KbFile) {
    if entry.meta.is_some() {
        file.meta = entry.meta;
    }
    file.references.extend(entry.references);
    file.classes.extend(entry.classes);
    file.substances.extend(entry.substances);
    file.rules.extend(entry.rules);
    file.products.extend(entry.products);
    file.ambiguous_names.extend(entry.ambiguous_names);
    file.red_flags.extend(entry.red_flags);
}
