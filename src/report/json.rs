//! The JSON printer: one document on stdout, the contract scripts rely on; and what makes
//! JSON cheap to write at batch scale, the knowledge base's prose escaped once.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Deref;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::{Report, red_flag_entry, reference_entry};
use crate::kb::KnowledgeBase;

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
    writeln!(out)
}

/// Knowledge-base prose in a finding: serialised from its value, or copied from the value's
/// JSON when the caller escaped it ahead ([`EscapedProse`]). Either way the JSON is the same,
/// and the table printer reads the value.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a, T> {
    pub value: T,
    pub(super) json: Option<&'a RawValue>,
}

impl<T> Deref for Escaped<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: Serialize> Serialize for Escaped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.json {
            Some(json) => json.serialize(serializer),
            None => self.value.serialize(serializer),
        }
    }
}

/// The knowledge base's fixed prose as compact JSON, escaped once for a run that writes it
/// hundreds of thousands of times (`batch`): each rule's title, advice and summary, and every
/// reference and red flag.
#[derive(Debug)]
pub struct EscapedProse<'kb> {
    pub(super) rules: HashMap<&'kb str, RuleProse>,
    /// In the knowledge base's order.
    pub(super) references: Vec<Box<RawValue>>,
    pub(super) red_flags: Vec<Box<RawValue>>,
}

#[derive(Debug)]
pub(super) struct RuleProse {
    pub(super) title: Box<RawValue>,
    pub(super) advice: Box<RawValue>,
    pub(super) summary: Box<RawValue>,
}

impl<'kb> EscapedProse<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        EscapedProse {
            rules: kb
                .rules
                .iter()
                .map(|rule| {
                    let prose = RuleProse {
                        title: compact_json(&rule.title),
                        advice: compact_json(&rule.advice),
                        summary: compact_json(&rule.summary),
                    };
                    (rule.id.as_str(), prose)
                })
                .collect(),
            references: kb
                .references
                .iter()
                .map(|r| compact_json(&reference_entry(r)))
                .collect(),
            red_flags: kb
                .red_flags
                .iter()
                .map(|flag| compact_json(&red_flag_entry(flag)))
                .collect(),
        }
    }
}

fn compact_json<T: Serialize + ?Sized>(value: &T) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).expect("knowledge-base text serialises")
}
