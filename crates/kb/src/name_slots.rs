//! A hash index over the sorted names, so resolving a name is one or two probes rather than a
//! binary search of a dozen string comparisons. Like the lists, the built-in base's index is
//! read in place from the blob.

use std::borrow::Cow;

use crate::compiled::NameIdx;

/// Open addressing with linear probing: a name's key hashes to a slot, and the name's index
/// sits there or in one of the slots after it, before the first empty one. Stored as
/// little-endian `u32`s; the slot count is a power of two and at least twice the names, so
/// an empty slot always ends a probe.
#[derive(Debug)]
pub struct NameSlots(Cow<'static, [u8]>);

const EMPTY: u32 = u32::MAX;
const SLOT_SIZE: usize = size_of::<u32>();

impl NameSlots {
    /// The index of `keys`, in their order.
    pub fn build<'k>(keys: impl ExactSizeIterator<Item = &'k str>) -> Self {
        let count = (keys.len() * 2).next_power_of_two();
        let mut slots = vec![EMPTY; count];
        for (index, key) in keys.enumerate() {
            let mut slot = home(key, count);
            while slots[slot] != EMPTY {
                slot = (slot + 1) % count;
            }
            slots[slot] = u32::try_from(index).expect("names are capped far below 4 billion");
        }
        NameSlots(Cow::Owned(
            slots.iter().flat_map(|slot| slot.to_le_bytes()).collect(),
        ))
    }

    /// Reads an index written by [`NameSlots::bytes`]; `None` when the size is not a power of
    /// two of slots.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Self> {
        let count = bytes.len() / SLOT_SIZE;
        (bytes.len().is_multiple_of(SLOT_SIZE) && count.is_power_of_two())
            .then_some(NameSlots(Cow::Borrowed(bytes)))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The index of the name whose key is `key`, asking `key_at` for the key of a candidate.
    /// An index out of range (a damaged blob) ends the probe as a miss.
    pub fn find<'a>(
        &self,
        key: &str,
        names: usize,
        key_at: impl Fn(NameIdx) -> &'a str,
    ) -> Option<NameIdx> {
        let count = self.0.len() / SLOT_SIZE;
        let mut slot = home(key, count);
        for _ in 0..count {
            let at = slot * SLOT_SIZE;
            let index = u32::from_le_bytes(self.0[at..at + SLOT_SIZE].try_into().ok()?);
            let index = usize::try_from(index)
                .ok()
                .filter(|&i| i < names)
                .map(NameIdx)?;
            if key_at(index) == key {
                return Some(index);
            }
            slot = (slot + 1) % count;
        }
        None
    }
}

/// The slot a key hashes to: FNV-1a, which is fixed (the build script and the binary must
/// agree) and quick on short keys.
fn home(key: &str, count: usize) -> usize {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash % count as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::{NameIdx, NameSlots};

    #[test]
    fn every_key_is_found_at_its_index_and_nothing_else_is() {
        let keys: Vec<String> = (0..1000).map(|i| format!("name {i}")).collect();
        let slots = NameSlots::build(keys.iter().map(String::as_str));
        let key_at = |i: NameIdx| keys[i.0].as_str();
        for (index, key) in keys.iter().enumerate() {
            assert_eq!(slots.find(key, keys.len(), key_at), Some(NameIdx(index)));
        }
        assert_eq!(slots.find("name 1000", keys.len(), key_at), None);
        assert_eq!(slots.find("", keys.len(), key_at), None);

        let none = NameSlots::build(std::iter::empty());
        assert_eq!(none.find("kratom", 0, |_| unreachable!()), None);
    }
}
