//! The embedded knowledge base's integrity, and the loader's refusal of broken files.

use std::borrow::Cow;

use kratom_check::kb::{self, KbError, Source};
use kratom_check::resolve::{Corrections, Resolver};
use kratom_check::rule_examples;

fn compile(files: &[(&str, &str)]) -> Result<kb::KnowledgeBase, KbError> {
    let sources: Vec<Source> = [("program-ids.yaml", PROGRAM_IDS)]
        .iter()
        .chain(files)
        .map(|(path, text)| Source {
            path: path.to_string(),
            text: Cow::Owned(text.to_string()),
            layer: "test".to_string(),
        })
        .collect();
    kb::compile(&sources)
}

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    match compile(files) {
        Ok(_) => panic!("expected the knowledge base to be rejected"),
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

const KRATOM: &str = "substances:\n  - id: kratom\n    name: Kratom\n";

/// The ids the program relies on (the forms' potent-opioid substances, the recreational and
/// kratom-product classes), which every base must define; the small bases here add them.
const PROGRAM_IDS: &str = "\
classes:
  - {id: recreational_drug, name: recreational drug}
  - {id: kratom_product, name: kratom product}
substances:
  - {id: seven_hydroxymitragynine, name: 7-OH, classes: [kratom_product]}
  - {id: mitragynine_pseudoindoxyl, name: pseudoindoxyl, classes: [kratom_product]}
";

#[test]
fn embedded_base_loads_and_covers_the_seed_claims() {
    let kb = kb::load_embedded().expect("embedded knowledge base is valid");
    assert!(
        kb.substances.len() >= 80,
        "{} substances",
        kb.substances.len()
    );
    assert_eq!(kb.sha256.len(), 64);
    let names = Resolver::new(&kb, Corrections::Allowed);
    let seed = [
        "sertraline",
        "fluoxetine",
        "venlafaxine",
        "bupropion",
        "Wellbutrin",
        "Zoloft",
        "tramadol",
        "fentanyl",
        "MDMA",
        "cocaine",
        "amphetamine",
        "heroin",
        "morphine",
        "methadone",
        "buprenorphine",
        "naltrexone",
        "alprazolam",
        "phenelzine",
        "warfarin",
        "lithium",
        "kava",
        "cannabis",
        "CBD",
        "alcohol",
        "cyproheptadine",
        "quetiapine",
        "modafinil",
        "propylhexedrine",
        "methamphetamine",
        "diphenhydramine",
        "midazolam",
        "dextromethorphan",
        "ketoconazole",
        "O-desmethyltramadol",
        "oxycodone",
        "gabapentin",
        "pregabalin",
        "carisoprodol",
        "clonidine",
        "lofexidine",
        "tizanidine",
        "naloxone",
        "digoxin",
        "loperamide",
        "tamoxifen",
        "tacrolimus",
        "grapefruit juice",
        "rifampin",
        "carbamazepine",
        "St John's wort",
        "acetaminophen",
        "codeine",
        "7-OH",
        "mirtazapine",
        "trazodone",
        "buspirone",
        "ziprasidone",
        "desvenlafaxine",
        "amitriptyline",
        "nortriptyline",
        "metoprolol",
        "simvastatin",
        "dabigatran",
        "lamotrigine",
        "zidovudine",
        "citalopram",
        "haloperidol",
        "ondansetron",
        "clarithromycin",
        "sumatriptan",
        "hydroxyzine",
        "promethazine",
        "caffeine",
    ];
    let resolution = names.resolve(&seed);
    let missing: Vec<&str> = resolution
        .unresolved
        .iter()
        .map(|u| u.input.as_str())
        .collect();
    assert!(missing.is_empty(), "not in the knowledge base: {missing:?}");
}

#[test]
fn every_rule_is_graded_and_cited_or_an_extrapolation() {
    let kb = kb::load_embedded().unwrap();
    for rule in &kb.rules {
        if rule.references.is_empty() {
            assert_eq!(rule.grade, kb::Grade::E, "{} is uncited", rule.id);
        }
        for id in &rule.references {
            assert!(kb.reference(id).is_some(), "{} cites unknown {id}", rule.id);
        }
    }
}

#[test]
fn a_valid_minimal_base_compiles() {
    let kb = compile(&[("kb.yaml", KRATOM)]).expect("valid");
    assert_eq!(kb.version, "unversioned");
    assert_eq!(kb.substances[kb.kratom].id, "kratom");
}

#[test]
fn duplicate_keys_are_an_error_not_a_silent_overwrite() {
    let text = "substances:\n  - id: kratom\n    name: Kratom\n    name: Other\n";
    let found = problems(&[("dup.yaml", text)]);
    assert!(found[0].contains("dup.yaml:4:"), "{found:?}");
    assert!(found[0].to_lowercase().contains("duplicate"), "{found:?}");
}

#[test]
fn unknown_fields_and_vocabulary_point_at_the_line() {
    let text = "substances:\n  - id: kratom\n    name: Kratom\n    properties: {sleepy: strong}\n";
    let found = problems(&[("vocab.yaml", text)]);
    assert!(found[0].contains("vocab.yaml:4:"), "{found:?}");
    assert!(found[0].contains("sleepy"), "{found:?}");
}

#[test]
fn every_problem_is_reported_at_once_with_did_you_mean() {
    let classes = "classes:\n  - id: ssri\n    name: SSRI\n";
    let substances = "substances:\n  - id: kratom\n    name: Kratom\n  - id: a\n    name: A\n    classes: [ssrl]\n  - id: b\n    name: B\n    aliases: [A]\n";
    let found = problems(&[("classes.yaml", classes), ("substances.yaml", substances)]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().any(|p| p.contains("did you mean `ssri`")));
    assert!(
        found
            .iter()
            .any(|p| p.contains("already names substance `a`"))
    );
}

#[test]
fn class_cycles_are_rejected() {
    let classes = "classes:\n  - id: x\n    name: X\n    parents: [y]\n  - id: y\n    name: Y\n    parents: [x]\n";
    let found = problems(&[("k.yaml", KRATOM), ("classes.yaml", classes)]);
    assert!(
        found.iter().any(|p| p.contains("own ancestor")),
        "{found:?}"
    );
}

#[test]
fn a_rule_without_references_must_be_graded_e_and_say_so() {
    let rule = |grade: &str, summary: &str| {
        format!(
            "rules:\n  - id: r\n    title: R\n    tier: minor\n    mechanisms: [cns_depression]\n    when:\n      a: {{substance: kratom}}\n      b: {{property: cns_depressant}}\n    explanation: E.\n    evidence: {{grade: {grade}, summary: {summary}}}\n"
        )
    };
    let found = problems(&[("k.yaml", KRATOM), ("r.yaml", &rule("B", "Trust me."))]);
    assert!(found[0].contains("cites no reference"), "{found:?}");
    let found = problems(&[("k.yaml", KRATOM), ("r.yaml", &rule("E", "Plausible."))]);
    assert!(found[0].contains("class-based extrapolation"), "{found:?}");
    compile(&[
        ("k.yaml", KRATOM),
        ("r.yaml", &rule("E", "Class-based extrapolation.")),
    ])
    .expect("an honest grade E rule is valid");
}

#[test]
fn a_base_without_kratom_is_rejected() {
    let found = problems(&[("s.yaml", "substances:\n  - id: water\n    name: Water\n")]);
    assert!(found[0].contains("`kratom`"), "{found:?}");
}

#[test]
fn malformed_yaml_is_an_error_with_a_location() {
    let found = problems(&[(
        "broken.yaml",
        "substances:\n  - id: kratom\n    name: [unclosed\n",
    )]);
    assert!(found[0].contains("broken.yaml:"), "{found:?}");
}

#[test]
fn an_id_defined_twice_in_one_layer_is_an_error() {
    let twice =
        "substances:\n  - id: kratom\n    name: Kratom\n  - id: kratom\n    name: Kratom again\n";
    let found = problems(&[("twice.yaml", twice)]);
    assert!(found[0].contains("defined twice"), "{found:?}");
    assert!(found[0].contains("twice.yaml:4:"), "{found:?}");
}

#[test]
fn the_blob_in_the_binary_reads_back_as_the_yaml_compiles() {
    let from_yaml = kb::compile_embedded().expect("the built-in YAML compiles");
    let from_blob = kb::load_embedded().expect("the built-in blob loads");
    assert_eq!(format!("{from_blob:?}"), format!("{from_yaml:?}"));

    let layered = compile(&[
        ("kratom.yaml", KRATOM),
        (
            "more.yaml",
            "substances:\n  - id: caffeine\n    name: Caffeine\n    aliases: [coffee]\n",
        ),
    ])
    .expect("a small base compiles");
    let encoded = kb::blob::encode(&layered).expect("a compiled base encodes");
    let decoded = kb::blob::decode(encoded.leak()).expect("an encoded base decodes");
    assert_eq!(format!("{decoded:?}"), format!("{layered:?}"));
    assert!(decoded.name("coffee").is_some());
}

#[test]
fn damaged_blobs_are_refused_without_panicking() {
    let kb = compile(&[("kratom.yaml", KRATOM)]).expect("a small base compiles");
    let encoded = kb::blob::encode(&kb).expect("a compiled base encodes");
    for cut in 0..encoded.len() {
        let damaged: &'static [u8] = encoded[..cut].to_vec().leak();
        assert!(
            kb::blob::decode(damaged).is_err(),
            "cut at {cut} was accepted"
        );
    }
}

#[test]
fn what_a_rule_studied_is_checked_against_the_base_and_the_rule_grade() {
    let base = "substances:\n  - id: kratom\n    name: Kratom\n  - id: midazolam\n    name: Midazolam\n    classes: [benzodiazepine]\nclasses:\n  - id: benzodiazepine\n    name: benzodiazepine\nreferences:\n  - id: study\n    citation: A study.\n    pmid: \"1\"\n";
    let rule = |studied: &str| {
        format!(
            "rules:\n  - id: r\n    title: R\n    tier: minor\n    mechanisms: [cns_depression]\n    when:\n      a: {{substance: kratom}}\n      b: {{class: benzodiazepine}}\n    explanation: E.\n    evidence: {{grade: B, summary: S.}}\n    references: [study]\n    studied:\n{studied}"
        )
    };
    let found = problems(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom], with: [benzodiazepines]}\n"),
        ),
    ]);
    assert!(
        found[0].contains("unknown substance or class `benzodiazepines`")
            && found[0].contains("did you mean `benzodiazepine`")
            && found[0].contains("r.yaml:13:39"),
        "{found:?}"
    );
    let found = problems(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom, midazolam], grade: A}\n"),
        ),
    ]);
    assert!(found[0].contains("best evidence"), "{found:?}");
    let found = problems(&[
        ("k.yaml", base),
        ("r.yaml", &rule("      - {route: oral}\n")),
    ]);
    assert!(
        found[0].contains("names no substance or class"),
        "{found:?}"
    );
    let found = problems(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom], route: rectal}\n"),
        ),
    ]);
    assert!(found[0].contains("rectal"), "{found:?}");

    let kb = compile(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom], with: [benzodiazepine], route: oral}\n"),
        ),
    ])
    .expect("valid");
    let studied = &kb.rules[kb::RuleIdx(0)].studied[0];
    assert_eq!(studied.label, "kratom with benzodiazepine, taken by mouth");
    let (midazolam, _) = kb
        .substances
        .indexed()
        .find(|(_, s)| s.id == "midazolam")
        .unwrap();
    assert!(studied.covers(&[kb.kratom, midazolam], &kb));
    assert!(!studied.covers(&[midazolam], &kb), "kratom must be there");
}

