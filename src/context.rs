//! How kratom is used in a check: dose, product form and frequency. Rules may rate a
//! combination differently by context; what was not given is assumed conservatively, as the
//! most severe case across plausible use.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use crate::kb::Form;
use crate::kb::{DoseBand, Frequency, KnowledgeBase, NameTarget, SubstanceIdx};
use crate::names;

/// Upper bounds of the low and moderate bands, in grams of leaf per dose (evidence file:
/// about 1-5 g stimulant-like, 5-15 g opioid-like, above 15 g stupor).
const LOW_BAND_MAX_GRAMS: f64 = 5.0;
const MODERATE_BAND_MAX_GRAMS: f64 = 15.0;

/// The dose bands a concentrated product (extract, 7-OH, pseudoindoxyl) is judged at when no
/// dose describes it.
pub const CONCENTRATED_DOSE_BANDS: &[DoseBand] = &[DoseBand::High];

/// A dose as given: grams of leaf (or leaf equivalent), or a band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dose {
    pub grams: Option<f64>,
    pub band: DoseBand,
}

impl FromStr for Dose {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim().to_lowercase();
        if let Ok(band) = DoseBand::from_str(&text) {
            return Ok(Dose { grams: None, band });
        }
        let number = text
            .strip_suffix("grams")
            .or_else(|| text.strip_suffix('g'))
            .unwrap_or(&text)
            .trim();
        let grams: f64 = number.parse().map_err(|_| {
            format!("`{text}` is not a dose: give grams (`4`, `4g`) or `low`, `moderate`, `high`")
        })?;
        // A milligram is below any serving, a 7-OH tablet's included; a tiny number is a typo.
        if !grams.is_finite() || !(0.001..=1000.0).contains(&grams) {
            return Err(format!(
                "`{text}` is not a plausible dose in grams (at least 0.001, at most 1000)"
            ));
        }
        let band = if grams <= LOW_BAND_MAX_GRAMS {
            DoseBand::Low
        } else if grams <= MODERATE_BAND_MAX_GRAMS {
            DoseBand::Moderate
        } else {
            DoseBand::High
        };
        Ok(Dose {
            grams: Some(grams),
            band,
        })
    }
}

impl fmt::Display for Dose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.grams {
            Some(grams) => write!(f, "{grams} g ({} dose)", self.band),
            None => write!(f, "{} dose", self.band),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Context {
    pub dose: Option<Dose>,
    pub form: Option<Form>,
    pub frequency: Option<Frequency>,
}

/// What evaluation reads of a context (the dose's band, the form, the frequency): two
/// contexts with the same `Judged` give the same findings, whatever grams they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Judged {
    band: Option<DoseBand>,
    form: Option<Form>,
    frequency: Option<Frequency>,
}

impl Context {
    /// What evaluation reads of this context: [`dose_bands`](Self::dose_bands),
    /// [`frequencies`](Self::frequencies) and the form; never the grams.
    pub fn judged(&self) -> Judged {
        Judged {
            band: self.dose.map(|dose| dose.band),
            form: self.form,
            frequency: self.frequency,
        }
    }

    /// The dose bands a rule is judged at: the given one, high for concentrated products,
    /// otherwise every band.
    pub fn dose_bands(&self) -> &[DoseBand] {
        match (&self.dose, self.form) {
            (Some(dose), _) => std::slice::from_ref(&dose.band),
            (None, Some(form)) if form.is_concentrated() => CONCENTRATED_DOSE_BANDS,
            (None, _) => DoseBand::ALL,
        }
    }

    pub fn frequencies(&self) -> &[Frequency] {
        self.frequency
            .as_ref()
            .map_or(Frequency::ALL, std::slice::from_ref)
    }

