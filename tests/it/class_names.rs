//! Class and ambiguous names (`opioids`, `percs`): judged at their most severe member, several
//! of them at their joint worst in either order, and every class at least as severe as its
//! worst member.

use crate::common::{check_json, kratom_check};
use kratom_check::context::Context;
use kratom_check::engine::EvaluationMemo;
use kratom_check::kb;
use kratom_check::resolve::{Corrections, Resolver};
use kratom_check::{engine, worst_case};

/// A class or an ambiguous name is judged at its most severe member: the input, the member
/// the check was judged at, the least overall tier across the members, the tier, and whether
/// the answer stands as complete (every member gives the same answer).
#[test]
fn class_and_ambiguous_names_are_judged_at_their_most_severe_member() {
    for (input, judged_as, least, tier, complete) in [
        ("MAT", "methadone", "minor", "avoid", false),
        ("opioids", "fentanyl", "minor", "avoid", false),
        ("painkillers", "", "none", "avoid", false),
        ("street drugs", "", "none", "avoid", false),
        (
            "kratom products",
            "seven_hydroxymitragynine",
            "avoid",
            "avoid",
            true,
        ),
        ("antidepressants", "", "minor", "major", false),
        ("anti anxiety medicine", "", "moderate", "major", false),
        ("seizure medicine", "", "none", "major", false),
        ("supplements", "", "none", "major", false),
        ("benzos", "", "major", "major", true),
        ("percs", "", "avoid", "avoid", true),
        ("M30", "", "avoid", "avoid", true),
        ("blues", "", "avoid", "avoid", true),
        ("bars", "alprazolam", "major", "major", true),
        ("speed", "", "moderate", "moderate", true),
    ] {
        let (report, code) = check_json(&[input]);
        let entry = &report.substances[1];
        let worst_case = entry.worst_case.as_ref().expect(input);
        assert!(
            judged_as.is_empty() || entry.id == judged_as,
            "{input}: judged as {}",
            entry.id
        );
        assert_eq!(
            (
                worst_case.least.as_str(),
                worst_case.most.as_str(),
                report.tier.as_str()
            ),
            (least, tier, tier),
            "{input}"
        );
        let set_by = worst_case.candidates.iter().find(|c| c.id == entry.id);
        assert_eq!(set_by.map(|c| c.tier.as_str()), Some(tier), "{input}");
        assert_eq!(report.complete, complete, "{input}");
        assert_eq!(code, if complete { 0 } else { 3 }, "{input}");
    }
    // --fail-on fires on the worst member.
    let (_, code) = check_json(&["--fail-on", "minor", "MAT"]);
    assert_eq!(code, 1);
    let table = |names: &[&str]| {
        let output = kratom_check()
            .args(["--color", "never"])
            .args(names)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = table(&["opioids"]);
    // Many members tie at the worst: examples, never one "most dangerous" member.
    assert!(
        text.contains("rated at worst: AVOID (for example Fentanyl, Morphine,")
            && text.contains("Checked: Kratom + opioid (at worst: AVOID)")
            && !text.contains("most dangerous")
            && text.contains("Answers range from minor to avoid"),
        "{text}"
    );
    let text = table(&["street", "drugs"]);
    assert!(
        text.contains("rated at worst: AVOID (for example") && !text.contains("most dangerous"),
        "{text}"
    );
}

/// Several class or ambiguous names are judged at their joint worst, whatever the order typed:
/// the repros of issue 24, each with a pair of members that reaches the worst.
#[test]
fn several_class_names_are_judged_at_their_joint_worst_in_either_order() {
    for (names, tier, reached_by) in [
        (["SSRIs", "PPIs"], "major", ["fluvoxamine", "omeprazole"]),
        (
            ["statins", "fibrates"],
            "avoid",
            ["simvastatin", "gemfibrozil"],
        ),
        (
            ["mood stabilizers", "Midol"],
            "major",
            ["lithium", "ibuprofen"],
        ),
        (
            ["gout medicines", "DMARDs"],
            "avoid",
            ["febuxostat", "azathioprine"],
        ),
        (
            ["NOS", "Robitussin"],
            "moderate",
            ["nitrous_oxide", "dextromethorphan"],
        ),
    ] {
        for order in [[0, 1], [1, 0]] {
            let typed: Vec<&str> = order.iter().map(|&i| names[i]).collect();
            let (report, code) = check_json(&typed);
            assert_eq!(report.tier, tier, "{typed:?}");
            assert!(!report.complete && code == 3, "{typed:?}");
            let judged: Vec<&str> = report.substances[1..]
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            // The members shown reach the worst: checked by name, they give the same tier
            // (any statin with gemfibrozil is avoid, so the one shown may be another).
            let (named, _) = check_json(&judged);
            assert_eq!(named.tier, tier, "{typed:?} shown as {judged:?}");
            let expected: Vec<&str> = order.iter().map(|&i| reached_by[i]).collect();
            let (reference, _) = check_json(&expected);
            assert_eq!(reference.tier, tier, "{expected:?}");
        }
    }
}

/// Never safer than what is known: for every class in the base, the class's check is at least
/// as severe as the check of each of its members.
#[test]
fn every_class_rates_at_least_its_most_severe_member() {
    let kb = kb::load_embedded().expect("built-in base loads");
    let names = Resolver::new(&kb, Corrections::Off);
    let context = Context::default();
    for class in kb.classes.iter() {
        let resolution = names.resolve(&[&class.id]);
        let assessment =
            worst_case::evaluate(&kb, &resolution, &context, &mut EvaluationMemo::default())
                .unwrap();
        let class_tier = assessment.tier;
        let Some(worst_case) = assessment.worst_case(1) else {
            continue;
        };
        for candidate in &worst_case.candidates {
            let member = &kb.substances[candidate.substance];
            let alone = engine::evaluate(&kb, &[kb.kratom, candidate.substance], &context).tier;
            assert!(
                class_tier >= alone && candidate.tier == alone,
                "{}: {class_tier:?} below {} ({alone:?})",
                class.id,
                member.id
            );
        }
    }
}

#[test]
fn an_ambiguous_street_name_is_judged_at_its_most_severe_candidate() {
    let (report, code) = check_json(&["dope", "alcohol"]);
    let dope = &report.substances[1];
    assert_eq!(dope.matched, "ambiguous");
    let worst_case = dope.worst_case.as_ref().expect("candidates are listed");
    let ids: Vec<&str> = worst_case
        .candidates
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["heroin", "fentanyl", "cannabis"]);
    assert_eq!(
        (worst_case.least.as_str(), worst_case.most.as_str()),
        ("major", "avoid")
    );
    assert_eq!(report.tier, "avoid");
    assert_ne!(dope.id, "cannabis", "judged at an opioid");
    // The answer depends on which is meant: incomplete.
    assert_eq!(code, 3);
    assert!(!report.complete && report.unresolved.is_empty());
}
