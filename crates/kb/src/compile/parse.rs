//! Reading one YAML text: the size limit, refusing characters a terminal would act on, the
//! parser's budget, and its messages in a maintainer's words.

use super::Checker;
use crate::Source;
use crate::diagnostics::Problem;
use crate::safe_text;
use crate::yaml::KbFile;

impl Checker<'_> {
    pub(super) fn parse(&mut self, index: usize, source: &Source) -> Option<KbFile> {
        if source.text.len() > MAX_FILE_BYTES {
            self.add(|_| {
                Problem::whole_file(
                    source.path.clone(),
                    format!(
                        "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                        source.text.len()
                    ),
                )
            });
            return None;
        }
        if let Some((offset, what)) = safe_text::first_unsafe_in_yaml(&source.text) {
            self.add(|_| {
                Problem::at_offset(
                    &source.path,
                    &source.text,
                    offset,
                    format!("{what}: a terminal would act on it instead of showing it"),
                )
            });
            return None;
        }
        match serde_saphyr::from_str_with_options::<Option<KbFile>>(&source.text, parse_options()) {
            Ok(file) => Some(file.unwrap_or_default()),
            Err(err) => {
                // Every entry's problem, where the file is YAML; else the parser's one.
                let (file, problems) = match super::recover::read_entries(&source.text) {
                    Some((file, problems)) if !problems.is_empty() => (Some(file), problems),
                    _ => (None, vec![err]),
                };
                for err in problems {
                    self.parse_problem(index, &err);
                }
                file
            }
        }
    }

    fn parse_problem(&mut self, index: usize, err: &serde_saphyr::Error) {
        let message = err.without_snippet().to_string();
        self.add(|checker| {
            let source = &checker.sources[index];
            Problem::at(
                &source.path,
                &source.text,
                err.location(),
                first_line(&message),
            )
        });
    }
}

/// Files larger than this are refused before parsing: no knowledge-base file comes near it,
/// and it bounds the memory a hostile file can claim.
pub(crate) const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The parser's limits, scaled to the file-size cap: a large but honest base (a 20,000-substance
/// file has about a million nodes) parses, while the alias and nesting limits that stop
/// hostile files keep their defaults.
pub(super) fn parse_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_FILE_BYTES / 2;
    budget.max_events = MAX_FILE_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// The parser's message without its own location suffix, which the problem shows already.
pub(super) fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = match line.rfind(" at line ") {
        Some(at) => &line[..at],
        None => line,
    };
    // The parser's advice on its own options means nothing to a maintainer.
    match line
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        Some(key) => format!("duplicate key `{key}`: it is given twice here; keep one"),
        None => line.to_string(),
    }
}
