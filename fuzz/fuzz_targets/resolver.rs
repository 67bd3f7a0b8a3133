#![no_main]
//! Arbitrary names against the embedded knowledge base: every input resolved or listed
//! unresolved, never a panic.

use std::sync::OnceLock;

use kratom_check::kb::{KnowledgeBase, load_embedded};
use kratom_check::resolve::NameIndex;
use libfuzzer_sys::fuzz_target;

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| load_embedded().expect("embedded knowledge base is valid"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let names: Vec<&str> = text.split('\n').collect();
    let resolution = NameIndex::new(kb()).resolve(&names);
    assert!(resolution.resolved.len() + resolution.unresolved.len() <= names.len() + 1);
});
