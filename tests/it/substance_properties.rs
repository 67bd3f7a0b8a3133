//! QT, anticholinergic and serotonergic strengths (issue 26): the strength a property carries
//! decides every pair with that drug at once, so these hold over the whole base, not only for
//! the drugs the issue named.

use kratom_check::check::check;
use kratom_check::context::Context;
use kratom_check::kb::{KnowledgeBase, Mechanism, Property, Strength, Substance, Tier};
use kratom_check::resolve::{Corrections, Resolver};

use crate::properties::kb;

fn substance<'kb>(kb: &'kb KnowledgeBase, id: &str) -> &'kb Substance {
    kb.named_substances()
        .map(|(_, s)| s)
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} is in the base"))
}

fn level(kb: &KnowledgeBase, id: &str, property: Property) -> Option<Strength> {
    substance(kb, id).properties.get(&property).map(|f| f.level)
}

/// The most severe finding with `mechanism` between the two substances, checked together.
fn worst_between(kb: &KnowledgeBase, a: &str, b: &str, mechanism: Mechanism) -> Tier {
    let resolution = Resolver::new(kb, Corrections::Off).resolve_words(&[a, b]);
    let checked = check(kb, resolution, Context::default()).expect("two substances fit");
    let ids = |f: &kratom_check::engine::Finding| {
        f.substances
            .iter()
            .map(|&i| kb.substances[i].id.as_str())
            .collect::<Vec<_>>()
    };
    checked
        .assessment
        .findings
        .iter()
        .filter(|f| f.mechanisms.contains(&mechanism))
        .filter(|f| {
            let ids = ids(f);
            ids.len() == 2 && ids.contains(&a) && ids.contains(&b)
        })
        .map(|f| f.tier)
        .max()
        .unwrap_or(Tier::None)
}

/// Drugs with a known risk of torsade de pointes, among them every one the issue found
/// missing or too weak: each is known by name, and carries a QT strength that makes a pair of
/// them a finding of at least moderate.
#[test]
fn the_known_torsade_risk_drugs_are_known_at_a_strength_that_makes_a_pair_count() {
    let kb = kb();
    for name in [
        "propofol",
        "Diprivan",
        "sevoflurane",
        "oxaliplatin",
        "Eloxatin",
        "vandetanib",
        "Caprelsa",
        "anagrelide",
        "Agrylin",
        "roxithromycin",
        "hydroxychloroquine",
        "ciprofloxacin",
        "escitalopram",
        "fluconazole",
        "cilostazol",
        "Pletal",
        "citalopram",
        "methadone",
        "ondansetron",
        "haloperidol",
        "amiodarone",
        "sotalol",
        // US labels that warn of torsade de pointes (issue 26, second pass).
        "hydroxyzine",
        "Vistaril",
        "trazodone",
        "clozapine",
        "Clozaril",
        "voriconazole",
        "Vfend",
        "posaconazole",
        "Noxafil",
        "Kaletra",
        "tacrolimus",
        "Prograf",
        "loperamide",
        "Imodium",
        // No US label: the UK label warns of QT prolongation.
        "levomepromazine",
        "Nozinan",
        "chlorprothixene",
        "Truxal",
        "papaverine",
    ] {
        let resolution = Resolver::new(kb, Corrections::Off).resolve_words(&[name]);
        let checked = check(kb, resolution, Context::default()).expect("one substance fits");
        let id = checked
            .assessment
            .participants
            .iter()
            .map(|&i| kb.substances[i].id.as_str())
            .find(|&id| id != "kratom")
            .unwrap_or_else(|| panic!("{name} resolves to a substance"));
        assert!(
            level(kb, id, Property::QtProlonging) >= Some(Strength::Moderate),
            "{name} ({id}) is below moderate QT"
        );
    }
    // Slowing the heart is a torsade risk factor: ivabradine counts, if only weakly.
    assert!(level(kb, "ivabradine", Property::QtProlonging).is_some());
    // Probucol and aclarubicin lengthen the QTc; no torsade was documented in what was read,
    // so each counts weakly.
    for id in ["probucol", "aclarubicin"] {
        assert!(level(kb, id, Property::QtProlonging).is_some(), "{id}");
    }
}

/// Over the whole base: every substance at moderate QT or more, paired with the next one (so
/// each takes part in two pairs) and with citalopram, gives a QT finding of at least moderate.
#[test]
fn every_pair_of_drugs_at_moderate_qt_or_more_is_at_least_a_moderate_finding() {
    let kb = kb();
    let qt: Vec<&str> = kb
        .named_substances()
        .map(|(_, s)| s)
        .filter(|s| s.id != "kratom")
        .filter(|s| {
            s.properties
                .get(&Property::QtProlonging)
                .is_some_and(|f| f.level >= Strength::Moderate)
        })
        .map(|s| s.id.as_str())
        .collect();
    assert!(qt.len() > 60, "only {} QT drugs", qt.len());
    for (i, &a) in qt.iter().enumerate() {
        for b in [qt[(i + 1) % qt.len()], "citalopram"] {
            if a == b {
                continue;
            }
            let tier = worst_between(kb, a, b, Mechanism::QtProlongation);
            assert!(tier >= Tier::Moderate, "{a} + {b}: QT finding {tier:?}");
        }
    }
}

