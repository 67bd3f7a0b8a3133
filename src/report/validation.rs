//! What `kb validate --json` prints: whether the stack is valid, and every problem with its
//! place, from the validator's own problem data.

use serde::Serialize;

use crate::kb::{KbError, KnowledgeBase, Problem};

/// The body of `kb validate`'s document.
#[derive(Debug, Serialize)]
pub struct Validation<'a> {
    pub valid: bool,
    pub problems: Vec<ProblemEntry<'a>>,
    /// Problems found beyond those listed, counted only (a base with thousands stops early).
    pub unlisted_problems: usize,
    /// What a valid stack holds; null when it is invalid.
    pub counts: Option<Counts>,
}

#[derive(Debug, Serialize)]
pub struct ProblemEntry<'a> {
    /// The file as the user named it (or the built-in file's name).
    pub file: &'a str,
    /// 1-based; null when the problem is about the whole file.
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: &'a str,
    /// The line of the file the problem is on, as written.
    pub snippet: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub substances: usize,
    pub classes: usize,
    pub rules: usize,
    pub references: usize,
}

impl Counts {
    /// What `kb` holds, as `kb validate` reports it in text and JSON.
    pub fn of(kb: &KnowledgeBase) -> Self {
        Counts {
            substances: kb.named_substances().count(),
            classes: kb.classes.len(),
            rules: kb.rules.len(),
            references: kb.references.len(),
        }
    }
}

impl<'a> Validation<'a> {
    pub fn valid(kb: &KnowledgeBase) -> Self {
        Validation {
            valid: true,
            problems: Vec::new(),
            unlisted_problems: 0,
            counts: Some(Counts::of(kb)),
        }
    }

    pub fn invalid(error: &'a KbError) -> Self {
        Validation {
            valid: false,
            problems: error.problems.iter().map(problem_entry).collect(),
            unlisted_problems: error.unshown,
            counts: None,
        }
    }
}

fn problem_entry(problem: &Problem) -> ProblemEntry<'_> {
    ProblemEntry {
        file: &problem.file,
        line: problem.line,
        column: problem.column,
        message: &problem.message,
        snippet: problem.snippet.as_deref(),
    }
}
