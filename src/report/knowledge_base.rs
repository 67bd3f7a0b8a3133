//! What a report says about the knowledge base it rests on: its version and digest, each layer
//! with its own digest, and which definitions bearing on the check a layer replaced.

use serde::Serialize;

use crate::kb::{BUILT_IN_LAYER, KnowledgeBase, Layer, RuleIdx, SubstanceIdx};
use crate::safe_text::visible;

#[derive(Debug, Serialize)]
pub struct KbInfo<'a> {
    pub version: &'a str,
    pub sha256: &'a str,
    /// Every layer the answer rests on, the built-in base first, each with its digest.
    pub layers: &'a [Layer],
    /// The definitions bearing on this check that a layer put in place of an earlier layer's:
    /// a layer can rewrite kratom's profile or a rule, and the reader must see that it did.
    pub replaced: Vec<ReplacedEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ReplacedEntry<'a> {
    /// `substance`, `rule`, `class`, `product`, `ambiguous_name` or `red_flag`.
    pub kind: &'static str,
    pub id: &'a str,
    /// The layer whose definition is used.
    pub layer: &'a str,
}

/// The substances checked, and the rules that could fire for them, whose definitions replace an
/// earlier layer's; and every class, product, ambiguous name and red flag a layer replaced, as
/// they reach a check through its names and members.
pub(super) fn replaced_entries<'a>(
    kb: &'a KnowledgeBase,
    participants: &[SubstanceIdx],
) -> Vec<ReplacedEntry<'a>> {
    if kb.layers.len() < 2 {
        return Vec::new();
    }
    let substances = participants
        .iter()
        .map(|&s| &kb.substances[s])
        .filter(|s| s.replaces_earlier)
        .map(|s| ReplacedEntry {
            kind: "substance",
            id: &s.id,
            layer: &kb.layers[s.layer].name,
        });
    let mut rules: Vec<RuleIdx> = participants
        .iter()
        .flat_map(|&s| kb.rule_candidates[s].rules())
        .chain(kb.stack_rules.iter().copied())
        .filter(|&r| kb.rules[r].replaces_earlier)
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let others = kb.replaced_definitions.iter().map(|d| ReplacedEntry {
        kind: d.kind.as_str(),
        id: &d.id,
        layer: &kb.layers[d.layer].name,
    });
    substances
        .chain(rules.into_iter().map(|r| ReplacedEntry {
            kind: "rule",
            id: &kb.rules[r].id,
            layer: &kb.layers[kb.rules[r].layer].name,
        }))
        .chain(others)
        .collect()
}

impl KbInfo<'_> {
    /// Which layers the answer rests on, when any besides the built-in base: a layer can change
    /// any answer, so a reader must see that one was used, and which version of it.
    pub fn layers_line(&self) -> Option<String> {
        let layers = self.layers;
        if layers.iter().all(|layer| layer.name == BUILT_IN_LAYER) {
            return None;
        }
        let named: Vec<String> = layers
            .iter()
            .map(|layer| format!("{} (sha256 {})", visible(&layer.name), &layer.sha256[..12]))
            .collect();
        let mut line = format!(
            "Knowledge base: {}; a layer can change any answer.",
            named.join(", then ")
        );
        for replaced in &self.replaced {
            line.push_str(&format!(
                " Layer {} replaces the {} `{}`.",
                visible(replaced.layer),
                replaced.kind.replace('_', " "),
                replaced.id
            ));
        }
        Some(line)
    }
}
