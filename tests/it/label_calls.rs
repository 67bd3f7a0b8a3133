//! Clinical calls a pharmacist would sign (issue 25): each pair with the tier its label or
//! source gives, the rule that must give it, and the evidence it may claim. A pair that belongs
//! to one rule is also in that rule's `examples:`.

use kratom_check::engine::Basis;
use kratom_check::kb::{self, Grade, Tier};
use kratom_check::rule_examples;

use crate::common::{check_json, rank};

/// One call a line: `input a | input b | substance id a | substance id b | rule | tier`, what
/// the pair must give, grouped by the source that sets it.
const CALLS: &str = "
# Labels contraindicate MAO inhibitors (Wellbutrin, Sinemet, Remeron, Tegretol, Flexeril,
# Nucynta, Imitrex sections 4).
phenelzine | bupropion | phenelzine | bupropion | maoi-contraindicated-partner | avoid
phenelzine | levodopa | phenelzine | levodopa | maoi-levodopa | avoid
phenelzine | mirtazapine | phenelzine | mirtazapine | maoi-contraindicated-partner | avoid
phenelzine | carbamazepine | phenelzine | carbamazepine | maoi-contraindicated-partner | avoid
phenelzine | cyclobenzaprine | phenelzine | cyclobenzaprine | maoi-contraindicated-partner | avoid
phenelzine | tapentadol | phenelzine | tapentadol | maoi-contraindicated-partner | avoid
phenelzine | sumatriptan | phenelzine | sumatriptan | mao-a-inhibitor-triptan | avoid
phenelzine | rizatriptan | phenelzine | rizatriptan | mao-a-inhibitor-triptan | avoid
phenelzine | zolmitriptan | phenelzine | zolmitriptan | mao-a-inhibitor-triptan | avoid
# Not broken down by MAO-A, or an MAO-B inhibitor: no contraindication.
phenelzine | naratriptan | phenelzine | naratriptan | maoi-triptan | moderate
phenelzine | eletriptan | phenelzine | eletriptan | maoi-triptan | moderate
selegiline | sumatriptan | selegiline | sumatriptan | maoi-triptan | moderate
# Zocor and Mevacor; FDA 2011.
simvastatin | clarithromycin | simvastatin | clarithromycin | sensitive-statin-strong-cyp3a4-inhibitor | avoid
simvastatin | itraconazole | simvastatin | itraconazole | sensitive-statin-strong-cyp3a4-inhibitor | avoid
simvastatin | ritonavir | simvastatin | ritonavir | sensitive-statin-strong-cyp3a4-inhibitor | avoid
simvastatin | erythromycin | simvastatin | erythromycin | simvastatin-contraindicated | avoid
lovastatin | clarithromycin | lovastatin | clarithromycin | sensitive-statin-strong-cyp3a4-inhibitor | avoid
lovastatin | itraconazole | lovastatin | itraconazole | sensitive-statin-strong-cyp3a4-inhibitor | avoid
lovastatin | ritonavir | lovastatin | ritonavir | sensitive-statin-strong-cyp3a4-inhibitor | avoid
lovastatin | erythromycin | lovastatin | erythromycin | simvastatin-contraindicated | avoid
# Lipitor 7.1; Pravachol 7.
atorvastatin | cyclosporine | atorvastatin | cyclosporine | atorvastatin-cyclosporine | avoid
pravastatin | gemfibrozil | pravastatin | gemfibrozil | statin-gemfibrozil | avoid
rosuvastatin | gemfibrozil | rosuvastatin | gemfibrozil | statin-gemfibrozil | avoid
# Metronidazole label: not within two weeks of disulfiram.
disulfiram | metronidazole | disulfiram | metronidazole | disulfiram-metronidazole | avoid
# Methotrexate label 7.1.
methotrexate | aspirin | methotrexate | aspirin | methotrexate-clearance-reducer | moderate
methotrexate | amoxicillin | methotrexate | amoxicillin | methotrexate-clearance-reducer | moderate
methotrexate | probenecid | methotrexate | probenecid | methotrexate-clearance-reducer | moderate
# Uloric, Zanaflex, Edurant and Dexilant, Midamor.
febuxostat | azathioprine | febuxostat | azathioprine | febuxostat-thiopurine | avoid
febuxostat | mercaptopurine | febuxostat | mercaptopurine | febuxostat-thiopurine | avoid
ciprofloxacin | tizanidine | ciprofloxacin | tizanidine | tizanidine-cyp1a2-inhibitor | avoid
rilpivirine | omeprazole | rilpivirine | omeprazole | rilpivirine-proton-pump-inhibitor | avoid
amiloride | potassium chloride | amiloride | potassium_chloride | sodium-channel-diuretic-with-potassium-supplement | avoid
triamterene | potassium chloride | triamterene | potassium_chloride | sodium-channel-diuretic-with-potassium-supplement | avoid
# Lamictal: estrogen halves lamotrigine; valproate doubles it (boxed warning, rash).
ethinyl estradiol | lamotrigine | ethinyl_estradiol | lamotrigine | lamotrigine-estrogen | moderate
valproate | lamotrigine | valproate | lamotrigine | lamotrigine-valproate | major
# Dual blockade (lisinopril label); an ACE inhibitor with an NSAID.
lisinopril | losartan | lisinopril | losartan | ace-inhibitor-with-arb | avoid
lisinopril | ibuprofen | lisinopril | ibuprofen | renin-angiotensin-blocker-nsaid | moderate
# Plavix; FDA 2009.
clopidogrel | omeprazole | clopidogrel | omeprazole | clopidogrel-omeprazole | avoid
# Warfarin potentiation, level 1 (Wells 1994); Lanoxin.
warfarin | fluconazole | warfarin | fluconazole | warfarin-cyp2c9-inhibitor | major
warfarin | metronidazole | warfarin | metronidazole | warfarin-cyp2c9-inhibitor | major
warfarin | amiodarone | warfarin | amiodarone | warfarin-cyp2c9-inhibitor | major
warfarin | Bactrim | warfarin | sulfamethoxazole | warfarin-cyp2c9-inhibitor | major
digoxin | amiodarone | digoxin | amiodarone | digoxin-level-raiser | major
digoxin | verapamil | digoxin | verapamil | digoxin-level-raiser | major
# Bleeding.
warfarin | acetaminophen | warfarin | acetaminophen | warfarin-acetaminophen | moderate
warfarin | prednisone | warfarin | prednisone | anticoagulant-corticosteroid | moderate
prednisone | ibuprofen | prednisone | ibuprofen | nsaid-corticosteroid | moderate
warfarin | ginkgo | warfarin | ginkgo | anticoagulant-bleeding-supplement | moderate
warfarin | fish oil | warfarin | fish_oil | anticoagulant-bleeding-supplement | moderate
warfarin | turmeric | warfarin | turmeric | anticoagulant-bleeding-supplement | moderate
# Zyvox asks for blood-pressure monitoring, not avoidance.
linezolid | pseudoephedrine | linezolid | pseudoephedrine | weak-maoi-decongestant | major
";