/// The anticholinergic strength is the drug's ACB score (weak 1, moderate 2, strong 3), and
/// the fact cites the scale, so a burden total read from the strengths is the ACB total.
#[test]
fn the_anticholinergic_strength_is_the_acb_score_and_cites_it() {
    let kb = kb();
    for (id, score) in [
        ("perphenazine", 3),
        ("trifluoperazine", 3),
        ("paroxetine", 3),
        ("quetiapine", 3),
        ("olanzapine", 3),
        ("tolterodine", 3),
        ("nortriptyline", 3),
        ("amantadine", 2),
        ("carbamazepine", 2),
        ("cyclobenzaprine", 2),
        ("furosemide", 1),
        ("warfarin", 1),
        ("trazodone", 1),
    ] {
        let fact = substance(kb, id)
            .properties
            .get(&Property::Anticholinergic)
            .unwrap_or_else(|| panic!("{id} is anticholinergic"));
        let strength = match score {
            1 => Strength::Weak,
            2 => Strength::Moderate,
            _ => Strength::Strong,
        };
        assert_eq!(fact.level, strength, "{id}: ACB {score}");
        assert!(
            fact.references.iter().any(|r| r == "boustani-2008-acb"),
            "{id} does not cite the ACB scale"
        );
    }
    // Two score-3 drugs the issue found missing or weak now give the pair finding.
    assert_eq!(
        worst_between(kb, "perphenazine", "paroxetine", Mechanism::Anticholinergic),
        Tier::Moderate
    );
    // A score of 1 alone adds no pair finding with another score-1 drug.
    assert_eq!(
        worst_between(kb, "furosemide", "warfarin", Mechanism::Anticholinergic),
        Tier::None
    );
}

/// Pairs of serotonergic drugs that serotonin syndrome reviews and labels name are at least a
/// moderate finding; opioids named by the FDA's class labelling are serotonergic at all.
#[test]
fn serotonergic_pairs_the_reviews_name_are_at_least_moderate() {
    let kb = kb();
    for (a, b) in [
        ("sertraline", "tramadol"),
        ("sertraline", "tapentadol"),
        ("fluoxetine", "amphetamine"),
        ("escitalopram", "lisdexamfetamine"),
        ("citalopram", "dextromethorphan"),
        ("paroxetine", "meperidine"),
        ("sertraline", "linezolid"),
        ("fluoxetine", "st_johns_wort"),
        ("venlafaxine", "mdma"),
    ] {
        let tier = worst_between(kb, a, b, Mechanism::SerotoninSyndrome);
        assert!(
            tier >= Tier::Moderate,
            "{a} + {b}: serotonin finding {tier:?}"
        );
    }
    for id in ["buprenorphine", "methadone", "fentanyl", "phentermine"] {
        assert!(
            level(kb, id, Property::Serotonergic).is_some(),
            "{id} is not serotonergic"
        );
    }
}

/// Kratom is weakly serotonergic and is in every check, so any two serotonergic substances
/// checked together with it are at least a moderate serotonin finding (the pair itself, or the
/// three of them as a stack), over the whole base.
#[test]
fn any_two_serotonergic_substances_with_kratom_are_at_least_a_moderate_finding() {
    let kb = kb();
    let serotonergic: Vec<&str> = kb
        .named_substances()
        .map(|(_, s)| s)
        .filter(|s| s.id != "kratom" && s.properties.contains_key(&Property::Serotonergic))
        .map(|s| s.id.as_str())
        .collect();
    assert!(serotonergic.len() > 80, "only {}", serotonergic.len());
    for (i, &a) in serotonergic.iter().enumerate() {
        let b = serotonergic[(i + 1) % serotonergic.len()];
        let resolution = Resolver::new(kb, Corrections::Off).resolve_words(&[a, b]);
        let checked = check(kb, resolution, Context::default()).expect("two substances fit");
        let tier = checked
            .assessment
            .findings
            .iter()
            .filter(|f| f.mechanisms.contains(&Mechanism::SerotoninSyndrome))
            .map(|f| f.tier)
            .max()
            .unwrap_or(Tier::None);
        assert!(tier >= Tier::Moderate, "kratom + {a} + {b}: {tier:?}");
    }
}
