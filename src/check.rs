//! One check, the pipeline every command, every `batch` line, every rule example and
//! `kb stats` run after resolving names: the context the names imply (a product's form), then
//! the assessment, with class and ambiguous names judged at their worst member. The report is built from it downstream
//! ([`crate::report::Report::of`]).

use crate::context::Context;
use crate::engine::{Assessment, EvaluationMemo};
use crate::kb::{KnowledgeBase, SubstanceIdx};
use crate::resolve::Resolution;
use crate::worst_case::{self, TooLarge};

/// What a check found, and what it rests on.
#[derive(Debug)]
pub struct Check<'kb> {
    /// The names as resolved; the assessment tells what each class or ambiguous name was
    /// judged at.
    pub resolution: Resolution,
    /// The usage given, completed by what the names imply (a named extract's form).
    pub context: Context,
    pub assessment: Assessment<'kb>,
}

/// Checks `resolution`'s substances with kratom, used as `usage` says.
pub fn check(
    kb: &KnowledgeBase,
    resolution: Resolution,
    usage: Context,
) -> Result<Check<'_>, TooLarge> {
    check_remembering(kb, resolution, usage, &mut EvaluationMemo::default())
}

/// As [`check`], with kratom's pairs taken from `memo` when an earlier check in the same
/// context evaluated them (`batch` keeps one per worker).
pub fn check_remembering<'kb>(
    kb: &'kb KnowledgeBase,
    resolution: Resolution,
    usage: Context,
    memo: &mut EvaluationMemo<'kb>,
) -> Result<Check<'kb>, TooLarge> {
    let context = usage.with_named_form(resolution.kratom_form);
    let assessment = worst_case::evaluate(kb, &resolution, &context, memo)?;
    Ok(Check {
        resolution,
        context,
        assessment,
    })
}

/// Checks `substances` with kratom, used as `usage` says: a rule's example, or one pair of the
/// catalogue's statistics, which start from the knowledge base instead of from typed names.
pub fn check_substances<'kb>(
    kb: &'kb KnowledgeBase,
    substances: &[SubstanceIdx],
    usage: Context,
) -> Result<Check<'kb>, TooLarge> {
    check(kb, Resolution::of_substances(kb, substances), usage)
}

impl Check<'_> {
    /// Whether the answer covers everything typed exactly (see [`Assessment::is_complete`]).
    pub fn is_complete(&self) -> bool {
        self.assessment.is_complete(&self.resolution)
    }
}
