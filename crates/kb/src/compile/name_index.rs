//! The names index and its collision policy: every id, name and alias by its normalised key,
//! and a name that would lead to two different things refused.

use std::collections::HashMap;

use serde_saphyr::Location;

use super::{Checker, Located};
use crate::names;
use crate::yaml;
use crate::{AmbiguousNameIdx, Class, ClassIdx, IndexedName, NameTarget, ProductIdx, SubstanceIdx};

impl Checker<'_> {
    /// Indexes every name by its key. A name that leads to two different things would make
    /// resolution a guess, so it is an error unless declared in `ambiguous_names`.
    pub(super) fn name_index(&mut self, named: Vec<NamedEntry>) -> Vec<IndexedName> {
        let mut index: HashMap<String, (IndexedName, NamedEntry)> = HashMap::new();
        for entry in named {
            let key = names::key(&entry.name).into_owned();
            if key.is_empty() {
                self.report(
                    entry.file,
                    entry.location,
                    format!("name `{}` has no letters or digits", entry.name),
                );
                continue;
            }
            match index.get_mut(&key) {
                Some((indexed, _)) if indexed.target.same_thing(entry.target) => {
                    // A display name outranks an alias of the same substance.
                    if matches!(entry.target, NameTarget::SubstanceName(_)) {
                        indexed.target = entry.target;
                    }
                }
                Some((_, first)) => {
                    // The clash is pointed at the later file: a layer's line, not the built-in
                    // base that the layer's name runs into.
                    let (here, there) = if entry.file >= first.file {
                        (&entry, &*first)
                    } else {
                        (&*first, &entry)
                    };
                    let message = format!(
                        "name `{}` of {} already names {}; if it really means both, list it under `ambiguous_names` instead",
                        here.name, here.owner, there.owner
                    );
                    let (file, location) = (here.file, here.location);
                    self.report(file, location, message);
                }
                None => {
                    let indexed = IndexedName {
                        characters: names::character_set(&key),
                        key: key.clone(),
                        spelling: entry.name.clone(),
                        target: entry.target,
                    };
                    index.insert(key, (indexed, entry));
                }
            }
        }
        let mut sorted: Vec<IndexedName> = index.into_values().map(|(name, _)| name).collect();
        sorted.sort_by(|a, b| a.key.cmp(&b.key));
        sorted
    }
}

/// A name waiting to be indexed, with where it was written and what it names.
pub(super) struct NamedEntry {
    name: String,
    file: usize,
    location: Location,
    target: NameTarget,
    /// How an error message refers to the owner ("substance `x`").
    owner: String,
}

/// Every name a definition gives (ids, display names, aliases), with where it was written and
/// what it leads to, for [`Checker::name_index`].
pub(super) fn named_entries(
    substance_defs: &[Located<yaml::SubstanceDef>],
    classes: &[Class],
    class_defs: &[Located<yaml::ClassDef>],
    product_defs: &[Located<yaml::ProductDef>],
    ambiguous_defs: &[Located<yaml::AmbiguousNameDef>],
) -> Vec<NamedEntry> {
    let mut named = Vec::new();
    for (i, located) in substance_defs.iter().enumerate() {
        let def = located.def;
        let owner = format!("substance `{}`", def.id.value);
        let entry = |name: &str, location, target| NamedEntry {
            name: name.to_string(),
            file: located.file,
            location,
            target,
            owner: owner.clone(),
        };
        named.push(entry(
            &def.id.value,
            def.id.referenced,
            NameTarget::SubstanceName(SubstanceIdx(i)),
        ));
        named.push(entry(
            &def.name,
            def.id.referenced,
            NameTarget::SubstanceName(SubstanceIdx(i)),
        ));
        for alias in &def.aliases {
            named.push(entry(
                &alias.value,
                alias.referenced,
                NameTarget::SubstanceAlias(SubstanceIdx(i)),
            ));
        }
    }
    for (i, (class, located)) in classes.iter().zip(class_defs).enumerate() {
        for name in [&class.id, &class.name].into_iter().chain(&class.aliases) {
            named.push(NamedEntry {
                name: name.clone(),
                file: located.file,
                location: located.def.id.referenced,
                target: NameTarget::Class(ClassIdx(i)),
                owner: format!("class `{}`", class.id),
            });
        }
    }
    for (i, located) in product_defs.iter().enumerate() {
        let def = located.def;
        let names = [
            (&def.id.value, def.id.referenced),
            (&def.name, def.id.referenced),
        ]
        .into_iter()
        .chain(def.aliases.iter().map(|a| (&a.value, a.referenced)));
        for (name, location) in names {
            named.push(NamedEntry {
                name: name.clone(),
                file: located.file,
                location,
                target: NameTarget::Product(ProductIdx(i)),
                owner: format!("product `{}`", def.id.value),
            });
        }
    }
    for (i, located) in ambiguous_defs.iter().enumerate() {
        named.push(NamedEntry {
            name: located.def.name.value.clone(),
            file: located.file,
            location: located.def.name.referenced,
            target: NameTarget::Ambiguous(AmbiguousNameIdx(i)),
            owner: "an ambiguous name".to_string(),
        });
    }
    named
}
