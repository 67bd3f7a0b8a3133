//! A synthetic knowledge base of any size, to show that a query's cost does not grow with the
//! base: substances get classes, properties and enzyme roles from a fixed-seed generator, and
//! rules are written over properties, classes and enzymes as real rules are.

use std::fmt::Write as _;

const PROPERTIES: &[&str] = &[
    "cns_depressant",
    "serotonergic",
    "qt_prolonging",
    "seizure_threshold_lowering",
    "stimulant",
    "anticholinergic",
    "hepatotoxic",
];
const ENZYMES: &[&str] = &["cyp1a2", "cyp2c9", "cyp2c19", "cyp2d6", "cyp3a4", "pgp"];
const LEVELS: &[&str] = &["weak", "moderate", "strong"];
const CLASSES: usize = 200;

/// A small deterministic generator (xorshift), so every run builds the same base.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The YAML text of a base with `substances` substances (kratom included) and `rules` rules.
pub fn knowledge_base(substances: usize, rules: usize) -> String {
    let mut random = Seeded(0x9e37_79b9_7f4a_7c15);
    let mut yaml = String::from(
        "meta: {version: synthetic}\n\
         references:\n  - {id: synthetic-ref, citation: Synthetic, url: https://example.org}\n\
         classes:\n",
    );
    for c in 0..CLASSES {
        let property = PROPERTIES[c % PROPERTIES.len()];
        let level = random.pick(LEVELS);
        writeln!(
            yaml,
            "  - {{id: class_{c}, name: class {c}, properties: {{{property}: {level}}}}}"
        )
        .unwrap();
    }
    yaml.push_str(
        "substances:\n  - {id: kratom, name: Kratom, properties: {cns_depressant: moderate, \
         serotonergic: weak}, inhibits: {cyp2d6: moderate, cyp3a4: weak}}\n",
    );
    for s in 1..substances {
        let class = random.below(CLASSES);
        let enzyme = random.pick(ENZYMES);
        let role = match random.below(3) {
            0 => format!("substrate_of: {{{enzyme}: sensitive}}"),
            1 => format!("inhibits: {{{enzyme}: {}}}", random.pick(LEVELS)),
            _ => format!("substrate_of: {{{enzyme}: major}}"),
        };
        writeln!(
            yaml,
            "  - {{id: substance_{s}, name: Substance {s}, aliases: [brand {s}, syn {s}], \
             classes: [class_{class}], {role}}}"
        )
        .unwrap();
    }
    yaml.push_str("rules:\n");
    // Rules have their own generator, so bases of different sizes share the same rules and
    // their first substances: the same query then meets the same rules in both.
    let mut random = Seeded(0x2545_f491_4f6c_dd1d);
    for r in 0..rules {
        let mut side = || match random.below(3) {
            0 => format!("{{property: {}}}", random.pick(PROPERTIES)),
            1 => format!("{{class: class_{}}}", random.below(CLASSES)),
            _ => format!("{{inhibits: {}}}", random.pick(ENZYMES)),
        };
        let (a, b) = (side(), side());
        writeln!(
            yaml,
            "  - {{id: rule-{r}, title: Rule {r}, tier: moderate, group: group-{}, \
             mechanisms: [cns_depression], when: {{a: {a}, b: {b}}}, explanation: Synthetic., \
             evidence: {{grade: E, summary: Synthetic class-based extrapolation.}}}}",
            r % 50
        )
        .unwrap();
    }
    yaml
}
