//! Words typed apart read as the names they make, over the whole base: any two known names
//! typed as words give what the two names quoted give, in either order, with or without a
//! comma between them.

use std::collections::BTreeSet;

use kratom_check::check::check;
use kratom_check::context::Context;
use kratom_check::kb::Tier;
use kratom_check::resolve::{Corrections, Resolver};
use proptest::prelude::*;

use crate::properties::kb;

/// The substances a check judged and its tier, or `None` when it is too large to run.
fn outcome<S: AsRef<str>>(words: &[S]) -> Option<(BTreeSet<String>, Tier, usize)> {
    let kb = kb();
    let resolution = Resolver::new(kb, Corrections::Off).resolve_words(words);
    let unresolved = resolution.unresolved.len();
    let checked = check(kb, resolution, Context::default()).ok()?;
    let ids = checked
        .assessment
        .participants
        .iter()
        .map(|&s| kb.substances[s].id.clone())
        .collect();
    Some((ids, checked.assessment.tier, unresolved))
}

/// Any name the base knows: a substance's id, name or alias, a class, a product or an
/// ambiguous name. A display name that is a list ("calcium, magnesium, aluminium, iron or zinc
/// product") is left out: typed as words, its commas end names, as they should.
fn known_name() -> impl Strategy<Value = String> {
    let names: Vec<String> = kb()
        .names
        .iter()
        .map(|name| name.spelling.clone())
        .filter(|spelling| !spelling.contains(", "))
        .collect();
    prop::sample::select(names)
}

fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split_whitespace().map(String::from)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn two_names_typed_apart_read_as_quoted_in_either_order(
        a in known_name(),
        b in known_name(),
    ) {
        let quoted = outcome(&[a.clone(), b.clone()]);
        let apart: Vec<String> = words(&a).chain(words(&b)).collect();
        let swapped: Vec<String> = words(&b).chain(words(&a)).collect();
        let with_comma: Vec<String> = words(&a).chain([",".to_string()]).chain(words(&b)).collect();
        prop_assert_eq!(&outcome(&apart), &quoted, "{:?} typed apart", apart);
        prop_assert_eq!(&outcome(&swapped), &quoted, "{:?} typed apart", swapped);
        prop_assert_eq!(&outcome(&with_comma), &quoted, "{:?} with a comma", with_comma);
    }
}

/// A stretch of words is read only while its words could still make a known name's key; the
/// names with the longest keys sit at that bound, and are still read whole beside another name.
#[test]
fn the_longest_names_typed_apart_read_as_quoted() {
    let kb = kb();
    let mut longest: Vec<&str> = kb
        .names
        .iter()
        .filter(|name| !name.spelling.contains(", "))
        .map(|name| name.spelling.as_str())
        .collect();
    longest.sort_by_key(|spelling| std::cmp::Reverse(kratom_check::names::key(spelling).len()));
    for name in longest.into_iter().take(12) {
        let quoted = outcome(&[name, "sertraline"]);
        let apart: Vec<String> = words(name).chain(words("sertraline")).collect();
        assert_eq!(outcome(&apart), quoted, "{apart:?} typed apart");
    }
}
