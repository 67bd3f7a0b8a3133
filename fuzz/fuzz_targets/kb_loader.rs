#![no_main]
//! Arbitrary bytes as a knowledge-base file: a value or located problems, never a panic.

use kratom_check::kb::{Source, compile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let source = Source {
            path: "fuzz.yaml".to_string(),
            text: text.to_string().into(),
            layer: "fuzz".to_string(),
        };
        if let Err(e) = compile(&[source]) {
            assert!(!e.problems.is_empty());
        }
    }
});
