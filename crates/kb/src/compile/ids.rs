//! Ids: their spelling, and looking up the ids a definition refers to (with a suggestion for
//! a near miss).

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::{Checker, Located};
use crate::EntryIndex;
use crate::names;

impl Checker<'_> {
    /// Maps ids to positions, reporting ids that are not well formed.
    pub(super) fn index_ids<T, I: EntryIndex>(
        &mut self,
        defs: &[Located<T>],
        id_of: impl Fn(&T) -> &Spanned<String>,
        kind: &str,
    ) -> HashMap<String, I> {
        let mut index = HashMap::new();
        for (i, located) in defs.iter().enumerate() {
            let id = id_of(located.def);
            if !is_valid_id(&id.value, kind) {
                self.report(
                    located.file,
                    id.referenced,
                    format!(
                        "{kind} id `{}` must be lower case letters, digits and {}",
                        id.value,
                        if kind == "rule" || kind == "reference" {
                            "hyphens"
                        } else {
                            "underscores, starting with a letter"
                        }
                    ),
                );
            }
            index.insert(id.value.clone(), I::at(i));
        }
        index
    }

    pub(super) fn lookup<I: Copy>(
        &mut self,
        file: usize,
        id: &Spanned<String>,
        index: &HashMap<String, I>,
        kind: &str,
    ) -> Option<I> {
        let found = index.get(&id.value).copied();
        if found.is_none() {
            let hint = closest(&id.value, index.keys())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            self.report(
                file,
                id.referenced,
                format!("unknown {kind} `{}`{hint}", id.value),
            );
        }
        found
    }

    pub(super) fn lookup_all<I: Copy>(
        &mut self,
        file: usize,
        ids: &[Spanned<String>],
        index: &HashMap<String, I>,
        kind: &str,
    ) -> Vec<I> {
        ids.iter()
            .filter_map(|id| self.lookup(file, id, index, kind))
            .collect()
    }
}

pub(super) fn is_valid_id(id: &str, kind: &str) -> bool {
    let separator = if kind == "rule" || kind == "reference" {
        '-'
    } else {
        '_'
    };
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == separator)
}

pub(super) fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a String>,
) -> Option<&'a String> {
    candidates
        .map(|c| (names::edit_distance(wanted, c), c))
        .filter(|(distance, _)| *distance <= 3)
        .min()
        .map(|(_, c)| c)
}
