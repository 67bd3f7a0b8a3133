//! The names a search for close names looks at, by length: a name more edits away in length
//! than the limit is never looked at, the rest are sifted by their characters before a
//! distance is computed, and the distance stops at the limit. An unknown name then costs about
//! what a known one does, however long it is.

use crate::kb::KnowledgeBase;
use crate::names;

pub(super) struct NameSieve {
    /// Every name's characters, shortest names first.
    entries: Vec<SieveEntry>,
    /// `starts[n]`: the first entry whose name has at least `n` characters.
    starts: Vec<usize>,
}

struct SieveEntry {
    characters: u64,
    chars: Box<[char]>,
    /// The name's position in the knowledge base's names.
    name: usize,
}

impl NameSieve {
    pub(super) fn new(kb: &KnowledgeBase) -> Self {
        let mut entries: Vec<SieveEntry> = kb
            .names
            .iter()
            .enumerate()
            .map(|(name, indexed)| SieveEntry {
                characters: indexed.characters,
                chars: indexed.key.chars().collect(),
                name,
            })
            .collect();
        entries.sort_by_key(|entry| (entry.chars.len(), entry.name));
        let longest = entries.last().map_or(0, |entry| entry.chars.len());
        let starts = (0..=longest + 1)
            .map(|length| entries.partition_point(|entry| entry.chars.len() < length))
            .collect();
        NameSieve { entries, starts }
    }

    /// The positions of the names within `limit` edits of `key`, in the base's order, with
    /// their distance.
    pub(super) fn within(&self, key: &str, limit: usize) -> Vec<(usize, usize)> {
        let chars: Vec<char> = key.chars().collect();
        let characters = names::character_set(key);
        let start = |length: usize| self.starts[length.min(self.starts.len() - 1)];
        let lengths = start(chars.len().saturating_sub(limit))..start(chars.len() + limit + 1);
        let mut close: Vec<(usize, usize)> = self.entries[lengths]
            .iter()
            .filter(|entry| names::distance_lower_bound(characters, entry.characters) <= limit)
            .filter_map(|entry| {
                names::distance_within(&chars, &entry.chars, limit)
                    .map(|distance| (entry.name, distance))
            })
            .collect();
        close.sort_unstable();
        close
    }
}
