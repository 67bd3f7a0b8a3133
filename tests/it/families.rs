//! Families of pairs a medication list meets that had no rule (issue 26, item 4): each pair,
//! typed in both orders, gives the tier its label or study sets, from the rule written for
//! its family, and nothing on the pair says more.

use crate::common::check_json;

/// One call a line: `input a | input b | substance id a | substance id b | rule | tier`.
const CALLS: &str = "
# Immune suppression: Humira and Xeljanz boxed warnings and section 7.
Humira | prednisone | adalimumab | prednisone | infection-risk-immunomodulator-corticosteroid | moderate
Xeljanz | methotrexate | tofacitinib | methotrexate | infection-risk-immunomodulator-methotrexate | moderate
infliximab | azathioprine | infliximab | azathioprine | infection-risk-immunomodulator-with-immunosuppressant | moderate
Xeljanz | Imuran | tofacitinib | azathioprine | jak-inhibitor-potent-immunosuppressant | major
Enbrel | Humira | etanercept | adalimumab | two-infection-risk-immunomodulators | major
Rinvoq | Remicade | upadacitinib | infliximab | two-infection-risk-immunomodulators | major
# Live vaccines during immune suppression: the labels say to avoid them.
MMR | Humira | mmr_vaccine | adalimumab | live-vaccine-immunosuppressant | avoid
FluMist | Xeljanz | nasal_flu_vaccine | tofacitinib | live-vaccine-immunosuppressant | avoid
yellow fever vaccine | Olumiant | yellow_fever_vaccine | baricitinib | live-vaccine-immunosuppressant | avoid
# Live vaccines and corticosteroids: the steroid labels contraindicate them at immunosuppressive doses.
MMR | prednisone | mmr_vaccine | prednisone | live-vaccine-systemic-corticosteroid | avoid
Varivax | Medrol | varicella_vaccine | methylprednisolone | live-vaccine-systemic-corticosteroid | avoid
yellow fever vaccine | Decadron | yellow_fever_vaccine | dexamethasone | live-vaccine-systemic-corticosteroid | avoid
# Kidney and ear: the gentamicin label.
gentamicin | Lasix | gentamicin | furosemide | aminoglycoside-loop-diuretic | major
tobramycin | bumetanide | tobramycin | bumetanide | aminoglycoside-loop-diuretic | major
vancomycin | gentamicin | vancomycin | gentamicin | aminoglycoside-vancomycin | moderate
vancomycin | furosemide | vancomycin | furosemide | vancomycin-loop-diuretic | minor
# Retinoids and tetracyclines: Soriatane contraindicates, isotretinoin labels say avoid.
Accutane | doxycycline | isotretinoin | doxycycline | retinoid-tetracycline | avoid
Soriatane | minocycline | acitretin | minocycline | retinoid-tetracycline | avoid
acitretin | methotrexate | acitretin | methotrexate | acitretin-methotrexate | avoid
# Statin with fenofibrate (fibrate label); gemfibrozil stays contraindicated.
Crestor | Tricor | rosuvastatin | fenofibrate | statin-fibrate | moderate
simvastatin | fenofibrate | simvastatin | fenofibrate | statin-fibrate | moderate
simvastatin | gemfibrozil | simvastatin | gemfibrozil | simvastatin-contraindicated | avoid
# Warfarin's INR beyond the enzymes: fibrate label, testosterone monograph, Pincus 2012.
Coumadin | fenofibrate | warfarin | fenofibrate | warfarin-fibrate | moderate
warfarin | AndroGel | warfarin | testosterone | warfarin-androgen | moderate
warfarin | Synthroid | warfarin | levothyroxine | warfarin-levothyroxine | minor
warfarin | acetaminophen | warfarin | acetaminophen | warfarin-acetaminophen | moderate
warfarin | ginkgo | warfarin | ginkgo | anticoagulant-bleeding-supplement | moderate
warfarin | fish oil | warfarin | fish_oil | anticoagulant-bleeding-supplement | moderate
warfarin | vitamin K | warfarin | phytonadione | vitamin-k-with-warfarin | major
# NSAIDs with corticosteroids, ACE inhibitors and diuretics.
ibuprofen | prednisone | ibuprofen | prednisone | nsaid-corticosteroid | moderate
naproxen | lisinopril | naproxen | lisinopril | renin-angiotensin-blocker-nsaid | moderate
ibuprofen | Lasix | ibuprofen | furosemide | diuretic-nsaid | moderate
Aleve | hydrochlorothiazide | naproxen | hydrochlorothiazide | diuretic-nsaid | moderate
# CYP2C19: FDA's citalopram dose cap; the clopidogrel label's omeprazole and esomeprazole.
Celexa | Prilosec | citalopram | omeprazole | citalopram-proton-pump-inhibitor | moderate
citalopram | ticlopidine | citalopram | ticlopidine | citalopram-cyp2c19-inhibitor | moderate
# Two drugs whose labels warn of QT prolongation: the QT pair says more than the dose cap.
citalopram | fluconazole | citalopram | fluconazole | qt-pair | major
citalopram | Tagamet | citalopram | cimetidine | citalopram-cimetidine | moderate
Plavix | Nexium | clopidogrel | esomeprazole | clopidogrel-cyp2c19-inhibitor | avoid
# Bupropion: seizure threshold (label 5.3) and strong CYP2D6 inhibition (FDA table).
bupropion | tramadol | bupropion | tramadol | seizure-threshold-pair | moderate
Wellbutrin | prednisone | bupropion | prednisone | bupropion-systemic-corticosteroid | moderate
bupropion | desipramine | bupropion | desipramine | strong-inhibitor-sensitive | major
bupropion | nortriptyline | bupropion | nortriptyline | strong-inhibitor-major-substrate | moderate
bupropion | paroxetine | bupropion | paroxetine | strong-inhibitor-major-substrate | moderate
# Metformin: its label on alcohol and carbonic anhydrase inhibitors.
metformin | beer | metformin | alcohol | metformin-alcohol | moderate
Glucophage | Topamax | metformin | topiramate | metformin-carbonic-anhydrase-inhibitor | moderate
metformin | zonisamide | metformin | zonisamide | metformin-carbonic-anhydrase-inhibitor | moderate
# Vitamin D twice over: the calcitriol label; two supplements add up.
Rocaltrol | vitamin D | calcitriol | cholecalciferol | active-vitamin-d-with-vitamin-d | moderate
vitamin D2 | vitamin D3 | ergocalciferol | cholecalciferol | vitamin-d-twice | minor
# Harm reduction: what charts call caution, at what the studies support.
molly | beer | mdma | alcohol | alcohol-stimulant | minor
Adderall | alcohol | amphetamine | alcohol | alcohol-stimulant | minor
coke | alcohol | cocaine | alcohol | alcohol-cocaine | major
weed | molly | cannabis | mdma | cannabis-mdma | moderate
weed | speed | cannabis | amphetamine | cannabis-stimulant | minor
weed | shrooms | cannabis | psilocybin | cannabis-psychedelic | minor
weed | LSD | cannabis | lsd | cannabis-psychedelic | minor
Adderall | Lyrica | amphetamine | pregabalin | stimulant-gabapentinoid | minor
meth | gabapentin | methamphetamine | gabapentin | stimulant-gabapentinoid | minor
";