    /// The potent-opioid product the form names, when the knowledge base has it.
    pub fn opioid_product(&self, kb: &KnowledgeBase) -> Option<SubstanceIdx> {
        let id = self.form?.opioid_product_id()?;
        match kb.name(&names::key(id))?.target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => Some(s),
            _ => None,
        }
    }

    /// The context with the form a kratom product's name set (`named`), unless `--form` gave
    /// one.
    pub fn with_named_form(mut self, named: Option<Form>) -> Self {
        if self.form.is_none() {
            self.form = named;
        }
        self
    }

    /// The keys not given, which the check rates at the assumed worst case, in the order
    /// [`assumptions`](Self::assumptions) states them: a compact `batch` record lists these
    /// keys where the report has the sentences.
    pub fn assumed_keys(&self) -> impl Iterator<Item = ContextKey> + '_ {
        ContextKey::ALL.into_iter().filter(|key| match key {
            ContextKey::Dose => self.dose.is_none(),
            ContextKey::Frequency => self.frequency.is_none(),
            ContextKey::Form => self.form.is_none(),
        })
    }

    /// What the check assumed because it was not given, in plain words.
    pub fn assumptions(&self) -> Vec<String> {
        self.assumed_keys()
            .map(|key| match (key, self.form) {
                (ContextKey::Dose, Some(form)) if form.is_concentrated() => {
                    let article = if form == Form::Extract { "an" } else { "a" };
                    format!(
                        "{article} {} product is rated as a high dose",
                        form.as_str()
                    )
                }
                (ContextKey::Dose, _) => {
                    "dose not given: rated at the most severe dose band".into()
                }
                (ContextKey::Frequency, _) => {
                    "frequency not given: rated for daily use where it matters".into()
                }
                (ContextKey::Form, _) => "form not given: rated as leaf, powder or capsules".into(),
            })
            .collect()
    }
}

/// A key of the context, named as `--json` and a `batch` line name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextKey {
    Dose,
    Frequency,
    Form,
}

impl ContextKey {
    /// In the order the report states its assumptions.
    pub const ALL: [ContextKey; 3] = [ContextKey::Dose, ContextKey::Frequency, ContextKey::Form];

    /// The key as JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKey::Dose => "dose",
            ContextKey::Frequency => "frequency",
            ContextKey::Form => "form",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dose_is_grams_with_or_without_a_unit_or_a_band() {
        let grams = |text: &str| Dose::from_str(text).map(|d| (d.grams, d.band));
        assert_eq!(grams("4"), Ok((Some(4.0), DoseBand::Low)));
        assert_eq!(grams(" 4G "), Ok((Some(4.0), DoseBand::Low)));
        assert_eq!(grams("8 grams"), Ok((Some(8.0), DoseBand::Moderate)));
        assert_eq!(grams("20g"), Ok((Some(20.0), DoseBand::High)));
        assert_eq!(grams("High"), Ok((None, DoseBand::High)));
    }

    #[test]
    fn a_band_edge_belongs_to_the_lower_band() {
        let band = |grams: f64| Dose::from_str(&grams.to_string()).unwrap().band;
        assert_eq!(band(LOW_BAND_MAX_GRAMS), DoseBand::Low);
        assert_eq!(band(MODERATE_BAND_MAX_GRAMS), DoseBand::Moderate);
    }

    #[test]
    fn the_keys_assumed_are_those_not_given_each_with_its_sentence_in_order() {
        let grams = Dose::from_str("4").ok();
        for form in std::iter::once(None).chain(Form::ALL.iter().copied().map(Some)) {
            for dose in [None, grams] {
                for frequency in [None, Some(Frequency::Daily)] {
                    let context = Context {
                        dose,
                        form,
                        frequency,
                    };
                    let keys: Vec<ContextKey> = context.assumed_keys().collect();
                    let given = [dose.is_some(), frequency.is_some(), form.is_some()];
                    let not_given: Vec<ContextKey> = ContextKey::ALL
                        .into_iter()
                        .zip(given)
                        .filter_map(|(key, given)| (!given).then_some(key))
                        .collect();
                    assert_eq!(keys, not_given, "{context:?}");
                    let sentences = context.assumptions();
                    assert_eq!(sentences.len(), keys.len(), "{context:?}");
                    for (key, sentence) in keys.iter().zip(&sentences) {
                        let word = serde_json::to_value(key).unwrap();
                        let word = word.as_str().unwrap();
                        assert!(sentence.contains(word), "{key:?}: {sentence}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_implausible_or_unreadable_dose_is_refused() {
        for text in ["0", "-4", "0.0001", "1001", "NaN", "inf", "four", "4mg", ""] {
            assert!(Dose::from_str(text).is_err(), "{text:?} was accepted");
        }
    }
}