/// The one test of what each rule is for: every rule of the built-in base carries examples
/// (`examples` in its YAML), and each gives its tier when run through the engine.
#[test]
fn every_rule_gives_the_tiers_its_examples_name() {
    let kb = kb::load_embedded().unwrap();
    let without: Vec<&str> = kb
        .rules
        .iter()
        .filter(|rule| rule.examples.is_empty())
        .map(|rule| rule.id.as_str())
        .collect();
    assert!(without.is_empty(), "rules without examples: {without:?}");
    let failures: Vec<String> = rule_examples::failing_examples(&kb)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_rule_example_that_does_not_hold_is_reported() {
    let base = "substances:\n  - id: kratom\n    name: Kratom\n    properties: {cns_depressant: moderate}\n  - id: gin\n    name: Gin\n    properties: {cns_depressant: strong}\n  - id: tea\n    name: Tea\n";
    let rule = |examples: &str| {
        format!(
            "rules:\n  - id: r\n    title: R\n    tier: major\n    group: g\n    mechanisms: [cns_depression]\n    when:\n      a: {{substance: kratom}}\n      b: {{property: cns_depressant}}\n    context:\n      - when: {{dose: [low]}}\n        tier: moderate\n        note: Low.\n    explanation: E.\n    evidence: {{grade: E, summary: Class-based extrapolation.}}\n    examples:\n{examples}"
        )
    };
    let holds = compile(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom, gin], tier: major}\n      - {substances: [kratom, gin], dose: low, tier: moderate}\n      - {substances: [kratom, tea], tier: none}\n"),
        ),
    ])
    .expect("valid");
    assert!(rule_examples::failing_examples(&holds).is_empty());

    let wrong = compile(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom, gin], dose: low, tier: major}\n      - {substances: [kratom, tea], tier: minor}\n      - {substances: [gin, tea], tier: none}\n      - {substances: [kratom, gin], tier: none}\n"),
        ),
    ])
    .expect("valid");
    let failures: Vec<String> = rule_examples::failing_examples(&wrong)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        failures,
        [
            "rule `r`, example 1 (kratom + gin): gives moderate instead of major",
            "rule `r`, example 2 (kratom + tea): does not fire (expected minor)",
            "rule `r`, example 4 (kratom + gin): must not fire, but gives major on kratom + gin",
        ]
    );

    let found = problems(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule(
                "      - {substances: [kratom, gni], tier: major}\n      - {substances: [gin], tier: major}\n",
            ),
        ),
    ]);
    assert!(
        found[0].contains("unknown substance `gni`") && found[0].contains("r.yaml:17:"),
        "{found:?}"
    );
    assert!(
        found[1].contains("names 2 substances or more") && found[1].contains("r.yaml:18:"),
        "{found:?}"
    );
    let found = problems(&[
        ("k.yaml", base),
        (
            "r.yaml",
            &rule("      - {substances: [kratom, gin], tier: serious}\n"),
        ),
    ]);
    assert!(
        found[0].contains("serious") && found[0].contains("r.yaml:17:"),
        "{found:?}"
    );
}

