//! Problems found in knowledge-base files, each pointing at a file, line and column with the
//! offending line quoted, in the manner of cargo-deny.

use std::fmt;

use serde_saphyr::Location;

use crate::safe_text::{is_unsafe, visible};

/// Every problem found while loading; loading reports them all, not only the first.
#[derive(Debug)]
pub struct KbError {
    pub problems: Vec<Problem>,
    /// Problems found beyond those described, counted only.
    pub unshown: usize,
}

#[derive(Debug, Clone)]
pub struct Problem {
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
    /// The line of the file the problem is on.
    pub snippet: Option<String>,
}

impl Problem {
    pub fn whole_file(file: String, message: String) -> Self {
        Problem {
            file,
            line: None,
            column: None,
            message,
            snippet: None,
        }
    }

    /// A problem at `location` in `text`; a location the parser could not give falls back to
    /// the whole file.
    pub fn at(file: &str, text: &str, location: Option<Location>, message: String) -> Self {
        let known = location.filter(|loc| loc.line() > 0);
        let line = known.map(|loc| loc.line());
        Problem {
            file: file.to_string(),
            line,
            column: known.map(|loc| loc.column()),
            message,
            snippet: line.and_then(|n| text.lines().nth(n as usize - 1).map(str::to_string)),
        }
    }
}

impl Problem {
    /// A problem at byte `offset` of `text`, which the caller found without the parser.
    pub fn at_offset(file: &str, text: &str, offset: usize, message: String) -> Self {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        Problem {
            file: file.to_string(),
            line: Some(line as u64),
            column: Some(before[line_start..].chars().count() as u64 + 1),
            message,
            snippet: text[line_start..].lines().next().map(str::to_string),
        }
    }
}

impl KbError {
    pub fn single(problem: Problem) -> Self {
        KbError {
            problems: vec![problem],
            unshown: 0,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The message quotes the file's values and the path is the user's: both made safe.
        writeln!(f, "error: {}", visible(&self.message))?;
        let file = visible(&self.file);
        match (self.line, self.column) {
            (Some(line), Some(column)) => writeln!(f, "  --> {file}:{line}:{column}")?,
            (Some(line), None) => writeln!(f, "  --> {file}:{line}")?,
            _ => writeln!(f, "  --> {file}")?,
        }
        if let (Some(line), Some(snippet)) = (self.line, &self.snippet) {
            let gutter = line.to_string().len();
            let column = self.column.unwrap_or(1).max(1) as usize;
            let (shown, caret) = window(snippet, column);
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {shown}")?;
            writeln!(f, "{:gutter$} | {:>caret$}", "", "^")?;
        }
        Ok(())
    }
}

/// Widest part of a line quoted in a problem: a hostile one-line file must not flood the
/// terminal.
const SNIPPET_WIDTH: usize = 80;

/// The part of `line` around `column` (1-based), and the caret's column within it.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if is_unsafe(c) { '?' } else { c })
        .collect();
    if chars.len() <= SNIPPET_WIDTH {
        return (chars.into_iter().collect(), column);
    }
    let start = column.saturating_sub(SNIPPET_WIDTH / 2).min(chars.len());
    let end = (start + SNIPPET_WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut caret = column - start;
    if start > 0 {
        shown.push_str("...");
        caret += 3;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, caret)
}

impl fmt::Display for KbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            write!(f, "{problem}")?;
        }
        let count = self.problems.len() + self.unshown;
        if self.unshown > 0 {
            writeln!(
                f,
                "... and {} more problems, not shown: fix these and run again",
                self.unshown
            )?;
        }
        write!(
            f,
            "knowledge base invalid: {count} problem{}",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for KbError {}