/// The calls, each as its six fields.
fn calls() -> impl Iterator<Item = Vec<&'static str>> {
    CALLS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split(" | ").collect::<Vec<_>>())
}

#[test]
fn each_label_pair_gives_its_sources_tier() {
    for call in calls() {
        let [input_a, input_b, a, b, rule, tier] = call[..] else {
            panic!("a call has six fields: {call:?}")
        };
        let (report, _) = check_json(&[input_a, input_b]);
        report.assert_call(&format!("{input_a} + {input_b}"), [a, b], rule, tier);
    }
}

/// Over-calls corrected (issue 25): pairs whose sources give no interaction of this kind.
#[test]
fn over_calls_are_gone() {
    // Depo-Provera and the hormonal IUD keep working with enzyme inducers (FFPRHC 2005); the
    // IUD is not the levonorgestrel pill.
    for (contraceptive, id) in [
        ("Depo-Provera", "medroxyprogesterone_injection"),
        ("Mirena", "levonorgestrel_iud"),
    ] {
        let (report, _) = check_json(&[contraceptive, "carbamazepine"]);
        assert!(report.substances.iter().any(|s| s.id == id));
        assert!(
            report
                .between(id, "carbamazepine")
                .iter()
                .all(|f| f.rule != "contraceptive-enzyme-inducer" && rank(&f.tier) < rank("major")),
            "{contraceptive}: {:?}",
            report.between(id, "carbamazepine")
        );
    }
    // Loperamide at ordinary doses is no opioid for these rules. Its label's QT warning is
    // its own: with cocaine, which prolongs the QT interval too, only the QT pair is major.
    for (other, rule) in [
        ("cocaine", "opioid-with-stimulant"),
        ("phenelzine", "maoi-opioid"),
        ("naltrexone", "opioid-agonist-antagonist"),
    ] {
        let (report, _) = check_json(&["loperamide", other]);
        assert!(
            report
                .between("loperamide", other)
                .iter()
                .all(|f| f.rule != rule && (rank(&f.tier) < rank("major") || f.rule == "qt-pair")),
            "loperamide + {other}"
        );
    }
    // MDMA with tramadol is not a "speedball".
    let (report, _) = check_json(&["MDMA", "tramadol"]);
    assert!(
        report
            .findings
            .iter()
            .all(|f| !f.title.contains("speedball"))
    );
}

