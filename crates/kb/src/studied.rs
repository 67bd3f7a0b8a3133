//! What a rule's evidence studied. A finding about substances the evidence covers carries the
//! evidence's grade; any other finding of the rule is an extrapolation from it, graded E, because
//! a rule is written over classes and properties and its evidence rarely studied every pair it
//! reaches (one kratom study used midazolam; the rule fires for every sensitive CYP3A4
//! substrate).

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{ClassIdx, KnowledgeBase, SubstanceIdx};
use crate::vocabulary::Grade;

/// One combination or population the rule's evidence studied, as written in YAML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudiedDef {
    /// Substances that were all present.
    #[serde(default)]
    pub substances: Vec<Spanned<String>>,
    /// What else was present, by substance or class id: a finding is covered when each of its
    /// other substances is one of these (deaths with kratom and "a benzodiazepine or alcohol").
    #[serde(default)]
    pub with: Vec<Spanned<String>>,
    /// How the studied substances were taken, where it limits what the study shows (kratom's
    /// CYP3A4 inhibition acted in the gut on oral midazolam).
    pub route: Option<Route>,
    /// The grade of this evidence when it is weaker than the rule's best.
    pub grade: Option<Grade>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Oral,
    Intravenous,
    Intranasal,
    Inhaled,
    Transdermal,
}

impl Route {
    fn phrase(self) -> &'static str {
        match self {
            Route::Oral => "taken by mouth",
            Route::Intravenous => "given intravenously",
            Route::Intranasal => "taken through the nose",
            Route::Inhaled => "inhaled",
            Route::Transdermal => "through the skin",
        }
    }
}

/// A substance or every member of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Member {
    Substance(SubstanceIdx),
    Class(ClassIdx),
}

/// One studied combination, with ids resolved.
#[derive(Debug, Serialize, Deserialize)]
pub struct Studied {
    pub substances: Vec<SubstanceIdx>,
    pub with: Vec<Member>,
    pub route: Option<Route>,
    pub grade: Grade,
    /// What was studied in words: "kratom with midazolam, taken by mouth".
    pub label: String,
}

impl Studied {
    /// Whether this evidence covers a finding about exactly these substances: all of its
    /// `substances` are there, and every other one is a `with`.
    pub fn covers(&self, finding: &[SubstanceIdx], kb: &KnowledgeBase) -> bool {
        self.substances.iter().all(|s| finding.contains(s))
            && finding.iter().all(|&s| {
                self.substances.contains(&s)
                    || self.with.iter().any(|&member| match member {
                        Member::Substance(wanted) => wanted == s,
                        Member::Class(class) => kb.substances[s].ancestry.contains(&class),
                    })
            })
    }

    /// "kratom with midazolam", "kratom with a benzodiazepine or alcohol", "kratom alone",
    /// "opioid and benzodiazepine together", from the display names.
    pub fn describe(substances: &[&str], with: &[&str], route: Option<Route>) -> String {
        let mut label = match substances.split_first() {
            None => format!("{} together", list(with, "and")),
            Some((only, [])) if with.is_empty() => format!("{only} alone"),
            Some((first, rest)) => {
                let mut others: Vec<String> = rest.iter().map(ToString::to_string).collect();
                if !with.is_empty() {
                    others.push(list(with, "or"));
                }
                format!("{first} with {}", others.join(" and "))
            }
        };
        if let Some(route) = route {
            label.push_str(", ");
            label.push_str(route.phrase());
        }
        label
    }
}

/// "a, b or c".
fn list(items: &[&str], conjunction: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {conjunction} {last}", rest.join(", "))
        }
        _ => items.join(""),
    }
}
