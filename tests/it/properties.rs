//! Safety properties over random combinations from the embedded knowledge base.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use kratom_check::context::Context;
use kratom_check::engine::{self, EvaluationMemo};
use kratom_check::kb::{self, KnowledgeBase, Tier};
use kratom_check::report::Report;
use kratom_check::resolve::{Corrections, Resolver};
use proptest::prelude::*;

pub(crate) fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| kb::load_embedded().expect("embedded knowledge base is valid"))
}

/// Ids of up to `max` substances, possibly repeated.
fn substances(max: usize) -> impl Strategy<Value = Vec<String>> {
    let count = kb().substances.len();
    prop::collection::vec(0..count, 0..=max).prop_map(|picks| {
        picks
            .into_iter()
            .map(|i| kb().substances[kb::SubstanceIdx(i)].id.clone())
            .collect()
    })
}

struct Outcome {
    tier: Tier,
    complete: bool,
    /// Pair findings: (rule, the ids of its substances, sorted).
    findings: BTreeSet<(String, Vec<String>)>,
    /// Stack findings: (group or rule, tier, the ids of its members, sorted).
    stacks: Vec<(String, Tier, Vec<String>)>,
    json: String,
}

fn check(inputs: &[String]) -> Outcome {
    let kb = kb();
    let resolution = Resolver::new(kb, Corrections::Allowed).resolve(inputs);
    let assessment = engine::evaluate(kb, &resolution.participants(), &Context::default());
    let report = Report::new(kb, &resolution, &assessment, &Context::default());
    let ids_of = |f: &kratom_check::engine::Finding| {
        let mut ids: Vec<String> = f
            .substances
            .iter()
            .map(|&s| kb.substances[s].id.clone())
            .collect();
        ids.sort();
        ids
    };
    let stacks = assessment
        .findings
        .iter()
        .filter(|f| !f.is_pair())
        .map(|f| {
            let group = f.rule.group.clone().unwrap_or_else(|| f.rule.id.clone());
            (group, f.tier, ids_of(f))
        })
        .collect();
    let findings = assessment
        .findings
        .iter()
        .filter(|f| f.is_pair())
        .map(|f| (f.rule.id.clone(), ids_of(f)))
        .collect();
    Outcome {
        tier: assessment.tier,
        complete: assessment.is_complete(&resolution),
        findings,
        stacks,
        json: serde_json::to_string(&report).expect("report serialises"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn order_and_duplicates_do_not_change_the_result(
        inputs in substances(6),
        seed in any::<u64>(),
    ) {
        let mut shuffled = inputs.clone();
        shuffled.extend(inputs.iter().take(2).cloned());
        let len = shuffled.len().max(1);
        shuffled.rotate_left((seed as usize) % len);
        shuffled.reverse();
        let (a, b) = (check(&inputs), check(&shuffled));
        prop_assert_eq!(a.tier, b.tier);
        prop_assert_eq!(a.findings, b.findings);
    }

    #[test]
    fn adding_a_substance_never_lowers_the_tier_or_removes_a_finding(
        inputs in substances(5),
        extra in substances(1),
    ) {
        let before = check(&inputs);
        let mut more = inputs.clone();
        more.extend(extra);
        let after = check(&more);
        prop_assert!(after.tier >= before.tier);
        prop_assert!(before.findings.is_subset(&after.findings));
        // A stack only grows: the same group, at least as severe, with every earlier member.
        // Or a more severe rule of its group takes over, and that rule counts only the members
        // that meet its own, stricter condition (`stack_escalation_keeps_the_stricter_members`).
        for (group, tier, members) in &before.stacks {
            let grown = after.stacks.iter().any(|(g, t, m)| {
                g == group && (t > tier || members.iter().all(|id| m.contains(id)))
            });
            prop_assert!(grown, "stack {} shrank", group);
        }
    }

    #[test]
    fn the_same_input_gives_byte_identical_json(inputs in substances(6)) {
        prop_assert_eq!(check(&inputs).json, check(&inputs).json);
    }

    #[test]
    fn an_unresolved_input_is_never_complete(
        inputs in substances(4),
        junk in "[a-z]{3,12}qx[a-z]{0,4}",
    ) {
        let mut with_junk = inputs.clone();
        with_junk.push(junk);
        prop_assert!(!check(&with_junk).complete);
    }

    #[test]
    fn findings_name_only_queried_substances_and_existing_rules_and_references(
        inputs in substances(6),
    ) {
        let kb = kb();
        let resolution = Resolver::new(kb, Corrections::Allowed).resolve(&inputs);
        let participants = resolution.participants();
        let assessment = engine::evaluate(kb, &participants, &Context::default());
        for finding in &assessment.findings {
            prop_assert!(finding.substances.iter().all(|s| participants.contains(s)));
            prop_assert!(kb.rules.iter().any(|r| r.id == finding.rule.id));
            for reference in &finding.references {
                prop_assert!(kb.reference(reference).is_some());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A short randomized smoke run of the loader: arbitrary text, and arbitrary edits of a
    /// real knowledge-base file, give a value or located problems, never a panic.
    #[test]
    fn the_loader_never_panics(
        text in ".{0,400}",
        cut in 0usize..4000,
        insert in "[\\[\\]{}:&*!|>\\-#'\" a-z0-9\\n]{0,12}",
    ) {
        let source = |text: String| kb::Source {
            path: "fuzz.yaml".into(),
            text: text.into(),
            layer: "fuzz".into(),
        };
        let _ = kb::compile(&[source(text)]);
        let real = include_str!("../../data/kratom.yaml");
        let mut at = cut.min(real.len());
        while !real.is_char_boundary(at) {
            at -= 1;
        }
        let edited = format!("{}{insert}{}", &real[..at], &real[at..]);
        if let Err(e) = kb::compile(&[source(edited)]) {
            prop_assert!(!e.problems.is_empty());
        }
    }

    /// The resolver with arbitrary names, control characters and all, never panics, and
    /// accounts for every input: resolved or listed unresolved, none dropped, none invented.
    /// (A comma ends a name, so these names have none: the word tests cover commas.)
    #[test]
    fn the_resolver_never_panics(names in prop::collection::vec("[^,]{0,40}", 0..8)) {
        let resolution = Resolver::new(kb(), Corrections::Allowed).resolve(&names);
        for unresolved in &resolution.unresolved {
            prop_assert!(names.contains(&unresolved.input));
        }
        for resolved in &resolution.resolved {
            // A word inside a name that names a substance of its own is checked as well.
            let typed = resolved.within.as_ref().or(resolved.input.as_ref());
            prop_assert!(typed.is_none_or(|input| names.contains(input)));
        }
        // A product resolves to one entry per ingredient, all for the one name typed.
        let mut typed_resolved = 0;
        let mut product_entries: BTreeMap<kb::ProductIdx, usize> = BTreeMap::new();
        for resolved in resolution.resolved.iter().skip(1) {
            match resolved.product {
                _ if resolved.within.is_some() => {}
                None => typed_resolved += 1,
                Some(product) => *product_entries.entry(product).or_default() += 1,
            }
        }
        for (product, entries) in product_entries {
            typed_resolved += entries / kb().products[product].ingredients.len();
        }
        prop_assert!(typed_resolved + resolution.unresolved.len() <= names.len());
        let kratom_typed = names
            .iter()
            .any(|n| kratom_check::names::key(n) == "kratom");
        if !kratom_typed {
            prop_assert_eq!(typed_resolved + resolution.unresolved.len(), names.len());
        }
    }
}

/// What a finding says, for comparing two evaluations of the same check.
fn finding_summaries(assessment: &engine::Assessment) -> Vec<String> {
    assessment
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                f.rule.id,
                f.tier,
                f.substances,
                f.grade,
                f.basis,
                f.references,
                f.mechanisms,
                f.context_notes
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Kratom's pairs and stack membership remembered across checks (as a batch worker does)
    /// give the same findings as a fresh evaluation, however checks in different contexts
    /// (a 7-OH product form changes which substance stands in for kratom) follow each other.
    #[test]
    fn a_remembered_evaluation_equals_a_fresh_one(
        checks in prop::collection::vec((substances(6), 0usize..5), 1..12),
    ) {
        let kb = kb();
        let contexts = [
            Context::default(),
            Context { form: Some("extract".parse().unwrap()), ..Context::default() },
            Context { form: Some("7-oh".parse().unwrap()), ..Context::default() },
            Context { dose: Some("2 g".parse().unwrap()), ..Context::default() },
            Context { frequency: Some("occasional".parse().unwrap()), ..Context::default() },
        ];
        let names = Resolver::new(kb, Corrections::Off);
        let mut memo = EvaluationMemo::default();
        for (inputs, context) in &checks {
            let participants = names.resolve(inputs).participants();
            let context = &contexts[*context];
            let remembered = engine::evaluate_apart(
                kb,
                &participants,
                &engine::SameProduct::default(),
                context,
                &mut memo,
            );
            let fresh = engine::evaluate(kb, &participants, context);
            prop_assert_eq!(remembered.tier, fresh.tier);
            prop_assert_eq!(finding_summaries(&remembered), finding_summaries(&fresh));
        }
    }
}

/// Found by the property above: adding 7-OH to morphine and sertraline makes three moderate
/// depressants with kratom, so the avoid stack replaces the major one, and sertraline (a weak
/// depressant) is left to its pair findings.
#[test]
fn stack_escalation_keeps_the_stricter_members() {
    let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let before = check(&names(&["morphine", "sertraline"]));
    let after = check(&names(&[
        "morphine",
        "sertraline",
        "seven_hydroxymitragynine",
    ]));
    let stack = |outcome: &Outcome| {
        let (_, tier, members) = outcome
            .stacks
            .iter()
            .find(|(group, _, _)| group == "depressant-stack")
            .expect("a depressant stack");
        (*tier, members.clone())
    };
    let (tier_before, members_before) = stack(&before);
    let (tier_after, members_after) = stack(&after);
    assert!(tier_after > tier_before);
    assert!(members_before.contains(&"sertraline".to_string()));
    assert!(!members_after.contains(&"sertraline".to_string()));
    assert!(
        after
            .findings
            .iter()
            .any(|f| f.0 == "depressant-with-mild-depressant")
    );
}

/// Every class and ambiguous name of the base.
fn names_with_members() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let kb = kb();
        kb.classes
            .iter()
            .map(|class| class.id.clone())
            .chain(kb.ambiguous_names.iter().map(|a| a.name.clone()))
            .collect()
    })
}

/// The joint check of `inputs`: its tier, the least and most its names report, and whether it
/// stands as complete.
fn joint(inputs: &[&str]) -> (Tier, Option<(Tier, Tier)>, bool) {
    let kb = kb();
    let resolution = Resolver::new(kb, Corrections::Off).resolve(inputs);
    let checked = kratom_check::check::check(kb, resolution, Context::default()).unwrap();
    let range = checked.assessment.worst_cases.first().map(|w| w.range());
    (checked.assessment.tier, range, checked.is_complete())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Several class or ambiguous names are judged at their joint worst, whatever the order:
    /// the tier is the worst over every pair of their members (evaluated one pair at a time
    /// here), the least is the mildest pair, and the check is complete only when they agree.
    #[test]
    fn class_names_are_judged_at_the_worst_of_every_combination_in_either_order(
        first in 0..names_with_members().len(),
        second in 0..names_with_members().len(),
        extra in substances(1),
    ) {
        let kb = kb();
        let names = Resolver::new(kb, Corrections::Off);
        let (first, second) = (&names_with_members()[first], &names_with_members()[second]);
        let members = |name: &str| -> Vec<kb::SubstanceIdx> {
            let resolution = names.resolve(&[name]);
            let members = resolution.resolved[1].members.as_ref().expect(name);
            members.substances.clone()
        };
        // A class's stand-in has an id but no name: it is not something a person types.
        let extra: Vec<String> = extra
            .into_iter()
            .filter(|id| names.resolve(&[id]).unresolved.is_empty())
            .collect();
        let fixed: Vec<kb::SubstanceIdx> = std::iter::once(kb.kratom)
            .chain(names.resolve(&extra).participants().into_iter().skip(1))
            .collect();
        let (mut worst, mut least) = (Tier::None, Tier::Avoid);
        for &a in &members(first) {
            for &b in &members(second) {
                let mut participants = fixed.clone();
                participants.extend([a, b]);
                let tier = engine::evaluate(kb, &participants, &Context::default()).tier;
                worst = worst.max(tier);
                least = least.min(tier);
            }
        }
        let mut inputs: Vec<&str> = extra.iter().map(String::as_str).collect();
        inputs.extend([first.as_str(), second.as_str()]);
        let forward = joint(&inputs);
        let len = inputs.len();
        inputs[len - 2..].reverse();
        let backward = joint(&inputs);
        prop_assert_eq!(forward.0, worst, "{:?}", inputs);
        prop_assert_eq!(backward.0, worst, "{:?}", inputs);
        prop_assert_eq!(forward.1, Some((least, worst)), "{:?}", inputs);
        prop_assert_eq!(backward.1, Some((least, worst)), "{:?}", inputs);
        prop_assert_eq!(forward.2, least == worst, "{:?}", inputs);
    }
}
