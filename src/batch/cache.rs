//! What makes `batch`'s JSON cheap to write at scale: the knowledge base's prose escaped
//! once, and kratom's findings kept as JSON, line after line.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::engine::{Assessment, Finding};
use crate::kb::{Grade, KnowledgeBase, Mechanism, Tier};
use crate::report::{
    BasisEntry, ContextNoteEntry, Explanation, FindingEntry, RedFlagEntry, ReferenceEntry,
    red_flag_entry, reference_entry,
};

/// The knowledge base's fixed prose as compact JSON, escaped once for a run that writes it
/// hundreds of thousands of times (`batch --full`): each rule's title, advice and summary, and
/// every reference and red flag.
#[derive(Debug)]
pub struct EscapedProse<'kb> {
    kb: &'kb KnowledgeBase,
    rules: FxHashMap<&'kb str, RuleJson>,
    /// In the knowledge base's order.
    references: Vec<Box<RawValue>>,
    red_flags: Vec<Box<RawValue>>,
}

#[derive(Debug)]
struct RuleJson {
    title: Box<RawValue>,
    advice: Box<RawValue>,
    summary: Box<RawValue>,
}

impl<'kb> EscapedProse<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        EscapedProse {
            kb,
            rules: kb
                .rules
                .iter()
                .map(|rule| {
                    let words = kb.prose(rule);
                    let prose = RuleJson {
                        title: compact_json(&words.title),
                        advice: compact_json(&words.advice),
                        summary: compact_json(&words.summary),
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

    fn reference(&self, reference: &ReferenceEntry) -> Option<&RawValue> {
        let i = self.kb.reference_index(reference.id)?;
        Some(&self.references[i.0])
    }

    fn red_flag(&self, flag: &RedFlagEntry) -> Option<&RawValue> {
        let i = self.kb.red_flags.iter().position(|known| {
            known.mechanism == flag.mechanism && std::ptr::eq(known.title.as_str(), flag.title)
        })?;
        Some(&self.red_flags[i])
    }
}

/// A finding as `batch --full` writes it: the report's entry, with its fixed prose copied from
/// [`EscapedProse`]. Its JSON is the entry's, key for key (the batch tests compare a full
/// record with what `--json` prints).
#[derive(Debug)]
pub struct EscapedFinding<'a> {
    pub entry: FindingEntry<'a>,
    pub prose: &'a EscapedProse<'a>,
}

impl Serialize for EscapedFinding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (entry, prose) = (&self.entry, self.prose);
        let rule = prose.rules.get(entry.rule);
        // Harm-reduction advice is written for the finding, not the rule's own.
        let advice = match entry.advice {
            Cow::Borrowed(_) => rule.map(|r| &*r.advice),
            Cow::Owned(_) => None,
        };
        EscapedEntry {
            rule: entry.rule,
            tier: entry.tier,
            substances: &entry.substances,
            mechanisms: &entry.mechanisms,
            title: Prose(rule.map(|r| &*r.title), &entry.title),
            explanation: &entry.explanation,
            advice: Prose(advice, &entry.advice),
            evidence: EscapedEvidence {
                grade: entry.evidence.grade,
                summary: Prose(rule.map(|r| &*r.summary), &entry.evidence.summary),
                basis: entry.evidence.basis,
                studied: &entry.evidence.studied,
            },
            references: entry
                .references
                .iter()
                .map(|r| Prose(prose.reference(r), r))
                .collect(),
            layer: entry.layer,
            context_notes: &entry.context_notes,
            red_flags: entry
                .red_flags
                .iter()
                .map(|f| Prose(prose.red_flag(f), f))
                .collect(),
        }
        .serialize(serializer)
    }
}

/// [`FindingEntry`]'s keys in its order, its prose borrowed as JSON where it was escaped ahead.
#[derive(Serialize)]
struct EscapedEntry<'r, 'a> {
    rule: &'a str,
    tier: Tier,
    substances: &'r [&'a str],
    mechanisms: &'r [Mechanism],
    title: Prose<'r, &'a str>,
    explanation: &'r Explanation<'a>,
    advice: Prose<'r, Cow<'a, [String]>>,
    evidence: EscapedEvidence<'r, 'a>,
    references: Vec<Prose<'r, ReferenceEntry<'a>>>,
    layer: &'a str,
    context_notes: &'r [ContextNoteEntry<'a>],
    red_flags: Vec<Prose<'r, RedFlagEntry<'a>>>,
}

#[derive(Serialize)]
struct EscapedEvidence<'r, 'a> {
    grade: Grade,
    summary: Prose<'r, &'a str>,
    basis: BasisEntry,
    studied: &'r [&'a str],
}

/// Knowledge-base prose: copied from its JSON when escaped ahead, else serialised from the
/// value; the JSON is the same either way.
struct Prose<'r, T>(Option<&'r RawValue>, &'r T);

impl<T: Serialize> Serialize for Prose<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(json) => json.serialize(serializer),
            None => self.1.serialize(serializer),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;
    use crate::kb::SubstanceIdx;

    /// Every finding of kratom with each substance of the base (and with alcohol beside it, for
    /// stacks): written from the escaped prose, each finding's JSON is the report entry's,
    /// and every reference and red flag it shows was found escaped.
    #[test]
    fn an_escaped_finding_writes_what_its_entry_writes() {
        let kb = crate::kb::load_embedded().expect("built-in base loads");
        let prose = EscapedProse::new(&kb);
        let alcohol = kb
            .substances
            .iter()
            .position(|s| s.id == "alcohol")
            .map(SubstanceIdx)
            .expect("the base knows alcohol");
        let (mut flags, mut references) = (0, 0);
        for other in (0..kb.substances.len()).map(SubstanceIdx) {
            for participants in [vec![kb.kratom, other], vec![kb.kratom, alcohol, other]] {
                let assessment = crate::engine::evaluate(&kb, &participants, &Context::default());
                for finding in &assessment.findings {
                    let entry = crate::report::finding_entry(&kb, finding);
                    for flag in &entry.red_flags {
                        assert!(prose.red_flag(flag).is_some(), "{}", flag.title);
                        flags += 1;
                    }
                    for reference in &entry.references {
                        assert!(prose.reference(reference).is_some(), "{}", reference.id);
                        references += 1;
                    }
                    let plain = serde_json::to_string(&entry).unwrap();
                    let escaped = EscapedFinding {
                        entry,
                        prose: &prose,
                    };
                    assert_eq!(serde_json::to_string(&escaped).unwrap(), plain);
                }
            }
        }
        assert!(flags > 0 && references > 0);
    }
}
