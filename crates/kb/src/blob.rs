//! The compiled knowledge base as bytes: what the build script embeds in the binary and a run
//! reads back without decoding more than it looks at.
//!
//! Layout: a little-endian `u32` header length, the postcard-encoded [`Header`] (the small
//! fields, and each list's entry count and size), then the `LIST_COUNT` lists in the order
//! `encode` pushes them, each as [`Entries::encode`] wrote it, then the names' hash index
//! ([`NameSlots`]) to the end.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::compiled::{KnowledgeBase, Layer, NameSlots, ReplacedDefinition, RuleIdx, SubstanceIdx};
use super::entries::Entries;

#[derive(Serialize, Deserialize)]
struct Header {
    version: String,
    sha256: String,
    layers: Vec<Layer>,
    kratom: SubstanceIdx,
    class_stand_ins: Vec<SubstanceIdx>,
    stack_rules: Vec<RuleIdx>,
    longest_name_words: usize,
    longest_key: usize,
    replaced_definitions: Vec<ReplacedDefinition>,
    lists: Vec<Extent>,
    /// The size of the names' hash index, in bytes.
    name_slots: u32,
}

/// Where one list lies: its entry count and its size in bytes.
#[derive(Serialize, Deserialize)]
struct Extent {
    len: u32,
    bytes: u32,
}

/// substances, classes, rules, the rules' prose, references, products, ambiguous names, names,
/// red flags and rule candidates, in that order.
const LIST_COUNT: usize = 10;

const LENGTH_SIZE: usize = size_of::<u32>();

pub fn encode(kb: &KnowledgeBase) -> Result<Vec<u8>, postcard::Error> {
    let mut lists = EncodedLists::default();
    lists.push(&kb.substances)?;
    lists.push(&kb.classes)?;
    lists.push(&kb.rules)?;
    lists.push(&kb.rule_prose)?;
    lists.push(&kb.references)?;
    lists.push(&kb.products)?;
    lists.push(&kb.ambiguous_names)?;
    lists.push(&kb.names)?;
    lists.push(&kb.red_flags)?;
    lists.push(&kb.rule_candidates)?;

    let header = postcard::to_allocvec(&Header {
        version: kb.version.clone(),
        sha256: kb.sha256.clone(),
        layers: kb.layers.clone(),
        kratom: kb.kratom,
        class_stand_ins: kb.class_stand_ins.clone(),
        stack_rules: kb.stack_rules.clone(),
        longest_name_words: kb.longest_name_words,
        longest_key: kb.longest_key,
        replaced_definitions: kb.replaced_definitions.clone(),
        lists: lists.extents,
        name_slots: to_u32(kb.name_slots.bytes().len()),
    })?;
    let slots = kb.name_slots.bytes();
    let mut blob = Vec::with_capacity(LENGTH_SIZE + header.len() + lists.bytes.len() + slots.len());
    blob.extend_from_slice(&to_u32(header.len()).to_le_bytes());
    blob.extend_from_slice(&header);
    blob.extend_from_slice(&lists.bytes);
    blob.extend_from_slice(slots);
    Ok(blob)
}

#[derive(Default)]
struct EncodedLists {
    bytes: Vec<u8>,
    extents: Vec<Extent>,
}

impl EncodedLists {
    fn push<T: Serialize + DeserializeOwned>(
        &mut self,
        list: &Entries<T>,
    ) -> Result<(), postcard::Error> {
        let bytes = list.encode(&mut self.bytes)?;
        self.extents.push(Extent {
            len: to_u32(list.len()),
            bytes: to_u32(bytes),
        });
        Ok(())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("a knowledge base is capped far below 4 GiB")
}

/// Why bytes are not a compiled knowledge base.
#[derive(Debug)]
pub struct Malformed(pub &'static str);

pub fn decode(blob: &'static [u8]) -> Result<KnowledgeBase, Malformed> {
    let (length, rest) = blob
        .split_first_chunk::<LENGTH_SIZE>()
        .ok_or(Malformed("no header length"))?;
    let (header, mut lists) = rest
        .split_at_checked(u32::from_le_bytes(*length) as usize)
        .ok_or(Malformed("header cut short"))?;
    let header: Header = postcard::from_bytes(header).map_err(|_| Malformed("bad header"))?;
    if header.lists.len() != LIST_COUNT {
        return Err(Malformed("wrong number of lists"));
    }
    let mut extents = header.lists.iter();
    let mut next = || {
        let extent = extents.next().expect("the number of lists was checked");
        let (list, rest) = lists
            .split_at_checked(extent.bytes as usize)
            .ok_or(Malformed("list cut short"))?;
        lists = rest;
        Ok::<_, Malformed>((list, extent.len as usize))
    };
    let substances = list(next()?)?;
    let classes = list(next()?)?;
    let rules = list(next()?)?;
    let rule_prose = list(next()?)?;
    let references = list(next()?)?;
    let products = list(next()?)?;
    let ambiguous_names = list(next()?)?;
    let names = list(next()?)?;
    let red_flags = list(next()?)?;
    let rule_candidates = list(next()?)?;
    let name_slots = (lists.len() == header.name_slots as usize)
        .then(|| NameSlots::from_bytes(lists))
        .flatten()
        .ok_or(Malformed("the name index is not whole"))?;
    Ok(KnowledgeBase {
        version: header.version,
        sha256: header.sha256,
        layers: header.layers,
        kratom: header.kratom,
        class_stand_ins: header.class_stand_ins,
        stack_rules: header.stack_rules,
        longest_name_words: header.longest_name_words,
        longest_key: header.longest_key,
        replaced_definitions: header.replaced_definitions,
        substances,
        classes,
        rules,
        rule_prose,
        references,
        products,
        ambiguous_names,
        names,
        name_slots,
        red_flags,
        rule_candidates,
    })
}

fn list<T: DeserializeOwned>(
    (bytes, len): (&'static [u8], usize),
) -> Result<Entries<T>, Malformed> {
    Entries::decode(bytes, len).map_err(|_| Malformed("list offsets do not match its size"))
}
