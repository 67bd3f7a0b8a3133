//! The JSON printer: one document on stdout, the contract scripts rely on; and what makes
//! JSON cheap to write at batch scale: the knowledge base's prose escaped once, and kratom's
//! findings kept as JSON.

use rustc_hash::FxHashMap;
use std::io::{self, Write};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::burden::BurdenEntry;
use super::{
    ContextEntry, Document, FindingEntry, Report, SubstanceEntry, UnresolvedEntry, red_flag_entry,
    reference_entry,
};
use crate::engine::{Assessment, Finding};
use crate::kb::{KnowledgeBase, Tier};

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
    writeln!(out)
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_report(self, &self.findings, serializer)
    }
}

/// A report whose findings are held as `batch` keeps them: kratom's as JSON already written,
/// the others as entries. Its JSON is the same as the report's with those findings.
#[derive(Debug)]
pub struct KeptFindingsReport<'a> {
    pub report: Report<'a>,
    pub findings: Vec<RecordFinding<'a, Box<FindingEntry<'a>>>>,
}

impl Serialize for KeptFindingsReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_report(&self.report, &self.findings, serializer)
    }
}

/// The JSON contract's report object: the envelope, then its keys in order, written once for
/// both holders.
fn serialize_report<S: Serializer, F: Serialize>(
    report: &Report,
    findings: &[F],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let body = ReportBody {
        tier: report.tier,
        complete: report.complete,
        context: &report.context,
        substances: &report.substances,
        unresolved: &report.unresolved,
        findings,
        burden: &report.burden,
        disclaimer: report.disclaimer,
    };
    Document::new(&report.envelope, body).serialize(serializer)
}

#[derive(Serialize)]
struct ReportBody<'r, 'a, F> {
    tier: Tier,
    complete: bool,
    context: &'r ContextEntry,
    substances: &'r [SubstanceEntry<'a>],
    unresolved: &'r [UnresolvedEntry<'a>],
    findings: &'r [F],
    burden: &'r [BurdenEntry<'a>],
    disclaimer: &'static str,
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
    pub(super) rules: FxHashMap<&'kb str, RuleProse>,
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

/// Each worker's serialised findings of kratom with one other substance. A full report
/// is mostly prose, and every line is checked with kratom, so these findings recur line after
/// line and are copied instead of rebuilt and escaped again. Other findings (two other
/// substances, or a stack of three or more) seldom recur within thousands of lines; keeping
/// them would only push out the ones that do.
///
/// Kratom's pair findings are shared from the worker's [`EvaluationMemo`](crate::engine::EvaluationMemo),
/// the same finding line after line, so a finding is known by its address: the cache holds
/// each finding it keeps, so no other finding can take that address while its slot lives.
#[derive(Default)]
pub struct FindingCache<'kb> {
    /// By the kept finding's address: a number, so a quick hash is safe here.
    slots: FxHashMap<usize, usize>,
    kept: Vec<(Arc<Finding<'kb>>, Box<RawValue>)>,
    bytes: usize,
    /// The memo generation the kept findings come from (see
    /// [`EvaluationMemo::generation`](crate::engine::EvaluationMemo::generation)).
    generation: u64,
}

/// Per worker: every pair finding of kratom in the built-in base, in one context, takes
/// about 1.4 MB; a run whose lines vary the context keeps several contexts' worth.
const FINDING_CACHE_BYTES: usize = 4 << 20;

impl<'kb> FindingCache<'kb> {
    /// The findings of `assessment`, in its order, each as `entry` makes it (a full finding,
    /// or a compact one: a run writes one kind, so its cache keeps one kind): kratom's pair
    /// findings as kept JSON (kept now if new), the others as entries to serialise in place.
    ///
    /// `generation` is the memo's that made the findings: once the memo has let its findings
    /// go, those kept here would only hold memory, since no check hands them out again.
    pub fn findings<'c, 'f, E: Serialize>(
        &'c mut self,
        kb: &'kb KnowledgeBase,
        assessment: &'f Assessment<'kb>,
        generation: u64,
        entry: impl Fn(&'f Finding<'kb>) -> E,
    ) -> Vec<RecordFinding<'c, E>> {
        if self.bytes > FINDING_CACHE_BYTES || self.generation != generation {
            self.slots.clear();
            self.kept.clear();
            self.bytes = 0;
            self.generation = generation;
        }
        let places: Vec<Place<E>> = assessment
            .findings
            .iter()
            .map(|finding| {
                if !matches!(finding.substances[..], [first, _] if first == kb.kratom) {
                    return Place::Fresh(entry(finding));
                }
                let address = Arc::as_ptr(finding) as usize;
                Place::Kept(*self.slots.entry(address).or_insert_with(|| {
                    let json = serde_json::value::to_raw_value(&entry(finding))
                        .expect("a finding serialises");
                    self.bytes += json.get().len();
                    self.kept.push((Arc::clone(finding), json));
                    self.kept.len() - 1
                }))
            })
            .collect();
        places
            .into_iter()
            .map(|place| match place {
                Place::Kept(slot) => RecordFinding::Kept(&self.kept[slot].1),
                Place::Fresh(entry) => RecordFinding::Fresh(entry),
            })
            .collect()
    }
}

/// Where [`FindingCache::findings`] found a finding: its slot in the cache, or not kept.
enum Place<E> {
    Kept(usize),
    Fresh(E),
}

/// A finding in a record: JSON copied from the cache, or an entry serialised in place.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum RecordFinding<'a, E> {
    Kept(&'a RawValue),
    Fresh(E),
}
