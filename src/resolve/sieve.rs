//! The names a search for close names looks at, by length: a name more edits away in length
//! than the limit is never looked at, the rest are sifted by their characters before a
//! distance is computed, and the distance stops at the limit. An unknown name then costs about
//! what a known one does, however long it is.

use crate::kb::{KnowledgeBase, NameIdx};
use crate::names;

/// Every name, shortest first, in three lists side by side: the character sets sifted on
/// every search are read from memory one after the other.
pub(super) struct NameSieve {
    /// `names::character_set` of each name's key.
    characters: Vec<u64>,
    /// Each name's key, as characters.
    keys: Vec<Box<[char]>>,
    /// Each name's place in the knowledge base's names.
    positions: Vec<NameIdx>,
    /// `starts[n]`: the first name with at least `n` characters.
    starts: Vec<usize>,
}

impl NameSieve {
    pub(super) fn new(kb: &KnowledgeBase) -> Self {
        let mut names: Vec<(Box<[char]>, NameIdx, u64)> = kb
            .names
            .indexed()
            .map(|(position, name)| (name.key.chars().collect(), position, name.characters))
            .collect();
        names.sort_by_key(|(key, position, _)| (key.len(), *position));
        let longest = names.last().map_or(0, |(key, _, _)| key.len());
        let starts = (0..=longest + 1)
            .map(|length| names.partition_point(|(key, _, _)| key.len() < length))
            .collect();
        let characters = names.iter().map(|&(_, _, characters)| characters).collect();
        let positions = names.iter().map(|&(_, position, _)| position).collect();
        let keys = names.into_iter().map(|(key, _, _)| key).collect();
        NameSieve {
            characters,
            keys,
            positions,
            starts,
        }
    }

    /// The names within `limit` edits of `key`, in the base's order, with their distance.
    pub(super) fn within(&self, key: &str, limit: usize) -> Vec<(NameIdx, usize)> {
        let chars: Vec<char> = key.chars().collect();
        let characters = names::character_set(key);
        let start = |length: usize| self.starts[length.min(self.starts.len() - 1)];
        let lengths = start(chars.len().saturating_sub(limit))..start(chars.len() + limit + 1);
        let mut close: Vec<(NameIdx, usize)> = lengths
            .filter(|&i| names::distance_lower_bound(characters, self.characters[i]) <= limit)
            .filter_map(|i| {
                names::distance_within(&chars, &self.keys[i], limit)
                    .map(|distance| (self.positions[i], distance))
            })
            .collect();
        close.sort_unstable();
        close
    }
}
