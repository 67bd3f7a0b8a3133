//! Writes a synthetic knowledge base to stdout:
//! `cargo run --release --example synthetic_kb -- 20000 2000 > synthetic.yaml`, then
//! `kratom-check kb validate synthetic.yaml` or
//! `kratom-check --no-default-kb --kb synthetic.yaml substance_1 substance_2`.

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let substances = args.next().and_then(Result::ok).unwrap_or(20_000);
    let rules = args.next().and_then(Result::ok).unwrap_or(substances / 10);
    print!("{}", synthetic::knowledge_base(substances, rules));
}