/// The calls, each as its six fields.
fn calls() -> impl Iterator<Item = [&'static str; 6]> {
    CALLS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split(" | ").collect();
            fields
                .try_into()
                .unwrap_or_else(|f| panic!("a call has six fields: {f:?}"))
        })
}

#[test]
fn each_family_pair_gives_its_sources_tier_in_either_order() {
    for [input_a, input_b, a, b, rule, tier] in calls() {
        for inputs in [[input_a, input_b], [input_b, input_a]] {
            let (report, _) = check_json(&inputs);
            report.assert_call(&format!("{inputs:?}"), [a, b], rule, tier);
            assert!(
                report.between(a, b).iter().all(|f| !f.advice.is_empty()),
                "{inputs:?}: a finding without advice"
            );
        }
    }
}

/// Where the family's source sets no interaction, none is invented: pantoprazole is the
/// clopidogrel label's choice, a topical retinoid does not reach the brain, ibuprofen is no
/// immunosuppressant, caffeine is no strong stimulant, a steroid nasal spray is no bar to a
/// live vaccine.
#[test]
fn family_rules_stay_silent_where_their_sources_are() {
    for (a, b) in [
        ("clopidogrel", "pantoprazole"),
        ("citalopram", "pantoprazole"),
        ("tretinoin", "doxycycline"),
        ("ibuprofen", "prednisone"),
        ("caffeine", "alcohol"),
        ("caffeine", "weed"),
        ("MMR", "Nasacort"),
    ] {
        let (report, _) = check_json(&[a, b]);
        let family: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                [
                    "clopidogrel-cyp2c19-inhibitor",
                    "citalopram-cyp2c19-inhibitor",
                    "citalopram-proton-pump-inhibitor",
                    "retinoid-tetracycline",
                    "infection-risk-immunomodulator-corticosteroid",
                    "live-vaccine-immunosuppressant",
                    "live-vaccine-systemic-corticosteroid",
                    "alcohol-stimulant",
                    "cannabis-stimulant",
                ]
                .contains(&f.rule.as_str())
            })
            .collect();
        assert!(family.is_empty(), "{a} + {b}: {family:?}");
    }
}

/// A live vaccine with a class typed for the immunosuppressant or the steroid is judged at its
/// worst: avoid.
#[test]
fn a_live_vaccine_with_immunosuppressants_as_a_class_is_avoid() {
    for inputs in [
        ["MMR", "TNF inhibitors"],
        ["JAK inhibitors", "live vaccines"],
        ["live vaccines", "oral steroids"],
    ] {
        let (report, _) = check_json(&inputs);
        assert_eq!(report.tier, "avoid", "{inputs:?}");
    }
}

/// Recreational pairs get harm-reduction advice, never a prescriber's, and the serious
/// medicine pairs carry what to watch for.
#[test]
fn family_findings_carry_the_advice_their_readers_need() {
    for inputs in [["molly", "beer"], ["weed", "molly"], ["weed", "shrooms"]] {
        let (report, _) = check_json(&inputs);
        let recreational: Vec<_> = report
            .findings
            .iter()
            .filter(|f| !f.substances.iter().any(|s| s == "kratom"))
            .collect();
        assert!(!recreational.is_empty(), "{inputs:?}");
        for finding in recreational {
            assert!(
                finding.advice.iter().any(|a| a.contains("never use alone")),
                "{inputs:?} {}",
                finding.rule
            );
            assert!(
                finding
                    .advice
                    .iter()
                    .all(|a| !a.to_lowercase().contains("prescriber")),
                "{inputs:?} {}",
                finding.rule
            );
        }
    }
    for (inputs, mechanism) in [
        (["MMR", "Humira"], "serious_infection"),
        (["gentamicin", "Lasix"], "ototoxicity"),
        (["Accutane", "doxycycline"], "intracranial_hypertension"),
    ] {
        let (report, _) = check_json(&inputs);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.red_flags.iter().any(|r| r.mechanism == mechanism)),
            "{inputs:?}: no {mechanism} red flag"
        );
    }
}
