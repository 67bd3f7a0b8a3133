//! The envelope every JSON document starts with, written once: `schema_version`, `tool` and
//! `knowledge_base`, then the document's own keys ([`Document`]). The check report, `matrix`,
//! `info`, `list`, `search`, `kb stats` and `kb validate` all print through it.

use serde::Serialize;

use super::SCHEMA_VERSION;
use super::knowledge_base::{KbInfo, replaced_entries};
use crate::kb::{KnowledgeBase, SubstanceIdx};

#[derive(Debug, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
}

impl ToolInfo {
    pub fn this() -> Self {
        ToolInfo {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The first three keys of every JSON document.
#[derive(Debug, Serialize)]
pub struct Envelope<'a> {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// The knowledge base the document rests on; null only from `kb validate` when the stack
    /// did not load.
    pub knowledge_base: Option<KbInfo<'a>>,
}

impl<'a> Envelope<'a> {
    /// The envelope of a document about `participants` (substance indices): `replaced` lists
    /// the definitions bearing on them that a layer replaced.
    pub fn new(kb: &'a KnowledgeBase, participants: &[SubstanceIdx]) -> Self {
        Envelope::with(Some(KbInfo {
            version: &kb.version,
            sha256: &kb.sha256,
            layers: &kb.layers,
            replaced: replaced_entries(kb, participants),
        }))
    }

    /// The envelope of a document about the whole base (`kb stats`, `kb validate`).
    pub fn whole(kb: &'a KnowledgeBase) -> Self {
        let all: Vec<SubstanceIdx> = kb.named_substances().map(|(s, _)| s).collect();
        Envelope::new(kb, &all)
    }

    pub fn with(knowledge_base: Option<KbInfo<'a>>) -> Self {
        Envelope {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo::this(),
            knowledge_base,
        }
    }
}

/// A JSON document: the envelope's keys, then the body's, in one object.
#[derive(Debug, Serialize)]
pub struct Document<'e, 'a, T> {
    #[serde(flatten)]
    pub envelope: &'e Envelope<'a>,
    #[serde(flatten)]
    pub body: T,
}

impl<'e, 'a, T: Serialize> Document<'e, 'a, T> {
    pub fn new(envelope: &'e Envelope<'a>, body: T) -> Self {
        Document { envelope, body }
    }
}