/// Stacks weigh their members: weak sedatives together stay at most moderate with no red
/// flag; strong ones keep their tier.
#[test]
fn weak_stacks_stay_moderate_and_strong_ones_do_not() {
    for inputs in [
        &["cetirizine", "melatonin"][..],
        &["sertraline", "weed"],
        &["sertraline", "melatonin"],
        &["weed", "cbd"],
        &["fluoxetine", "cbd"],
    ] {
        let (report, _) = check_json(inputs);
        assert!(
            rank(&report.tier) <= rank("moderate"),
            "{inputs:?}: {}",
            report.tier
        );
        assert!(
            report.findings.iter().all(|f| f.red_flags.is_empty()),
            "{inputs:?}: a red flag"
        );
    }
    // A stack of strong depressants keeps its tier and its red flag.
    let (report, _) = check_json(&["alcohol", "alprazolam"]);
    assert!(report.findings.iter().any(|f| {
        f.rule == "depressant-stack-avoid"
            && f.tier == "avoid"
            && f.red_flags
                .iter()
                .any(|r| r.mechanism == "respiratory_depression")
    }));
}

/// Recreational combinations get harm-reduction advice, never a prescriber's.
#[test]
fn recreational_findings_advise_harm_reduction() {
    for inputs in [
        &["DXM", "MDMA"][..],
        &["molly", "xans", "coke"],
        &["MDMA", "cocaine"],
    ] {
        let (report, _) = check_json(inputs);
        let recreational: Vec<_> = report
            .findings
            .iter()
            .filter(|f| !f.substances.iter().any(|s| s == "alprazolam"))
            .collect();
        assert!(!recreational.is_empty());
        for finding in recreational {
            assert!(
                finding
                    .advice
                    .iter()
                    .all(|a| !a.to_lowercase().contains("prescriber")),
                "{inputs:?} {}: {:?}",
                finding.rule,
                finding.advice
            );
            assert!(
                finding.advice.iter().any(|a| a.contains("Never use alone")),
                "{inputs:?} {}",
                finding.rule
            );
        }
    }
    // A prescribed medicine keeps the prescriber's advice.
    let (report, _) = check_json(&["sertraline", "tramadol"]);
    let pair = report.between("sertraline", "tramadol");
    assert!(
        pair.iter()
            .any(|f| f.advice.iter().any(|a| a.contains("prescriber")))
    );
}

/// Every finding keeps its advice whatever its tier.
#[test]
fn every_finding_has_advice() {
    for call in calls() {
        let (input_a, input_b) = (call[0], call[1]);
        let (report, _) = check_json(&[input_a, input_b]);
        for finding in &report.findings {
            assert!(!finding.advice.is_empty(), "{}: no advice", finding.rule);
        }
    }
}

/// No rule claims a grade its findings can never have: a rule graded better than E has a
/// `studied` entry at that grade (a rule without one is an extrapolation wherever it fires).
#[test]
fn no_rule_declares_a_grade_better_than_its_studied_evidence() {
    let kb = kb::load_embedded().unwrap();
    let overclaimed: Vec<&str> = kb
        .rules
        .iter()
        .filter(|rule| {
            // An entry naming one substance and nothing with it covers no pair.
            let covers_findings = |s: &&kb::Studied| s.substances.len() > 1 || !s.with.is_empty();
            rule.grade != Grade::E
                && rule
                    .studied
                    .iter()
                    .filter(covers_findings)
                    .all(|s| s.grade != rule.grade)
        })
        .map(|rule| rule.id.as_str())
        .collect();
    assert!(
        overclaimed.is_empty(),
        "graded above their studied evidence: {overclaimed:?}"
    );
}

/// No finding's grade is better than what its `studied` covers: a finding covered by an entry
/// carries that entry's grade, any other is E. Checked on every rule example.
#[test]
fn no_finding_is_graded_better_than_what_its_studied_covers() {
    let kb = kb::load_embedded().unwrap();
    let mut checked = 0;
    for rule in kb.rules.iter() {
        for example in rule.examples.iter().filter(|e| e.tier != Tier::None) {
            let assessment = rule_examples::evaluate(&kb, example).expect("an example is small");
            for finding in assessment.findings.iter().filter(|f| f.rule.id == rule.id) {
                let allowed = match finding.basis {
                    Basis::Studied(entry) => rule.studied[entry].grade,
                    Basis::Extrapolated => Grade::E,
                };
                assert_eq!(finding.grade, allowed, "rule {}", rule.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} findings checked");
}
