//! Safety properties over random combinations from the embedded knowledge base.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use kratom_check::engine;
use kratom_check::kb::{self, KnowledgeBase, Tier};
use kratom_check::report::Report;
use kratom_check::resolve::NameIndex;
use proptest::prelude::*;

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| kb::load_embedded().expect("embedded knowledge base is valid"))
}

/// Ids of up to `max` substances, possibly repeated.
fn substances(max: usize) -> impl Strategy<Value = Vec<String>> {
    let count = kb().substances.len();
    prop::collection::vec(0..count, 0..=max).prop_map(|picks| {
        picks
            .into_iter()
            .map(|i| kb().substances[i].id.clone())
            .collect()
    })
}

struct Outcome {
    tier: Tier,
    complete: bool,
    /// (rule, the pair's ids sorted)
    findings: BTreeSet<(String, String, String)>,
    json: String,
}

fn check(inputs: &[String]) -> Outcome {
    let kb = kb();
    let resolution = NameIndex::new(kb).resolve(inputs);
    let assessment = engine::evaluate(kb, &resolution.participants());
    let report = Report::new(kb, &resolution, &assessment);
    let findings = assessment
        .findings
        .iter()
        .map(|f| {
            let mut pair = [
                kb.substances[f.substances[0]].id.clone(),
                kb.substances[f.substances[1]].id.clone(),
            ];
            pair.sort();
            let [a, b] = pair;
            (f.rule.id.clone(), a, b)
        })
        .collect();
    Outcome {
        tier: assessment.tier,
        complete: resolution.is_complete(),
        findings,
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
        let resolution = NameIndex::new(kb).resolve(&inputs);
        let participants = resolution.participants();
        let assessment = engine::evaluate(kb, &participants);
        for finding in &assessment.findings {
            prop_assert!(finding.substances.iter().all(|s| participants.contains(s)));
            prop_assert!(kb.rules.iter().any(|r| r.id == finding.rule.id));
            for reference in &finding.references {
                prop_assert!(kb.reference(reference).is_some());
            }
        }
    }
}
