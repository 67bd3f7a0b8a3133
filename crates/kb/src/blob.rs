//! The compiled knowledge base as bytes: what the build script embeds in the binary and a run
//! reads back without decoding more than it looks at.
//!
//! Layout: a little-endian `u32` header length, the postcard-encoded [`Header`] (the small
//! fields, and each table's entry count and size), then the tables in the order of
//! `TABLE_COUNT`'s list, each as [`Table::encode`] wrote it, then the names' hash index
//! ([`NameSlots`]) to the end.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::table::Table;
use super::types::{KnowledgeBase, Layer, NameSlots, SubstanceIdx};

#[derive(Serialize, Deserialize)]
struct Header {
    version: String,
    sha256: String,
    layers: Vec<Layer>,
    kratom: SubstanceIdx,
    class_stand_ins: Vec<SubstanceIdx>,
    stack_rules: Vec<usize>,
    tables: Vec<Extent>,
    /// The size of the names' hash index, in bytes.
    name_slots: u32,
}

/// Where one table lies: its entry count and its size in bytes.
#[derive(Serialize, Deserialize)]
struct Extent {
    len: u32,
    bytes: u32,
}

/// substances, classes, rules, references, products, ambiguous names, names, red flags and rule
/// candidates, in that order.
const TABLE_COUNT: usize = 9;

const LENGTH_SIZE: usize = size_of::<u32>();

pub fn encode(kb: &KnowledgeBase) -> Result<Vec<u8>, postcard::Error> {
    let mut tables = Tables::default();
    tables.push(&kb.substances)?;
    tables.push(&kb.classes)?;
    tables.push(&kb.rules)?;
    tables.push(&kb.references)?;
    tables.push(&kb.products)?;
    tables.push(&kb.ambiguous_names)?;
    tables.push(&kb.names)?;
    tables.push(&kb.red_flags)?;
    tables.push(&kb.rule_candidates)?;

    let header = postcard::to_allocvec(&Header {
        version: kb.version.clone(),
        sha256: kb.sha256.clone(),
        layers: kb.layers.clone(),
        kratom: kb.kratom,
        class_stand_ins: kb.class_stand_ins.clone(),
        stack_rules: kb.stack_rules.clone(),
        tables: tables.extents,
        name_slots: to_u32(kb.name_slots.bytes().len()),
    })?;
    let slots = kb.name_slots.bytes();
    let mut blob =
        Vec::with_capacity(LENGTH_SIZE + header.len() + tables.bytes.len() + slots.len());
    blob.extend_from_slice(&to_u32(header.len()).to_le_bytes());
    blob.extend_from_slice(&header);
    blob.extend_from_slice(&tables.bytes);
    blob.extend_from_slice(slots);
    Ok(blob)
}

#[derive(Default)]
struct Tables {
    bytes: Vec<u8>,
    extents: Vec<Extent>,
}

impl Tables {
    fn push<T: Serialize + DeserializeOwned>(
        &mut self,
        table: &Table<T>,
    ) -> Result<(), postcard::Error> {
        let bytes = table.encode(&mut self.bytes)?;
        self.extents.push(Extent {
            len: to_u32(table.len()),
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
    let (header, mut tables) = rest
        .split_at_checked(u32::from_le_bytes(*length) as usize)
        .ok_or(Malformed("header cut short"))?;
    let header: Header = postcard::from_bytes(header).map_err(|_| Malformed("bad header"))?;
    if header.tables.len() != TABLE_COUNT {
        return Err(Malformed("wrong number of tables"));
    }
    let mut extents = header.tables.iter();
    let mut next = || {
        let extent = extents.next().expect("the number of tables was checked");
        let (table, rest) = tables
            .split_at_checked(extent.bytes as usize)
            .ok_or(Malformed("table cut short"))?;
        tables = rest;
        Ok::<_, Malformed>((table, extent.len as usize))
    };
    let substances = table(next()?)?;
    let classes = table(next()?)?;
    let rules = table(next()?)?;
    let references = table(next()?)?;
    let products = table(next()?)?;
    let ambiguous_names = table(next()?)?;
    let names = table(next()?)?;
    let red_flags = table(next()?)?;
    let rule_candidates = table(next()?)?;
    let name_slots = (tables.len() == header.name_slots as usize)
        .then(|| NameSlots::from_bytes(tables))
        .flatten()
        .ok_or(Malformed("the name index is not whole"))?;
    Ok(KnowledgeBase {
        version: header.version,
        sha256: header.sha256,
        layers: header.layers,
        kratom: header.kratom,
        class_stand_ins: header.class_stand_ins,
        stack_rules: header.stack_rules,
        substances,
        classes,
        rules,
        references,
        products,
        ambiguous_names,
        names,
        name_slots,
        red_flags,
        rule_candidates,
    })
}

fn table<T: DeserializeOwned>((bytes, len): (&'static [u8], usize)) -> Result<Table<T>, Malformed> {
    Table::decode(bytes, len).map_err(|_| Malformed("table offsets do not match its size"))
}
