//! Classes: each class's ancestry, bounded so that a hostile chain costs linear time, and the
//! stand-in substance a class-level input is judged as.

use std::collections::BTreeMap;

use super::{Checker, Located};
use crate::yaml;
use crate::{Class, ClassIdx, Fact, LayerIdx, Origin, Substance};

impl Checker<'_> {
    /// Refuses a class that is its own ancestor, or that has more than [`MAX_ANCESTORS`]
    /// (which also ends the walk of a cycle longer than that): each walk is bounded, so the
    /// check is linear in the classes however deep a hostile chain runs.
    pub(super) fn check_class_ancestry(
        &mut self,
        defs: &[Located<yaml::ClassDef>],
        classes: &[Class],
    ) {
        for (start, located) in defs.iter().enumerate() {
            let start = ClassIdx(start);
            let ancestors = ancestry_of(&classes[start].parents, classes);
            let problem = if ancestors.contains(&start) {
                "is its own ancestor (a cycle through `parents`)".to_string()
            } else if ancestors.len() >= MAX_ANCESTORS {
                format!(
                    "has more than {MAX_ANCESTORS} ancestors; no real class hierarchy is that deep"
                )
            } else {
                continue;
            };
            self.report(
                located.file,
                located.def.id.referenced,
                format!("class `{}` {problem}", classes[start].id),
            );
        }
    }
}

/// The substance a class-level input is judged as: what every member inherits from the class
/// and its ancestors, and no enzyme roles, since those differ between members.
pub(super) fn stand_in(class: ClassIdx, classes: &[Class]) -> Substance {
    let ancestry = ancestry_of(&[class], classes);
    let mut properties = BTreeMap::new();
    for &ancestor in &ancestry {
        for (&property, fact) in &classes[ancestor].properties {
            properties.entry(property).or_insert_with(|| Fact {
                origin: Origin::Class(class),
                ..fact.clone()
            });
        }
    }
    Substance {
        id: format!("class:{}", classes[class].id),
        name: classes[class].name.clone(),
        aliases: Vec::new(),
        classes: vec![class],
        ancestry,
        properties,
        substrate_of: BTreeMap::new(),
        inhibits: BTreeMap::new(),
        induces: BTreeMap::new(),
        note: None,
        layer: LayerIdx(0),
        replaces_earlier: false,
        stands_for: Some(class),
    }
}

/// The most ancestors a class may have: real hierarchies are a few levels deep, and each
/// substance keeps its ancestry, so a hostile chain thousands deep would cost its square.
pub(super) const MAX_ANCESTORS: usize = 64;

/// The classes and their ancestors, nearest first, each once; at most [`MAX_ANCESTORS`], since
/// [`Checker::check_class_ancestry`] refuses a base with more.
pub(super) fn ancestry_of(direct: &[ClassIdx], classes: &[Class]) -> Vec<ClassIdx> {
    let mut order: Vec<ClassIdx> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut frontier: Vec<ClassIdx> = direct.to_vec();
    while !frontier.is_empty() && order.len() < MAX_ANCESTORS {
        let mut next = Vec::new();
        for class in frontier {
            if order.len() < MAX_ANCESTORS && seen.insert(class) {
                order.push(class);
                next.extend(&classes[class].parents);
            }
        }
        frontier = next;
    }
    order
}
