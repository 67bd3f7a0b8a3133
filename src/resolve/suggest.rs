//! Suggestions for a name that is not known: names containing the text, then names within a
//! few edits, closest first; never applied automatically.

use super::Resolver;
use super::sieve::NameSieve;
use crate::kb::IndexedName;
use crate::names;

/// Suggestions must be at least this close: a third of the name, never fewer than two edits
/// and never more than [`MAX_SUGGESTION_EDITS`].
fn suggestion_distance(key_len: usize) -> usize {
    (key_len / 3).clamp(2, MAX_SUGGESTION_EDITS)
}

/// A name further than this from every known one has no useful suggestion, and the search's
/// cost grows with it: a long unknown name costs what a short one does.
const MAX_SUGGESTION_EDITS: usize = 4;

/// The unknown names of one check (a command line, a batch line) that get suggestions.
pub(super) const MAX_NAMES_SUGGESTED_FOR: usize = 10;

const MAX_SUGGESTIONS: usize = 3;

impl<'kb> Resolver<'kb> {
    /// Names containing `text`, shortest first, then names within suggestion distance; one
    /// name per thing.
    pub fn search(&self, text: &str) -> Vec<&'kb IndexedName> {
        let key = names::key(text);
        if key.is_empty() {
            return Vec::new();
        }
        let mut containing: Vec<&IndexedName> = self
            .kb
            .names
            .iter()
            .filter(|name| name.key.contains(&*key))
            .collect();
        containing.sort_by_key(|name| (name.key.len(), name.key.as_str()));
        let mut close: Vec<(usize, &IndexedName)> = self
            .close_names(&key, suggestion_distance(key.chars().count()))
            .collect();
        close.sort_by_key(|(distance, name)| (*distance, name.key.as_str()));
        let mut hits: Vec<&IndexedName> = Vec::new();
        for name in containing
            .into_iter()
            .chain(close.into_iter().map(|(_, n)| n))
        {
            if !hits.iter().any(|hit| hit.target.same_thing(name.target)) {
                hits.push(name);
            }
        }
        hits
    }

    /// Names whose key is within `limit` edits of `key`, with their distance, in the base's
    /// order.
    pub(super) fn close_names(
        &self,
        key: &str,
        limit: usize,
    ) -> impl Iterator<Item = (usize, &'kb IndexedName)> + use<'kb> {
        let kb = self.kb;
        self.sieve
            .get_or_init(|| NameSieve::new(kb))
            .within(key, limit)
            .into_iter()
            .map(move |(name, distance)| (distance, &kb.names[name]))
    }

    pub(crate) fn suggest(&self, key: &str) -> Vec<String> {
        if key.is_empty() {
            return Vec::new();
        }
        let limit = suggestion_distance(key.chars().count());
        let mut scored: Vec<(usize, String)> = self
            .close_names(key, limit)
            .map(|(distance, name)| (distance, self.kb.target_label(name.target).1.to_string()))
            .collect();
        scored.sort();
        let street_names = self.street_name_suggestions(key).into_iter();
        let mut suggestions: Vec<String> = Vec::new();
        for name in street_names
            .map(|name| self.kb.target_label(name.target).1.to_string())
            .chain(scored.into_iter().map(|(_, name)| name))
        {
            if !suggestions.contains(&name) {
                suggestions.push(name);
            }
            if suggestions.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        suggestions
    }
}