/// A grade E rule `id` in `group`, with nothing else to check.
fn grouped_rule(id: &str, group: &str) -> String {
    format!(
        "  - id: {id}\n    title: T\n    tier: minor\n    group: {group}\n    mechanisms: [cns_depression]\n    when:\n      a: {{substance: kratom}}\n      b: {{property: cns_depressant}}\n    explanation: E.\n    evidence: {{grade: E, summary: Class-based extrapolation.}}\n"
    )
}

#[test]
fn a_group_split_across_files_is_refused_at_the_stray_rule() {
    let first = format!("rules:\n{}", grouped_rule("first", "sedation"));
    let second = format!(
        "rules:\n{}{}",
        grouped_rule("other", "liver"),
        grouped_rule("stray", "sedation")
    );
    let found = problems(&[("k.yaml", KRATOM), ("a.yaml", &first), ("b.yaml", &second)]);
    assert_eq!(found.len(), 1, "{found:?}");
    // The stray rule starts on line 12 of b.yaml; its `group:` is line 15.
    assert!(found[0].contains("b.yaml:15:"), "{found:?}");
    assert!(
        found[0].contains("rule `stray` is in group `sedation`, whose other rules are in a.yaml"),
        "{found:?}"
    );
}

#[test]
fn a_group_in_one_file_or_replaced_from_a_layer_is_valid() {
    let both = format!(
        "rules:\n{}{}",
        grouped_rule("first", "sedation"),
        grouped_rule("second", "sedation")
    );
    compile(&[("k.yaml", KRATOM), ("a.yaml", &both)]).expect("one file holds the group");

    // A site layer replaces `second` from its own file: the rule keeps its place in the group.
    let replacement = format!("rules:\n{}", grouped_rule("second", "sedation"));
    let source = |path: &str, text: &str, layer: &str| Source {
        path: path.to_string(),
        text: Cow::Owned(text.to_string()),
        layer: layer.to_string(),
    };
    let kb = kb::compile(&[
        source("program-ids.yaml", PROGRAM_IDS, "base"),
        source("k.yaml", KRATOM, "base"),
        source("a.yaml", &both, "base"),
        source("site.yaml", &replacement, "site"),
    ])
    .expect("a replacement may sit in any file");
    let ids: Vec<&str> = kb.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["first", "second"]);
}

#[test]
fn a_rule_records_the_file_and_line_it_is_defined_at() {
    let rules = format!(
        "rules:\n{}{}",
        grouped_rule("first", "sedation"),
        grouped_rule("second", "sedation")
    );
    let kb = compile(&[("k.yaml", KRATOM), ("r.yaml", &rules)]).expect("valid");
    let places: Vec<(&str, u64)> = kb
        .rules
        .iter()
        .map(|r| (r.defined_at.path.as_str(), r.defined_at.line))
        .collect();
    assert_eq!(places, [("r.yaml", 2), ("r.yaml", 12)]);

    let built_in = kb::load_embedded().expect("the built-in blob loads");
    let rule = built_in.rules.iter().next().expect("the base has rules");
    assert!(
        rule.defined_at.path.starts_with("data/rules/") && rule.defined_at.line > 0,
        "{:?}",
        rule.defined_at
    );
}
