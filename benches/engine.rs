//! Load, resolve and evaluate, on the built-in base and on synthetic bases of 500 and 20,000
//! substances. Run with `cargo bench`; figures are in docs/PERFORMANCE.md.

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

/// Every id of the built-in base, in base order.
fn every_id(kb: &KnowledgeBase) -> Vec<String> {
    kb.substances.iter().map(|s| s.id.clone()).collect()
}

/// One check of names as the command line reads them: resolved, then checked with class names
/// at their joint worst. Issue 27's hostile checks: a product beside 600 names (a product was a
/// scan of every pair per pair), every built-in id at once (some read as products), and one
/// name typed 4,000 times (counted once).
#[divan::bench(args = ["Percocet and 600 names", "every id", "sertraline 4,000 times"], sample_count = 10)]
fn check_hostile_argument_lists(bencher: Bencher, case: &str) {
    let kb = kb::load_embedded().unwrap();
    let names: Vec<String> = match case {
        "Percocet and 600 names" => std::iter::once("Percocet".to_string())
            .chain(every_id(&kb).into_iter().take(600))
            .collect(),
        "every id" => every_id(&kb),
        _ => vec!["sertraline".to_string(); 4_000],
    };
    let resolver = Resolver::new(&kb, Corrections::Allowed);
    bencher.bench_local(|| {
        let resolution = resolver.resolve_words(&names);
        kratom_check::check::check(&kb, resolution, Context::default())
            .map(|checked| checked.assessment.tier)
    });
}

/// Class names judged jointly: two classes whose worst is a pair of members (SSRIs with PPIs),
/// and four classes beside a regimen, where the stacks are searched too.
#[divan::bench(args = [&["SSRIs", "PPIs"][..], &["alcohol", "opioids", "benzos", "SSRIs", "antipsychotics"][..]])]
fn check_class_names_jointly(bencher: Bencher, names: &[&str]) {
    let kb = kb::load_embedded().unwrap();
    let resolver = Resolver::new(&kb, Corrections::Allowed);
    bencher.bench_local(|| {
        let resolution = resolver.resolve_words(names);
        kratom_check::check::check(&kb, resolution, Context::default())
            .map(|checked| checked.assessment.tier)
    });
}
