//! Load, resolve and evaluate, on the built-in base and on synthetic bases of 500 and 20,000
//! substances. Run with `cargo bench`; figures are in the README.

mod synthetic;

use std::borrow::Cow;

use divan::Bencher;
use kratom_check::context::Context;
use kratom_check::engine;
use kratom_check::kb::{self, KnowledgeBase, Source};
use kratom_check::resolve::{Corrections, Resolver};

fn main() {
    divan::main();
}

const REGIMEN: [&str; 5] = [
    "sertraline",
    "alcohol",
    "alprazolam",
    "Percocet",
    "seroquil",
];

#[divan::bench]
fn load_compiled_built_in() -> KnowledgeBase {
    kb::load_embedded().unwrap()
}

#[divan::bench(sample_count = 10)]
fn compile_built_in_from_yaml() -> KnowledgeBase {
    kb::compile_embedded().unwrap()
}

#[divan::bench]
fn resolve_five_names(bencher: Bencher) {
    let kb = kb::load_embedded().unwrap();
    let names = Resolver::new(&kb, Corrections::Allowed);
    bencher.bench_local(|| names.resolve(&REGIMEN));
}

#[divan::bench]
fn evaluate_five_substances_and_kratom(bencher: Bencher) {
    let kb = kb::load_embedded().unwrap();
    let participants = Resolver::new(&kb, Corrections::Allowed)
        .resolve(&REGIMEN)
        .participants();
    bencher.bench_local(|| engine::evaluate(&kb, &participants, &Context::default()).tier);
}

fn synthetic(substances: usize) -> KnowledgeBase {
    let text = synthetic::knowledge_base(substances, 2_000);
    kb::compile(&[Source {
        path: "synthetic.yaml".into(),
        text: Cow::Owned(text),
        layer: "synthetic".into(),
    }])
    .expect("the synthetic base is valid")
}

/// The same six-substance query against 500 and 20,000 substances (2,000 rules each, the same
/// in both): the cost should not grow with the number of substances. Both bases are built
/// before either is measured, so both runs meet the same allocator state (measured alone, the
/// run after the small base's compile allocates faster than the run after the large one's).
#[divan::bench(args = [500, 20_000], sample_count = 200)]
fn evaluate_on_synthetic_base(bencher: Bencher, substances: usize) {
    let bases = [synthetic(500), synthetic(20_000)];
    let kb = &bases[usize::from(substances > 500)];
    let names: Vec<String> = (1..=5)
        .map(|i| format!("substance_{}", i * 97 % 500))
        .collect();
    let participants = Resolver::new(kb, Corrections::Off)
        .resolve(&names)
        .participants();
    bencher.bench_local(|| {
        engine::evaluate(kb, &participants, &Context::default())
            .findings
            .len()
    });
}
