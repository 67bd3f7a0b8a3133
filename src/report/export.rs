//! `kb export`: the knowledge base's words, once, by id: what a compact `batch` record names
//! by id and leaves out (each substance's name; each rule's title, prose and references), and
//! the classes, so that records can be grouped by class.

use serde::Serialize;

use super::{Envelope, RedFlagEntry, ReferenceEntry, red_flag_entry, reference_entry};
use crate::kb::{Class, ClassIdx, Grade, KnowledgeBase, Rule, Substance, SubstanceIdx};

#[derive(Debug, Serialize)]
pub struct KbExport<'kb> {
    #[serde(flatten)]
    envelope: Envelope<'kb>,
    /// Every substance a record can name (the stand-ins judged for a class included), in the
    /// knowledge base's order, as are the classes, rules, references and red flags.
    substances: Vec<SubstanceExport<'kb>>,
    classes: Vec<ClassExport<'kb>>,
    rules: Vec<RuleExport<'kb>>,
    references: Vec<ReferenceEntry<'kb>>,
    /// What to watch for and do, by mechanism, for `avoid` and `major` findings.
    red_flags: Vec<RedFlagEntry<'kb>>,
}

#[derive(Debug, Serialize)]
struct SubstanceExport<'kb> {
    id: &'kb str,
    name: &'kb str,
    /// Every class it belongs to, through their parents too, nearest first.
    classes: Vec<&'kb str>,
}

#[derive(Debug, Serialize)]
struct ClassExport<'kb> {
    id: &'kb str,
    name: &'kb str,
    /// The classes it is part of, by id.
    parents: Vec<&'kb str>,
}

#[derive(Debug, Serialize)]
struct RuleExport<'kb> {
    id: &'kb str,
    title: &'kb str,
    /// The rule's reasoning; a finding's explanation opens with the facts that made it fire.
    explanation: &'kb str,
    advice: &'kb [String],
    evidence: RuleEvidence<'kb>,
    references: &'kb [String],
}

/// The rule's own grade; a finding beyond what the evidence studied is graded E instead.
#[derive(Debug, Serialize)]
struct RuleEvidence<'kb> {
    grade: Grade,
    summary: &'kb str,
    studied: Vec<&'kb str>,
}

impl<'kb> RuleExport<'kb> {
    fn new(kb: &'kb KnowledgeBase, rule: &'kb Rule) -> Self {
        let prose = kb.prose(rule);
        RuleExport {
            id: &rule.id,
            title: &prose.title,
            explanation: &prose.explanation,
            advice: &prose.advice,
            evidence: RuleEvidence {
                grade: rule.grade,
                summary: &prose.summary,
                studied: rule.studied.iter().map(|s| s.label.as_str()).collect(),
            },
            references: &rule.references,
        }
    }
}

impl<'kb> KbExport<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        // Every substance and rule is exported, so every definition a layer replaced is named.
        let everything: Vec<SubstanceIdx> = kb.substances.indexed().map(|(s, _)| s).collect();
        KbExport {
            envelope: Envelope::new(kb, &everything),
            substances: kb
                .substances
                .iter()
                .map(|substance| substance_export(kb, substance))
                .collect(),
            classes: kb
                .classes
                .iter()
                .map(|class| class_export(kb, class))
                .collect(),
            rules: kb
                .rules
                .iter()
                .map(|rule| RuleExport::new(kb, rule))
                .collect(),
            references: kb.references.iter().map(reference_entry).collect(),
            red_flags: kb.red_flags.iter().map(red_flag_entry).collect(),
        }
    }
}

fn class_ids<'kb>(kb: &'kb KnowledgeBase, classes: &[ClassIdx]) -> Vec<&'kb str> {
    classes.iter().map(|&c| kb.classes[c].id.as_str()).collect()
}

fn substance_export<'kb>(
    kb: &'kb KnowledgeBase,
    substance: &'kb Substance,
) -> SubstanceExport<'kb> {
    SubstanceExport {
        id: &substance.id,
        name: &substance.name,
        classes: class_ids(kb, &substance.ancestry),
    }
}

fn class_export<'kb>(kb: &'kb KnowledgeBase, class: &'kb Class) -> ClassExport<'kb> {
    ClassExport {
        id: &class.id,
        name: &class.name,
        parents: class_ids(kb, &class.parents),
    }
}
