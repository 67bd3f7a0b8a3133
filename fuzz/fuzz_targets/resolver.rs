#![no_main]
//! Arbitrary names against the embedded knowledge base: every input resolved or listed
//! unresolved, never a panic.

use std::sync::OnceLock;

use kratom_check::kb::{KnowledgeBase, load_embedded};
use kratom_check::resolve::{Corrections, Resolver};
use libfuzzer_sys::fuzz_target;

fn names() -> &'static Resolver<'static> {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    static NAMES: OnceLock<Resolver<'static>> = OnceLock::new();
    NAMES.get_or_init(|| {
        Resolver::new(
            KB.get_or_init(|| load_embedded().expect("embedded knowledge base is valid")),
            Corrections::Allowed,
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let inputs: Vec<&str> = text.split('\n').collect();
    let resolution = names().resolve(&inputs);
    assert!(resolution.unresolved.len() <= inputs.len());
});
